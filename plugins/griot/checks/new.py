"""`invoke new "Titre"`: the file(s) of a new article, with the right names and a header a
blogger only has to fill in. Pure: no Pelican import."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from griot.content.header import FRENCH, english_name, suggest_slug
from griot.core.errors import GriotError
from griot.core.problems import T

BODY = {
    "fr": "Écrivez ici le premier paragraphe : il sert de résumé.\n",
    "en": "Write the first paragraph here: it is the summary.\n",
}


class NewArticleError(GriotError):
    pass


@dataclass(frozen=True)
class NewArticle:
    title: str
    lang: str
    translations: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


def split_list(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(part.strip() for item in items for part in re.split(r"[,\s]+", item)
                 if part.strip())


def _name(key: str, lang: str) -> str:
    """A header key as a blogger of that language writes it (`Titre` in a French file)."""
    return FRENCH.get(key, english_name(key)) if lang == "fr" else english_name(key)


def header_text(article: NewArticle, lang: str, title: str, now: datetime, key: str) -> str:
    lines = [(_name("title", lang), title), ("Date", f"{now:%Y-%m-%d %H:%M}")]
    if article.authors:
        lines.append((_name("authors" if len(article.authors) > 1 else "author", lang),
                      ", ".join(article.authors)))
    else:
        lines.append((_name("author", lang), "?"))
    if article.hashtags:
        lines.append(("Hashtags", ", ".join(f"#{h.lstrip('#')}" for h in article.hashtags)))
    if article.regions:
        lines.append((_name("regions" if len(article.regions) > 1 else "region", lang),
                      ", ".join(article.regions)))
    lines.append((_name("status", lang), "brouillon" if lang == "fr" else "draft"))
    lines.append((_name("translation_key", lang), key))
    body = BODY.get(lang, BODY["en"])
    return "\n".join(f"{name}: {value}" for name, value in lines) + "\n\n" + body


def plan(article: NewArticle, content_root: Path, languages: Sequence[str], now: datetime
         ) -> dict[Path, str]:
    """{path: text} of the files to create; NewArticleError when they cannot be."""
    if not article.title.strip():
        raise NewArticleError(T("the article needs a title: invoke new \"Mon titre\""))
    wanted = (article.lang, *[t for t in article.translations if t != article.lang])
    for lang in wanted:
        if lang not in languages:
            raise NewArticleError(T("'{lang}' is not one of the site's languages ({languages})",
                                    lang=lang, languages=", ".join(languages)))
    slug = suggest_slug(article.title)
    if article.authors == ("?",):
        article = NewArticle(article.title, article.lang, article.translations,
                             article.hashtags, article.regions, ())
    folder = content_root / "articles" / f"{now:%Y}"
    files = {}
    for lang in wanted:
        path = folder / f"{slug}.{lang}.md"
        if path.exists():
            raise NewArticleError(T("{path} already exists: choose another title, or open it",
                                    path=str(path)))
        files[path] = header_text(article, lang, article.title, now, slug)
    return files
