"""What the last build wrote into an output folder, kept beside the other caches (CACHE_PATH):
each file's signature and stat, so the next build can keep it without rendering it again."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from .files import replacing
from .writer import Record

logger = logging.getLogger(__name__)
FILE = "griot-output.pickle"
VERSION = 1


def _path(cache_dir: str | None) -> Path | None:
    return Path(cache_dir) / FILE if cache_dir else None


def load(cache_dir: str | None, output: str | os.PathLike) -> dict[str, Record | None]:
    """The records of the last build into `output`, or {} (then every page is rendered)."""
    path = _path(cache_dir)
    if path is None or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            version, folder, records = pickle.load(handle)
    except Exception as exc:  # a damaged manifest only costs a slower build
        logger.warning("ignoring %s: %s", path, exc)
        return {}
    if version != VERSION or folder != os.path.abspath(output):
        return {}
    return records


def save(cache_dir: str | None, output: str | os.PathLike,
         records: dict[str, Record | None]) -> None:
    path = _path(cache_dir)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp, open(tmp, "wb") as handle:
        pickle.dump((VERSION, os.path.abspath(output), records), handle,
                    protocol=pickle.HIGHEST_PROTOCOL)


def forget(cache_dir: str | None) -> None:
    """After a build that may have left the output half-updated: trust nothing next time."""
    path = _path(cache_dir)
    if path is not None and path.exists():
        path.unlink()
