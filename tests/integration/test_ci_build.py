"""A content repository's CI build: a fresh clone, `cache/` restored, no output folder. The
cache holds the last build's pages and feeds (griot.core.store) and each language's search
index (griot.search.index): such a build renders and indexes only what changed since, and
gives the same bytes as a clean build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from griot.render import generator as render_generator
from griot.search import index as search_index
from tests.conftest import build as build_site
from tests.conftest import tree_digest, write_tree

ARTICLE = "content/articles/2025/esclavage-par-ascendance.fr.md"


@pytest.fixture
def ci(sample_copy, image_cache, tmp_path, monkeypatch):
    """(site, build(out=None) -> output, clean() -> a clean build's tree, work) where work
    lists the pages rendered and the Pagefind runs (their --glob) of the last build."""
    work = {"rendered": [], "indexed": []}
    render = render_generator.PageRenderer.render
    start = search_index._start

    def counting_render(self, page, out):
        rendered = render(self, page, out)
        if rendered is not None:
            work["rendered"].append(page.url)
        return rendered

    def counting_start(command):
        work["indexed"].append(command[command.index("--glob") + 1]
                               if "--glob" in command else "site")
        return start(command)

    monkeypatch.setattr(render_generator.PageRenderer, "render", counting_render)
    monkeypatch.setattr(search_index, "_start", counting_start)

    def build(out: Path | None = None, **overrides) -> Path:
        work["rendered"].clear()
        work["indexed"].clear()
        return build_site(sample_copy, out, GRIOT_IMAGE_CACHE_DIR=str(image_cache),
                          **overrides)

    def clean() -> dict[str, str]:
        target = tmp_path / "clean"
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
        return tree_digest(build(target))

    return sample_copy, build, clean, work


def test_a_build_into_an_empty_folder_renders_and_indexes_nothing_unchanged(ci):
    site, build, clean, work = ci
    out = build()
    assert len(work["rendered"]) > 50 and work["indexed"] == ["fr/**/*.html", "en/**/*.html"]
    expected = tree_digest(out)
    shutil.rmtree(out)  # a fresh clone: no output folder, the cache restored
    build()
    assert work["rendered"] == [] and work["indexed"] == []
    assert tree_digest(out) == expected == clean()
    store = site / "output-cache/griot-pages"
    # The pages are the store's files, linked (no copy on one file system).
    assert (out / "fr/index.html").stat().st_ino == (store / "fr/index.html").stat().st_ino


def test_an_edit_renders_its_pages_and_indexes_its_language_only(ci):
    site, build, clean, work = ci
    out = build()
    first = len(work["rendered"])
    english = sorted(p for p in (site / "output-cache/griot-search/en").rglob("*")
                     if p.name != search_index.KEY)  # (the key notes the new signatures)
    english_inodes = [p.stat().st_ino for p in english if p.is_file()]
    article = site / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace(
        "\n\n", "\n\nUn paragraphe de plus, écrit pour ce test.\n\n", 1), encoding="utf-8")
    shutil.rmtree(out)
    build()
    assert "fr/2025/esclavage-par-ascendance/" in work["rendered"]
    assert len(work["rendered"]) < first // 3
    # The English translation's page was made again (it links to this one), with the same
    # bytes: the English index is the one kept.
    assert work["indexed"] == ["fr/**/*.html"]
    assert [p.stat().st_ino for p in english if p.is_file()] == english_inodes
    assert tree_digest(out) == clean()
    text = b"".join(p.read_bytes() for p in (out / "pagefind/fragment").iterdir())
    assert text  # (Pagefind compresses its fragments: the words are checked in the browser)


def test_a_stored_file_changed_in_place_is_rendered_again(ci):
    site, build, clean, work = ci
    out = build()
    stored = site / "output-cache/griot-pages/fr/index.html"
    with open(stored, "r+b") as handle:  # in place: the published file (same inode) too
        handle.seek(0)
        handle.write(b"<!-- changed by another tool -->")
    shutil.rmtree(out)
    build()
    assert "fr/" in work["rendered"]
    assert tree_digest(out) == clean()


def test_the_store_follows_the_site(ci):
    site, build, _, _ = ci
    build()
    store = site / "output-cache/griot-pages"
    assert (store / "fr/2025/esclavage-par-ascendance/index.html").is_file()
    (site / ARTICLE).unlink()
    build()
    assert not (store / "fr/2025/esclavage-par-ascendance").exists()
    assert (store / "fr/index.html").is_file()


def _bundle(tmp_path: Path, files: dict[str, str]) -> dict:
    site = write_tree(tmp_path / "site", files)
    written = search_index.index_site(site, ("fr", "en"))
    assert "pagefind/pagefind-entry.json" in written
    return json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))


def _page(lang: str, text: str, marked: bool) -> str:
    mark = " data-pagefind-body" if marked else ""
    return (f'<!doctype html><html lang="{lang}"><head><title>t</title></head>'
            f"<body><nav>menu</nav><article{mark}><p>{text}</p></article></body></html>")


def test_a_language_without_an_indexed_page_gets_no_index(tmp_path):
    # As one Pagefind run over the whole site: once a page is marked, only marked pages count.
    entry = _bundle(tmp_path, {"fr/a/index.html": _page("fr", "Bonjour Gao", True),
                               "en/search/index.html": _page("en", "Search", False)})
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == 1


def test_a_site_without_any_marked_page_is_indexed_as_pagefind_does(tmp_path):
    entry = _bundle(tmp_path, {"fr/a/index.html": _page("fr", "Bonjour", False),
                               "en/a/index.html": _page("en", "Hello", False)})
    assert list(entry["languages"]) == ["en", "fr"]


def test_per_language_runs_give_pagefind_s_whole_site_files(tmp_path):
    files = {"fr/a/index.html": _page("fr", "Les radios de Tombouctou", True),
             "fr/b/index.html": _page("fr", "Kayes et Gao", True),
             "en/a/index.html": _page("en", "Radios in Timbuktu", True)}
    entry = _bundle(tmp_path, files)
    whole = tmp_path / "whole"
    subprocess.run([str(search_index.executable()), "--site", str(tmp_path / "site"),
                    "--glob", "{fr,en}/**/*.html", "--output-path", str(whole), "--quiet"],
                   check=True)
    expected = json.loads((whole / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"] == dict(sorted(expected["languages"].items()))
    ours = sorted(p.relative_to(tmp_path / "site/pagefind").as_posix()
                  for p in (tmp_path / "site/pagefind").rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(whole).as_posix() for p in whole.rglob("*") if p.is_file())
    assert ours == theirs


def test_a_languages_pages_from_the_staged_list_are_those_on_disk(tmp_path):
    """The commit hands the search index the staged site's files (no second walk): the
    pages it picks for a language are the ones a walk finds, and no other folder's."""
    site = write_tree(tmp_path / "site", {
        "fr/index.html": "a", "fr/2025/x/index.html": "b", "fr/feed.xml": "c",
        "fresh/index.html": "d", "fr.html": "e", "en/index.html": "f", "index.html": "g"})
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    for lang in ("fr", "en"):
        assert (search_index._html_under(site, lang, files)
                == search_index._html_under(site, lang))
    assert search_index._html_under(site, "fr", files) == ["fr/2025/x/index.html",
                                                           "fr/index.html"]
