"""Stage: publishes every image a page uses, and the social cards, before pages render.

In describe() (so every problem reaches the report before a page is written):
  1. list the images published pages use: covers of articles, pages and campaigns, authors'
     avatars, and body images (the reader rewrote them and recorded them in the metadata);
  2. warn about files under content/images that nothing uses (drafts count as users);
  3. plan and render them all through the content-addressed cache, on every core;
  4. draw (or take from the cache) one social card per article, campaign page and home;
  5. offer templates `picture()` and `social()` and feeds the covers as enclosures.
Output goes to the staging folder the build swaps in only on success.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup
from pelican.log import console

from griot.core import urls
from griot.core.build import Stage
from griot.core.errors import BuildError, ContentError, GriotError
from griot.core.paths import display_path
from griot.core.problems import WARNING, Problem, T
from griot.core.signature import digest
from griot.core.writer import OutputWriter

from .body import USED_KEY
from .cache import Cache
from .markup import DEFAULT_SIZES, picture_html
from .pipeline import ImageError, ImagePlan, Variant, plan, render, render_many
from .settings import ImageSettings, ImageSettingsError, load
from .social import CARD_HEIGHT, CARD_WIDTH, CardRun, CardSpec, og_locale, start_cards

logger = logging.getLogger(__name__)

# Files under content/images that count as images (for the "nobody uses it" warning).
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif", ".tif",
                  ".tiff", ".bmp", ".svg"}
DEFAULT_FONT = Path("fonts") / "DejaVuSans-Bold.ttf"  # in the theme, with its licence
# Feed enclosures: the largest fallback (JPEG/PNG) candidate up to this width; every feed
# reader shows JPEG, and a 720 px picture fills a reader's column without costing 1440 px.
ENCLOSURE_MAX_WIDTH = 720
PROGRESS_AFTER = 2.0  # seconds: shorter runs stay silent


class Use(NamedTuple):
    rel: str  # relative to content/
    where: str  # the content file that uses it, as shown to bloggers


@dataclass(frozen=True)
class SocialCard:
    """What base.html's head says about a page when it is shared."""

    image: str  # relative to the output root
    width: int
    height: int
    title: str  # "" on pages that borrow their language's home card: the page title is used
    description: str
    locale: str
    locale_alternates: tuple[str, ...] = ()
    type: str = "website"


@dataclass
class _Progress:
    """Logs progress of a long run (every tenth), silent when it is over in seconds."""

    what: str
    started: float = field(default_factory=time.perf_counter)
    shown: int = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if time.perf_counter() - self.started < PROGRESS_AFTER or tenth == self.shown:
            return
        self.shown = tenth
        # Printed, not logged as a warning: `pelican --fatal warnings` must not stop on it.
        console.print(f"{self.what}: {done} of {total} done")


