"""griot.reader.cache: conversion on worker processes, taken in chunk by chunk as the
reader asks for files."""

from __future__ import annotations

from pelican.settings import read_settings

from griot.reader.cache import ReadCache, reader_settings
from tests.conftest import PUBLISH, article, write_tree


def test_a_file_is_taken_in_with_its_chunk_only_then_all_of_them(tmp_path):
    files = {f"content/articles/a{i:03d}.fr.md": article(f"Titre {i}", f"2025-03-{i % 28 + 1:02d}")
             for i in range(64)}
    write_tree(tmp_path, files)
    settings = read_settings(PUBLISH, override={"PATH": str(tmp_path / "content"),
                                                "SITEURL": "https://example.org"})
    cache = ReadCache(None, settings)
    todo = [(cache.key(str(tmp_path / rel)), str(tmp_path / rel)) for rel in sorted(files)]
    cache.convert(todo, reader_settings(settings), workers=2)  # 16 chunks of 4 files

    body, metadata, warnings = cache.get(todo[-1][0])
    assert metadata["header"].title == "Titre 63" and b"Texte." in body and warnings == []
    assert sorted(cache.entries) == sorted(key for key, _ in todo[-4:])  # its chunk, no more

    cache.finish_converting()
    assert sorted(cache.entries) == sorted(key for key, _ in todo)
    assert cache.get(todo[0][0])[1]["header"].title == "Titre 0"
