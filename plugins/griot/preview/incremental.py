"""The live preview's build engine: one full build, then each saved, new or deleted article
or page is read again alone (or dropped), the site model rebuilt in memory from what was read
before, and only the pages and feeds whose inputs changed are written again, in place (a new
file renamed over the old). A rename is a deletion and a new file in one update.

A save that keeps the file's shape (its text, title, summary...: griot.preview.patch) does not
rebuild the model: it patches the last one, and only what read the entry is signed again. Nor
does a new or deleted article, most of the time (griot.preview.insert).

Anything else (settings, theme, a campaign, region or author file, an image) falls back to a
full, atomic build.
"""

from __future__ import annotations

import fnmatch
import gc
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.readers import Readers

from griot.core import manifest, urls
from griot.core.errors import BuildError, GriotError
from griot.core.pages import PageOut
from griot.core.paths import display_path
from griot.core.problems import T
from griot.core.writer import OutputWriter
from griot.engine.problems import stop_on_problems
from griot.engine.runner import BuildState, GriotPelican, new_build
from griot.engine.stages import STAGES
from griot.images.generator import IMAGE_SUFFIXES as _IMAGE_SUFFIXES
from griot.preview import insert, patch
from griot.reader.reader import GriotMarkdownReader
from griot.render.generator import RenderStage

logger = logging.getLogger(__name__)

# Pelican's lists of what it read, by kind and status.
_LISTS = {
    ("article", "published"): "articles",
    ("article", "draft"): "drafts",
    ("article", "hidden"): "hidden_articles",
    ("page", "published"): "pages",
    ("page", "draft"): "draft_pages",
    ("page", "hidden"): "hidden_pages",
}
# Editors' scratch files: never content, never a reason to rebuild.
_SCRATCH = (".*", "*~", "*.swp", "*.swx", "*.tmp", "#*#", "4913")
_MARKDOWN = set(GriotMarkdownReader.file_extensions)
GONE = patch.GONE  # a file the last build read, gone since


def path_suffix(rel: str) -> str:
    return os.path.splitext(rel)[1].lower().lstrip(".")


@dataclass
class Outcome:
    kind: str  # "full", "incremental", "unchanged" or "failed"
    seconds: float
    written: int = 0  # files given new bytes
    removed: int = 0  # files deleted because no page produces them any more
    reason: str = ""  # why a full build was needed, or what failed
    paths: tuple[str, ...] = ()  # incremental updates: the files given new bytes
    patched: bool = False  # an incremental update that patched the last model (patch.py)


