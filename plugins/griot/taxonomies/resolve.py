"""Resolves every entry's hashtags, regions and authors into terms, checks them against the
campaign, region and author files, and links articles to related ones and to their neighbours.

Pure: no Pelican import. `build(site, texts)` fills `entry.terms`, `entry.related`,
`entry.previous` and `entry.next` on the site's entries and returns the taxonomies with every
problem (the build must stop) and warning (GRIOT_STRICT makes them problems) it found.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from griot.content.model import Entry, Site, TermRef
from griot.core.errors import ContentError
from griot.core.problems import T
from griot.taxonomies.keys import HashtagError, display_form, hashtag_key, near_misses
from griot.taxonomies.model import TAXONOMIES, Taxonomies, Term, TermText, term_ref
from griot.taxonomies.names import AmbiguousNameError, NameIndex

KIND_TAXONOMY = {"campaign": "hashtags", "region": "regions", "author": "authors"}
# Header attribute that names an article's terms, for error lines.
_HEADER_FIELD = {"regions": "regions", "authors": "authors"}
_SINGULAR = {"regions": "region", "authors": "author"}


@dataclass
class Resolution:
    taxonomies: Taxonomies
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Keys:
    """The term keys one entry (or one term text) resolved to, in the order written."""

    hashtags: list[tuple[str, str]] = field(default_factory=list)  # (key, spelling)
    regions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def build(
    site: Site,
    texts: Iterable[TermText],
    *,
    related_count: int = 3,
    show_path: Callable[[str], str] = lambda path: path,
    source_of: Callable[[str], str | None] | None = None,
) -> Resolution:
    """Resolve, check and link; see the module docstring.

    `show_path(path)` turns a content-relative path into the one messages show; `source_of(path)`
    gives a file's raw text so that a warning about a hashtag in running text can name its line.
    """
    return _Builder(site, show_path, source_of).run(list(texts), related_count)


class _Builder:
    def __init__(self, site: Site, show_path, source_of) -> None:
        self.site = site
        self.languages = site.settings.languages
        self.show_path = show_path
        self.source_of = source_of
        self.result = Resolution(Taxonomies(self.languages))
        self.terms = self.result.taxonomies
        self.indexes: dict[str, NameIndex] = {}
        self._refs: dict[tuple[int, str], TermRef] = {}  # every entry links the same few terms

    # ------------------------------------------------------------------ messages

    def problem(self, path: str, message: str, fix: str = "", line: int | None = None) -> None:
        self.result.problems.append(
            ContentError(self.show_path(path), message, fix, line).problem())

    def warning(self, path: str, message: str, fix: str = "", line: int | None = None) -> None:
        self.result.warnings.append(
            ContentError(self.show_path(path), message, fix, line).problem("warning"))

    # ------------------------------------------------------------------ steps

    def run(self, texts: list[TermText], related_count: int) -> Resolution:
        self.check_reserved_slugs()
        self.add_texts(texts)
        for taxonomy in ("regions", "authors"):
            self.indexes[taxonomy] = self.name_index(taxonomy)
        self.resolve_author_regions()
        # Hidden entries last, creating no hashtag: a hashtag only they use has no page, no
        # feed, no sitemap entry and no count (Status: hidden is in no listing).
        resolved = {entry: self.resolve(entry.meta, entry.kind == "article")
                    for entry in self.site.entries if entry.listed}
        resolved.update({entry: self.resolve(entry.meta, entry.kind == "article", create=False)
                         for entry in self.site.entries if not entry.listed})
        text_keys = [(text, self.resolve(text.meta, False)) for text in texts
                     if self.terms.get(KIND_TAXONOMY[text.meta.kind], text.key) is not None]
        self.choose_display_forms([*(k for e, k in resolved.items() if e.listed),
                                   *(keys for _, keys in text_keys)])
        self.warn_near_misses([*((e.meta, k) for e, k in resolved.items()),
                               *((t.meta, k) for t, k in text_keys)])
        for entry, keys in resolved.items():
            entry.terms = self.refs(entry.lang, keys)
        self.fill_listings(resolved)
        self.link_neighbours()
        self.link_related(resolved, related_count)
        return self.result

    def check_reserved_slugs(self) -> None:
        for entry in self.site.entries:
            if entry.kind == "page" and entry.meta.slug in TAXONOMIES:
                self.problem(
                    entry.source_path,
                    T("its URL /{url} is where Griot lists every {what}", url=entry.url,
                      what=entry.meta.slug[:-1]),
                    T("rename the file, e.g. to {name}",
                      name=f"pages/{entry.meta.slug}-info.{entry.lang}.md"),
                )

    def add_texts(self, texts: list[TermText]) -> None:
        order = {lang: i for i, lang in enumerate(self.languages)}
        for text in sorted(texts, key=lambda t: (t.key, order.get(t.lang, len(order)))):
            taxonomy = KIND_TAXONOMY[text.meta.kind]
            if taxonomy == "hashtags" and not self.campaign_key_matches(text):
                continue
            term = self.terms.add(taxonomy, text.key)
            term.texts[text.lang] = text
            if taxonomy == "hashtags" and not term.display:
                term.display = text.meta.hashtag.strip().lstrip("#")

    def campaign_key_matches(self, text: TermText) -> bool:
        meta = text.meta
        line = meta.line_of("hashtag")
        if not meta.hashtag:
            self.problem(text.path, T("a campaign needs its hashtag"),
                         T("add a line such as '{example}' to the header",
                           example=f"Hashtag: {text.key}"), 1)
            return False
        try:
            key = hashtag_key(meta.hashtag)
        except HashtagError as exc:
            self.problem(text.path, T("'Hashtag' {reason}", reason=str(exc)),
                         T("write the campaign's hashtag, e.g. 'Hashtag: MaliSansVBG'"), line)
            return False
        if key != text.key:
            self.problem(
                text.path,
                T("the Hashtag '{hashtag}' has the key '{key}', but the file name gives the "
                  "key '{file_key}'", hashtag=meta.hashtag, key=key, file_key=text.key),
                T("rename the file to {name}, or correct the Hashtag so that, without accents, "
                  "capitals and punctuation, it reads '{file_key}'",
                  name=f"campaigns/{key}.{text.lang}.md", file_key=text.key),
                line,
            )
            return False
        return True

    def name_index(self, taxonomy: str) -> NameIndex:
        """Keys and names in every language of the regions (or authors) that have a file.

        Two of them sharing a name is a problem; the second one's names are then left out so
        that the rest of the build can still name what else is wrong.
        """
        names = {key: [t.title for t in term.texts.values()]
                 for key, term in sorted(self.terms.terms[taxonomy].items())}
        kind = _SINGULAR[taxonomy]
        while True:
            try:
                return NameIndex(names, kind)
            except AmbiguousNameError as exc:
                first, second = exc.keys
                term = self.terms.get(taxonomy, second)
                paths = [t.path for t in term.texts.values()] if term else [second]
                self.problem(
                    paths[0],
                    T("the name '{name}' also names '{first}' (names are compared without "
                      "case or accents)", name=exc.name, first=first),
                    T("give the two different titles in every language"),
                    1,
                )
                names[second] = []

    def resolve_author_regions(self) -> None:
        regions = self.indexes["regions"]
        for author in self.terms.terms["authors"].values():
            for text in author.texts.values():
                if not text.meta.regions or not len(regions):
                    continue
                key = self.require(regions, "regions", text.meta.regions[0], text.meta)
                if key is not None and author.region is None:
                    author.region = key
            if author.region is not None:
                self.terms.get("regions", author.region).authors.append(author.key)
        for region in self.terms.terms["regions"].values():
            region.authors.sort(key=lambda key: self.terms.get("authors", key).name(
                self.languages[0], self.languages).casefold())

    def require(self, index: NameIndex, taxonomy: str, value: str, meta) -> str | None:
        key = index.resolve(value)
        if key is not None:
            return key
        close = index.closest(value)
        known = ", ".join(sorted(index.keys)[:10]) + (", ..." if len(index) > 10 else "")
        unknown = {"regions": T("unknown region '{value}'", value=value),
                   "authors": T("unknown author '{value}'", value=value)}[taxonomy]
        if close:
            message = T("{unknown} (closest known: {close})", unknown=unknown,
                        close=", ".join(close))
            fix = T("did you mean {close}? write a key or a name in one of the site's "
                    "languages, or add the file {file}", close=" | ".join(close),
                    file=f"content/{taxonomy}/<key>.{meta.lang}.md")
        else:
            message = T("{unknown} (known: {known})", unknown=unknown, known=known)
            fix = T("write a key or a name in one of the site's languages, or add the file "
                    "{file}", file=f"content/{taxonomy}/<key>.{meta.lang}.md")
        self.problem(meta.path, message, fix, meta.line_of(_HEADER_FIELD[taxonomy]))
        return None

    def resolve(self, meta, with_people: bool, create: bool = True) -> _Keys:
        """The term keys of one file. Regions and authors are checked only when the site has
        files for them: a site without author files shows bylines as written."""
        keys = _Keys()
        for key, spelling in hashtag_keys(meta):
            if not create and self.terms.get("hashtags", key) is None:
                continue
            keys.hashtags.append((key, spelling))
            if create:
                self.terms.add("hashtags", key).used_in.add(meta.lang)
        if not with_people:
            return keys
        for taxonomy in ("regions", "authors"):
            index = self.indexes[taxonomy]
            if not len(index):
                continue
            found = getattr(keys, taxonomy)
            for value in getattr(meta, taxonomy):
                key = self.require(index, taxonomy, value, meta)
                if key is not None and key not in found:
                    found.append(key)
        return keys

    def choose_display_forms(self, all_keys: Iterable[_Keys]) -> None:
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for keys in all_keys:
            for key, spelling in keys.hashtags:
                spellings[key][spelling] += 1
        for key, term in self.terms.terms["hashtags"].items():
            term.display = display_form(spellings[key], term.display or None)

    def warn_near_misses(self, files: Sequence[tuple[object, _Keys]]) -> None:
        campaigns = {key for key, term in self.terms.terms["hashtags"].items()
                     if term.is_campaign}
        cache: dict[str, list[str]] = {}
        for meta, keys in files:
            for key, spelling in keys.hashtags:
                if key not in cache:
                    cache[key] = near_misses(key, campaigns)
                if not cache[key]:
                    continue
                meant = ", ".join(f"#{self.terms.get('hashtags', k).display}" for k in cache[key])
                self.warning(
                    meta.path,
                    T("#{spelling} is one or two letters away from the campaign hashtag "
                      "{meant}", spelling=spelling, meant=meant),
                    T("write {meant} if you meant the campaign (GRIOT_STRICT makes this an "
                      "error)", meant=meant),
                    self.hashtag_line(meta, spelling),
                )

    def hashtag_line(self, meta, spelling: str) -> int | None:
        header_line = meta.line_of("hashtags")
        source = self.source_of(meta.path) if self.source_of else None
        if source is None:
            return header_line
        lines = unicodedata.normalize("NFC", source).splitlines()
        if header_line and spelling in lines[header_line - 1]:
            return header_line
        for number, line in enumerate(lines, 1):
            if f"#{spelling}" in line:
                return number
        return header_line

    def refs(self, lang: str, keys: _Keys) -> dict[str, list[TermRef]]:
        refs: dict[str, list[TermRef]] = {}
        for taxonomy in TAXONOMIES:
            found = ([key for key, _ in keys.hashtags] if taxonomy == "hashtags"
                     else getattr(keys, taxonomy))
            refs[taxonomy] = [self.ref(self.terms.get(taxonomy, key), lang) for key in found]
        return refs

    def ref(self, term: Term, lang: str) -> TermRef:
        # Called once display forms are chosen: a term's link no longer changes.
        found = self._refs.get((id(term), lang))
        if found is None:
            found = self._refs[(id(term), lang)] = term_ref(term, lang, self.languages)
        return found

    def fill_listings(self, resolved: dict[Entry, _Keys]) -> None:
        for lang in self.languages:
            for entry in self.site.listed_articles(lang):
                keys = resolved[entry]
                for taxonomy in TAXONOMIES:
                    found = ([key for key, _ in keys.hashtags] if taxonomy == "hashtags"
                             else getattr(keys, taxonomy))
                    for key in found:
                        self.terms.get(taxonomy, key).entries.setdefault(lang, []).append(entry)

    def link_neighbours(self) -> None:
        for lang in self.languages:
            listing = self.site.listed_articles(lang)  # newest first
            for i, entry in enumerate(listing):
                entry.next = listing[i - 1] if i > 0 else None
                entry.previous = listing[i + 1] if i + 1 < len(listing) else None

    def link_related(self, resolved: dict[Entry, _Keys], limit: int) -> None:
        """Related articles of every article (related_articles)."""
        if limit == 0:
            return
        for entry, keys in resolved.items():
            if entry.kind != "article":
                continue
            entry.related = related_articles(
                entry, [self.terms.get("hashtags", key) for key, _ in keys.hashtags],
                [self.terms.get("regions", key) for key in keys.regions], limit)


def hashtag_keys(meta) -> list[tuple[str, str]]:
    """(key, spelling) of each hashtag a file's header names, in the order written, once per
    key; spellings NFC, without '#'."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for spelling in meta.hashtags:
        try:
            key = hashtag_key(spelling)
        except HashtagError:
            continue  # the header table already refused it; running text never links it
        if key not in seen:
            seen.add(key)
            found.append((key, unicodedata.normalize("NFC", spelling.lstrip("#"))))
    return found


