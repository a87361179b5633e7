"""The one fingerprint every cache keys on: Griot's code, the versions of the libraries that
shape the output, and the settings that matter. A change to any of them is a new fingerprint,
so no cache serves what an older Griot, Markdown or Pillow made (the content cache, the image
cache, the page signatures)."""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # plugins/griot
# Every library whose version can change a byte of the output (nh3 when installed).
LIBRARIES = ("pelican", "markdown", "jinja2", "markupsafe", "babel", "feedgen", "lxml",
             "pillow", "nh3")


@cache
def library_versions() -> tuple[tuple[str, str | None], ...]:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            versions.append((name, None))
    return tuple(versions)


@cache
def code_files(folders: tuple[str, ...] = ()) -> tuple[tuple[str, bytes], ...]:
    """(path, digest) of Griot's modules, in the given folders of the package (all: empty)."""
    roots = [PACKAGE / folder for folder in folders] or [PACKAGE]
    paths = sorted(p for root in roots for p in root.rglob("*.py"))
    return tuple((p.relative_to(PACKAGE).as_posix(),
                  hashlib.blake2b(p.read_bytes(), digest_size=16).digest()) for p in paths)


def code_digest(folders: Iterable[str] = ()) -> str:
    """Griot's version, as far as a cache can tell: the digest of its code (in `folders`)."""
    return hashlib.sha256(repr(code_files(tuple(folders))).encode()).hexdigest()[:16]


def fingerprint(settings: Mapping | None = None, keys: Iterable[str] = (),
                code: Iterable[str] | None = None, extra: object = ()) -> str:
    """16 hex digits: Griot's code (the folders in `code`; every module when None; none when
    empty, where `extra` holds the cache's own format version), every library's version, the
    settings named by `keys`, and whatever else the cache depends on (`extra`)."""
    settings = settings or {}
    code = None if code is None else tuple(code)
    payload = ("" if code == () else code_digest(code or ()), library_versions(),
               tuple((key, repr(settings.get(key))) for key in sorted(keys)), extra)
    return hashlib.sha256(repr(payload).encode()).hexdigest()[:16]
