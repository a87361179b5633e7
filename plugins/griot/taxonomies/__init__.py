"""Taxonomies: hashtags and campaigns, regions and authors, and their pages in every language.

Pure modules (no Pelican import, unit-tested on their own):
  keys.py    hashtag keys, header lists, display forms, near-miss suggestions (#MaliSansVGB)
  inline.py  the Python-Markdown extension that links hashtags written in running text
  names.py   resolving region and author names (keys or localized names) and suggesting fixes
"""
