"""Build into a staging folder and swap it in only when the whole build succeeded.

The staging folder only receives what changed; the commit completes it with hard links to the
published files that did not change (so they keep their inode and mtime), swaps it in, and
removes the old tree. When nothing changed at all, the published folder is not touched.

At every instant there is a whole site at the output path, the old one or the new one:
- one build at a time: a lock file beside the output folder (`.output.lock`, flock) is held from
  before the staging folder is made until the old tree is removed; a second build waits for it,
  saying so;
- the swap is one system call on Linux, renameat2(RENAME_EXCHANGE) (the two folders trade
  names). Elsewhere (macOS, BSD, file systems without it) it falls back to two renames, output
  -> `.output-old-<pid>` then staging -> output: a crash between them leaves no output folder,
  only the old one beside it;
- so a build starts, under the lock, by recovering: when no output folder exists and an old one
  does, it is renamed back (the site a crash took away comes back before anything else runs),
  then leftover staging and old folders are removed.
An output folder that is a mount point cannot be renamed: it is refused before anything runs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from griot.core.errors import SettingsError

logger = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _libc_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


_renameat2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders' names in one step; False when this system cannot (then nothing moved)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(b))


class Finisher(Protocol):
    """A whole-site step (the search index) run on the complete staged tree before the swap."""

    folder: str  # the top-level folder it writes, e.g. "pagefind"

    def run(self, site: Path, files: Collection[str]) -> None:
        """`files`: every file of the staged site, relative (no need to walk it again)."""


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
        staged = set(changed)  # the staged site's files, for the finishers
        for rel in old:
            if rel not in produced_set or rel in changed or rel.startswith(owned):
                continue
            parent = os.path.dirname(rel)
            if parent and parent not in made:
                os.makedirs(self.path / parent, exist_ok=True)
                made.update(_parents(parent))
            os.link(self.final / rel, self.path / rel)
            staged.add(rel)
        for finisher in finishers:
            finisher.run(self.path, staged)
        self.path.chmod(0o755)  # mkdtemp's 0700 would follow the site to the web server
        if self.final.exists() and exchange(self.path, self.final):
            previous = self.path  # the old site, now under the staging folder's name
        else:
            previous = self.final.parent / f".{self.final.name}-old-{os.getpid()}"
            if self.final.exists():
                os.rename(self.final, previous)  # a crash here is recovered at start-up
            os.rename(self.path, self.final)
        self.report.swapped = True
        if previous.exists():
            _remove_tree(previous, old, old_dirs)
        return self.report


@contextlib.contextmanager
def output_lock(final: Path) -> Iterator[None]:
    """Hold `.<output>.lock` beside the output folder; wait, saying so, while another build
    holds it. The lock is the kernel's (flock): a killed build leaves none behind."""
    path = final.parent / f".{final.name}.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            logger.warning("another build (process %s) is writing %s: waiting for it to finish",
                           holder, final)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_output_folder(final: Path) -> None:
    """Refuse, before anything runs, an output folder the swap cannot rename."""
    if final.exists() and os.path.ismount(final):
        raise SettingsError(
            f"OUTPUT_PATH: {final} is a mount point, which cannot be renamed, and a build "
            "publishes by swapping the new site in beside the old one. Set OUTPUT_PATH to a "
            f"folder inside it (for example {final / 'site'}) and serve that folder.")
    if final.exists() and not final.is_dir():
        raise SettingsError(f"OUTPUT_PATH: {final} is a file, not a folder. Remove it or set "
                            "OUTPUT_PATH to a folder.")


def recover(final: Path) -> bool:
    """Under the lock, before a build: bring back the site a crash took away (between the two
    renames of the fallback swap), then remove what killed builds left. True when it restored."""
    restored = False
    olds = sorted(final.parent.glob(f".{final.name}-old-*"), key=lambda p: p.stat().st_mtime)
    if not os.path.lexists(final) and olds:
        os.rename(olds.pop(), final)
        restored = True
        logger.warning("a build was interrupted while it swapped %s in: the previous site is "
                       "back in place", final)
    for stale in [*olds, *final.parent.glob(f".{final.name}-staging-*")]:
        shutil.rmtree(stale, ignore_errors=True)  # left by builds that were killed
    return restored


@contextlib.contextmanager
def staged_output(final: str | os.PathLike) -> Iterator[Stage]:
    """Yield a Stage; the caller commits it on success. On any exception the staging folder is
    removed and `final` is left exactly as it was. One build at a time per output folder."""
    final = Path(final).resolve()
    check_output_folder(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(final):
        recover(final)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-staging-", dir=final.parent))
        stage = Stage(final, staging)
        try:
            yield stage
        finally:
            if staging.exists():  # a failed build, one that changed nothing, or the old site
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
