"""Files a build would pass over without a word: a wrong suffix (`x.fr.md.txt`), a wrong folder
(`content/article/x.fr.md`). Pure: no Pelican import."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

from griot.core.problems import WARNING, Problem, T

FOLDERS = ("articles", "pages", "campaigns", "regions", "authors")
MARKDOWN = (".md", ".markdown", ".mkd")
# Editors' backups and temporary files, and files that are not content at all.
_SCRATCH_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "README.md", "README", ".gitkeep", "desktop.ini"}


def ignored(content_root: Path, show) -> Iterator[Problem]:
    """A warning for each file under content/ that looks like content but will not be read.

    `show(path)` gives the path messages name."""
    for folder, dirs, names in os.walk(content_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = Path(folder).relative_to(content_root)
        top = rel_folder.parts[0] if rel_folder.parts else ""
        if top == "images":
            continue
        for name in sorted(names):
            if name.startswith(".") or name in _IGNORED_NAMES or name.endswith(_SCRATCH_SUFFIXES):
                continue
            path = Path(folder) / name
            problem = _why_ignored(rel_folder, top, name, show(str(path)))
            if problem is not None:
                yield problem


def _why_ignored(rel_folder: Path, top: str, name: str, shown: str) -> Problem | None:
    lowered = name.lower()
    is_markdown = lowered.endswith(MARKDOWN)
    looks_markdown = any(f"{suffix}." in lowered for suffix in MARKDOWN)
    if not is_markdown and not looks_markdown:
        return None  # a photo next to an article, a PDF...: not ours to judge
    if looks_markdown and not is_markdown:
        stem = name[: next(lowered.index(f"{s}.") for s in MARKDOWN if f"{s}." in lowered)]
        suffix = next(s for s in MARKDOWN if f"{s}." in lowered)
        return Problem(shown, T("this file is ignored: its name does not end in .md"),
                       T("rename it to {name}", name=stem + suffix), severity=WARNING)
    if top in FOLDERS:
        return None  # read by the build (and checked there)
    if not top:
        return Problem(shown, T("this file is ignored: it is not in a content folder"),
                       T("move it under one of: {folders}",
                         folders=", ".join(f"content/{f}/" for f in FOLDERS)),
                       severity=WARNING)
    close = difflib.get_close_matches(top.lower(), FOLDERS, n=1, cutoff=0.6)
    rest = Path(*rel_folder.parts[1:], name).as_posix()
    if close:
        return Problem(shown, T("this file is ignored: content/{folder}/ is not a content "
                                "folder", folder=top),
                       T("move it to {path}", path=f"content/{close[0]}/{rest}"),
                       severity=WARNING)
    return Problem(shown, T("this file is ignored: content/{folder}/ is not a content folder",
                            folder=top),
                   T("move it under one of: {folders}",
                     folders=", ".join(f"content/{f}/" for f in FOLDERS)), severity=WARNING)
