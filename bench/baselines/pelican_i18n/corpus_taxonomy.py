"""Bench baseline plugin: our `Hashtags` become Pelican tags, the first region its category.

Pelican does not know these headers, so without this the baseline would write no hashtag or
region pages at all and look faster than it is. Region and author display names are read once
from content/regions and content/authors (their `Title:` line in the article's language), so
`Tombouctou`, `Timbuktu` and `tombouctou` land on one category page, as in Griot.
"""

import re
import unicodedata
from pathlib import Path

from pelican import signals
from pelican.urlwrappers import Author, Category, Tag

_SPLIT = re.compile(r"[,\s]+")


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _titles(folder):
    """{key: {lang: title}} from `<key>.<lang>.md` files' Title lines."""
    titles = {}
    for path in sorted(Path(folder).glob("*.md")):
        key, _, lang = path.stem.partition(".")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("title:"):
                    titles.setdefault(key, {})[lang] = line.split(":", 1)[1].strip()
                    break
    return titles


def _names(generator):
    # Cached on the generator: each i18n subsite has its own generator, and a module global
    # would leak between autoreload builds.
    names = getattr(generator, "_corpus_names", None)
    if names is None:
        content = Path(generator.settings["PATH"])
        regions = _titles(content / "regions")
        region_keys = {}
        for key, by_lang in regions.items():
            region_keys[_fold(key)] = key
            for title in by_lang.values():
                region_keys[_fold(title)] = key
        names = (regions, region_keys, _titles(content / "authors"))
        generator._corpus_names = names
    return names


def _wrapper(cls, key, title, settings):
    wrapper = cls(title, settings)
    wrapper.slug = key
    return wrapper


def map_corpus_headers(generator, metadata):
    settings = generator.settings
    regions, region_keys, authors = _names(generator)
    lang = metadata.get("lang", settings["DEFAULT_LANG"])
    hashtags = metadata.get("hashtags")
    if hashtags:
        metadata["tags"] = [
            Tag(tag.lstrip("#"), settings) for tag in _SPLIT.split(hashtags) if tag.strip("#")
        ]
    region = metadata.get("region") or metadata.get("regions")
    if region:
        first = region.split(",")[0]
        key = region_keys.get(_fold(first), first)
        title = regions.get(key, {}).get(lang, first)
        metadata["category"] = _wrapper(Category, key, title, settings)
    people = metadata.get("authors") or ([metadata["author"]] if "author" in metadata else [])
    if people:
        metadata["authors"] = [
            _wrapper(
                Author, person.slug, authors.get(person.slug, {}).get(lang, person.name), settings
            )
            for person in people
        ]
        metadata["author"] = metadata["authors"][0]


def register():
    signals.article_generator_context.connect(map_corpus_headers)
