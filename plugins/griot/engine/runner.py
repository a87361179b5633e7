"""The Pelican class Griot runs (PELICAN_CLASS): atomic output that only changes what changed,
and a fixed generator order."""

from __future__ import annotations

import atexit
import gc
import os
from dataclasses import dataclass, field

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from griot.core import manifest
from griot.core.atomic import CommitReport, staged_output
from griot.core.writer import OutputWriter, Record

# A build leaves millions of objects behind (texts, model, pages). The collection Python runs
# while it shuts down would walk them all, only to free memory the ending process returns
# anyway: 0.7 s at the end of a 3000-pair build, 0.15 s once they are frozen. Registered at
# import, so it runs after every handler registered later (atexit is last in, first out).
atexit.register(gc.freeze)

# Griot's generators depend on each other's context (the model, then terms, then images, then
# pages, then feeds). Plugins connect them to Pelican's get_generators signal, whose receivers
# blinker keeps in a set: their order is not guaranteed, so it is fixed here.
STAGES = {
    "ContentGenerator": 10,
    "TaxonomiesGenerator": 20,
    "ImagesGenerator": 30,
    "LanguagesGenerator": 40,
    "RenderGenerator": 44,
    "SiteFilesGenerator": 46,
    "FeedsGenerator": 50,
}


class ReadingArticlesGenerator(ArticlesGenerator):
    """Pelican's articles generator when Pelican is left nothing to write (Griot's settings):
    it reads, and its output step, which would still work out every article's URL and file
    name only to write nothing, is skipped. A tenth of a warm build on a large site."""

    def generate_output(self, writer):
        signals.article_writer_finalized.send(self, writer=writer)


class ReadingPagesGenerator(PagesGenerator):
    """The same for pages."""

    def generate_output(self, writer):
        signals.page_writer_finalized.send(self, writer=writer)


# What Pelican's articles and pages generators write, when these are set (Griot's
# pelicanconf.py empties every one of them: Griot writes every page itself).
PELICAN_OUTPUTS = tuple(
    [f"{kind}{lang}_SAVE_AS" for kind in ("ARTICLE", "DRAFT", "PAGE", "DRAFT_PAGE")
     for lang in ("", "_LANG")]
    + [f"{kind}_SAVE_AS" for kind in ("CATEGORY", "TAG", "AUTHOR", "YEAR_ARCHIVE",
                                      "MONTH_ARCHIVE", "DAY_ARCHIVE")]
    + [f"{kind}_{fmt}" for kind in ("FEED", "FEED_ALL", "CATEGORY_FEED", "AUTHOR_FEED",
                                    "TAG_FEED", "TRANSLATION_FEED") for fmt in ("ATOM", "RSS")]
    + ["DIRECT_TEMPLATES", "PAGINATED_TEMPLATES"])


def pelican_writes_nothing(settings: dict) -> bool:
    return not any(settings.get(key) for key in PELICAN_OUTPUTS)


def ordered(classes: list[type]) -> list[type]:
    """Griot's generators in stage order, where the first of them stood; others untouched."""
    griot = sorted((c for c in classes if c.__name__ in STAGES), key=lambda c: STAGES[c.__name__])
    if not griot:
        return list(classes)
    first = next(i for i, c in enumerate(classes) if c.__name__ in STAGES)
    rest = [c for c in classes if c.__name__ not in STAGES]
    return rest[:first] + griot + rest[first:]


@dataclass
class BuildState:
    """What a successful build leaves for the live preview's next, incremental, update."""

    context: dict = field(default_factory=dict)  # Pelican's context after every generator ran
    manifest: dict[str, Record | None] = field(default_factory=dict)
    kept: bool = False  # a live preview will update this build: keep its content cache
    # Work a generator started and left running (social cards drawn while pages render):
    # objects with finish() and cancel(). Finished before the output is committed.
    pending: list = field(default_factory=list)


def remember_context(generators) -> None:
    """all_generators_finalized: hand the build's context to the GriotPelican running it, and
    set the model aside from the cycle collector while pages render."""
    if generators:
        state = generators[0].context.get("griot_build")
        if isinstance(state, BuildState):
            state.context = generators[0].context
            cache = state.context.get("griot_read_cache")
            if cache is not None and not state.kept:
                cache.release()  # every file is read: a one-off build is done with it
            # Millions of long-lived objects (contents, model, caches) would otherwise be
            # traversed by every full collection rendering triggers: a tenth of a warm build.
            # GriotPelican.run unfreezes them when the build is over.
            gc.freeze()


class GriotPelican(Pelican):
    """Pelican whose every run (plain, --autoreload, invoke) writes atomically, and writes a file
    only when its bytes changed."""

    last_build: BuildState | None = None
    last_commit: CommitReport | None = None
    keep_state = False  # set by the live preview (griot.preview.incremental.LiveSite)

    def __init__(self, settings):
        # Whether scheduled articles show is Griot's decision, against the build's one clock
        # (griot.core.clock): Pelican would turn them into drafts against the wall clock.
        settings.setdefault("GRIOT_WITH_FUTURE_DATES", settings.get("WITH_FUTURE_DATES", True))
        settings["WITH_FUTURE_DATES"] = True
        super().__init__(settings)

    def _get_generator_classes(self):
        classes = ordered(super()._get_generator_classes())
        if pelican_writes_nothing(self.settings):
            readers = {ArticlesGenerator: ReadingArticlesGenerator,
                       PagesGenerator: ReadingPagesGenerator}
            classes = [readers.get(cls, cls) for cls in classes]
        return classes

    def _finish_pending(self, sender) -> None:
        """finalized: pages and feeds are written; wait for what still runs in the background
        (before Pelican reports the build done, and before the staged output is committed)."""
        state = self.settings.get("griot_build")
        if sender is self and isinstance(state, BuildState):
            while state.pending:
                state.pending.pop(0).finish()

    def run(self):
        final = os.path.abspath(self.output_path)
        cache_dir = self.settings.get("CACHE_PATH")
        published = os.path.isdir(final)
        old = manifest.load(cache_dir, final) if published else {}
        state = BuildState(kept=self.keep_state)
        self.last_build = None
        with staged_output(final) as stage:
            writer = OutputWriter(stage.path, previous=final if published else None, old=old)
            # Pelican copies the settings into each build's context: that is how the writer and
            # the state reach the generators.
            self.settings["griot_writer"] = writer
            self.settings["griot_build"] = state
            self.output_path = str(stage.path)
            signals.finalized.connect(self._finish_pending)
            try:
                super().run()
            except BaseException:
                for work in state.pending:
                    work.cancel()
                raise
            finally:
                signals.finalized.disconnect(self._finish_pending)
                gc.unfreeze()
                self.output_path = final
                self.settings.pop("griot_writer", None)
                self.settings.pop("griot_build", None)
            self.last_commit = stage.commit(writer.written)
        state.manifest = writer.manifest()
        state.context.pop("griot_writer", None)
        manifest.save(cache_dir, final, state.manifest)
        self.last_build = state
