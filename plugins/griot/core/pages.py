"""What a page needs to know about the other languages: hreflang alternates and the switcher.

Pure. Every stage that makes pages (articles, listings, hashtag pages...) describes them as
`PageOut`; the render stage renders all of them in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from griot.core import urls


@dataclass(frozen=True)
class FeedLink:
    url: str  # site-relative, e.g. "fr/hashtags/malisansvbg/feed.atom"
    type: str  # "application/atom+xml" | "application/rss+xml"
    title: str


@dataclass
class PageOut:
    url: str  # site-relative; "" is the root
    template: str
    lang: str | None  # None: a page for every language (the chooser, 404)
    vars: dict[str, Any] = field(default_factory=dict)
    alternates: Mapping[str, str] = field(default_factory=dict)  # lang -> url, self included
    origin: str = ""  # what asked for this page, for error messages
    untranslated_note: bool = True  # say "not translated" when the switcher falls back home
    x_default: str | None = None  # hreflang x-default; default: see `hreflang`
    feeds: list[FeedLink] = field(default_factory=list)  # autodiscovery, most specific first


@dataclass
class Listing:
    """A list of articles in one language that has pages and feeds: a language's home, or one
    hashtag, region or author. Feeds live in its folder (`url + "feed.atom"`)."""

    kind: str  # "home" | "hashtags" | "regions" | "authors"
    key: str  # the language for a home, else the term key
    lang: str
    url: str  # first page, e.g. "fr/hashtags/malisansvbg/"
    title: str  # in the listing's language
    entries: list  # list[Entry], newest first, listed articles only
    description: str = ""  # plain text, in the listing's language


@dataclass(frozen=True)
class SwitchLink:
    lang: str
    url: str
    current: bool
    translated: bool  # False: leads to that language's home, the page has no translation


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


def switcher(page: PageOut, languages: Sequence[str]) -> list[SwitchLink]:
    """One link per site language, never to a missing page."""
    links = []
    for lang in languages:
        if lang == page.lang:
            links.append(SwitchLink(lang, page.url, True, True))
        elif lang in page.alternates:
            links.append(SwitchLink(lang, page.alternates[lang], False, True))
        else:
            links.append(SwitchLink(lang, urls.home(lang), False, not page.untranslated_note))
    return links


def hreflang(page: PageOut, languages: Sequence[str]) -> list[Alternate]:
    """Reciprocal alternates in site order, then x-default.

    x-default is the version in the first site language that has one, so every member of a
    translation group names the same x-default.
    """
    present = [lang for lang in languages if lang in page.alternates]
    if not present:
        return []
    result = [Alternate(lang, page.alternates[lang]) for lang in present]
    default = page.x_default if page.x_default is not None else page.alternates[present[0]]
    result.append(Alternate("x-default", default))
    return result


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    first_url: str

    def url(self, number: int) -> str:
        return urls.paged(self.first_url, number)

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def paginate(items: Sequence, per_page: int, first_url: str) -> list[tuple[Pager, Sequence]]:
    """Split a listing in pages; an empty listing still has its first page."""
    count = max(1, -(-len(items) // per_page))
    return [
        (Pager(n, count, first_url), items[(n - 1) * per_page : n * per_page])
        for n in range(1, count + 1)
    ]