class LiveSite:
    """A site kept in memory between builds. `build()` once, then `update(paths)` after each
    change; both return an Outcome and raise GriotError (the output is then left as it was)."""

    def __init__(self, pelican: GriotPelican):
        if not isinstance(pelican, GriotPelican):
            raise GriotError("the live preview needs PELICAN_CLASS = GriotPelican")
        self.pelican = pelican
        pelican.keep_state = True  # its content cache serves the updates
        self.settings = pelican.settings
        # No search index in the live preview: Pagefind reads the whole site, and every save
        # would wait for it. Its search page says so.
        self.settings["GRIOT_SEARCH"] = False
        self.content_root = Path(self.settings["PATH"]).resolve()
        self.pending: set[str] = set()  # files whose last reading failed: read them again
        self.dirty = False  # a failed update may have written part of the output
        self.garbage = False  # a previous model left for collect()
        # Previous models (their Build and stages) collect() frees; a full collection is due
        # after a full build or a failed update (what they left is not known).
        self._replaced: list[tuple] = []
        self._collect_all = True
        self._since_full = 0
        # Output file -> page an update left for later (griot.preview.insert): finish().
        self.deferred: dict[str, PageOut] = {}

    # ------------------------------------------------------------ full builds

    def build(self, reason: str = T("first build")) -> Outcome:
        started = time.perf_counter()
        self.deferred.clear()  # a full build writes every page
        try:
            self.pelican.run()
        finally:
            self.pending.clear()
        self.dirty, self.garbage = False, True
        self._replaced.clear()
        self._collect_all = True
        report = self.pelican.last_commit
        return Outcome("full", time.perf_counter() - started,
                       report.changed if report else 0, report.removed if report else 0, reason)

    # ------------------------------------------------------------ updates

    def update(self, paths: Iterable[str | os.PathLike]) -> Outcome:
        """Bring the output up to date after `paths` changed (created, modified or deleted)."""
        state = self.pelican.last_build
        if state is None or self.dirty:
            return self.build(T("the last build did not finish"))
        rels: dict[str, str] = {}  # path relative to PATH -> "article", "page" or GONE
        # Files whose last reading failed are looked at again (they may be gone since).
        for path in [*(self.content_root / rel for rel in self.pending), *paths]:
            path = Path(path).resolve()
            if _scratch(path) and self._inside_content(path):
                continue
            rel, kind, reason = self._content_file(path, state)
            if reason:
                return self.build(reason)
            if rel:
                rels[rel] = kind
        if not rels:
            return Outcome("unchanged", 0.0)
        started = time.perf_counter()
        # Until an update succeeds, its files are read again with the next change: the output
        # must never show an old version of a file whose new version is broken.
        self.pending |= set(rels)
        # The model is millions of objects: a cycle collection in the middle of an update costs
        # more than the update. The garbage (the previous model) is collected afterwards, by
        # `collect()` once the output is written, or by Python's next automatic collection.
        collecting = gc.isenabled()
        gc.disable()
        try:
            rels = dict(sorted(rels.items()))
            context, host = self._read(rels, state)
            found = patch.changes(state, rels, context)
            if found is None:  # a new or deleted article, maybe
                found = insert.plan(state, rels, context)
            stale: list[str] = []
            if found is not None:  # the last model patched in place
                writer, stale = self._patch(state, found, context, host)
                self._keep_deferred(state, found)
                changed = writer.manifest()
                records = state.manifest  # (a patch that failed left it as it was)
                records.update(changed)
                removed = self._remove(stale, writer.root)
                for rel in stale:
                    records.pop(rel, None)
                carried = state.build.carried
            else:
                self.garbage = True
                try:
                    writer, carried = self._generate(context, host, state)
                except BaseException:
                    self._collect_all = True  # what it made is left behind, cycles and all
                    raise
                removed = self._remove_stale(state, writer)
                records = writer.manifest()
                # Left for later, from the last model: this one signed every page against
                # what is published, and wrote those that differ.
                self.deferred.clear()
            state.context, state.carried, state.manifest = context, carried, records
            cache_dir, output = self.settings.get("CACHE_PATH"), self.pelican.output_path
            if found is not None:  # a few records changed: noted, not all written again
                manifest.note(cache_dir, output, records, changed, stale)
            else:
                manifest.save(cache_dir, output, records)
        finally:
            if collecting:
                gc.enable()
        self.pending.clear()
        return Outcome("incremental", time.perf_counter() - started, len(writer.changed), removed,
                       paths=tuple(sorted(writer.changed)), patched=found is not None)

    def collect(self) -> None:
        """Free the previous model: call it once the output is written, best when the editor
        is idle. A patch leaves none (the model is the same).

        A full collection walks every live object: about a second at 10,000 pairs, which a
        save made then waits for. So the previous model's cycles are broken (Site.unlink, its
        Build's and stages' fields dropped) and reference counting frees it, in a hundredth
        of that; the live model is then frozen (gc.freeze), so that Python's own collections
        do not walk it either. A full collection still runs after a full build, a failed
        update, and every FULL_EVERY updates (what little is left in cycles: a reader's
        Markdown instance)."""
        if not self.garbage:
            return
        self.garbage = False
        while self._replaced:
            release(*self._replaced.pop())
        self._since_full += 1
        if self._collect_all or self._since_full >= FULL_EVERY:
            gc.unfreeze()
            gc.collect()
            self._collect_all, self._since_full = False, 0
        gc.freeze()

    def _inside_content(self, path: Path) -> bool:
        return path == self.content_root or self.content_root in path.parents

    def _content_file(self, path: Path, state: BuildState) -> tuple[str, str, str]:
        """(path relative to PATH, "article", "page" or GONE, "") for an article or page to
        read again, a new one, or one deleted; ("", "", "") for a file that is no content and
        never was; else ("", "", why a full build is needed)."""
        try:
            rel = path.relative_to(self.content_root).as_posix()
        except ValueError:
            return "", "", T("{name} is not content (settings or theme)", name=path.name)
        if self.foreign_generators:
            return "", "", T("other plugins' generators ({names}) need a full build",
                             names=", ".join(self.foreign_generators))
        old = state.context.get("generated_content", {}).get(rel)
        known = old is not None and "header" in getattr(old, "metadata", {})
        if known and old.metadata["header"].kind not in ("article", "page"):
            return "", "", T("{rel} is not an article or page", rel=rel)
        exists = path.is_file()
        if known:
            return rel, old.metadata["header"].kind if exists else GONE, ""
        kind = self._kind_of(rel)
        if kind is None:  # a campaign, region or author file, an image...
            return "", "", (T("{rel} is not an article or page the last build read", rel=rel)
                             if exists else T("{rel} was deleted and was not an article or "
                                              "page the last build read", rel=rel))
        return (rel, kind, "") if exists else ("", "", "")  # new, or come and gone unread

    def _kind_of(self, rel: str) -> str | None:
        """"article" or "page" for a Markdown file where Pelican looks for them, else None."""
        if path_suffix(rel) not in _MARKDOWN:
            return None
        for kind, paths, excludes in (
                ("page", "PAGE_PATHS", "PAGE_EXCLUDES"),
                ("article", "ARTICLE_PATHS", "ARTICLE_EXCLUDES")):
            def inside(folders, rel=rel):
                return any(rel == f or rel.startswith(f.rstrip("/") + "/")
                           for f in folders or ())
            if inside(self.settings.get(paths)) and not inside(self.settings.get(excludes)):
                return kind
        return None

    @property
    def foreign_generators(self) -> list[str]:
        return [c.__name__ for c in self.pelican.generator_classes()
                if not c.__module__.startswith(("griot.", "pelican."))]

    def _read(self, rels: dict[str, str], state: BuildState):
        """Read `rels` (path -> kind) again into a copy of the last build's context; the ones
        marked GONE leave it."""
        old_context = state.context
        readers = Readers(self.settings)
        cache = state.carried.read_cache
        for reader in readers.readers.values():
            if isinstance(reader, GriotMarkdownReader):
                reader.cache = cache
        host = _ReaderHost(readers)
        generated = dict(old_context.get("generated_content", {}))
        replaced: dict[int, object] = {}  # id of what the last build read -> new, or None
        added: list = []  # what no build read before
        problems: list[str] = []
        for rel, kind in rels.items():
            old = generated.get(rel)
            if kind == GONE:
                del generated[rel]
                replaced[id(old)] = None
                continue
            try:
                new = readers.read_file(base_path=str(self.content_root), path=rel,
                                        content_class=Article if kind == "article" else Page,
                                        context=old_context)
            except Exception as exc:  # the reader has the message (file, line, fix)
                found = [p for r in readers.readers.values()
                         for p in getattr(r, "problems", ())]
                problems.extend(found or [f"{display_path(str(self.content_root / rel))}: {exc}"])
                continue
            if not new.is_valid() or new.metadata.get("header") is None:
                problems.append(f"{display_path(str(self.content_root / rel))}: "
                                "Pelican could not read this file\n"
                                "    fix: run `pelican --debug` to see why")
                continue
            if new.metadata["header"].kind != kind:
                problems.append(f"{rel}: moved between articles and pages; restart the preview")
                continue
            generated[rel] = new
            if old is None:
                added.append(new)
            else:
                replaced[id(old)] = new
        if problems:
            raise BuildError(list(dict.fromkeys(problems)))
        context = dict(old_context)
        context["generated_content"] = generated
        if not _replaced_in_place(context, old_context, generated, rels, replaced, added):
            for (_, status), key in _LISTS.items():
                context[key] = _kept(old_context.get(key, ()), replaced, status)
            for new in [*replaced.values(), *added]:
                if new is None:
                    continue
                key = _LISTS.get((new.metadata["header"].kind, new.status))
                if key and new not in context[key]:
                    context[key].append(new)
        host.context = context
        return context, host

    def _patch(self, state: BuildState, found, context: dict, host):
        """The last build's model patched with `found` (griot.preview.patch's changes, or
        griot.preview.insert's), written in place. Returns the writer and the files no page
        shows any more."""
        final = self.pelican.output_path
        writer = OutputWriter(final, previous=final, old=state.manifest)
        state.build.signer.settle()  # what the last patch retired, if no idle time came since
        if not isinstance(found, insert.Insert):
            return writer, patch.apply(state, found, context, host, writer, self._broken)
        return writer, insert.apply(state, found, context, host, writer, self._broken)

    def _keep_deferred(self, state: BuildState, found) -> None:
        """After a patch (`found`: patch.changes()' list, or an insert.Insert): the pages left
        for later that the model still has, and those an insert patch left."""
        if isinstance(found, insert.Insert):  # it says what it dropped
            self.deferred = {rel: page for rel, page in self.deferred.items()
                             if id(page) not in found.retired}
            self.deferred.update((urls.output_file(page.url), page) for page in found.later)
        elif self.deferred and any(change.retag is not None for change in found):
            alive = {id(page) for page in state.build.pages}  # hashtag pages described again
            self.deferred = {rel: page for rel, page in self.deferred.items()
                             if id(page) in alive}
        # (a text or title patch drops no page)

    def finish(self, budget: float | None = None, only: str | None = None) -> int:
        """Render and write the pages updates left for later (the listing pages a new or
        deleted article shifted, griot.preview.insert, in `deferred`): all of them, those
        `budget` seconds allow (the editor is idle: a save waits for one slice at most), or
        the file `only` (about to be served). Returns the files written."""
        state = self.pelican.last_build
        if not self.deferred:
            return 0
        if self.dirty or state is None or state.build is None or not state.patchable:
            self.deferred.clear()  # the next update makes the model again and writes them
            return 0
        started = time.perf_counter()
        final = self.pelican.output_path
        writer = OutputWriter(final, previous=final, old=state.manifest)
        renderer = patch.stages_of(state)[RenderStage].renderer
        try:
            for rel in [only] if only is not None else list(self.deferred):
                page = self.deferred.pop(rel, None)
                if page is None:
                    continue
                rendered = renderer.render(page, writer)
                if rendered is not None:
                    writer.write(rel, rendered[0], page.origin or page.url,
                                 signature=rendered[1])
                if budget is not None and time.perf_counter() - started >= budget:
                    break
        except BaseException:
            self._broken()
            raise
        changed = writer.manifest()
        state.manifest.update(changed)
        manifest.note(self.settings.get("CACHE_PATH"), final, state.manifest, changed, [])
        return len(writer.changed)

    def idle(self) -> int:
        """What the preview does while the editor reads (each time the watcher finds no
        change): the last patch's retired pages forgotten (Signer.settle), a slice of the
        pages left for later (returns how many were written), then the previous model freed
        (collect())."""
        state = self.pelican.last_build
        if state is not None and state.build is not None:
            state.build.signer.settle()  # what the last patch retired (Signer.retire)
        written = self.finish(IDLE_SLICE_S)
        self.collect()
        return written

    def _generate(self, context: dict, host, state: BuildState):
        """Griot's stages on the new context, writing in place. Returns (writer, carried)."""
        final = self.pelican.output_path
        writer = OutputWriter(final, previous=final, old=state.manifest)
        build = new_build(self.settings, context, self.pelican.path, self.pelican.theme, final,
                          writer, state.carried.copy(), incremental=True, tracking=True)
        stages = [cls(build) for cls in STAGES]
        try:
            signals.all_generators_finalized.send([host])
            for stage in stages:
                stage.describe()
            stop_on_problems(build, [host], stages)
        except BaseException:
            writer.discard_new()
            raise
        try:
            for stage in stages:
                stage.write()
            while build.pending:
                build.pending.pop(0).finish()
        except BaseException:
            self._broken()
            raise
        if state.build is not None:
            self._replaced.append((state.build, state.stages))
        state.build, state.stages, state.by_path = build, tuple(stages), None
        state.patchable = True
        return writer, build.carried

    def _broken(self) -> None:
        """Writing failed part-way: part of the output may be new, so the next change gets a
        full, atomic build."""
        self.dirty = True
        manifest.forget(self.settings.get("CACHE_PATH"))

    def _remove_stale(self, state: BuildState, writer: OutputWriter) -> int:
        """Files the last build produced and this one does not (an old URL, a shorter listing)."""
        return self._remove(sorted(set(state.manifest) - set(writer.written)), writer.root)

    @staticmethod
    def _remove(rels: Iterable[str], root: str) -> int:
        """Delete `rels` under `root`, and the folders they leave empty: the number deleted."""
        removed = 0
        for rel in rels:
            path = os.path.join(root, rel)
            try:
                os.unlink(path)
            except FileNotFoundError:
                continue
            removed += 1
            folder = os.path.dirname(path)
            while folder != root:
                try:
                    os.rmdir(folder)  # only when empty, as a clean build would leave it
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return removed


