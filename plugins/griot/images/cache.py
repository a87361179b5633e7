"""Content-addressed store of encoded image variants, so an unchanged photo is encoded only once."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from griot.core.files import link_or_copy, write_atomic

if TYPE_CHECKING:
    from griot.images.pipeline import ImagePlan, Variant

log = logging.getLogger(__name__)

EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}

# Facts (size, transparency, placeholder) do not depend on encoder settings: they live beside the
# fingerprinted folders so that a quality change does not force every photo to be probed again.
_FACTS_DIR = "facts-v1"
# Digest of each source file last seen, keyed by its path, valid while its stat is unchanged.
_SOURCES_DIR = "sources-v1"


class Cache:
    """Files keyed by (source digest, format, size), in a folder named by the settings fingerprint.

    The key never contains the file's name or place in content/: renaming or moving a photo costs
    nothing, and two copies of one photo are encoded once.
    """

    def __init__(self, root: Path, fingerprint: str):
        self.root = Path(root)
        self.fingerprint = fingerprint

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r}, {self.fingerprint!r})"

    def path(self, digest: str, variant: Variant) -> Path:
        name = f"{digest}-{variant.width}x{variant.height}.{EXTENSIONS[variant.format]}"
        return self.root / self.fingerprint / digest[:2] / name

    def has(self, digest: str, variant: Variant) -> bool:
        return sealed(self.path(digest, variant))

    def complete(self, plan: ImagePlan) -> bool:
        """True when every file of the plan is cached: rendering it needs no decoding."""
        return all(self.has(plan.digest, v) for v in plan.outputs)

    def put(self, digest: str, variant: Variant, data: bytes) -> Path:
        target = self.path(digest, variant)
        _atomic_write(target, data)
        seal(target)
        return target

    def install(self, digest: str, variant: Variant, dest: Path) -> Path:
        """Place the cached file at dest: a hard link when the file system allows, else a copy."""
        src = self.path(digest, variant)
        dest = Path(dest)
        if dest.exists() and _same_file(src, dest):
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        # A copy on another device, or a file system without hard links (some CI caches, FAT
        # USB sticks).
        link_or_copy(src, dest)
        return dest

    def facts(self, digest: str) -> dict[str, Any] | None:
        path = self.root / _FACTS_DIR / digest[:2] / f"{digest}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("Ignoring unreadable image cache entry %s", path)
            return None

    def put_facts(self, digest: str, facts: dict[str, Any]) -> None:
        path = self.root / _FACTS_DIR / digest[:2] / f"{digest}.json"
        _atomic_write(path, json.dumps(facts, sort_keys=True).encode())

    def known_digest(self, source: Path, stat: os.stat_result) -> str | None:
        entry = self._source_entry(source)
        try:
            known = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return known.get("digest") if known.get("stat") == _stat_key(stat) else None

    def remember_digest(self, source: Path, stat: os.stat_result, digest: str) -> None:
        record = {"path": str(source), "stat": _stat_key(stat), "digest": digest}
        _atomic_write(self._source_entry(source), json.dumps(record).encode())

    def _source_entry(self, source: Path) -> Path:
        name = hashlib.sha256(str(Path(source).absolute()).encode()).hexdigest()[:24]
        return self.root / _SOURCES_DIR / f"{name}.json"

    def prune(self, keep: Iterable[str]) -> int:
        """Delete entries of other fingerprints and of digests not in keep; return files removed."""
        keep = set(keep)
        removed = 0
        if not self.root.is_dir():
            return 0
        for top in self.root.iterdir():
            if top.name == _SOURCES_DIR:
                continue  # tiny, and a source seen again soon is not read again
            if top.is_dir() and top.name not in (self.fingerprint, _FACTS_DIR):
                removed += sum(1 for p in top.rglob("*") if p.is_file())
                shutil.rmtree(top)
                continue
            if not top.is_dir():
                continue
            for entry in top.glob("*/*"):
                digest = entry.name.split("-", 1)[0].split(".", 1)[0]
                if digest not in keep:
                    entry.unlink()
                    removed += 1
        return removed


def _stat_key(stat: os.stat_result) -> list[int]:
    # What changes when a file is edited or replaced; not ctime, which backups and chmod touch.
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


# Published images and cards are hard links to the cache's files: a published file truncated
# or edited in place changes the cached one too. Every cached file is given this exact
# modification time when it is made; any write, through any of its names, changes it, and a
# file without it is treated as missing (removed, then made again): no build trusts it.
SEAL_NS = 1_000_000_000 * 10**9  # 2001-09-09 01:46:40 UTC


def seal(path: str | os.PathLike) -> None:
    os.utime(path, ns=(SEAL_NS, SEAL_NS))


def sealed(path: str | os.PathLike, st: os.stat_result | None = None) -> bool:
    """True for a cached file as it was made; a changed one is removed."""
    try:
        st = st or os.stat(path)
    except OSError:
        return False
    if st.st_mtime_ns == SEAL_NS:
        return True
    log.warning("%s changed after it was cached (a published copy edited in place?): made "
                "again", path)
    with contextlib.suppress(OSError):
        os.unlink(path)
    return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _atomic_write(target: Path, data: bytes) -> None:
    """Write so that a reader (or an interrupted build) never sees half a file."""
    write_atomic(target, data)
