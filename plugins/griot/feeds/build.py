"""A feed is a pure function of its entries: Atom and RSS 2.0 from the site model, with feedgen.

No Pelican import. `build_feed(spec, entries, site)` returns a configured FeedGenerator;
`atom_bytes` / `rss_bytes` serialise it. Saving is the generator's job.
"""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from griot.core import compat

ATOM = "application/atom+xml"
RSS = "application/rss+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TRANSLATION_TYPE = "text/html; charset=utf-8"
GENERATOR = "Griot"  # no version: two builds with two Griot versions still write the same bytes
# An empty feed has no newest entry to date it; a fixed date keeps its bytes stable.
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates
# and U+FFFE/U+FFFF. lxml refuses the rest, so one stray control character would stop a feed.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Attributes holding one URL, and those holding a srcset list ("url 640w, url 2x").
_URL_ATTRS = ("href", "src", "poster", "cite", "action", "formaction", "longdesc", "background")
_SRCSET_ATTRS = ("srcset", "imagesrcset")
# HTML5 void elements libxml2's HTML parser does not know: it would nest what follows inside.
_VOID_UNKNOWN_TO_LIBXML2 = ("source", "track", "wbr", "embed")
# Every such attribute in one walk of the tree.
_LINK_VALUES = etree.XPath(".//@*[" + " or ".join(
    f"name()='{attr}'" for attr in _URL_ATTRS + _SRCSET_ATTRS) + "]")
_VOID_TAG = re.compile("<(?:" + "|".join(_VOID_UNKNOWN_TO_LIBXML2) + r")\b", re.I).search
_HTML_PARSER = etree.HTMLParser()  # lxml.html's, without its element classes
_LOOKS_LIKE_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.I).match
_META_CONTENT_TYPE = re.compile(r'<meta http-equiv="Content-Type"[^>]*>').sub

