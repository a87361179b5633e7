"""The one way a file is replaced: its new bytes go to a temporary name beside it, renamed over
it once complete. A reader (a web server, the next build, a worker) sees the old file or the
new one, never half of one, and an interrupted write leaves no stray file behind."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator


def temp_beside(path: str | os.PathLike) -> str:
    """A temporary name in path's folder (a rename never crosses file systems), unique to this
    process: parallel workers may make the same file at once."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def replacing(path: str | os.PathLike) -> Iterator[str]:
    """`with replacing(path) as tmp:` make the file `tmp`; it then replaces `path`. If the
    block fails, `path` is left as it was and `tmp` is removed; if the block removes `tmp`
    itself (the new bytes turned out to be the old ones), `path` is left as it was."""
    tmp = temp_beside(path)
    try:
        yield tmp
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(FileNotFoundError):
        os.replace(tmp, path)
        if os.path.lexists(tmp):  # two names of one file: rename() leaves both
            os.unlink(tmp)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace `path` with `data` (its folder made when missing)."""
    os.makedirs(os.path.dirname(os.fspath(path)) or ".", exist_ok=True)
    with replacing(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)


def link_or_copy(src: str | os.PathLike, dest: str | os.PathLike,
                 keep_times: bool = False) -> None:
    """Replace `dest` with `src`'s file: a hard link when the file system allows, else a copy
    (another device, a file system without hard links); `keep_times`: the copy keeps src's
    times, so that a later build knows it for the same file."""
    with replacing(dest) as tmp:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
            if keep_times:
                shutil.copystat(src, tmp)


def link_new(src: str | os.PathLike, dest: str | os.PathLike) -> bool:
    """Link `src` at `dest`, a name no one reads yet (a folder made by this build): no
    temporary name to rename. False when it cannot (another file system, a name taken):
    then use link_or_copy."""
    try:
        os.link(src, dest)
    except OSError:
        return False
    return True
