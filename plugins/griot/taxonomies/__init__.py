"""Taxonomies: hashtags and campaigns, regions and authors, and their pages in every language.

Pure modules (no Pelican import, unit-tested on their own):
  keys.py     hashtag keys, header lists, display forms, near-miss suggestions (#MaliSansVGB)
  inline.py   the Python-Markdown extension that links hashtags written in running text
  names.py    resolving region and author names (keys or localized names) and suggesting fixes
  model.py    terms, their texts in each language, and what a page shows of them
  resolve.py  every entry's terms, checks, related articles and neighbours
The stage (generator.py) reads content/campaigns, regions and authors and describes the term
pages.
"""

