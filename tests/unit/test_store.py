"""The store of the last build's signed files (griot.core.store), without Pelican: files written
by an OutputWriter, stored, and linked into an empty folder by the next writer."""

from __future__ import annotations

import pytest

from griot.core import store as store_module
from griot.core.store import OutputStore
from griot.core.writer import OutputWriter

SIG_A, SIG_B = b"a" * 16, b"b" * 16


def _publish(tmp_path, files: dict[str, tuple[bytes, bytes]], name: str = "out"):
    """Write {rel: (bytes, signature)} into tmp_path/name; return (folder, records)."""
    out = tmp_path / name
    writer = OutputWriter(out)
    for rel, (data, signature) in files.items():
        writer.write(rel, data, rel, signature=signature, notes=(f"note of {rel}",))
    return out, writer.manifest()


def test_a_writer_links_stored_files_into_an_empty_folder(tmp_path):
    cache = tmp_path / "cache"
    out, records = _publish(tmp_path, {"fr/index.html": (b"<p>un</p>", SIG_A),
                                       "fr/feed.atom": (b"<feed/>", SIG_B)})
    OutputStore(cache).sync(out, records)
    fresh = OutputWriter(tmp_path / "ci", store=OutputStore(cache))
    kept = fresh.keep("fr/index.html", SIG_A, "page")
    assert kept is not None and kept.notes == ("note of fr/index.html",)
    assert (tmp_path / "ci/fr/index.html").read_bytes() == b"<p>un</p>"
    assert fresh.keep("fr/feed.atom", SIG_A, "feed") is None  # another signature: render it
    assert fresh.keepable("fr/feed.atom", SIG_B) is not None


def test_a_stored_file_rewritten_in_place_is_not_trusted(tmp_path):
    cache = tmp_path / "cache"
    out, records = _publish(tmp_path, {"fr/index.html": (b"<p>un</p>", SIG_A)})
    OutputStore(cache).sync(out, records)
    (out / "fr/index.html").write_bytes(b"<p>deux, plus long</p>")  # the same inode
    assert OutputStore(cache).get("fr/index.html", SIG_A) is None


def test_the_store_drops_what_the_site_no_longer_makes(tmp_path):
    cache = tmp_path / "cache"
    out, records = _publish(tmp_path, {"fr/a/index.html": (b"a", SIG_A),
                                       "fr/b/index.html": (b"b", SIG_B)})
    store = OutputStore(cache)
    store.sync(out, records)
    del records["fr/a/index.html"]
    store.sync(out, records)
    assert not (cache / "griot-pages/fr/a").exists()
    assert set(OutputStore(cache).index) == {"fr/b/index.html"}


def test_a_sync_cut_short_leaves_no_index(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    out, records = _publish(tmp_path, {"fr/a/index.html": (b"a", SIG_A)})
    OutputStore(cache).sync(out, records)
    out2, records2 = _publish(tmp_path, {"fr/a/index.html": (b"a2", SIG_B),
                                         "fr/b/index.html": (b"b", SIG_B)}, "out2")
    calls = []

    def failing(src, dest, keep_times=False):
        calls.append(dest)
        if len(calls) == 2:
            raise OSError("disk full")
        return link_or_copy(src, dest, keep_times)

    link_or_copy = store_module.link_or_copy
    monkeypatch.setattr(store_module, "link_or_copy", failing)
    with pytest.raises(OSError):
        OutputStore(cache).sync(out2, records2)
    assert OutputStore(cache).index == {}  # nothing trusted: every page is rendered
