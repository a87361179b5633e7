"""The one object a build's stages share, and what a stage is.

GriotPelican (griot.engine) makes one `Build` per build and hands it to every stage of its
list, top to bottom: each stage reads what the stages above it left (the site model, the
pages, the listings...) and adds its own. Nothing travels in Pelican's context or settings.
Imports no feature: the fields a feature fills are typed by what they hold, in comments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .catalogs import load_catalogs
from .pages import Listing, PageOut
from .signature import Signer, global_token
from .writer import OutputWriter


@dataclass
class Carried:
    """What one build leaves the next in a live preview (a full build starts with a new one):
    the content cache, the compiled templates, the signatures of what was read, and the drafts
    of files that did not change (the same objects, which later steps recognise), and the
    links found in them."""

    read_cache: Any = None  # griot.reader.cache.ReadCache
    environment: Any = None  # griot.render.environment.ThemeEnvironment
    signature_memo: dict = field(default_factory=dict)
    draft_memo: dict = field(default_factory=dict)
    link_memo: dict = field(default_factory=dict)  # griot.checks.site_links.LinkReport.memo
    warned: frozenset = frozenset()  # the warnings the last build printed (each once a session)
    feed_items: dict = field(default_factory=dict)  # griot.feeds: items, by what they show
    # griot.sitefiles: (siteurl and languages, each listed page's text in the sitemap by
    # what it is made of, the same texts by URL)
    sitemap_parts: tuple = ((), {}, {})

    def copy(self) -> Carried:
        """For an update that may fail: what it replaces must not reach the last build's."""
        return Carried(self.read_cache, self.environment, self.signature_memo,
                       dict(self.draft_memo), self.link_memo, self.warned, self.feed_items,
                       self.sitemap_parts)


@dataclass(eq=False)
class Build:
    """One build: its inputs, its services, and what the stages have made so far."""

    settings: Mapping  # Pelican's settings (plain values only)
    context: dict  # Pelican's context: what Pelican's own generators read
    path: str  # the content folder
    theme: str
    output_path: str  # where files go: the staging folder, or the output itself (live update)
    writer: OutputWriter
    site_settings: Any  # griot.content.settings.SiteSettings
    workers: int  # processes for Markdown, images and cards (griot.core.workers)
    new_reader: Callable[[], Any]  # a Griot Markdown reader on this build's content cache
    carried: Carried = field(default_factory=Carried)
    incremental: bool = False  # a live preview's update: a few files read again
    tracking: bool = False  # a live preview's build: the signer records what reads each entry
    # Filled by the stages, in order.
    site: Any = None  # griot.content.model.Site (content)
    taxonomies: Any = None  # griot.taxonomies.model.Taxonomies (taxonomies)
    pages: list[PageOut] = field(default_factory=list)  # every page to render
    listings: list[Listing] = field(default_factory=list)  # every list with pages and feeds
    # Helpers stages offer templates (images: picture(), social()), and what each depends
    # on, for the page signatures (griot.core.signature).
    template_globals: dict[str, Callable] = field(default_factory=dict)
    signature_parts: dict[str, object] = field(default_factory=dict)
    # Feeds: rel -> (absolute URL, MIME type, bytes) of a cover's enclosure, and its token.
    enclosure: Callable[[str], tuple[str, str, int] | None] | None = None
    enclosure_token: object = None
    # Work a stage started and left running (social cards drawn while pages render): objects
    # with finish() and cancel(). Finished before the output is committed.
    pending: list = field(default_factory=list)
    _signer: Signer | None = None
    _catalogs: dict | None = None

    @property
    def now(self) -> datetime:
        """The moment this build publishes for (griot.core.clock)."""
        return self.site_settings.now

    @property
    def signed(self) -> bool:
        """Whether anything was signed (the signer made) in this build."""
        return self._signer is not None

    @property
    def signer(self) -> Signer:
        """Signatures of pages and feeds, made once every stage has said, while describing,
        what its template globals and providers depend on."""
        if self._signer is None:
            self._signer = Signer(global_token(self.settings, self.theme), self.signature_parts,
                                  self.template_globals, self.carried.signature_memo,
                                  track=self.tracking)
        return self._signer

    @property
    def catalogs(self) -> dict:
        """The UI catalog of every site language, loaded once."""
        if self._catalogs is None:
            self._catalogs = load_catalogs(Path(self.theme) / "translations",
                                           self.site_settings.languages)
        return self._catalogs


class Stage:
    """One step of the build, as Pelican's generators are: `describe()` runs for every stage
    before anything is reported or rendered (every problem reaches the report before a page is
    written), then `write()`. Problems and warnings found go to `problems` and `warnings`."""

    def __init__(self, build: Build):
        self.build = build
        self.problems: list[str] = []
        self.warnings: list[str] = []

    # What Pelican's generators call these, for code written against them.
    @property
    def settings(self) -> Mapping:
        return self.build.settings

    @property
    def theme(self) -> str:
        return self.build.theme

    @property
    def output_path(self) -> str:
        return self.build.output_path

    @property
    def site_settings(self):
        return self.build.site_settings

    def describe(self) -> None:
        """Read what the stages above left; add to the build. Writes only what no page links
        before it is checked (images into the staging folder)."""

    def write(self) -> None:
        """Write this stage's files through `build.writer`."""
