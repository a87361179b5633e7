"""The Pelican class Griot runs (PELICAN_CLASS): Pelican reads, then Griot's stages run from one
list, top to bottom, into a staging folder swapped in only on success; a file is written only
when its bytes changed."""

from __future__ import annotations

import atexit
import gc
import os
import time
from dataclasses import dataclass, field

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import console

from griot.content.settings import load
from griot.core import compat, manifest
from griot.core.atomic import CommitReport, staged_output
from griot.core.build import Build, Carried
from griot.core.store import OutputStore
from griot.core.workers import worker_count
from griot.core.writer import OutputWriter, Record
from griot.reader import prefetch_files
from griot.reader.cache import ReadCache
from griot.reader.reader import GriotMarkdownReader
from griot.search.index import SearchIndex

from .problems import stop_on_problems
from .settings import check as check_settings
from .stages import STAGES

# A build leaves millions of objects behind (texts, model, pages). The collection Python runs
# while it shuts down would walk them all, only to free memory the ending process returns
# anyway: 0.7 s at the end of a 3000-pair build, 0.15 s once they are frozen. Registered at
# import, so it runs after every handler registered later (atexit is last in, first out).
atexit.register(gc.freeze)


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


def finishers(settings, writer: OutputWriter | None = None) -> list:
    """Whole-site steps run on the complete staged site just before it is swapped in: the
    search index (never in the live preview, see SiteSettings.search_index), which keeps
    each language's bundle in the cache for the pages `writer` signed."""
    site = load(settings)
    if not site.search_index:
        return []

    def signatures() -> dict[str, bytes | None]:
        records = writer.records if writer is not None else {}
        return {rel: record.signature for rel, record in records.items()}

    return [SearchIndex(site.languages, settings.get("CACHE_PATH"), signatures)]


@dataclass
class BuildState:
    """What a successful build leaves for the live preview's next, incremental, update."""

    context: dict = field(default_factory=dict)  # Pelican's context after every generator ran
    carried: Carried = field(default_factory=Carried)  # for the next update
    manifest: dict[str, Record | None] = field(default_factory=dict)
    kept: bool = False  # a live preview will update this build: keep its content cache
    # A live preview's last build and its stages (when `kept`): the model an update whose
    # files keep their headers patches in place (griot.preview.patch).
    build: Build | None = None
    stages: tuple = ()
    by_path: dict | None = None  # its entries by file, made by the first patch
    patchable: bool = True  # False: a patch failed half-way, the next update builds the model


