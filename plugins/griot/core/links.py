"""Whether a file reached under the content folder really lies inside it.

A symbolic link (a file, a folder, an image) can point anywhere: `content/articles/notes.fr.md`
-> `~/.ssh/config` would be read, and its lines printed in error messages and published. Every
content file and image is checked here, on its real path, before a byte of it is read.
"""

from __future__ import annotations

import functools
import os


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=16)
def _real_root(root: str) -> str:
    """The content folder's real path, resolved once per process (every file is checked
    against it): the editor's setting, not a blogger's file. Were it re-pointed meanwhile,
    files would resolve elsewhere and be refused, not let through."""
    return os.path.realpath(root)


def escaping_link(path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """None when `path`'s real path lies inside `root`'s; else the link that leads out of it
    (the first one on the way from root to path), for the message."""
    root = os.path.abspath(root)
    real_root = _real_root(root)
    path = os.path.abspath(path)
    if _within(os.path.realpath(path), real_root):
        return None
    if not _within(path, root):
        return path
    current = root
    for part in os.path.relpath(path, root).split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current) and not _within(os.path.realpath(current), real_root):
            return current
    return path


def link_message(link: str, root: str | os.PathLike) -> str:
    """What a blogger reads: the link, not where it leads (that file may be private)."""
    shown = os.path.relpath(link, os.getcwd()) if _within(link, os.getcwd()) else link
    return (f"{shown} is a symbolic link that leads out of the content folder "
            f"({os.path.basename(os.path.abspath(root))}/): nothing outside it is read or "
            "published")


LINK_FIX = "copy the file itself into the content folder, and remove the link"
