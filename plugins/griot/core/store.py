"""The last build's signed files (pages, feeds, the sitemap), kept in the cache beside the
manifest, so that a build into an empty output folder renders only what changed.

That build is a content repository's CI job: a fresh clone, `cache/` restored, no output
folder. The manifest (griot.core.manifest) cannot help it: it keeps a file only when the
published one is still there. The store can: `CACHE_PATH/griot-pages/<path>` holds each signed
file, and its index each file's signature, size, modification time (to the nanosecond, or to
the second when an archive of the cache kept no more) and messages. A page whose signature is
in the index is linked from the store instead of rendered.

- `sync()`, after a build is published, links the published files into the store (a hard
  link: no copy, no disk, on the same file system; a copy elsewhere). Griot never writes a
  file in place (griot.core.writer), so a stored file keeps the bytes it was stored with.
  A tool that rewrites output files in place changes their size or time: the store's copy is
  then not trusted, and the page is rendered again.
- Files the build no longer makes leave the store. The index is removed before the first
  file changes and written again at the end: a sync cut short leaves no index, and the next
  build renders every page.
- A damaged or foreign index costs a slower build, nothing else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from .files import link_or_copy, replacing
from .writer import Record

logger = logging.getLogger(__name__)
FOLDER = "griot-pages"
INDEX = "griot-pages.pickle"
VERSION = 2


def _same_time(found: int, stored: int) -> bool:
    """The stored file's modification time, to the nanosecond; or to the second when the file
    has none finer (restored from an archive of the cache that keeps whole seconds)."""
    return found == stored or (found % 10**9 == 0 and found // 10**9 == stored // 10**9)


class Stored(NamedTuple):
    signature: bytes
    size: int
    mtime_ns: int
    notes: tuple[str, ...]


class OutputStore:
    """The store under `cache_dir` (None: no store, nothing kept)."""

    def __init__(self, cache_dir: str | os.PathLike | None):
        self.root = Path(cache_dir, FOLDER) if cache_dir else None
        self.index_path = Path(cache_dir, INDEX) if cache_dir else None
        self.index: dict[str, Stored] = self._load()

    def _load(self) -> dict[str, Stored]:
        if self.index_path is None or not self.index_path.is_file():
            return {}
        try:
            with self.index_path.open("rb") as handle:
                version, index = pickle.load(handle)
        except Exception as exc:  # a damaged index only costs a slower build
            logger.warning("ignoring %s: %s", self.index_path, exc)
            return {}
        return index if version == VERSION else {}

    def path(self, rel: str) -> str:
        return os.path.join(self.root, rel)

    def get(self, rel: str, signature: bytes | None) -> Stored | None:
        """The stored file `rel` made from `signature`, when its file is still the one stored."""
        stored = self.index.get(rel)
        if signature is None or stored is None or stored.signature != signature:
            return None
        try:
            st = os.stat(self.path(rel))
        except OSError:
            return None
        if st.st_size != stored.size or not _same_time(st.st_mtime_ns, stored.mtime_ns):
            return None
        return stored

    def sync(self, published: str | os.PathLike, records: Mapping[str, Record | None]) -> None:
        """Make the store hold `records`' signed files, as published in `published`."""
        if self.root is None:
            return
        index: dict[str, Stored] = {}
        changed = False
        for rel, record in records.items():
            if record is None or record.signature is None:
                continue
            old = self.index.get(rel)
            target = self.path(rel)
            try:
                st = os.stat(target)
            except OSError:
                st = None
            stored = old is not None and old.signature == record.signature
            if st is None or not (st.st_ino == record.inode or (stored and (
                    st.st_size, st.st_mtime_ns) == (record.size, record.mtime_ns))):
                # Not already this file (its link, or its copy on another file system).
                if not changed:  # a sync cut short must leave no index describing other files
                    self._forget()
                os.makedirs(os.path.dirname(target), exist_ok=True)
                link_or_copy(os.path.join(published, rel), target, keep_times=True)
                st = os.stat(target)
            elif stored:
                index[rel] = old
                continue
            # (Or the same file with a new signature: a page whose bytes did not change.)
            index[rel] = Stored(record.signature, st.st_size, st.st_mtime_ns, record.notes)
            changed = True
        for rel in set(self.index) - set(index):
            if not changed:
                self._forget()
            changed = True
            with contextlib.suppress(OSError):
                os.unlink(self.path(rel))
            self._remove_empty(os.path.dirname(rel))
        if changed or not self.index_path.is_file():
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(self.index_path) as tmp, open(tmp, "wb") as handle:
                pickle.dump((VERSION, index), handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.index = index

    def _forget(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.index_path.unlink()

    def _remove_empty(self, folder: str) -> None:
        """Remove `folder` (relative to the store) and its parents while they are empty."""
        while folder:
            try:
                os.rmdir(self.path(folder))
            except OSError:
                return
            folder = os.path.dirname(folder)
