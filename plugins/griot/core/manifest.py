"""What the last build wrote into an output folder, kept beside the other caches (CACHE_PATH):
each file's signature and stat, so the next build can keep it without rendering it again.

A live preview's patch changes a few files of a large site: it appends what it changed to a
journal (`note`) instead of writing every record again. The journal names the base it
follows; `save` starts a new base, and `load` reads the base, then each of its journal's
changes in order."""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from .files import replacing
from .writer import Record

logger = logging.getLogger(__name__)
FILE = "griot-output.pickle"
JOURNAL = "griot-output.journal"
VERSION = 2
# A journal longer than this is folded into a new base by the next note().
JOURNAL_ENTRIES = 500


def _path(cache_dir: str | None, name: str = FILE) -> Path | None:
    return Path(cache_dir) / name if cache_dir else None


def load(cache_dir: str | None, output: str | os.PathLike) -> dict[str, Record | None]:
    """The records of the last build into `output`, or {} (then every page is rendered)."""
    path = _path(cache_dir)
    if path is None or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            version, folder, base, records = pickle.load(handle)
        if version != VERSION or folder != os.path.abspath(output):
            return {}
        for changed, removed in _journal(cache_dir, base):
            records.update(changed)
            for rel in removed:
                records.pop(rel, None)
    except Exception as exc:  # a damaged manifest only costs a slower build
        logger.warning("ignoring %s: %s", path, exc)
        return {}
    return records


def _journal(cache_dir: str | None, base: str) -> Iterable[tuple[dict, tuple]]:
    """The changes noted after the base `base`, in order (none when the journal follows
    another base: one saved before, or after, this one)."""
    path = _path(cache_dir, JOURNAL)
    if path is None or not path.is_file():
        return
    with path.open("rb") as handle:
        if pickle.load(handle) != base:
            return
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def save(cache_dir: str | None, output: str | os.PathLike,
         records: dict[str, Record | None]) -> None:
    path = _path(cache_dir)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    base = os.urandom(8).hex()  # the journal of another base is never applied to this one
    with replacing(path) as tmp, open(tmp, "wb") as handle:
        pickle.dump((VERSION, os.path.abspath(output), base, records), handle,
                    protocol=pickle.HIGHEST_PROTOCOL)
    journal = _path(cache_dir, JOURNAL)
    with replacing(journal) as tmp, open(tmp, "wb") as handle:
        pickle.dump(base, handle, protocol=pickle.HIGHEST_PROTOCOL)
    _noted[str(journal)] = (base, 0)


# Journal file -> (its base, changes appended by this process): a journal is appended to only
# by the process that saved its base (the live preview, under the output's lock).
_noted: dict[str, tuple[str, int]] = {}


def note(cache_dir: str | None, output: str | os.PathLike, records: dict[str, Record | None],
         changed: dict[str, Record | None], removed: Iterable[str] = ()) -> None:
    """After a live preview's patch: `changed` and `removed` are what it did, `records` every
    record now. Appended to the journal of the base this process saved; a new base when there
    is none, or the journal is long."""
    journal = _path(cache_dir, JOURNAL)
    if journal is None:
        return
    base, count = _noted.get(str(journal), (None, JOURNAL_ENTRIES))
    if base is None or count >= JOURNAL_ENTRIES or _base_of(journal) != base:
        save(cache_dir, output, records)  # (another build saved a base since: a new one)
        return
    # One frame, one write: a frame cut short by a crash makes load() ignore the manifest.
    frame = pickle.dumps((changed, tuple(removed)), protocol=pickle.HIGHEST_PROTOCOL)
    with journal.open("ab") as handle:
        handle.write(frame)
    _noted[str(journal)] = (base, count + 1)


def _base_of(journal: Path) -> str | None:
    try:
        with journal.open("rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def forget(cache_dir: str | None) -> None:
    """After a build that may have left the output half-updated: trust nothing next time."""
    path = _path(cache_dir)
    if path is not None and path.exists():
        path.unlink()
