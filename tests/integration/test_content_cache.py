"""Converted Markdown is cached by content hash across builds, and converting on several
processes gives the same site as converting in one."""

from __future__ import annotations

import pytest

from griot.core.errors import BuildError
from griot.reader.reader import GriotMarkdownReader
from tests.conftest import article, tree_digest

FILES = {f"content/articles/a{i:02d}.{lang}.md":
         article(f"Titre {i} {lang}", f"2025-03-{i % 28 + 1:02d}", body=f"Texte #MaliSansVBG {i}.")
         for i in range(30) for lang in ("fr", "en")}


def counting_parse(monkeypatch) -> list[str]:
    calls: list[str] = []
    original = GriotMarkdownReader.parse

    def parse(self, path):
        calls.append(path)
        return original(self, path)

    monkeypatch.setattr(GriotMarkdownReader, "parse", parse)
    return calls


def test_an_unchanged_file_is_never_converted_twice(make_site, build_site, monkeypatch, tmp_path):
    site = make_site(FILES)
    cache = tmp_path / "cache"
    calls = counting_parse(monkeypatch)
    first = build_site(site, tmp_path / "one", GRIOT_WORKERS=1, CACHE_PATH=str(cache))
    assert len(calls) == len(FILES)
    calls.clear()
    second = build_site(site, tmp_path / "two", GRIOT_WORKERS=1, CACHE_PATH=str(cache))
    assert calls == []
    assert tree_digest(first) == tree_digest(second)

    edited = site / "content/articles/a03.fr.md"
    edited.write_text(article("Titre modifié", "2025-03-04"), encoding="utf-8")
    third = build_site(site, tmp_path / "three", GRIOT_WORKERS=1, CACHE_PATH=str(cache))
    assert [p.rsplit("/", 1)[-1] for p in calls] == ["a03.fr.md"]
    assert "Titre modifié" in (third / "fr/2025/a03/index.html").read_text(encoding="utf-8")


def test_parallel_conversion_builds_the_same_bytes(make_site, build_site, tmp_path):
    site = make_site(FILES)
    serial = build_site(site, tmp_path / "serial", GRIOT_WORKERS=1, GRIOT_CONTENT_CACHE=False)
    parallel = build_site(site, tmp_path / "parallel", GRIOT_WORKERS=2,
                          CACHE_PATH=str(tmp_path / "pcache"))
    assert tree_digest(serial) == tree_digest(parallel)
    assert (tmp_path / "pcache" / "griot-content.pickle").exists()


def test_a_problem_is_reported_even_when_converted_in_a_worker(make_site, build_site, tmp_path):
    bad = "Title: T\nDate: hier\nAuthor: m\n\nx"
    site = make_site({**FILES, "content/articles/bad.fr.md": bad})
    with pytest.raises(BuildError, match="bad.fr.md:2"):
        build_site(site, GRIOT_WORKERS=2, CACHE_PATH=str(tmp_path / "c"))


def test_the_link_check_reads_no_file_again(make_site, build_site, monkeypatch, tmp_path):
    # The reader finds a file's links once, kept with its reading (the content cache): the
    # check of every link against the site reads no file, in a first build or from the cache.
    from griot.checks import generator as checks_generator

    def no_reading(path):
        raise AssertionError(f"the link check read {path}")

    monkeypatch.setattr(checks_generator, "_read", no_reading)
    site = make_site({**FILES, "content/articles/a00.fr.md": article(
        "Titre", "2025-03-01", body="Voir [la radio](/fr/2025/nulle-part/) ce soir.")})
    for run in ("one", "two"):  # converted, then from the cache
        with pytest.raises(BuildError) as err:
            build_site(site, tmp_path / run, GRIOT_WORKERS=1, CACHE_PATH=str(tmp_path / "c"))
        assert "a00.fr.md:5: error: the link /fr/2025/nulle-part/ leads to no page" in str(
            err.value)
