"""The one way Griot writes a file: inside the output folder, never the same path twice, and
only when its bytes changed (unchanged files keep their inode and mtime: cheaper syncs)."""

from __future__ import annotations

import contextlib
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from griot.core.errors import GriotError
from griot.core.files import link_new, link_or_copy, replacing


class WriteCollision(GriotError):
    """Two pages of one build want the same output file."""


class Record(NamedTuple):
    """What the writer knows of one file it wrote: the signature of its inputs (None: not
    signed), the stat that proves the file is still the one written, and the messages its
    making gave (replayed when the file is kept)."""

    signature: bytes | None
    size: int
    mtime_ns: int
    inode: int
    notes: tuple[str, ...] = ()


def _record(path: str, signature: bytes | None, notes: tuple[str, ...]) -> Record:
    st = os.stat(path)
    return Record(signature, st.st_size, st.st_mtime_ns, st.st_ino, notes)


class OutputWriter:
    """Writes under `root`. `previous` is the published output this build replaces (the same
    folder when building in place, None for a first build); `old` what the last build there
    recorded. A file whose bytes equal the previous output's is not written again: in a
    staging folder it is then absent, and the commit links the published one in."""

    def __init__(self, root: str | Path, previous: str | Path | None = None,
                 old: dict[str, Record | None] | None = None, store=None):
        self.root = os.path.abspath(root)
        # A griot.core.store.OutputStore: files of an earlier build, linked in when the
        # published output does not have them (a build into an empty folder).
        self.store = store
        self.previous = os.path.abspath(previous) if previous is not None else None
        self.old = old or {}
        self.written: dict[str, str] = {}  # relative path -> what asked for it (every output)
        self.records: dict[str, Record] = {}  # files written or kept through this writer
        self.changed: set[str] = set()  # files given new bytes
        # The folder made last (a feed's two files, a listing's page and feeds, share one);
        # a set of every folder would hold 10,000 paths for nothing: a page has its own.
        self._folder = ""
        # A folder empty when the build began (a staging folder) holds no file anyone reads or
        # links to: a file new to it is written in place, not renamed over its name.
        self._fresh = _empty_or_missing(self.root)
        self._adopted: set[str] = set()  # files placed by others, named by their content

    @property
    def in_place(self) -> bool:
        return self.previous == self.root

    # ------------------------------------------------------------ paths

    def target(self, rel: str) -> str:
        norm = posixpath.normpath(rel)
        if norm.startswith("../") or norm in ("..", ".") or posixpath.isabs(norm):
            raise GriotError(f"refusing to write outside the output folder: {rel!r}")
        return os.path.join(self.root, norm)

    def claim(self, rel: str, origin: str, rewrite: bool = False) -> str:
        rel = rel.lstrip("/")
        if rel in self.written and not (rewrite and self.written[rel] == origin):
            raise WriteCollision(
                f"two pages want to be written to {rel}: {self.written[rel]} and {origin}\n"
                "    fix: give one of them another slug (or key)"
            )
        self.target(rel)
        self.written[rel] = origin
        return rel

    def adopt(self, rel: str, origin: str) -> str:
        """Claim a file another hand places in the output (images and social cards, which
        worker processes link or copy from the cache with griot.core.files): the same
        collision check as write(). Such files are named by their content (an image's digest
        and width, a card's key), so two pages sharing one claim it once."""
        rel = rel.lstrip("/")
        if rel in self._adopted:
            return rel
        rel = self.claim(rel, origin)
        self._adopted.add(rel)
        return rel

    # ------------------------------------------------------------ keeping

    def keepable(self, rel: str, signature: bytes | None) -> Record | None:
        """A record of a file made from the same inputs that keep() can place without
        rendering it: the previous output's (`_published`), else the store's."""
        rel = rel.lstrip("/")
        old = self._published(rel, signature)
        if old is None and self.store is not None:
            stored = self.store.get(rel, signature)
            if stored is not None:
                return Record(signature, stored.size, 0, 0, stored.notes)
        return old

    def _published(self, rel: str, signature: bytes | None) -> Record | None:
        """The record of the previous output's file when it was made from the same inputs and
        is still the file written then (same size, mtime and inode)."""
        old = self.old.get(rel)
        if signature is None or old is None or old.signature != signature or not self.previous:
            return None
        try:
            st = os.stat(os.path.join(self.previous, rel))
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (old.size, old.mtime_ns, old.inode):
            return None
        return old

    def keep(self, rel: str, signature: bytes | None, origin: str) -> Record | None:
        """Claim `rel` without rendering it when keepable; None: render and write() it. A
        published file stays where it is (the commit links it in); a stored one is linked
        in now."""
        rel = rel.lstrip("/")
        old = self._published(rel, signature)
        if old is not None:
            rel = self.claim(rel, origin)
            self.records[rel] = old
            return old
        stored = self.store.get(rel, signature) if self.store is not None else None
        if stored is None:
            return None
        rel = self.claim(rel, origin)
        path = self._placed(rel)
        if not (self._fresh and link_new(self.store.path(rel), path)):
            link_or_copy(self.store.path(rel), path)
        record = self.records[rel] = _record(path, signature, stored.notes)
        self.changed.add(rel)
        return record

    # ------------------------------------------------------------ writing

    def write(self, rel: str, data: str | bytes, origin: str, signature: bytes | None = None,
              notes: tuple[str, ...] = (), rewrite: bool = False) -> str:
        """Write `rel` unless the published file has these bytes. `rewrite`: the same origin
        may write its own file again (a feed built again once every provider is known)."""
        rel = self.claim(rel, origin, rewrite)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self.previous is not None:
            published = os.path.join(self.previous, rel)
            if _same_bytes(published, data):
                if rel in self.changed and not self.in_place:  # staged by an earlier write
                    os.unlink(os.path.join(self.root, rel))
                    self.changed.discard(rel)
                self.records[rel] = _record(published, signature, notes)
                return published
        path = self._placed(rel)
        # (os-level calls: a buffered file object adds a fifth to the writing of each of
        # 10,000 pages.)
        if self._fresh:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # written earlier in this build
                pass
            else:
                _write_all(fd, data, path)
                self.records[rel] = _record(path, signature, notes)
                self.changed.add(rel)
                return path
        # A new file renamed over the old name: the old inode (maybe shared with the published
        # tree through a hard link) is never modified, and no reader sees half a file.
        with replacing(path) as tmp:
            _write_all(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), data, tmp)
        self.records[rel] = _record(path, signature, notes)
        self.changed.add(rel)
        return path

    def _placed(self, rel: str) -> str:
        """The path of `rel` under the root, its folder made."""
        path = os.path.join(self.root, rel)
        folder = os.path.dirname(path)
        if folder != self._folder:
            self._make_folder(folder)
        return path

    def _make_folder(self, folder: str) -> None:
        try:
            os.mkdir(folder)  # its parent is most often there: one call, not makedirs' two
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        self._folder = folder

    @contextlib.contextmanager
    def stream(self, rel: str, origin: str, signature: bytes | None = None,
               notes: tuple[str, ...] = ()) -> Iterator[BinaryIO]:
        """write() for a file made piece by piece into the binary file this yields (sitemap.xml:
        megabytes that need not be held in memory). Nothing is published if the block fails."""
        rel = self.claim(rel, origin)
        path = self._placed(rel)
        published = os.path.join(self.previous, rel) if self.previous is not None else None
        with replacing(path) as tmp:
            with open(tmp, "wb") as handle:
                yield handle
            kept = published is not None and _same_files(published, tmp)
            if kept:
                os.unlink(tmp)  # the published file has these bytes: leave it
        if kept:
            self.records[rel] = _record(published, signature, notes)
            return
        self.records[rel] = _record(path, signature, notes)
        self.changed.add(rel)

    def discard_new(self) -> None:
        """After a failed update in place: delete what it wrote that the last build had not
        (images and cards already published; no page links them)."""
        for rel in self.written:
            if rel not in self.old:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.root, rel))

    def manifest(self) -> dict[str, Record | None]:
        """Every output of this build, with its record when written through this writer."""
        return {rel: self.records.get(rel) for rel in self.written}


def _empty_or_missing(folder: str) -> bool:
    try:
        with os.scandir(folder) as found:
            return next(found, None) is None
    except FileNotFoundError:
        return True


def _write_all(fd: int, data: bytes, path: str) -> None:
    """Write `data` to `fd` and close it; a file left half-written is removed."""
    try:
        done = os.write(fd, data)
        while done < len(data):
            done += os.write(fd, memoryview(data)[done:])
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def _same_files(a: str, b: str, chunk: int = 1 << 20) -> bool:
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                block = fa.read(chunk)
                if block != fb.read(chunk):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False
