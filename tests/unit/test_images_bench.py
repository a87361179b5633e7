"""bench.images: the srcset choice it attributes to phones, and the shape of its report."""

from __future__ import annotations

import pytest

from bench.images import chromium_pick, measure, report, slot_width, strict_pick, synthetic_photos
from griot.images.markup import DEFAULT_SIZES
from griot.images.pipeline import Variant
from griot.images.settings import ImageSettings

CANDIDATES = [Variant("webp", w, w * 3 // 4, f"images/x-{w}.webp") for w in (320, 640, 1024, 1600)]


@pytest.mark.parametrize(("viewport", "slot"), [(360, 328), (640, 608), (1024, 640), (1600, 640)])
def test_slot_width_follows_sizes(viewport, slot):
    assert slot_width(DEFAULT_SIZES, viewport) == slot


def test_slot_width_other_units():
    assert slot_width("(min-width: 800px) 50vw, 300px", 1000) == 500
    assert slot_width("(min-width: 800px) 50vw, 300px", 600) == 300
    assert slot_width("calc(100vw - 2rem)", 360) == 328
    with pytest.raises(ValueError):
        slot_width("calc(100vw * 2)", 360)


@pytest.mark.parametrize(
    ("slot", "dpr", "width"),
    [
        (360, 2.0, 640),  # 1.78x vs 2.84x: 2 is below their geometric mean (2.25)
        (360, 3.0, 1024),
        (360, 1.0, 640),  # on 1x screens Chromium never takes a smaller image
        (300, 1.0, 320),
        (640, 2.0, 1600),
        (2000, 2.0, 1600),  # nothing is big enough: the largest
    ],
)
def test_chromium_pick(slot, dpr, width):
    assert chromium_pick(CANDIDATES, slot, dpr).width == width


def test_strict_pick_is_the_smallest_big_enough():
    assert strict_pick(CANDIDATES, 360, 2.0).width == 1024
    assert strict_pick(CANDIDATES, 2000, 2.0).width == 1600


def test_measure_on_synthetic_photos(tmp_path):
    sources = synthetic_photos(tmp_path / "images", 2, size=(1200, 900))
    result = measure(sources, ImageSettings(), tmp_path / "work", workers=1)
    assert result["images"] == 2
    assert result["original_bytes"] == sum(s.stat().st_size for s in sources)
    # With widths made for phones (360, 720, 1080...), Chromium's pick is often the strict one.
    assert 0 < result["phone_bytes"] <= result["phone_bytes_strict"] < result["original_bytes"]
    assert result["saved_bytes"] == result["original_bytes"] - result["phone_bytes"]
    assert all(i["phone_variant"].endswith("-720.webp") for i in result["per_image"])
    assert result["cold_seconds"] > 0 and result["warm_seconds"] > 0
    assert "phone 360 px @2x, webp" in report(result)
