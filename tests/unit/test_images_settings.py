"""griot.images.settings: defaults, and precise messages for values Griot cannot use."""

from __future__ import annotations

import pytest

from griot.images.settings import ImageSettings, ImageSettingsError, load


def test_defaults():
    s = load({})
    assert s == ImageSettings()
    assert s.widths == (160, 240, 360, 480, 720, 1080, 1440)
    assert s.formats == ("webp", "jpeg")
    assert s.source_formats == ("webp",)
    assert s.fallback_format == "jpeg"
    assert s.quality_for("webp") == 70
    assert s.quality_for("jpeg") == 78
    assert s.max_pixels == 50_000_000
    assert s.fallback_width == 480
    assert (s.output_dir, s.cache_dir) == ("images", "cache/images")


def test_values_are_read_and_normalised():
    s = load(
        {
            "GRIOT_IMAGE_WIDTHS": [1200, 400, 400, 800],
            "GRIOT_IMAGE_QUALITY": {"webp": 60},
            "GRIOT_IMAGE_FORMATS": ["webp", "png"],
            "GRIOT_IMAGE_OUTPUT_DIR": "media/img/",
            "SITENAME": "not ours",
        }
    )
    assert s.widths == (400, 800, 1200)
    assert s.quality_for("webp") == 60
    assert s.quality_for("jpeg") == 78  # untouched default
    assert s.fallback_format == "png"
    assert s.output_dir == "media/img"


def test_fingerprint_follows_quality_only():
    base = load({})
    assert load({"GRIOT_IMAGE_WIDTHS": [500]}).fingerprint == base.fingerprint
    assert load({"GRIOT_IMAGE_QUALITY": {"jpeg": 90}}).fingerprint != base.fingerprint


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("GRIOT_IMAGE_WIDTHS", "320,640", "a non-empty list of widths"),
        ("GRIOT_IMAGE_WIDTHS", [], "a non-empty list of widths"),
        ("GRIOT_IMAGE_WIDTHS", [320, "640"], "a non-empty list of widths"),
        ("GRIOT_IMAGE_WIDTHS", [320, 99999], "from 16 to 8192"),
        ("GRIOT_IMAGE_QUALITY", 80, "a dict mapping"),
        ("GRIOT_IMAGE_QUALITY", {"webp": 0}, "quality from 1 to 100"),
        ("GRIOT_IMAGE_QUALITY", {"gif": 50}, "a dict mapping"),
        ("GRIOT_IMAGE_FORMATS", ["webp"], "followed by one of ['jpeg', 'png']"),
        ("GRIOT_IMAGE_FORMATS", ["heic", "jpeg"], "followed by one of"),
        ("GRIOT_IMAGE_FORMATS", "webp", "followed by one of"),
        ("GRIOT_IMAGE_MAX_SOURCE_BYTES", -1, "a positive whole number"),
        ("GRIOT_IMAGE_MAX_SOURCE_BYTES", True, "a positive whole number"),
        ("GRIOT_IMAGE_MAX_PIXELS", 10**9, "Pillow's own hard limit"),
        ("GRIOT_IMAGE_FALLBACK_WIDTH", 480.5, "a positive whole number"),
        ("GRIOT_IMAGE_OUTPUT_DIR", "/images", "without leading '/'"),
        ("GRIOT_IMAGE_OUTPUT_DIR", "../images", "without leading '/' or '..'"),
        ("GRIOT_IMAGE_CACHE_DIR", "", "a folder path"),
    ],
)
def test_bad_values_say_what_is_expected(key, value, expected):
    with pytest.raises(ImageSettingsError) as caught:
        load({key: value})
    message = str(caught.value)
    assert message.startswith(f"Invalid setting {key} (pelicanconf.py): Expected ")
    assert expected in message
    assert message.endswith(f"but received: {value!r}")
    assert caught.value.key == key