class GriotPelican(Pelican):
    """Pelican whose every run (plain, --autoreload, invoke) reads with Pelican's generators,
    then runs Griot's stages (`STAGES`) on one Build, and writes atomically."""

    last_build: BuildState | None = None
    last_commit: CommitReport | None = None
    keep_state = False  # set by the live preview (griot.preview.incremental.LiveSite)

    def __init__(self, settings):
        # Whether scheduled articles show is Griot's decision, against the build's one clock
        # (griot.core.clock): Pelican would turn them into drafts against the wall clock.
        settings.setdefault("GRIOT_WITH_FUTURE_DATES", settings.get("WITH_FUTURE_DATES", True))
        settings["WITH_FUTURE_DATES"] = True
        super().__init__(settings)

    def generator_classes(self) -> list[type]:
        """Pelican's generators (and other plugins'): with Griot's settings, readers only."""
        classes = compat.pelican_generator_classes(self)
        if pelican_writes_nothing(self.settings):
            readers = {ArticlesGenerator: ReadingArticlesGenerator,
                       PagesGenerator: ReadingPagesGenerator}
            classes = [readers.get(cls, cls) for cls in classes]
        return classes

    def run(self):
        check_settings(self.settings)  # every bad value at once, before anything is read
        final = os.path.abspath(self.output_path)
        cache_dir = self.settings.get("CACHE_PATH")
        state = BuildState(kept=self.keep_state)
        self.last_build = None
        with staged_output(final) as stage:
            # Under the output's lock, after recovery: what another build or a crash left.
            published = os.path.isdir(final)
            old = manifest.load(cache_dir, final) if published else {}
            # The live preview writes in place, where every file it keeps is published.
            store = None if self.keep_state else OutputStore(cache_dir)
            writer = OutputWriter(stage.path, previous=final if published else None, old=old,
                                  store=store)
            self.output_path = str(stage.path)
            try:
                build = self._run(writer, state)
            finally:
                gc.unfreeze()
                self.output_path = final
            # A build killed after the swap and before the new manifest is saved must not leave
            # the old manifest describing the new site: the next build would trust it.
            manifest.forget(cache_dir)
            self.last_commit = stage.commit(writer.written, finishers(self.settings, writer))
            state.manifest = writer.manifest()
            manifest.save(cache_dir, final, state.manifest)  # still under the lock
            if store is not None:
                store.sync(final, state.manifest)
        state.carried = build.carried
        build.output_path = final  # where its files are now (a patch's stages look there)
        self.last_build = state

    def _run(self, writer: OutputWriter, state: BuildState) -> Build:
        """Pelican.run's phases, with Griot's stages in their place: every generator and stage
        describes, every problem is reported at once, then everything is written."""
        started = time.time()
        context = self.settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.settings["SITEURL"]
        build = new_build(self.settings, context, self.path, self.theme, self.output_path,
                          writer, Carried(), tracking=state.kept)
        generators = [cls(context=context, settings=self.settings, path=self.path,
                          theme=self.theme, output_path=self.output_path)
                      for cls in self.generator_classes()]
        prefetch_content(generators, build)
        stages = [cls(build) for cls in STAGES]
        try:
            for generator in generators:
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
                if hasattr(generator, "check_disabled_readers"):
                    generator.check_disabled_readers()
            # Other plugins finish what Pelican read (a reading time, a summary, a rewritten
            # body) before Griot's stages make the site model from it.
            signals.all_generators_finalized.send(generators)
            for stage in stages:
                stage.describe()
            state.context = context
            if build.carried.read_cache is not None and not state.kept:
                build.carried.read_cache.release()  # every file is read: done with it
            # Millions of long-lived objects (contents, model, caches) would otherwise be
            # traversed by every full collection rendering triggers: a tenth of a warm build.
            # run() unfreezes them when the build is over.
            gc.freeze()
            stop_on_problems(build, generators, stages)
            for generator in generators:
                if hasattr(generator, "refresh_metadata_intersite_links"):
                    generator.refresh_metadata_intersite_links()
            pelican_writer = self._get_writer()
            for generator in generators:
                if hasattr(generator, "generate_output"):
                    generator.generate_output(pelican_writer)
            for stage in stages:
                stage.write()
            # Pages and feeds are written: wait for what still runs in the background (before
            # the build is reported done, and before the staged output is committed).
            while build.pending:
                build.pending.pop(0).finish()
            if state.kept:
                state.build, state.stages, state.by_path = build, tuple(stages), None
        except BaseException:
            for work in build.pending:
                work.cancel()
            raise
        signals.finalized.send(self)
        console.print(f"Done: {len(build.pages)} pages from "
                      f"{len(build.site.entries) if build.site else 0} articles and pages "
                      f"in {time.time() - started:.2f} seconds.")
        return build


def new_build(settings, context: dict, path: str, theme: str, output_path: str,
              writer: OutputWriter, carried: Carried, incremental: bool = False,
              tracking: bool = False) -> Build:
    """The Build every stage of one build (or live update) receives."""
    if carried.read_cache is None:
        folder = settings.get("CACHE_PATH") if settings.get("GRIOT_CONTENT_CACHE", True) else None
        carried.read_cache = ReadCache(folder, settings)
    cache = carried.read_cache

    def new_reader() -> GriotMarkdownReader:
        reader = GriotMarkdownReader(settings)
        reader.cache = cache  # converted once per content hash
        return reader

    return Build(settings=settings, context=context, path=path, theme=theme,
                 output_path=output_path, writer=writer, site_settings=load(settings),
                 workers=worker_count(settings), new_reader=new_reader, carried=carried,
                 incremental=incremental, tracking=tracking)


def prefetch_content(generators, build: Build) -> None:
    """Give Pelican's article and page readers this build's content cache and start converting
    the files it lacks on every core; Pelican then reads them one by one, each as soon as its
    chunk is converted."""
    for generator in generators:
        if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            prefetch_files(generator, build.carried.read_cache, build.workers)
