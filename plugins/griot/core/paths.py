"""Paths as a blogger reads them in messages. Pure string work: no file-system call."""

from __future__ import annotations

import os


def display_path(source_path: str) -> str:
    """The path a blogger recognises: relative to the working folder when inside it."""
    return posix(inside(os.path.abspath(source_path), os.getcwd()) or
                  os.path.abspath(source_path))


def inside(path: str, root: str) -> str | None:
    """path relative to root when it lies inside (plain strings: no file-system call, as this
    runs for every file of every build), else None."""
    if path.startswith(root.rstrip(os.sep) + os.sep):
        return path[len(root.rstrip(os.sep)) + 1:]
    return None


def posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path