class ImagesStage(Stage):
    def __init__(self, build):
        super().__init__(build)
        self.content_root = Path(self.settings["PATH"]).resolve()
        self.image_settings: ImageSettings | None = None
        self.cache: Cache | None = None
        self.uses: dict[str, list[str]] = {}  # rel -> files using it, first use first
        self.plans: dict[str, ImagePlan] = {}  # rel -> plan, for every published image
        self.cards: dict[str, SocialCard] = {}  # page or listing URL -> its card
        self._borrowed: dict[str, SocialCard] = {}  # home URL -> its card, title left out
        self.stats: dict[str, float] = {}

    # ------------------------------------------------------------ context

    def describe(self):
        started = time.perf_counter()
        try:
            self.image_settings = load(self.settings)
        except ImageSettingsError as exc:
            self.problems.append(str(exc))
            return
        self.cache = Cache(Path(self.image_settings.cache_dir).absolute(),
                           self.image_settings.fingerprint)
        site = self.build.site
        for use in self.published_uses(site):
            self.uses.setdefault(use.rel, [])
            if use.where not in self.uses[use.rel]:
                self.uses[use.rel].append(use.where)
        self.warn_unused(set(self.uses) | self.unpublished_references())
        self.plan_all()
        if self.settings.get("GRIOT_CHECK_ONLY"):  # `invoke check`: found, read, not encoded
            return
        self.render_all()
        self.make_cards(site)
        self.build.enclosure = self.enclosure
        self.build.template_globals.update(picture=self.picture, social=self.social)
        # What pages and feeds using these hooks are made from (griot.core.signature):
        # picture() and enclosures follow the plans; social() is signed page by page.
        plans = digest(sorted(self.plans.items())).hex()
        self.build.signature_parts.update(picture=plans, social="per page")
        self.build.enclosure_token = (self.enclosure, plans)
        self.stats["seconds"] = time.perf_counter() - started
        logger.info("images: %d sources, %d encoded, %d cards (%d to draw) in %.2f s",
                    len(self.plans), self.stats.get("encoded", 0), len(self.cards),
                    self.stats.get("cards_to_draw", 0), self.stats["seconds"])

    def published_uses(self, site) -> Iterator[Use]:
        """Every (image, file) pair of what this build publishes."""
        body_images = {}
        for content in self._pelican_contents():
            header = content.metadata["header"]
            body_images[header.path] = content.metadata.get(USED_KEY, ())
        for entry in site.entries:
            meta = entry.meta
            if meta.cover:
                yield Use(meta.cover, meta.path)
            for rel in body_images.get(meta.path, ()):
                yield Use(rel, meta.path)
        for text in self._term_texts():
            for rel in (text.meta.cover, text.meta.avatar):
                if rel:
                    yield Use(rel, text.meta.path)
            for rel in self._term_body_images(text):
                yield Use(rel, text.meta.path)

    def unpublished_references(self) -> set[str]:
        """Images only drafts (or scheduled articles) use: not published, not unused either."""
        found = set()
        for content in self._pelican_contents():
            header = content.metadata["header"]
            found.update(rel for rel in (header.cover, header.avatar) if rel)
            found.update(content.metadata.get(USED_KEY, ()))
        return found

    def _pelican_contents(self) -> Iterator:
        for content in self.build.context.get("generated_content", {}).values():
            if content is not None and "header" in getattr(content, "metadata", {}):
                yield content

    def _term_texts(self) -> Iterable:
        taxonomies = self.build.taxonomies
        if taxonomies is None:
            return ()
        return [text for terms in taxonomies.terms.values() for term in terms.values()
                for text in term.texts.values()]

    def _term_body_images(self, text) -> tuple[str, ...]:
        """Campaign, region and author texts are read by the taxonomies plugin, which keeps only
        their HTML: read again the few whose body shows a picture, to learn which."""
        if "<picture" not in text.body:
            return ()
        if not hasattr(self, "_reader"):
            self._reader = self.build.new_reader()
        try:
            _, metadata = self._reader.parse(str(Path(text.meta.path).resolve()))
        except ContentError:
            return ()  # reported by the taxonomies plugin already
        return metadata.get(USED_KEY, ())

    def warn_unused(self, referenced: set[str]) -> None:
        root = self.content_root / "images"
        if not root.is_dir():
            return
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(self.content_root).as_posix()
            hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
            if (hidden or not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES
                    or rel in referenced):
                continue
            self.warnings.append(Problem(
                display_path(str(path)),
                T("no page uses this image, so it is not published"),
                T("use it (header `Cover: {rel}`, or `![what it shows](/{rel})` in a text), or "
                  "delete the file", rel=rel), severity=WARNING))

    def plan_all(self) -> None:
        for rel, users in self.uses.items():
            try:
                self.plans[rel] = plan(self.content_root / rel, rel, self.image_settings,
                                       self.cache)
            except ImageError as exc:
                self._problem(exc, users)

    def _problem(self, exc: ImageError, users: list[str]) -> None:
        for where in users:
            self.problems.append(exc.within(where).problem())

    def render_all(self) -> None:
        plans = list(self.plans.values())
        cache, settings, out = self.cache, self.image_settings, Path(self.output_path)
        self.stats["encoded"] = sum(1 for p in plans if not cache.complete(p))
        workers = self.build.workers
        try:
            render_many(plans, settings, out, cache, workers=workers,
                        progress=_Progress("images"))
        except ImageError:
            # A worker stopped at the first broken file: go through them all to name each one.
            for p in plans:
                try:
                    render(p, settings, out, cache)
                except ImageError as exc:
                    self._problem(exc, self.uses[p.rel])
                    del self.plans[p.rel]
        writer: OutputWriter = self.build.writer
        for p in self.plans.values():
            for variant in p.outputs:
                writer.adopt(variant.url, f"image {p.rel}")

    # ------------------------------------------------------------ social cards

    def make_cards(self, site) -> None:
        settings = self.site_settings
        font = Path(self.settings.get("GRIOT_CARD_FONT") or Path(self.theme) / DEFAULT_FONT)
        if not font.is_file():
            self.problems.append(
                f"{font}: the social cards' font is missing\n"
                f"    fix: restore it in the theme ({DEFAULT_FONT}) or set GRIOT_CARD_FONT")
            return
        self._font = font
        specs: list[CardSpec] = []
        cards: dict[str, tuple[str, tuple]] = {}  # url -> (spec name, SocialCard's other fields)

        def add(url: str, spec: CardSpec, card: tuple) -> None:
            specs.append(spec)
            cards[url] = (spec.name, card)

        for entry in site.entries:
            if entry.kind == "article":
                add(entry.url, *self.article_card(entry))
        taxonomies = self.build.taxonomies
        campaigns = [t for t in taxonomies.terms["hashtags"].values()
                     if t.is_campaign] if taxonomies else []
        for term in campaigns:
            for lang in term.page_languages(settings.languages):
                text = term.text(lang, settings.languages)
                name = term.name(lang, settings.languages)
                cover = self.plans.get(text.meta.cover) if text.meta.cover else None
                add(urls.term(lang, "hashtags", term.key),
                    CardSpec(f"campaign-{lang}-{term.key}", text.title, name, settings.sitename,
                             text.lang, None, str(cover.source) if cover else None,
                             cover.digest if cover else None),
                    (CARD_WIDTH, CARD_HEIGHT, text.title, text.summary_text, og_locale(lang)))
        for lang in settings.languages:
            description = settings.description.get(lang, "") or settings.sitename
            add(urls.home(lang),
                CardSpec(f"home-{lang}", description, None, settings.sitename, lang),
                (CARD_WIDTH, CARD_HEIGHT, settings.sitename, description, og_locale(lang)))

        workers = self.build.workers
        published = self.build.writer.previous
        run = start_cards(specs, font, Path(self.output_path), self.image_settings.output_dir,
                          self.cache.root, self.image_settings, workers=workers,
                          published=Path(published) if published else None)
        writer: OutputWriter = self.build.writer
        for url, (name, card) in cards.items():
            image = run.urls[name]
            writer.adopt(image, f"social card {name}")
            self.cards[url] = SocialCard(image, *card)
        self.stats["cards_to_draw"] = len(run.jobs)
        if run.pool is not None and not self.build.incremental:
            self.build.pending.append(_PendingCards(run))  # drawn while pages render
            return
        try:
            run.finish(_Progress("social cards"))
        except ImageError as exc:  # a cover that planned fine but does not decode
            self.problems.append(exc.problem())

    def article_card(self, entry) -> tuple[CardSpec, tuple]:
        """An article's card: what it draws, and SocialCard's fields after the image's."""
        meta = entry.meta
        hashtags = entry.terms.get("hashtags") or ()
        hashtag = hashtags[0].name if hashtags else (meta.hashtags[0] if meta.hashtags
                                                     else None)
        note = content_note(self.build.catalogs[entry.lang], meta.content_warning)
        cover = self.plans.get(meta.cover) if meta.cover else None
        sitename = self.site_settings.sitename
        return (CardSpec(f"article-{entry.lang}-{meta.slug}", entry.title, hashtag, sitename,
                         entry.lang, note, str(cover.source) if cover else None,
                         cover.digest if cover else None),
                (CARD_WIDTH, CARD_HEIGHT, entry.title, card_description(note, entry),
                 og_locale(entry.lang),
                 tuple(og_locale(lang) for lang in entry.translations if lang != entry.lang),
                 "article"))

    def patch_card(self, entry, writer: OutputWriter, new: bool = False) -> str | None:
        """The live preview's patches (griot.preview.patch): an article's header or summary
        changed in place. Its card follows; a card that draws differently (another title or
        content note) is drawn now, into the output, and claimed in `writer`. Returns the
        image it replaces (no page shows it any more), else None. `new`: a new article's
        card (griot.preview.insert), drawn likewise."""
        old = self.cards.get(entry.url)
        if old is None and not new:
            return None  # no card (a page)
        spec, card = self.article_card(entry)
        run = start_cards([spec], self._font, Path(self.output_path),
                          self.image_settings.output_dir, self.cache.root, self.image_settings)
        image = run.urls[spec.name]
        self.cards[entry.url] = SocialCard(image, *card)
        if old is not None and image == old.image:
            return None
        try:
            run.finish()
        except ImageError as exc:  # a cover that planned fine but does not decode
            raise BuildError([exc.problem()]) from None
        writer.adopt(image, f"social card {spec.name}")
        return old.image if old is not None else None

    def drop_card(self, entry) -> str | None:
        """The live preview's insert patch: a deleted article's card, no page shows it any
        more; returns its image."""
        card = self.cards.pop(entry.url, None)
        return card.image if card is not None else None

    # ------------------------------------------------------------ hooks

    def picture(self, rel: str, alt: str, lazy: bool = True, sizes: str = DEFAULT_SIZES,
                css_class: str | None = None) -> Markup:
        """Template global: the <picture> of a published image (cover, avatar)."""
        p = self.plans.get(rel)
        if p is None:
            raise GriotError(f"picture({rel!r}): this image was not published by the images"
                             " plugin; templates may only show covers and avatars")
        return Markup(picture_html(p, alt, sizes=sizes, lazy=lazy, css_class=css_class,
                                   siteurl=self.site_settings.siteurl))

    def social(self, page) -> SocialCard | None:
        """Template global: the card of a page; other pages borrow their language's home card."""
        entry = page.vars.get("entry")
        listing = page.vars.get("listing")
        for url in (getattr(entry, "url", None), getattr(listing, "url", None)):
            if url is not None and url in self.cards:
                return self.cards[url]
        home_url = urls.home(page.lang or self.site_settings.default_language)
        borrowed = self._borrowed.get(home_url)
        if borrowed is None and home_url in self.cards:
            borrowed = self._borrowed[home_url] = replace(self.cards[home_url], title="",
                                                          description="")
        return borrowed

    def enclosure(self, rel: str) -> tuple[str, str, int] | None:
        """Feeds: (absolute URL, MIME type, bytes) of a cover's JPEG (PNG if transparent)."""
        p = self.plans.get(rel)
        if p is None:
            return None
        variant = _enclosure_variant(p)
        path = Path(self.output_path) / variant.url
        siteurl = self.site_settings.siteurl or "http://localhost:8000"
        return f"{siteurl}/{variant.url}", variant.mime, path.stat().st_size


