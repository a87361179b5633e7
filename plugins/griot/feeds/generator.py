"""Stage: one Atom and one RSS feed per listing and for the whole site, and the
feed links every page advertises."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from griot.core import urls
from griot.core.build import Stage
from griot.core.pages import FeedLink, Listing, PageOut
from griot.core.signature import join_digest
from griot.core.writer import OutputWriter

from . import build
from .settings import load

logger = logging.getLogger(__name__)
WRITTEN = "written"  # in _outputs: the feed is in the staging folder already
# Looked for in the theme's static folders, first found wins. Atom wants a small square image.
# Feed items a live preview keeps between updates (each a few KB): past this, it starts again.
KEPT_ITEMS = 2000
ICON_CANDIDATES = ("icon.svg", "icon.png", "favicon.svg", "favicon.png", "favicon.ico",
                   "images/icon.svg", "images/icon.png")


class FeedsStage(Stage):
    """Builds every feed in describe(), so the warnings reach the report before anything is
    written, and attaches autodiscovery links to the pages before they render."""

    def __init__(self, build):
        super().__init__(build)
        self.feed_settings = load(self.settings)
        # (path, its bytes, WRITTEN, or None when the published file is kept, origin,
        # signature, messages). Only a live update, which writes in place once every generator
        # succeeded, holds bytes here: the few feeds an edited article is in.
        self._outputs: list[tuple[str, bytes | str | None, str, bytes | None,
                                  tuple[str, ...]]] = []
        self._enclosure = None
        # For the live preview's patches (griot.preview.patch): id(spec) -> (spec, entries,
        # origin) of every feed signed, its FeedSite and signer.
        self.plans: dict[int, tuple[build.FeedSpec, list, str]] = {}
        self.feed_site: build.FeedSite | None = None
        self.sign = None
        # Feed links: the site's, and each listing's by its URL (describe()).
        self.root_links: list[FeedLink] = []
        self.by_listing: dict[str, list[FeedLink]] = {}

    # ------------------------------------------------------------ context

    def describe(self):
        feeds = self._build_all()
        self.root_links = feeds[0][1]
        self.by_listing = {listing.url: links for listing, links in feeds if listing is not None}
        for page in self.build.pages:
            self._attach_links(page)

    def _specs(self) -> list[tuple[Listing | None, build.FeedSpec, list]]:
        settings = self.site_settings
        name = settings.sitename
        root_subtitle = " / ".join(dict.fromkeys(
            settings.description[lang] for lang in settings.languages
            if settings.description.get(lang)))
        specs = [(None, build.FeedSpec("", name, root_subtitle or name, None, ""),
                  self._every())]
        specs += [(listing, self._spec(listing), self._newest(listing.entries))
                  for listing in self.build.listings]
        return specs

    def _newest(self, listing: list) -> list:
        """The part of a listing (one language's, newest first) a feed may hold: its first
        entries, those build.feed_entries() would choose from the whole (they order one
        language's articles as listings do), without going through the whole."""
        return listing[:self.feed_settings.entries]

    def _every(self) -> list:
        """What the site's own feed may hold: the newest of every language's articles."""
        site = self.build.site
        return [e for lang in self.site_settings.languages
                for e in self._newest(site.listed_articles(lang))]

    def replan_root(self) -> build.FeedSpec | None:
        """The live preview's insert patch (griot.preview.insert): an article came or went.
        The site's own feed planned again: its spec, for patched(), when the articles it
        holds changed, else None."""
        for key, (spec, chosen, origin) in self.plans.items():
            if spec.path == "":
                new = build.feed_entries(self._every(), self.feed_site.max_entries)
                if [id(e) for e in new] == [id(e) for e in chosen]:
                    return None
                self.plans[key] = (spec, new, origin)
                return spec
        return None

    def _spec(self, listing: Listing) -> build.FeedSpec:
        settings = self.site_settings
        name = settings.sitename
        title = name if listing.kind == "home" or listing.title == name else (
            f"{name} · {listing.title}")
        subtitle = listing.description or settings.description.get(listing.lang, "") or title
        return build.FeedSpec(listing.url, title, subtitle, listing.lang, listing.url)

    def relisted(self, old: list[Listing], new: list[Listing], pages: list[PageOut]
                 ) -> tuple[list[build.FeedSpec], list[str]]:
        """The live preview's patch (griot.preview.patch): listings `old` replaced by `new`
        (an article's hashtags changed). Their feeds are planned and signed like describe()'s,
        `pages` (new ones, or pages showing other hashtags) given their feed links; returns the
        new feeds' specs, for patched(), and the files of old feeds no listing makes any
        more."""
        gone = {listing.url for listing in old}
        remade = {listing.url for listing in new}
        stale = []
        for key, (spec, _, _) in list(self.plans.items()):
            if spec.path in gone:
                del self.plans[key]
                if spec.path not in remade:
                    stale += [spec.atom_url, spec.rss_url]
        for url in gone:
            self.by_listing.pop(url, None)
        specs = []
        for listing in new:
            spec = self._spec(listing)
            self.plans[id(spec)] = (spec, build.feed_entries(
                self._newest(listing.entries), self.feed_site.max_entries), _origin(listing))
            self.by_listing[listing.url] = _links(spec)
            specs.append(spec)
        for page in pages:
            page.feeds = []
            self._attach_links(page)
        return specs, stale

    def _feed_site(self) -> build.FeedSite:
        settings = self.site_settings
        catalogs = self.build.catalogs
        siteurl = settings.siteurl or "http://localhost:8000"  # feeds need absolute URLs
        self._enclosure = self.build.enclosure
        return build.FeedSite(
            siteurl=siteurl,
            sitename=settings.sitename,
            authority=self.feed_settings.id_authority or build.tag_authority(siteurl),
            default_language=settings.default_language,
            default_license=settings.default_license,
            license_url=settings.license_url,
            max_entries=self.feed_settings.entries,
            content=self.feed_settings.content,
            translate=lambda lang, message: catalogs[lang].gettext(message),
            enclosure=self._enclosure,
            icon=self._icon(siteurl),
        )

    def _icon(self, siteurl: str) -> str | None:
        static_dir = self.settings.get("THEME_STATIC_DIR", "theme").strip("/")
        for folder in self.settings.get("THEME_STATIC_PATHS", ["static"]):
            for candidate in ICON_CANDIDATES:
                if (Path(self.theme) / folder / candidate).is_file():
                    return f"{siteurl}/{static_dir}/{candidate}"
        return None

    def _build_all(self, keep: bool = True) -> list[tuple[Listing | None, list[FeedLink]]]:
        """Build every feed, except (when `keep`) those whose published files were made from
        the same inputs: their messages are repeated, their files kept.

        Into a staging folder (a full build) each feed is written as soon as it is built: the
        folder is thrown away if the build stops, and a site's feeds, which hold each recent
        article several times over, never sit in memory together. So are they when not `keep`
        (generate_output builds every feed again).
        """
        site = self._feed_site()
        out: OutputWriter | None = self.build.writer
        sign = self._signer(site) if keep and out is not None else None
        write_now = out is not None and (not keep or out.previous != out.root)
        self._outputs = []
        plans = []
        if sign is not None:
            self.plans, self.feed_site, self.sign = {}, site, sign
        for listing, spec, entries in self._specs():
            chosen = build.feed_entries(entries, site.max_entries)
            signature = sign(spec, chosen) if sign is not None else None
            if sign is not None:
                self.plans[id(spec)] = (spec, chosen, _origin(listing))
            kept = _keepable(out, spec, signature)
            plans.append((listing, spec, None if kept is not None else chosen, signature,
                          kept))
        # An article is prepared once for every feed that holds it (memo). Feeds written at
        # once let it go after the last of them: they would otherwise all be in memory at the
        # end, a tenth of a large site's build.
        uses: Counter = Counter()
        if write_now:
            for *_, chosen, _, _ in plans:
                uses.update((e.source_path, e.url) for e in chosen or ())
        # A live preview's update builds a few feeds: the items of entries that did not change
        # are kept from one update to the next (by what they show).
        memo, item_key = self._kept_items() if not write_now else ({}, None)
        order = build.low_memory_order(
            [[(e.source_path, e.url) for e in plan[2] or ()] for plan in plans])
        links: list = [None] * len(plans)
        for index in order:
            listing, spec, chosen, signature, record = plans[index]
            origin = _origin(listing)
            if chosen is None:
                for message in record.notes:
                    self._warn(message)
                self._outputs.append((spec.atom_url, None, origin, signature, record.notes))
                self._outputs.append((spec.rss_url, None, origin, signature, record.notes))
            else:
                documents, notes = _documents(spec, chosen, site, memo, item_key, self._warn)
                for url, data in zip((spec.atom_url, spec.rss_url), documents, strict=True):
                    if write_now:
                        out.write(url, data, origin, signature=signature, notes=notes,
                                  rewrite=not keep)  # a feed written early, built again
                    self._outputs.append((url, WRITTEN if write_now else data, origin,
                                          signature, notes))
                del documents
                if write_now:
                    for entry in chosen:
                        key = (entry.source_path, entry.url)
                        uses[key] -= 1
                        if not uses[key]:
                            del memo[key]
            links[index] = (listing, _links(spec))
        return links

    def _signer(self, site: build.FeedSite):
        """spec, entries -> signature of that feed, or None when an input is unknown (an
        enclosure provider that did not say what it depends on)."""
        enclosure = None
        if site.enclosure is not None:
            provider, token = self.build.enclosure_token or (None, None)
            if provider != site.enclosure:
                return None
            enclosure = token
        signer = self.build.signer
        described = (site.siteurl, site.sitename, site.authority, site.default_language,
                     site.default_license, site.license_url, site.max_entries, site.content,
                     site.icon, site.empty_updated, enclosure)

        def sign(spec: build.FeedSpec, chosen) -> bytes | None:
            """`chosen`: the entries the feed holds (build.feed_entries)."""
            return signer.feed(spec, chosen, described)

        return sign

    def patched(self, specs, out: OutputWriter, warn: Callable[[str], None]
                ) -> list[tuple[str, bytes, str, bytes | None, tuple[str, ...]]]:
        """The live preview's patch (griot.preview.patch): the feeds `specs` (signed by this
        stage) built again after entries they hold were patched in place, as (path, bytes,
        origin, signature, messages); those `out` keeps (same inputs) are left out. Their
        messages go to `warn`. The items of the other entries are kept (_kept_items)."""
        memo, item_key = self._kept_items()
        outputs = []
        for spec in specs:
            spec, chosen, origin = self.plans[id(spec)]
            signature = self.sign(spec, chosen)
            if _keepable(out, spec, signature) is not None:
                continue
            documents, notes = _documents(spec, chosen, self.feed_site, memo, item_key, warn)
            for url, data in zip((spec.atom_url, spec.rss_url), documents, strict=True):
                outputs.append((url, data, origin, signature, notes))
        return outputs

    def _kept_items(self) -> tuple[dict, Callable | None]:
        """The feed items a live preview keeps from one update to the next, and their key:
        what an item shows (its entry's own data and its translations', which the signatures
        describe; the rest is the same for the whole session: a change of settings, theme or
        image is a full build, which starts a new memo). ({}, None) elsewhere."""
        signer = self.build.signer
        if not self.build.tracking or not signer.enabled:
            return {}, None
        memo = self.build.carried.feed_items
        if len(memo) > KEPT_ITEMS:
            memo.clear()
        own = signer.own_token

        def key(entry) -> tuple:
            return (entry.source_path, entry.url,
                    join_digest([own(entry), *(own(t) for t in entry.translations.values())]))

        return memo, key

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _attach_links(self, page: PageOut) -> None:
        """Listing pages advertise their own feeds; articles their hashtags' then their
        language home's; other pages their language home's; the chooser and 404 the root's."""
        by_listing, root = self.by_listing, self.root_links
        listing = page.vars.get("listing")
        entry = page.vars.get("entry")
        if isinstance(listing, Listing) and listing.url in by_listing:
            links = by_listing[listing.url]
        elif page.lang is None:
            links = root
        elif entry is not None and entry.kind == "article":
            links = [link for ref in entry.terms.get("hashtags", ())
                     for link in by_listing.get(urls.term(page.lang, "hashtags", ref.key), ())]
            links += by_listing.get(urls.home(page.lang), [])
        else:
            links = by_listing.get(urls.home(page.lang), root)
        # The same FeedLink objects serve every page: compare them by identity.
        present = {id(link) for link in page.feeds}
        for link in links:
            if id(link) not in present:
                present.add(id(link))
                page.feeds.append(link)

    # ------------------------------------------------------------ output

    def write(self):
        out: OutputWriter = self.build.writer
        if self.build.enclosure is not self._enclosure:
            # A stage after this one now offers covers as enclosures.
            self._build_all(keep=False)
        elif any(out.keepable(rel, signature) is None
                 for rel, data, _, signature, _ in self._outputs if data is None):
            self._build_all(keep=False)  # a published feed changed since describe()
        for rel, data, origin, signature, notes in self._outputs:
            if data is None:
                out.keep(rel, signature, origin)
            elif data is not WRITTEN:
                out.write(rel, data, origin, signature=signature, notes=notes)
        self._outputs = []


def _links(spec: build.FeedSpec) -> list[FeedLink]:
    return [FeedLink(spec.atom_url, build.ATOM, build.feed_link_title(spec.title, build.ATOM)),
            FeedLink(spec.rss_url, build.RSS, build.feed_link_title(spec.title, build.RSS))]


def _keepable(out: OutputWriter, spec, signature: bytes | None):
    """The Atom file's record when both of the feed's files can be kept (same inputs), else
    None: the feed is built."""
    if signature is None:
        return None
    kept = [out.keepable(url, signature) for url in (spec.atom_url, spec.rss_url)]
    return kept[0] if all(record is not None for record in kept) else None


def _documents(spec, chosen, site, memo: dict, item_key, warn: Callable[[str], None]
               ) -> tuple[tuple[bytes, bytes], tuple[str, ...]]:
    """A feed's Atom and RSS documents, and its messages (each once, also given to `warn`)."""
    found: list[str] = []

    def note(message: str) -> None:
        if message not in found:
            found.append(message)
            warn(message)

    documents = build.feed_documents(spec, chosen, site, warn=note, memo=memo,
                                     item_key=item_key)
    return documents, tuple(found)


def _origin(listing: Listing | None) -> str:
    if listing is None:
        return "feed of every language"
    return f"feed of {listing.kind} '{listing.key}' ({listing.lang})"
