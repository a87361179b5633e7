"""The output manifest: a base of every record, and the journal a live preview's patches
append to instead of writing every record again."""

from __future__ import annotations

from griot.core import manifest
from griot.core.writer import Record


def record(n: int) -> Record:
    return Record(bytes([n]) * 16, n, n, n)


def test_noted_changes_and_removals_are_read_back_over_the_base(tmp_path):
    cache, out = str(tmp_path / "cache"), str(tmp_path / "output")
    records = {"a.html": record(1), "b.html": record(2), "card.png": None}
    manifest.save(cache, out, records)
    records.update({"a.html": record(3), "new.png": None})
    del records["card.png"]
    manifest.note(cache, out, records, {"a.html": record(3), "new.png": None}, ["card.png"])
    records["b.html"] = record(4)
    manifest.note(cache, out, records, {"b.html": record(4)})
    assert manifest.load(cache, out) == records
    assert manifest.load(cache, str(tmp_path / "elsewhere")) == {}  # another output folder


def test_a_journal_follows_only_its_own_base(tmp_path, monkeypatch):
    cache, out = str(tmp_path / "cache"), str(tmp_path / "output")
    manifest.save(cache, out, {"a.html": record(1)})
    journal = tmp_path / "cache" / manifest.JOURNAL
    old_journal = journal.read_bytes()
    manifest.note(cache, out, {"a.html": record(2)}, {"a.html": record(2)})
    noted = journal.read_bytes()
    # Another build saves a new base: the journal of the old one is not applied to it...
    manifest.save(cache, out, {"a.html": record(5)})
    journal.write_bytes(noted)
    assert manifest.load(cache, out) == {"a.html": record(5)}
    # ...and a process whose base is gone starts a new one instead of appending.
    manifest.save(cache, out, {"a.html": record(5)})
    journal.write_bytes(old_journal)
    manifest.note(cache, out, {"a.html": record(6)}, {"a.html": record(6)})
    assert manifest.load(cache, out) == {"a.html": record(6)}
    # A long journal is folded into a new base.
    monkeypatch.setattr(manifest, "JOURNAL_ENTRIES", 2)
    for n in range(7, 12):
        manifest.note(cache, out, {"a.html": record(n)}, {"a.html": record(n)})
    assert manifest.load(cache, out) == {"a.html": record(11)}
    assert journal.stat().st_size < len(noted) * 3


def test_a_frame_cut_short_makes_the_whole_manifest_ignored(tmp_path):
    cache, out = str(tmp_path / "cache"), str(tmp_path / "output")
    manifest.save(cache, out, {"a.html": record(1)})
    manifest.note(cache, out, {"a.html": record(2)}, {"a.html": record(2)})
    journal = tmp_path / "cache" / manifest.JOURNAL
    journal.write_bytes(journal.read_bytes()[:-3])  # a crash in the middle of a write
    assert manifest.load(cache, out) == {}  # every page rendered again: slower, never wrong
