"""griot.images.cache: an unchanged photo is decoded and encoded once, across builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from griot.images import pipeline
from griot.images.cache import Cache
from griot.images.pipeline import plan, render, render_many
from griot.images.settings import ImageSettings
from tests.unit.images_fixtures import BLUE, RED, two_tone


@pytest.fixture
def settings():
    return ImageSettings()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "content" / "images" / "marche.jpg"
    path.parent.mkdir(parents=True)
    two_tone((900, 600)).save(path, quality=90)
    return path


def forbid_decoding(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a cached image was opened again")

    monkeypatch.setattr(pipeline.Image, "open", refuse)


def test_second_build_neither_probes_nor_decodes(tmp_path, settings, photo, monkeypatch):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    first = render(
        plan(photo, "images/marche.jpg", settings, cache), settings, tmp_path / "a", cache
    )

    forbid_decoding(monkeypatch)
    again = plan(photo, "images/marche.jpg", settings, cache)
    second = render_many([again], settings, tmp_path / "b", cache, workers=2)

    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_unchanged_source_is_not_even_read_again(tmp_path, settings, photo, monkeypatch):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    first = plan(photo, "images/marche.jpg", settings, cache)
    real_read = Path.read_bytes

    def guarded(path):
        if path == photo:
            raise AssertionError("an unchanged source was read again")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    assert plan(photo, "images/marche.jpg", settings, cache) == first
    monkeypatch.undo()

    two_tone((900, 600), top=BLUE, bottom=RED).save(photo, quality=90)
    assert plan(photo, "images/marche.jpg", settings, cache).digest != first.digest


def test_output_is_linked_or_copied_from_the_cache(tmp_path, settings, photo):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    p = plan(photo, "images/marche.jpg", settings, cache)
    paths = render(p, settings, tmp_path / "out", cache)
    for v, path in zip(p.outputs, paths, strict=True):
        cached = cache.path(p.digest, v)
        assert cached.is_file()
        assert path.read_bytes() == cached.read_bytes()
    # Installing again over an existing output is a no-op, not an error.
    assert render(p, settings, tmp_path / "out", cache) == paths


def test_changed_image_gets_a_new_hash_and_new_urls(tmp_path, settings, photo):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    before = plan(photo, "images/marche.jpg", settings, cache)
    two_tone((900, 600), top=BLUE, bottom=RED).save(photo, quality=90)
    after = plan(photo, "images/marche.jpg", settings, cache)
    assert before.digest != after.digest
    assert not {v.url for v in before.outputs} & {v.url for v in after.outputs}
    assert not cache.complete(after)


def test_moved_photo_reuses_the_cache(tmp_path, settings, photo, monkeypatch):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    render(plan(photo, "images/marche.jpg", settings, cache), settings, tmp_path / "out", cache)
    moved = photo.with_name("marche-de-gao.jpg")
    os.rename(photo, moved)
    forbid_decoding(monkeypatch)
    p = plan(moved, "images/marche-de-gao.jpg", settings, cache)
    paths = render(p, settings, tmp_path / "out", cache)
    assert all(path.name.startswith("marche-de-gao-") for path in paths)


def test_new_quality_means_new_encodings(tmp_path, photo):
    low, high = ImageSettings(quality=(("jpeg", 40), ("webp", 40))), ImageSettings()
    assert low.fingerprint != high.fingerprint
    sizes = {}
    for s in (low, high):
        cache = Cache(tmp_path / "cache", s.fingerprint)
        p = plan(photo, "images/marche.jpg", s, cache)
        paths = render(p, s, tmp_path / f"out-{s.fingerprint}", cache)
        sizes[s.fingerprint] = sum(path.stat().st_size for path in paths)
    assert sizes[low.fingerprint] < sizes[high.fingerprint]


def test_cache_must_match_the_settings(tmp_path, settings, photo):
    p = plan(photo, "images/marche.jpg", settings)
    with pytest.raises(ValueError, match="fingerprint"):
        render(p, settings, tmp_path / "out", Cache(tmp_path / "cache", "other"))


def test_prune_keeps_what_this_build_used(tmp_path, settings, photo):
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    p = plan(photo, "images/marche.jpg", settings, cache)
    render(p, settings, tmp_path / "out", cache)
    other = tmp_path / "other.png"
    Image.new("RGB", (50, 50), RED).save(other)
    q = plan(other, "images/other.png", settings, cache)
    render(q, settings, tmp_path / "out", cache)
    stale = tmp_path / "cache" / "oldfingerprint" / "ab" / "abcdef0123-320x200.webp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")

    removed = cache.prune([p.digest])

    assert removed == len(q.outputs) + 1 + 1  # q's files, q's facts, the stale file
    assert not stale.exists()
    assert cache.complete(p)
    assert cache.facts(p.digest) is not None
    assert not cache.complete(q)
    assert cache.facts(q.digest) is None
