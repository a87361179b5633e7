"""Build into a staging folder and swap it in only when the whole build succeeded.

The staging folder only receives what changed; the commit completes it with hard links to the
published files that did not change (so they keep their inode and mtime), swaps it in, and
removes the old tree. When nothing changed at all, the published folder is not touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

logger = logging.getLogger(__name__)


class Finisher(Protocol):
    """A whole-site step (the search index) run on the complete staged tree before the swap."""

    folder: str  # the top-level folder it writes, e.g. "pagefind"

    def run(self, site: Path) -> None: ...


@dataclass
class CommitReport:
    changed: int = 0  # files with new bytes (new files included)
    removed: int = 0  # files the build no longer produces
    swapped: bool = False  # False: the published folder was left as it was


@dataclass
class Stage:
    """A staging folder beside `final`; `commit(produced)` publishes it."""

    final: Path
    path: Path
    report: CommitReport = field(default_factory=CommitReport)

    def commit(self, produced: Iterable[str],
               finishers: Sequence[Finisher] = ()) -> CommitReport:
        """Publish: `produced` are the relative paths of every file this build made, whether
        written into the staging folder or found unchanged in the published one.

        Each finisher runs on the complete staged site, just before the swap, and owns the
        folder it names (the search index): its old files are neither kept nor linked."""
        owned = tuple(f"{f.folder}/" for f in finishers)
        fresh, fresh_dirs = _walk(self.path)
        old, old_dirs = _walk(self.final) if self.final.is_dir() else ([], [])
        old_set = set(old)
        produced_set = set(produced) | set(fresh)
        for rel in fresh:
            if rel in old_set and _same_file(self.path / rel, self.final / rel):
                # Other plugins (images, theme files) write whatever they make: keep the
                # published file when it is the same.
                os.unlink(self.path / rel)
        changed = {rel for rel in fresh if os.path.lexists(self.path / rel)}
        stale = [rel for rel in old if rel not in produced_set and not rel.startswith(owned)]
        self.report = CommitReport(changed=len(changed), removed=len(stale))
        finished = all((self.final / f.folder).is_dir() for f in finishers)
        if not changed and not stale and self.final.is_dir() and finished:
            return self.report  # nothing to publish: the staging folder is removed on exit
        made: set[str] = set(fresh_dirs)
        for rel in old:
            if rel not in produced_set or rel in changed or rel.startswith(owned):
                continue
            parent = os.path.dirname(rel)
            if parent and parent not in made:
                os.makedirs(self.path / parent, exist_ok=True)
                made.update(_parents(parent))
            os.link(self.final / rel, self.path / rel)
        for finisher in finishers:
            finisher.run(self.path)
        self.path.chmod(0o755)  # mkdtemp's 0700 would follow the site to the web server
        previous = self.final.parent / f".{self.final.name}-old-{os.getpid()}"
        if self.final.exists():
            os.rename(self.final, previous)
        os.rename(self.path, self.final)
        self.report.swapped = True
        if previous.exists():
            _remove_tree(previous, old, old_dirs)
        return self.report


@contextlib.contextmanager
def staged_output(final: str | os.PathLike) -> Iterator[Stage]:
    """Yield a Stage; the caller commits it on success. On any exception the staging folder is
    removed and `final` is left exactly as it was."""
    final = Path(final).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}-staging-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
    for stale in final.parent.glob(f".{final.name}-old-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-staging-", dir=final.parent))
    stage = Stage(final, staging)
    try:
        yield stage
    finally:
        if staging.exists():  # a failed build, or one that changed nothing
            shutil.rmtree(staging, ignore_errors=True)


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """Files and folders under root, relative, folders parents first."""
    files: list[str] = []
    dirs: list[str] = []
    base = str(root)
    cut = len(base) + 1
    for folder, _subdirs, names in os.walk(base):
        rel = folder[cut:]
        if rel:
            dirs.append(rel)
        prefix = rel + "/" if rel else ""
        files.extend(prefix + name for name in names)
    return files, dirs


def _parents(rel: str) -> list[str]:
    parts = rel.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    if (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev):
        return True
    if sa.st_size != sb.st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def _remove_tree(root: Path, files: list[str], dirs: list[str]) -> None:
    """Remove the old tree whose listing is known: cheaper than walking it again."""
    try:
        for rel in files:
            os.unlink(root / rel)
        for rel in reversed(dirs):
            os.rmdir(root / rel)
        os.rmdir(root)
    except OSError:
        shutil.rmtree(root, ignore_errors=True)
