"""Read each content file once per content hash: converted Markdown is cached across builds,
and files missing from the cache are converted on every core while Pelican reads the others."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from griot.content.model import encode_body
from griot.content.settings import load
from griot.core.files import replacing
from griot.core.fingerprint import fingerprint
from griot.core.workers import process_pool

from .reader import GriotMarkdownReader, source_problem

logger = logging.getLogger(__name__)
CACHE_FILE = "griot-content.pickle"
FORMAT = 3  # (format, version), count, then one (key, (UTF-8 html, metadata, warnings)) each
PARALLEL_FROM = 40  # below this many files, starting workers costs more than it saves

# The settings a file's conversion depends on: a change to any of them empties the cache.
READER_SETTINGS = ("PATH", "SITEURL", "TIMEZONE", "DEFAULT_LANG", "GRIOT_LANGUAGES",
                   "GRIOT_SHOW_DRAFTS", "GRIOT_MAX_TITLE_LENGTH", "GRIOT_MAX_HEADER_LENGTH",
                   "GRIOT_MAX_HASHTAGS", "GRIOT_MAX_FILE_BYTES")


# The code that turns a file into HTML: editing it invalidates the cache.
READER_CODE = ("core", "content", "reader", "taxonomies", "images", "typography",
               "checks")  # checks: the links the reader finds (griot.checks.links)


def cache_fingerprint(settings: Mapping) -> str:
    """The content cache's key (griot.core.fingerprint): the reader's code, every library's
    version (Markdown's above all: a new Markdown may convert a file differently) and the
    settings a conversion depends on."""
    return fingerprint(settings, READER_SETTINGS, code=READER_CODE)


def reader_settings(settings: Mapping) -> dict:
    """What a worker process needs to build its own reader (full settings hold classes)."""
    # CACHE_PATH: body images are planned through the image cache (griot.images.body).
    keys = set(READER_SETTINGS) | {"CACHE_PATH"} | {k for k in settings if k.startswith("GRIOT_")}
    return {key: settings[key] for key in keys if key in settings}


class ReadCache:
    """{(relative path, sha256 of bytes): (html, metadata, warnings)} for one build."""

    def __init__(self, folder: str | None, settings: Mapping):
        self.path = Path(folder) / CACHE_FILE if folder else None
        self.version = cache_fingerprint(settings)
        self.entries: dict[tuple[str, str], tuple] = {}
        self.used: set[tuple[str, str]] = set()
        self.dirty = False
        self.released = False
        self._hashed: dict[str, tuple[tuple[int, int, int], tuple[str, str]]] = {}
        # Conversions under way (prefetch): key -> the future of the chunk converting it.
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: dict[tuple[str, str], Future] = {}
        self._chunks: dict[Future, list[tuple[tuple[str, str], str]]] = {}
        if self.path and self.path.exists():
            try:
                with self.path.open("rb") as handle:
                    if pickle.load(handle) == (FORMAT, self.version):
                        count = pickle.load(handle)
                        self.entries = dict(pickle.load(handle) for _ in range(count))
            except Exception as exc:  # a damaged cache is only a slower build
                self.entries = {}
                logger.warning("ignoring the content cache %s: %s", self.path, exc)

    def key(self, path: str) -> tuple[str, str]:
        """(absolute path, sha256 of the bytes); a file whose size, mtime and inode did not
        change since this cache hashed it is not read again (prefetch, then Pelican, ask)."""
        path = os.path.abspath(path)
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        known = self._hashed.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        with open(path, "rb") as handle:
            key = (path, hashlib.sha256(handle.read()).hexdigest())
        self._hashed[path] = (stamp, key)
        return key

    def get(self, key):
        found = self.entries.get(key)
        if found is None and key in self._waiting:
            self._collect(self._waiting[key])  # converted by a worker: wait for its chunk
            found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    # ------------------------------------------------------------ conversion on every core

    def convert(self, todo: list[tuple[tuple[str, str], str]], settings: dict,
                workers: int) -> None:
        """Start converting `todo` ((key, path) pairs, in the order Pelican will ask for them)
        on `workers` processes; get() waits for a file's chunk only when asked for it."""
        if self._pool is None:
            self._pool = process_pool(workers, multiprocessing.get_context())
        size = max(1, len(todo) // (workers * 8))
        for start in range(0, len(todo), size):
            part = todo[start : start + size]
            future = self._pool.submit(_convert_chunk, settings, [path for _, path in part])
            self._chunks[future] = part
            for key, _ in part:
                self._waiting[key] = future

    def _collect(self, future: Future) -> None:
        part = self._chunks.pop(future)
        for key, _ in part:
            self._waiting.pop(key, None)
        try:
            results = future.result()
        except Exception as exc:  # a worker died: the reader converts what is left itself
            logger.warning("converting on several processes failed (%s): going on in one", exc)
            self.stop_converting()
            return
        for (key, _), result in zip(part, results, strict=True):
            if result is not None:
                self.put(key, result)
        if not self._chunks:
            self.stop_converting()

    def finish_converting(self) -> None:
        """Take in every conversion still under way (files Pelican did not ask for)."""
        while self._chunks:
            self._collect(next(iter(self._chunks)))

    def stop_converting(self) -> None:
        for future in self._chunks:
            future.cancel()
        self._chunks.clear()
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def put(self, key, value) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Keep what this build used; drop what it did not (deleted or edited files)."""
        self.finish_converting()
        if self.released or not self.path or not (
                self.dirty or len(self.used) != len(self.entries)):
            return
        kept = {key: self.entries[key] for key in self.used if key in self.entries}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(self.path) as tmp, open(tmp, "wb") as handle:
            # One pickle per entry: pickling the whole cache at once would first remember every
            # object of every entry (tens of MB on a big site).
            pickle.dump((FORMAT, self.version), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(len(kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
            for item in kept.items():
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.dirty = False

    def release(self) -> None:
        """Once every file is read, a build that is not kept for the live preview's updates
        needs the cache no more: save it, and free what only it holds (Pelican's contents
        share the texts)."""
        self.save()
        self.released = True
        self.entries.clear()
        self.used.clear()
        self._hashed.clear()


def _convert_chunk(settings: dict, paths: list[str]) -> list:
    """In a worker: convert `paths` with the worker's own reader."""
    key = repr(sorted(settings.items()))
    reader = _worker_readers.get(key)
    if reader is None:
        reader = _worker_readers[key] = GriotMarkdownReader(settings)
    results = []
    for path in paths:
        reader.warnings.clear()
        try:
            html, metadata = reader.parse(path)
        except Exception:
            results.append(None)  # the main process reads it again and reports the problem
            continue
        # As UTF-8 bytes (see reader.read): pickling the str would also leave CPython's UTF-8
        # copy of it attached to it in the worker.
        results.append((encode_body(html), metadata, list(reader.warnings)))
    return results


_worker_readers: dict = {}  # per worker process: one reader reused for all its files


def prefetch(cache: ReadCache, paths: Iterable[str], settings: Mapping, workers: int) -> int:
    """Start converting the files the cache lacks on `workers` processes, in the order of
    `paths` (Pelican's); return how many."""


    root, limit = os.path.abspath(settings["PATH"]), load(settings).limits.file_bytes
    todo = []
    for path in paths:
        if source_problem(path, root, limit) is not None:
            continue  # the reader refuses it, without reading it
        key = cache.key(path)
        if key not in cache.entries:
            todo.append((key, path))
    if len(todo) < PARALLEL_FROM or workers < 2:
        return 0  # the reader converts them one by one, as Pelican asks
    cache.convert(todo, reader_settings(settings), workers)
    logger.info("converting %d files on %d processes", len(todo), workers)
    return len(todo)