Warn = Callable[[str], None]
Enclosure = Callable[[str], "tuple[str, str, int] | None"]


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it lives and what it says about itself."""

    path: str  # site-relative folder of the feed, "" for the root: "fr/hashtags/malisansvbg/"
    title: str
    subtitle: str
    lang: str | None  # None: entries in every language (the root feed)
    page_url: str  # the HTML page this feed follows (its listing's first page)

    @property
    def atom_url(self) -> str:
        return f"{self.path}feed.atom"

    @property
    def rss_url(self) -> str:
        return f"{self.path}feed.rss"


@dataclass(frozen=True)
class FeedSite:
    """What every feed of one build shares."""

    siteurl: str  # absolute, no trailing slash: "https://voixdumali.example.org"
    sitename: str
    authority: str  # of the entries' tag: URIs, e.g. "voixdumali.example.org"
    default_language: str
    default_license: str
    license_url: str = ""
    max_entries: int = 50
    content: str = "full"  # "full" | "summary"
    # translate(lang, message): UI strings in an entry's language ("Content note:").
    translate: Callable[[str, str], str] = lambda lang, message: message
    # enclosure(cover path relative to content/) -> (absolute url, mime type, bytes) or None.
    enclosure: Enclosure | None = None
    icon: str | None = None  # absolute URL of the theme's icon
    empty_updated: datetime = field(default=EMPTY_FEED_UPDATED)

    def absolute(self, url: str) -> str:
        return f"{self.siteurl}/{url}"

    @property
    def rights(self) -> str:
        if self.license_url:
            return f"{self.default_license} ({self.license_url})"
        return self.default_license


# ---------------------------------------------------------------- identity and order


def entry_id(entry, authority: str) -> str:
    """`tag:<authority>,<YYYY-MM-DD>:<lang>/<translation key>` (RFC 4151).

    Built from what a reader considers the same article: its language, its translation key and
    its original publication date. Titles, slugs (when a Translation_Key is set), the site's
    name and Modified dates never change it.
    """
    meta = entry.meta
    return f"tag:{authority},{meta.date:%Y-%m-%d}:{meta.lang}/{meta.translation_key}"


def updated_of(entry) -> datetime:
    return entry.meta.modified or entry.meta.date


def feed_entries(entries: Iterable, limit: int) -> list:
    """Newest first, ties broken by language then slug so every build orders them alike."""
    # nlargest is sorted(..., reverse=True)[:limit] without sorting the whole listing.
    return heapq.nlargest(limit, entries, key=lambda e: (e.meta.date, e.meta.lang, e.meta.slug))


def low_memory_order(feeds: Sequence[Sequence[Hashable]]) -> list[int]:
    """An order to build feeds in (indexes into `feeds`, each the keys of its entries) that
    keeps few entries waiting for their last feed (feed_documents' memo).

    Greedy: next, the feed that starts the fewest entries no feed built so far holds, less
    those it is the last to hold. On a 3000-pair site, 700 entries wait at worst instead of
    1700 in the listings' order. A heap with stale items skipped: a site of thousands of
    listings is ordered in about the time it takes to read their entries.
    """
    holders: dict[Hashable, list[int]] = {}
    for index, keys in enumerate(feeds):
        for key in keys:
            holders.setdefault(key, []).append(index)
    left = {key: len(indexes) for key, indexes in holders.items()}  # feeds yet to build
    new = [len(keys) for keys in feeds]  # entries not started, per feed
    last = [sum(1 for key in keys if left[key] == 1) for keys in feeds]  # it would let go
    heap = [(new[i] - last[i], i) for i in range(len(feeds))]
    heapq.heapify(heap)
    built = [False] * len(feeds)
    started: set[Hashable] = set()
    order = []
    while heap:
        cost, index = heapq.heappop(heap)
        if built[index] or cost != new[index] - last[index]:
            continue  # built already, or pushed again since with its new cost
        built[index] = True
        order.append(index)
        changed = set()
        for key in feeds[index]:
            if key not in started:
                started.add(key)
                for other in holders[key]:
                    new[other] -= 1
                    changed.add(other)
            left[key] -= 1
            if left[key] == 1:
                for other in holders[key]:
                    if not built[other]:
                        last[other] += 1
                        changed.add(other)
        for other in changed:
            if not built[other]:
                heapq.heappush(heap, (new[other] - last[other], other))
    return order


# ---------------------------------------------------------------- text hygiene


class _Cleaner:
    """Drops characters XML 1.0 forbids, reporting each (file, field) once."""

    def __init__(self, warn: Warn | None):
        self.warn = warn

    def __call__(self, text: str | None, origin: str, what: str) -> str:
        if not text:
            return text or ""
        found = _FORBIDDEN.findall(text)
        if not found:
            return text
        if self.warn is not None:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            self.warn(
                f"{origin}: the {what} contains {len(found)} character(s) XML forbids ({codes}); "
                "they were left out of the feeds\n"
                "    fix: delete them from the file (most editors show them as nothing or as a box)"
            )
        return _FORBIDDEN.sub("", text)


def strip_forbidden(text: str) -> str:
    return _FORBIDDEN.sub("", text)


# ---------------------------------------------------------------- content


def absolute_html(fragment: str, base: str) -> str:
    """The HTML fragment with every href/src/srcset resolved against `base` (an absolute URL).

    Root-relative and relative links break once the content is read outside the site (a feed
    reader, a partner's site republishing it), so feeds carry absolute URLs only.

    Parsed and written back as lxml.html's fragment_fromstring(create_parent="div") and
    tostring would, without their per-element Python class lookup (a third of the time).
    """
    if not fragment.strip():
        return ""
    if _LOOKS_LIKE_DOCUMENT(fragment):  # lxml.html does not wrap these: keep its reading
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        body = etree.Element("body")
        body.text = root.text
        body.extend(root)
    else:
        document = etree.fromstring(f"<html><body>{fragment}</body></html>", _HTML_PARSER)
        body = next(e for e in document if e.tag == "body")
        body.attrib.clear()  # a stray <body class> in the text: fragment_fromstring drops it
    if _VOID_TAG(fragment):
        _repair_void_elements(body)
    for value in _LINK_VALUES(body):
        name = value.attrname
        value.getparent().set(name, _absolute_srcset(value, base) if name in _SRCSET_ATTRS
                              else urljoin(base, value.strip()))
    text = body.text
    body.text = None
    inner = etree.tostring(body, method="html", encoding="unicode")[len("<body>"):-len("</body>")]
    if "<meta" in inner:  # lxml.html.tostring drops these (libxml2 adds them to documents)
        inner = _META_CONTENT_TYPE("", inner)
    # fragment_fromstring drops leading text made only of whitespace.
    return html.escape(text, quote=False) + inner if text and text.strip() else inner


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            candidates.append(" ".join([urljoin(base, words[0]), *words[1:]]))
    return ", ".join(candidates)


def _repair_void_elements(root) -> None:
    """Move what libxml2 put inside <source>, <wbr>... back after them, where HTML5 puts it."""
    for element in list(root.iter(*_VOID_UNKNOWN_TO_LIBXML2)):
        children, text, tail = list(element), element.text, element.tail
        element.text = None
        parent = element.getparent()
        position = parent.index(element)
        for offset, child in enumerate(children, start=1):
            parent.insert(position + offset, child)
        if children:
            element.tail = text
            children[-1].tail = (children[-1].tail or "") + (tail or "")
        else:
            element.tail = (text or "") + (tail or "") or None


# ---------------------------------------------------------------- feedgen extensions


class _GriotFeed(BaseExtension):
    """Feed-level fix: one FeedGenerator writes both formats, so the RSS self link is set here."""

    def __init__(self):
        self.rss_self: str | None = None

    def extend_rss(self, feed):
        if self.rss_self:
            for link in feed.iter(f"{{{ATOM_NS}}}link"):
                if link.get("rel") == "self":
                    link.set("href", self.rss_self)
                    link.set("type", RSS)
        return feed


class _GriotEntry(BaseEntryExtension):
    """Entry-level additions feedgen lacks: xml:lang, and Atom links with their attributes.

    feedgen 1.0 writes an entry's <link> elements with href only, dropping rel, type, hreflang
    and length (lkiesow/python-feedgen#135): enclosures and translations would read as
    duplicate alternates. The links are written again here, from the same data.
    """

    def __init__(self):
        self.lang: str | None = None
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        if self.lang:
            entry.set(XML_LANG, self.lang)
        for old in entry.findall("link"):
            entry.remove(old)
        position = entry.index(entry.find("updated")) + 1
        for offset, data in enumerate(self.links):
            link = entry.makeelement("link", {"href": data["href"]})
            for attr in ("rel", "type", "hreflang", "title", "length"):
                if data.get(attr):
                    link.set(attr, data[attr])
            entry.insert(position + offset, link)
        return entry


# ---------------------------------------------------------------- the feed


def build_feed(spec: FeedSpec, entries: Sequence, site: FeedSite,
               warn: Warn | None = None) -> FeedGenerator:
    """A FeedGenerator for `spec` holding the newest `site.max_entries` of `entries`.

    Pure: the same arguments always give a feed that serialises to the same bytes (its dates
    come from the entries, never from the clock). `warn` receives one message per file and
    field that had characters XML forbids.
    """
    clean = _Cleaner(warn)
    chosen = feed_entries(entries, site.max_entries)
    fg = _feed_head(spec, chosen, site, clean)
    for entry in chosen:
        _describe_entry(fg.add_entry(order="append"), entry, site, clean)
    return fg


def feed_documents(spec: FeedSpec, entries: Sequence, site: FeedSite, warn: Warn | None = None,
                   memo: dict | None = None, item_key: Callable | None = None
                   ) -> tuple[bytes, bytes]:
    """The Atom and RSS documents of `spec`: the bytes atom_bytes() and rss_bytes() give for
    build_feed(spec, entries, site, warn), each entry serialised on its own.

    `memo`, a dict shared by the feeds of one build (same `site`), keeps each entry's two
    serialisations and what describing it warned: an article in several feeds is described and
    written once (its warnings go to each feed's `warn`). Its keys are `item_key(entry)`, by
    default the entry's file and URL; a memo kept longer (a live preview's) needs a key that
    changes with whatever the entry's item shows. An entry's
    serialisation does not depend on the feed holding it: feedgen adds the entries last, every
    feed declares the same namespaces, and lxml indents an entry by its depth alone.
    """
    clean = _Cleaner(warn)
    chosen = feed_entries(entries, site.max_entries)
    fg = _feed_head(spec, chosen, site, clean)
    # The feed without its entries, and a copy of each root (same namespaces) to write them in.
    (atom_root, atom_doc), (rss_root, rss_doc) = compat.feed_trees(fg)
    atom_head = etree.tostring(atom_doc, pretty_print=True, encoding="UTF-8",
                               xml_declaration=True)
    rss_head = etree.tostring(rss_doc, pretty_print=True, encoding="UTF-8",
                              xml_declaration=True)
    if not (atom_head.endswith(_ATOM_END) and rss_head.endswith(_RSS_END)):
        raise RuntimeError("feedgen wrote a feed this version of Griot cannot add entries to")
    atom_shell = atom_root.makeelement(atom_root.tag, atom_root.attrib, nsmap=atom_root.nsmap)
    rss_shell = rss_root.makeelement(rss_root.tag, rss_root.attrib, nsmap=rss_root.nsmap)
    channel = etree.SubElement(rss_shell, rss_root[0].tag)
    atom_parts, rss_parts = [atom_head[: -len(_ATOM_END)]], [rss_head[: -len(_RSS_END)]]
    for entry in chosen:
        key = item_key(entry) if item_key is not None else (entry.source_path, entry.url)
        known = memo.get(key) if memo is not None else None
        if known is None:
            said: list[str] = []  # what describing it warned: said again where it is reused
            clean.warn = said.append
            fe = fg.add_entry(order="append")  # gives it the feed's extensions
            _describe_entry(fe, entry, site, clean)
            fg.remove_entry(fe)
            known = (_written_in(atom_shell, atom_shell, fe.atom_entry(), 1, _ATOM_END),
                     _written_in(rss_shell, channel, fe.rss_entry(), 2, _RSS_END), tuple(said))
            if memo is not None:
                memo[key] = known
        if warn is not None:
            for message in known[2]:
                warn(message)
        atom_parts.append(known[0])
        rss_parts.append(known[1])
    atom_parts.append(_ATOM_END)
    rss_parts.append(_RSS_END)
    return b"".join(atom_parts), b"".join(rss_parts)


_ATOM_END = b"</feed>\n"
_RSS_END = b"  </channel>\n</rss>\n"


def _written_in(root, parent, element, lines: int, end: bytes) -> bytes:
    """`element` as lxml writes it into `parent` of a pretty-printed document rooted at `root`,
    from its indentation to the newline after its end tag. `lines`: the lines the start tags
    before it take; `end`: the end tags after it."""
    parent.append(element)
    data = etree.tostring(root, pretty_print=True, encoding="UTF-8")
    parent.remove(element)
    start = 0
    for _ in range(lines):
        start = data.index(b"\n", start) + 1
    if not data.endswith(end):
        raise RuntimeError("lxml wrote a feed entry this version of Griot cannot cut out")
    return data[start : len(data) - len(end)]


def _feed_head(spec: FeedSpec, chosen: Sequence, site: FeedSite,
               clean: _Cleaner) -> FeedGenerator:
    """The FeedGenerator of `spec` without its entries."""
    updated = max((updated_of(e) for e in chosen), default=site.empty_updated)
    feed_origin = f"feed /{spec.atom_url}"

    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # dc:creator, dc:rights, dc:language in RSS
    fg.load_extension("geo")
    fg.register_extension("griot", _GriotFeed, _GriotEntry)
    fg.griot.rss_self = site.absolute(spec.rss_url)

    fg.id(site.absolute(spec.atom_url))
    fg.title(clean(spec.title, feed_origin, "title") or site.sitename)
    fg.subtitle(clean(spec.subtitle, feed_origin, "description") or fg.title())
    fg.language(spec.lang or site.default_language)
    fg.link(href=site.absolute(spec.atom_url), rel="self", type=ATOM)
    # RSS takes the last link as the channel's <link>: the page this feed follows.
    fg.link(href=site.absolute(spec.page_url), rel="alternate", type="text/html")
    fg.rights(site.rights)
    fg.generator(GENERATOR)
    if site.icon:
        fg.icon(site.icon)
    fg.updated(updated)
    fg.lastBuildDate(updated)  # feedgen would stamp the build time
    return fg


def _describe_entry(fe, entry, site: FeedSite, clean: _Cleaner) -> None:
    meta, origin = entry.meta, entry.source_path
    lang = meta.lang
    permalink = site.absolute(entry.url)
    fe.griot.lang = lang
    fe.id(entry_id(entry, site.authority))
    fe.title(clean(meta.title, origin, "title"))
    fe.published(meta.date)
    fe.updated(updated_of(entry))

    # The entry's own page comes first (SimplePie, Miniflux: first alternate wins); its
    # translations say "; charset=utf-8" because feedparser takes the last alternate typed
    # exactly text/html as the entry's link, and would send readers to another language.
    links = [{"href": permalink, "rel": "alternate", "type": "text/html", "hreflang": lang}]
    for other_lang, other in entry.translations.items():
        if other_lang != lang and other.listed:
            links.append({"href": site.absolute(other.url), "rel": "alternate",
                          "type": TRANSLATION_TYPE, "hreflang": other_lang,
                          "title": clean(other.meta.title, other.source_path, "title")})
    enclosure = site.enclosure(meta.cover) if meta.cover and site.enclosure else None
    if enclosure is not None:
        url, mime, length = enclosure
        links.append({"href": url, "rel": "enclosure", "type": mime, "length": str(length)})
        fe.enclosure(url, str(length), mime)
    fe.griot.links = links
    fe.link(href=permalink, rel="alternate")  # RSS <link>; Atom's links are written by _GriotEntry

    authors = _authors(entry, site, clean)
    fe.author([{"name": name, **({"uri": uri} if uri else {})} for name, uri in authors])
    fe.dc.dc_creator([name for name, _ in authors])
    categories = []
    for taxonomy in ("hashtags", "regions"):
        for ref in entry.terms.get(taxonomy, ()):
            categories.append({
                "term": ref.key,
                "label": clean(ref.name, origin, f"name of {taxonomy[:-1]} '{ref.key}'"),
                "scheme": site.absolute(f"{lang}/{taxonomy}/"),
            })
    if categories:
        fe.category(categories)
    point = next((r for r in entry.terms.get("regions", ())
                  if r.latitude is not None and r.longitude is not None), None)
    if point is not None:
        fe.geo.point(f"{point.latitude!r} {point.longitude!r}")

    note = clean(meta.content_warning, origin, "Content_Warning")
    label = site.translate(lang, "Content note:")
    summary = clean(entry.summary_text, origin, "summary")
    fe.summary(f"{label} {note}\n{summary}" if note else summary)
    if site.content == "full":
        body = absolute_html(clean(entry.body, origin, "text"), permalink)
        if note:
            body = (f'<p class="cw"><strong>{html.escape(label)}</strong> '
                    f"{html.escape(note)}</p>\n{body}")
        fe.content(body, type="html")

    rights = clean(meta.license, origin, "License") or site.rights
    fe.rights(rights)
    fe.dc.dc_rights([rights])
    fe.dc.dc_language([lang])


def _authors(entry, site: FeedSite, clean: _Cleaner) -> list[tuple[str, str | None]]:
    """(pen name, author page) pairs: the author pages' names, else the header's spelling."""
    refs = entry.terms.get("authors") or ()
    if refs:
        pairs = [(clean(r.name, entry.source_path, f"name of author '{r.key}'"),
                  site.absolute(r.url)) for r in refs]
    else:
        pairs = [(clean(name, entry.source_path, "Author"), None) for name in entry.meta.authors]
    return [(name, uri) for name, uri in pairs if name] or [(site.sitename, site.absolute(""))]


# ---------------------------------------------------------------- serialising


def atom_bytes(fg: FeedGenerator) -> bytes:
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def rss_bytes(fg: FeedGenerator) -> bytes:
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def tag_authority(siteurl: str) -> str:
    """The host of SITEURL, as tag: URIs want it; "localhost" for a local preview."""
    return (urlsplit(siteurl).hostname or "localhost").lower()


def feed_link_title(title: str, media_type: str) -> str:
    return f"{title} ({'Atom' if media_type == ATOM else 'RSS'})"


__all__ = [
    "ATOM", "RSS", "FeedSite", "FeedSpec", "absolute_html", "atom_bytes",
    "build_feed", "entry_id", "feed_documents", "feed_entries", "feed_link_title",
    "low_memory_order", "rss_bytes",
    "strip_forbidden", "tag_authority", "updated_of",
]
