"""OutputWriter.stream: a file written piece by piece follows write()'s rules."""

from __future__ import annotations

import os

import pytest

from griot.core.writer import OutputWriter, WriteCollision


def test_a_streamed_file_is_written_and_recorded(tmp_path):
    writer = OutputWriter(tmp_path / "stage")
    with writer.stream("a/sitemap.xml", "sitemap", signature=b"s") as handle:
        handle.write(b"<urlset>")
        handle.write(b"</urlset>\n")
    path = tmp_path / "stage" / "a" / "sitemap.xml"
    assert path.read_bytes() == b"<urlset></urlset>\n"
    record = writer.records["a/sitemap.xml"]
    assert (record.signature, record.size, record.inode) == (b"s", 18, path.stat().st_ino)
    assert writer.changed == {"a/sitemap.xml"}
    assert os.listdir(path.parent) == ["sitemap.xml"]  # no temporary file left
    with pytest.raises(WriteCollision):
        writer.write("a/sitemap.xml", "x", "another page")


@pytest.mark.parametrize("same", [True, False])
def test_a_streamed_file_equal_to_the_published_one_is_not_staged(tmp_path, same):
    published = tmp_path / "site"
    published.mkdir()
    (published / "sitemap.xml").write_bytes(b"<urlset/>\n")
    writer = OutputWriter(tmp_path / "stage", previous=published)
    with writer.stream("sitemap.xml", "sitemap") as handle:
        handle.write(b"<urlset/>\n" if same else b"<urlset></urlset>\n")
    staged = tmp_path / "stage" / "sitemap.xml"
    assert staged.exists() is not same
    assert writer.changed == (set() if same else {"sitemap.xml"})
    expected = published / "sitemap.xml" if same else staged
    assert writer.records["sitemap.xml"].inode == expected.stat().st_ino


def test_a_failed_stream_leaves_nothing(tmp_path):
    writer = OutputWriter(tmp_path)
    with pytest.raises(RuntimeError), writer.stream("sitemap.xml", "sitemap") as handle:
        handle.write(b"<urlset>")
        raise RuntimeError("the sitemap could not be finished")
    assert os.listdir(tmp_path) == []
    assert "sitemap.xml" not in writer.records


def test_a_file_is_never_modified_in_place_where_readers_or_links_may_hold_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("old")
    os.link(site / "a.html", tmp_path / "elsewhere.html")  # as a commit links published files
    writer = OutputWriter(site, previous=site)
    writer.write("a.html", "new", "page a")
    assert (site / "a.html").read_text() == "new"
    assert (tmp_path / "elsewhere.html").read_text() == "old"


def test_in_a_folder_empty_at_first_files_are_written_where_they_go(tmp_path):
    writer = OutputWriter(tmp_path / "stage")
    writer.write("feed.atom", "first", "feed", rewrite=True)
    writer.write("feed.atom", "second", "feed", rewrite=True)  # built again: replaced
    assert (tmp_path / "stage" / "feed.atom").read_text() == "second"
    assert os.listdir(tmp_path / "stage") == ["feed.atom"]
    assert writer.records["feed.atom"].size == len("second")