def content_note(catalog, warning: str | None) -> str | None:
    return f"{catalog.gettext('Content note:')} {warning}" if warning else None


def card_description(note: str | None, entry) -> str:
    """What an article's card says: its content note first, then its summary."""
    return f"{note} — {entry.summary_text}" if note else entry.summary_text


def _enclosure_variant(p: ImagePlan) -> Variant:
    candidates = sorted(p.srcset(p.fallback.format), key=lambda v: v.width)
    fitting = [v for v in candidates if v.width <= ENCLOSURE_MAX_WIDTH]
    return fitting[-1] if fitting else candidates[0]


class _PendingCards:
    """The cards a build draws in the background, for GriotPelican to wait for."""

    def __init__(self, run: CardRun):
        self.run = run

    def finish(self) -> None:
        started = time.perf_counter()
        try:
            drawn = self.run.finish(_Progress("social cards"))
        except ImageError as exc:  # covers decoded when their variants were made: unexpected
            raise BuildError([f"{exc}\n    (while drawing social cards)"]) from exc
        except OSError as exc:
            raise BuildError([
                f"social cards: {exc}\n    fix: check the free space and permissions of the "
                f"output folder and of CACHE_PATH ({self.run.store.root.parent})"]) from exc
        if drawn:
            logger.info("images: %d social cards drawn, %.2f s after the pages were written",
                        drawn, time.perf_counter() - started)

    def cancel(self) -> None:
        self.run.cancel()