def newest_first(entry: Entry) -> tuple:
    """Sort key of a language's listing (reversed): unique, slugs being unique."""
    return entry.date, entry.meta.slug


def related_articles(entry: Entry, hashtags: Sequence[Term], regions: Sequence[Term],
                     limit: int) -> list[Entry]:
    """Related articles in the entry's language: those sharing a campaign first, then a
    region, then any other hashtag; newest first within each tier; at most `limit`.

    Each term's listing is already newest first, so the `limit` newest of a tier are among
    the `limit` first of each listing: the cost does not grow with the listings' length (and
    an article further down than `reach(limit)` in every listing is no one's concern).
    """
    tiers = [
        [t for t in hashtags if t.is_campaign],
        regions,
        [t for t in hashtags if not t.is_campaign],
    ]
    chosen: list[Entry] = []
    excluded = {entry}
    for terms in tiers:
        pool: set[Entry] = set()
        for term in terms:
            taken = 0
            for other in term.entries.get(entry.lang, ()):
                if taken == limit - len(chosen):
                    break
                if other not in excluded:
                    pool.add(other)
                    taken += 1
        best = sorted(pool, key=newest_first, reverse=True)[: limit - len(chosen)]
        chosen += best
        excluded.update(best)
        if len(chosen) == limit:
            break
    return chosen


def reach(limit: int) -> int:
    """How far down a term's listing related_articles() may look: `limit` entries, past the
    article itself and those already chosen."""
    return 2 * limit + 1