def _replaced_in_place(context: dict, old_context: dict, generated: dict, rels: dict,
                       replaced: dict, added: list) -> bool:
    """Pelican's lists for `context` when every file read again was read before and keeps its
    status: copies of the old lists (C speed), each new reading in its old place. False when
    that does not hold (the lists are then made item by item)."""
    if added or any(new is None for new in replaced.values()):
        return False
    old_files = old_context.get("generated_content", {})
    lists = {key: list(old_context.get(key, ())) for key in _LISTS.values()}
    for rel in rels:
        old, new = old_files.get(rel), generated.get(rel)
        if old is None or new is None or new.status != old.status:
            return False
        key = _LISTS.get((new.metadata["header"].kind, new.status))
        try:
            found = lists[key].index(old)  # by identity: Pelican's contents define no __eq__
        except (KeyError, ValueError):
            return False
        lists[key][found] = new
    context.update(lists)
    return True


def _kept(old: list, replaced: dict, status: str) -> list:
    """A Pelican list of `status` after an update: each content read again replaced by its
    new reading (`replaced`: id -> new, None when gone), which leaves if its status moved."""
    if not replaced:
        return list(old)
    kept = []
    for content in old:
        if id(content) in replaced:
            content = replaced[id(content)]
            if content is None or content.status != status:
                continue
        kept.append(content)
    return kept


class _ReaderHost:
    """Stands for Pelican's article and page generators in `all_generators_finalized`: its
    readers hold the problems and warnings of the files read again."""

    def __init__(self, readers: Readers):
        self.readers = readers
        self.context: dict = {}


IDLE_SLICE_S = 0.2  # LiveSite.idle(): the longest a save made meanwhile waits for it
FULL_EVERY = 50  # updates that made a new model between two full collections (LiveSite.collect)


def release(build, stages) -> None:
    """Break the cycles of a model no longer used (a live preview's previous one), so that
    reference counting frees it: its entries' links, its Build's and stages' fields. Only
    references are dropped: what the next build carried over (Carried) is untouched."""
    if build.site is not None:
        build.site.unlink()
    for stage in stages:
        stage.__dict__.clear()
    build.__dict__.clear()


def _scratch(path: Path) -> bool:
    """Editors' temporary files, and anything no Griot plugin ever reads (a file without a
    Markdown or image suffix): saving them changes nothing."""
    name = path.name
    if any(fnmatch.fnmatch(name, pattern) for pattern in _SCRATCH):
        return True
    suffix = path.suffix.lower()
    return suffix not in _IMAGE_SUFFIXES and suffix.lstrip(".") not in _MARKDOWN
