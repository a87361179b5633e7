"""The site model every generator reads: entries (articles, pages) grouped as translations.

Built once per build from what Pelican read; plain dataclasses, no Pelican import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from griot.core import urls
from griot.core.pages import Listing  # noqa: F401 (a listing of entries)
from griot.core.problems import Problem, T

from .header import Header
from .settings import SiteSettings

BODY_KEY = "griot_body"  # in a content's metadata: its body HTML, UTF-8


def encode_body(html: str) -> bytes:
    return html.encode("utf-8", "surrogatepass")


def body_text(metadata: dict) -> str:
    """The body HTML of what `GriotMarkdownReader.read` returned."""
    return metadata[BODY_KEY].decode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class TermRef:
    """A link from an entry to one of its terms (a hashtag, a region, an author) in its language."""

    taxonomy: str  # "hashtags" | "regions" | "authors"
    key: str
    name: str  # display form in the entry's language (pen name, localized region name...)
    url: str  # the term page in the entry's language
    latitude: float | None = None  # regions with coordinates
    longitude: float | None = None


@dataclass(eq=False)
class Entry:
    """One article or page in one language."""

    meta: Header
    stored_body: str | bytes  # the body HTML (see Draft); `body` gives it as text
    summary_html: str
    summary_text: str
    url: str
    translations: dict[str, Entry] = field(default_factory=dict)  # every language, self included
    terms: dict[str, list[TermRef]] = field(default_factory=dict)  # taxonomy -> refs, in order
    related: list[Entry] = field(default_factory=list)  # same language, best first
    previous: Entry | None = None  # older neighbour in its language's listing
    next: Entry | None = None  # newer neighbour

    @property
    def body(self) -> str:
        return _text(self.stored_body)

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> datetime | None:
        return self.meta.date

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def status(self) -> str:
        return self.meta.status

    scheduled: bool = False  # dated after the build's moment: shown in the local preview only

    @property
    def is_draft(self) -> bool:
        return self.meta.status == "draft"

    @property
    def listed(self) -> bool:
        return self.meta.status != "hidden"

    @property
    def alternates(self) -> dict[str, str]:
        return {lang: entry.url for lang, entry in self.translations.items()}

    @property
    def source_path(self) -> str:
        return self.meta.path


@dataclass
class Site:
    settings: SiteSettings
    entries: list[Entry]  # everything to write, in a stable order
    articles: dict[str, list[Entry]]  # listed articles per language, newest first
    pages: dict[str, list[Entry]]
    # lang -> role ("help", "about") -> the page with that `Role` (see roles())
    roles: dict[str, dict[str, Entry]] = field(default_factory=dict)
    # The entries in no listing (Status: hidden), found once: a status never changes in a
    # model (the live preview's patches keep every status).
    _unlisted: list[Entry] | None = field(default=None, repr=False, compare=False)
    # What no two entries share (taken_keys), found once, kept up to date by the live
    # preview's insert patch (griot.taxonomies.membership).
    _taken: dict[tuple, Entry] | None = field(default=None, repr=False, compare=False)

    def unlisted(self) -> list[Entry]:
        if self._unlisted is None:
            self._unlisted = [entry for entry in self.entries if not entry.listed]
        return self._unlisted

    def taken(self) -> dict[tuple, Entry]:
        """taken_keys() of every entry -> that entry."""
        if self._taken is None:
            self._taken = {key: entry for entry in self.entries for key in taken_keys(entry)}
        return self._taken

    def listed_articles(self, lang: str) -> list[Entry]:
        return self.articles.get(lang, [])

    def unlink(self) -> None:
        """Break the references between entries (translations, related, neighbours), once
        the site is no longer used: reference counting then frees it, without a collection
        (a live preview's previous model, griot.preview.incremental)."""
        for entry in self.entries:
            entry.translations, entry.related = {}, []
            entry.previous = entry.next = None


@dataclass
class Draft:
    """What the reader gave for one file, before grouping."""

    meta: Header
    # The body HTML, or (from Griot's reader) its UTF-8 encoding: French text is rarely all
    # Latin-1 (’, —, «\u202f), and such a str takes two bytes a letter, for the whole build.
    body: str | bytes
    summary_html: str
    summary_text: str


def taken_keys(entry: Entry) -> tuple[tuple, ...]:
    """What build() lets only one entry have: its URL, its slug in its language, and its
    translation key in its language (another language's is a translation)."""
    meta = entry.meta
    return (("url", entry.url), ("slug", meta.kind, meta.lang, meta.slug),
            ("group", meta.kind, meta.translation_key, meta.lang))


def _text(body: str | bytes) -> str:
    return body if isinstance(body, str) else body.decode("utf-8", "surrogatepass")


def entry_url(meta: Header) -> str:
    if meta.kind == "article":
        return urls.article(meta.lang, meta.date, meta.slug)
    return urls.page(meta.lang, meta.slug)


def new_entry(draft: Draft, settings: SiteSettings) -> Entry:
    """The entry of one file (its translations, terms and neighbours still to link)."""
    meta = draft.meta
    entry = Entry(meta, draft.body, draft.summary_html, draft.summary_text, entry_url(meta))
    entry.scheduled = (meta.kind == "article" and meta.date is not None
                       and meta.date > settings.now)
    return entry


def build(items: Iterable[Draft], settings: SiteSettings) -> tuple[Site, list[str]]:
    """Group translations and order listings. Returns the site and the problems found."""
    problems: list[str] = []
    entries: list[Entry] = []
    by_url: dict[str, Entry] = {}
    by_slug: dict[tuple[str, str, str], Entry] = {}
    groups: dict[tuple[str, str], dict[str, Entry]] = defaultdict(dict)
    order = {lang: i for i, lang in enumerate(settings.languages)}

    for item in sorted(items, key=lambda d: d.meta.path):
        meta = item.meta
        if meta.status == "draft" and not settings.show_drafts:
            continue
        if (meta.kind == "article" and not settings.show_scheduled and meta.date is not None
                and meta.date > settings.now):
            continue  # scheduled: published by the first build on or after its date
        entry = new_entry(item, settings)
        twin = by_slug.get((meta.kind, meta.lang, meta.slug))
        if twin is not None:
            problems.append(Problem(
                meta.path, T("another file has the same slug and language: {other}",
                             other=twin.source_path),
                T("rename one of the two files")))
            continue
        group = groups[(meta.kind, meta.translation_key)]
        if meta.lang in group:
            problems.append(Problem(
                meta.path, T("Translation_Key '{key}' already has a version in '{lang}': "
                             "{other}", key=meta.translation_key, lang=meta.lang,
                             other=group[meta.lang].source_path),
                T("each translation needs its own language; if the key was copied from "
                  "another article, give this one its own key"),
                meta.line_of("translation_key")))
            continue
        if entry.url in by_url:
            problems.append(Problem(
                meta.path, T("its URL /{url} is already taken by {other}", url=entry.url,
                             other=by_url[entry.url].source_path),
                T("rename one of the two files")))
            continue
        by_url[entry.url] = entry
        by_slug[(meta.kind, meta.lang, meta.slug)] = entry
        group[meta.lang] = entry
        entries.append(entry)

    for group in groups.values():
        ordered = dict(sorted(group.items(), key=lambda kv: order[kv[0]]))
        for entry in ordered.values():
            # A hidden translation is linked from nowhere: no switcher, hreflang or sitemap
            # alternate leads to it (it still links to its published translations).
            entry.translations = {lang: other for lang, other in ordered.items()
                                  if other.listed or other is entry}

    articles: dict[str, list[Entry]] = {lang: [] for lang in settings.languages}
    pages: dict[str, list[Entry]] = {lang: [] for lang in settings.languages}
    for entry in entries:
        if not entry.listed:
            continue
        (articles if entry.kind == "article" else pages)[entry.lang].append(entry)
    for listing in articles.values():
        listing.sort(key=lambda e: (e.date, e.meta.slug), reverse=True)
    for listing in pages.values():
        listing.sort(key=lambda e: e.meta.slug)
    roles, role_problems = page_roles(entries, settings.languages)
    problems += role_problems
    return Site(settings, entries, articles, pages, roles), problems


def page_roles(entries: Iterable[Entry], languages) -> tuple[dict[str, dict[str, Entry]],
                                                             list[str]]:
    """The help and about pages of each language; two pages with one role in one language is
    a problem naming both files."""
    roles: dict[str, dict[str, Entry]] = {lang: {} for lang in languages}
    problems: list[str] = []
    for entry in entries:
        role = entry.meta.role if entry.kind == "page" else None
        if not role or entry.status == "draft":
            continue
        taken = roles[entry.lang].get(role)
        if taken is not None:
            problems.append(
                f"{entry.source_path}:{entry.meta.line_of('role')}: another '{entry.lang}' page "
                f"already has 'Role: {role}': {taken.source_path}\n"
                f"    fix: keep 'Role: {role}' in one of the two files")
            continue
        roles[entry.lang][role] = entry
    return roles, problems
