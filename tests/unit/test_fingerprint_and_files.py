"""One fingerprint for every cache, and one way to replace a file."""

from __future__ import annotations

import os

import pytest

from griot.core import fingerprint as fp
from griot.core.files import link_or_copy, replacing, write_atomic
from griot.core.writer import OutputWriter, WriteCollision
from griot.images.settings import load as load_image_settings
from griot.reader.cache import READER_SETTINGS, cache_fingerprint

SETTINGS = {"PATH": "/site/content", "SITEURL": "", "TIMEZONE": "Africa/Bamako",
            "DEFAULT_LANG": "fr", "GRIOT_LANGUAGES": ["fr", "en"], "GRIOT_SHOW_DRAFTS": False}


def _other_version(monkeypatch, library: str) -> None:
    versions = tuple((name, "99.0" if name == library else v)
                     for name, v in fp.library_versions())
    monkeypatch.setattr(fp, "library_versions", lambda: versions)


@pytest.mark.parametrize("library", ["markdown", "pelican", "jinja2", "pillow", "babel"])
def test_the_content_cache_follows_every_library_version(monkeypatch, library):
    before = cache_fingerprint(SETTINGS)
    _other_version(monkeypatch, library)
    assert cache_fingerprint(SETTINGS) != before


def test_the_content_cache_follows_the_settings_that_matter_only():
    before = cache_fingerprint(SETTINGS)
    assert cache_fingerprint({**SETTINGS, "GRIOT_PER_PAGE": 3}) == before
    for key in READER_SETTINGS:
        assert cache_fingerprint({**SETTINGS, key: "autre"}) != before, key


def test_the_content_cache_follows_the_reader_code():
    files = dict(fp.code_files(("reader",)))
    assert "reader/reader.py" in files and "reader/fastinline.py" in files


def test_the_image_cache_follows_pillow_and_markdown_does_not_matter_to_it(monkeypatch):
    before = load_image_settings({}).fingerprint
    _other_version(monkeypatch, "pillow")
    assert load_image_settings({}).fingerprint != before


def test_replacing_publishes_whole_files_or_nothing(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, b"old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(b"half")
        raise RuntimeError("the build stopped")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["page.html"]  # no temporary file left behind
    with replacing(target) as tmp, open(tmp, "wb") as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["page.html"]


def test_link_or_copy_replaces_with_the_source_file(tmp_path):
    (tmp_path / "cached").write_bytes(b"card")
    write_atomic(tmp_path / "out" / "card.png", b"old card")
    link_or_copy(tmp_path / "cached", tmp_path / "out" / "card.png")
    assert (tmp_path / "out" / "card.png").read_bytes() == b"card"
    assert sorted(os.listdir(tmp_path / "out")) == ["card.png"]


def test_images_and_cards_go_through_the_writers_collision_check(tmp_path):
    writer = OutputWriter(tmp_path / "out")
    writer.adopt("images/marche-1a2b3c-640.webp", "image images/marche.jpg")
    # The same content-named file, used by a second page: one file.
    writer.adopt("images/marche-1a2b3c-640.webp", "image images/marche.jpg")
    with pytest.raises(WriteCollision, match="images/marche-1a2b3c-640.webp: image"):
        writer.write("images/marche-1a2b3c-640.webp", "<html>", "page fr/marche/")
    writer.write("fr/index.html", "<html>", "home of fr")
    with pytest.raises(WriteCollision, match="fr/index.html: home of fr and social card"):
        writer.adopt("fr/index.html", "social card home-fr")
