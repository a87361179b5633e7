"""Pelican adapter: one Atom and one RSS feed per listing and for the whole site, and the
feed links every page advertises."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from griot.build.writer import OutputWriter
from griot.content.model import Listing
from griot.content.settings import load as load_site_settings
from griot.languages import i18n
from griot.languages.pages import FeedLink, PageOut

from . import build
from .settings import load

logger = logging.getLogger(__name__)
# Looked for in the theme's static folders, first found wins. Atom wants a small square image.
ICON_CANDIDATES = ("icon.svg", "icon.png", "favicon.svg", "favicon.png", "favicon.ico",
                   "images/icon.svg", "images/icon.png")


class FeedsGenerator(Generator):
    """Builds every feed in generate_context, so the warnings reach `stop_on_problems` before
    anything is written, and attaches autodiscovery links to the pages before they render."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = load_site_settings(self.settings)
        self.feed_settings = load(self.settings)
        self.warnings: list[str] = []
        self._outputs: list[tuple[str, bytes, str]] = []
        self._enclosure = None

    # ------------------------------------------------------------ context

    def generate_context(self):
        feeds = self._build_all()
        by_listing = {listing.url: links for listing, links in feeds if listing is not None}
        self._attach_links(self.context.get("griot_pages", []), feeds, by_listing)

    def _specs(self) -> list[tuple[Listing | None, build.FeedSpec, list]]:
        site = self.context["griot_site"]
        settings = self.site_settings
        name = settings.sitename
        root_subtitle = " / ".join(dict.fromkeys(
            settings.description[lang] for lang in settings.languages
            if settings.description.get(lang)))
        every = [e for lang in settings.languages for e in site.listed_articles(lang)]
        specs = [(None, build.FeedSpec("", name, root_subtitle or name, None, ""), every)]
        for listing in self.context.get("griot_listings", []):
            title = name if listing.kind == "home" or listing.title == name else (
                f"{name} · {listing.title}")
            subtitle = listing.description or settings.description.get(listing.lang, "") or title
            specs.append((listing, build.FeedSpec(listing.url, title, subtitle, listing.lang,
                                                  listing.url), listing.entries))
        return specs

    def _feed_site(self) -> build.FeedSite:
        settings = self.site_settings
        catalogs = i18n.load_catalogs(Path(self.theme) / "translations", settings.languages)
        siteurl = settings.siteurl or "http://localhost:8000"  # feeds need absolute URLs
        self._enclosure = self.context.get("griot_enclosure")
        return build.FeedSite(
            siteurl=siteurl,
            sitename=settings.sitename,
            authority=self.feed_settings.id_authority or build.tag_authority(siteurl),
            default_language=settings.default_language,
            default_license=settings.default_license,
            license_url=settings.license_url,
            max_entries=self.feed_settings.entries,
            content=self.feed_settings.content,
            translate=lambda lang, message: catalogs[lang].ugettext(message),
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

    def _build_all(self) -> list[tuple[Listing | None, list[FeedLink]]]:
        site = self._feed_site()
        self._outputs = []
        result = []
        memo: dict = {}
        for listing, spec, entries in self._specs():
            fg = build.build_feed(spec, entries, site, warn=self._warn, memo=memo)
            origin = f"feed of {listing.kind} '{listing.key}' ({listing.lang})" if listing else (
                "feed of every language")
            self._outputs.append((spec.atom_url, build.atom_bytes(fg), origin))
            self._outputs.append((spec.rss_url, build.rss_bytes(fg), origin))
            result.append((listing, [
                FeedLink(spec.atom_url, build.ATOM, build.feed_link_title(spec.title, build.ATOM)),
                FeedLink(spec.rss_url, build.RSS, build.feed_link_title(spec.title, build.RSS)),
            ]))
        return result

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            logger.warning("%s", message)

    def _attach_links(self, pages: list[PageOut], feeds, by_listing) -> None:
        """Listing pages advertise their own feeds; articles their hashtags' then their
        language home's; other pages their language home's; the chooser and 404 the root's."""
        root = feeds[0][1]
        homes = {listing.lang: links for listing, links in feeds
                 if listing is not None and listing.kind == "home"}
        terms = {(listing.kind, listing.lang, listing.key): links for listing, links in feeds
                 if listing is not None and listing.kind != "home"}
        for page in pages:
            listing = page.vars.get("listing")
            entry = page.vars.get("entry")
            if isinstance(listing, Listing) and listing.url in by_listing:
                links = by_listing[listing.url]
            elif page.lang is None:
                links = root
            elif entry is not None and entry.kind == "article":
                links = [link for ref in entry.terms.get("hashtags", ())
                         for link in terms.get(("hashtags", page.lang, ref.key), ())]
                links += homes.get(page.lang, [])
            else:
                links = homes.get(page.lang, root)
            page.feeds.extend(link for link in links if link not in page.feeds)

    # ------------------------------------------------------------ output

    def generate_output(self, writer):
        if self.context.get("griot_enclosure") is not self._enclosure:
            # The images plugin came after us and now offers covers as enclosures.
            self._build_all()
        out: OutputWriter = self.context["griot_writer"]
        for rel, data, origin in self._outputs:
            out.write(rel, data, origin)
