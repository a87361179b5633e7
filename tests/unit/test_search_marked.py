"""Each language's Pagefind run reads that language's marked pages only (griot.search.index):
the unmarked ones (listings, hashtags) were parsed only to be skipped."""

from __future__ import annotations

import gzip
from pathlib import Path

from griot.search import index as search_index
from tests.conftest import write_tree


def _page(lang: str, text: str, marked: bool) -> str:
    mark = " data-pagefind-body" if marked else ""
    return (f'<!doctype html><html lang="{lang}"><head><title>t</title></head>'
            f"<body><nav>menu</nav><article{mark}><p>{text}</p></article></body></html>")


def _index_text(site: Path) -> str:
    """Every file of the bundle, decompressed (Pagefind gzips its index and fragments)."""
    chunks = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            chunks.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return b"".join(chunks).decode("utf-8", "replace")


def test_pagefind_reads_only_the_marked_pages_of_its_language(tmp_path, monkeypatch):
    site = write_tree(tmp_path / "site", {
        "fr/a/index.html": _page("fr", "Les radios de Tombouctou", True),
        "fr/b/index.html": _page("fr", "Kayes et Gao", True),
        "fr/hashtag/radio/index.html": _page("fr", "Zyxwvu liste", False),
        "en/a/index.html": _page("en", "Radios in Timbuktu", True),
        "en/index.html": _page("en", "Qwertzu listing", False)})
    read: dict[str, list[str]] = {}  # each run's --glob -> the HTML files it matches
    start = search_index._start

    def spying_start(command):
        given = Path(command[command.index("--site") + 1])
        glob = command[command.index("--glob") + 1]
        read[glob] = sorted(p.relative_to(given).as_posix() for p in given.glob(glob))
        return start(command)

    monkeypatch.setattr(search_index, "_start", spying_start)
    signatures = {p.relative_to(site).as_posix(): b"1" for p in site.rglob("*.html")}
    cache = tmp_path / "cache"
    search_index.index_site(site, ("fr", "en"), signatures, cache)  # every page read by _key
    assert read == {"fr/**/*.html": ["fr/a/index.html", "fr/b/index.html"],
                    "en/**/*.html": ["en/a/index.html"]}
    text = _index_text(site)
    assert '"url":"/fr/a/"' in text and '"url":"/en/a/"' in text  # the site's URLs
    assert "Tombouctou" in text and "Zyxwvu" not in text and "Qwertzu" not in text

    # One French page edited: its mark is known from _key's read, fr/a's is read anew.
    read.clear()
    (site / "fr/b/index.html").write_text(_page("fr", "Kayes et Mopti", True), encoding="utf-8")
    search_index.index_site(site, ("fr", "en"), {**signatures, "fr/b/index.html": b"2"}, cache)
    assert read == {"fr/**/*.html": ["fr/a/index.html", "fr/b/index.html"]}
    assert "Mopti" in _index_text(site)
