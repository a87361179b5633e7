"""The settings layer: every bad value reported at once, unknown GRIOT_* keys warned with the
closest name, every error a GriotError."""

from __future__ import annotations

import logging

import pytest

from griot.core import errors
from griot.core.errors import GriotError, SettingsError
from griot.engine.settings import check, known_keys
from griot.images.pipeline import ImageError
from griot.images.settings import ImageSettingsError
from griot.taxonomies.keys import HashtagError
from griot.taxonomies.names import AmbiguousNameError, UnknownNameError
from tests.conftest import PREVIEW

GOOD = {"GRIOT_LANGUAGES": ["fr", "en"], "DEFAULT_LANG": "fr", "TIMEZONE": "Africa/Bamako"}


def test_every_bad_value_of_every_module_is_reported_at_once():
    with pytest.raises(SettingsError) as caught:
        check({**GOOD, "GRIOT_PER_PAGE": 0, "TIMEZONE": "Mali/Bamako",
               "GRIOT_FEED_ENTRIES": "50", "GRIOT_FEED_CONTENT": "ful",
               "GRIOT_RELATED_COUNT": -1, "GRIOT_IMAGE_WIDTHS": [],
               "GRIOT_IMAGE_QUALITY": 80, "GRIOT_WORKERS": "2",
               "GRIOT_CONTENT_CACHE": "yes", "GRIOT_NOW": "demain"})
    problems = caught.value.problems
    assert str(caught.value).startswith(
        "10 settings to fix (pelicanconf.py, publishconf.py):\n  - ")
    assert problems == [
        "TIMEZONE: Expected an IANA time zone such as 'Africa/Bamako', "
        "but received: 'Mali/Bamako'",
        "GRIOT_PER_PAGE: Expected a whole number of at least 1, but received: 0",
        "GRIOT_NOW: Expected a date such as '2027-01-15' or '2027-01-15 08:30' (site time), "
        "but received: 'demain'",
        "GRIOT_RELATED_COUNT: Expected a whole number of at least 0 (0 shows no related "
        "articles), but received: -1",
        "GRIOT_FEED_ENTRIES (pelicanconf.py): Expected a whole number of at least 1 (the "
        "newest articles each feed holds, default 50), but received: '50'",
        "GRIOT_FEED_CONTENT (pelicanconf.py): Expected one of: 'full', 'summary', but "
        "received: 'ful'. Did you mean 'full'?",
        "Invalid setting GRIOT_IMAGE_WIDTHS (pelicanconf.py): Expected a non-empty list of "
        "widths in pixels, whole numbers from 16 to 8192 but received: []",
        "Invalid setting GRIOT_IMAGE_QUALITY (pelicanconf.py): Expected a dict mapping some "
        "of ['avif', 'jpeg', 'webp'] to a quality from 1 to 100, e.g. {'webp': 70, 'jpeg': "
        "78} but received: 80",
        "GRIOT_WORKERS: Expected a whole number of at least 0 (0: every core), but "
        "received: '2'",
        "GRIOT_CONTENT_CACHE: Expected True or False, but received: 'yes'",
    ]


def test_one_bad_value_keeps_its_own_error():
    with pytest.raises(ImageSettingsError) as caught:
        check({**GOOD, "GRIOT_IMAGE_MAX_SOURCE_BYTES": -1})
    assert caught.value.key == "GRIOT_IMAGE_MAX_SOURCE_BYTES"
    assert str(caught.value) == ("Invalid setting GRIOT_IMAGE_MAX_SOURCE_BYTES "
                                 "(pelicanconf.py): Expected a positive whole number but "
                                 "received: -1")


def test_unknown_keys_warn_with_the_closest_name(caplog):
    with caplog.at_level(logging.WARNING, logger="griot.engine.settings"):
        warnings = check({**GOOD, "GRIOT_PERPAGE": 5, "GRIOT_IMAGE_WIDTH": [320],
                          "GRIOT_XYZZY": 1, "PLUGINS": []})
    assert warnings == [
        "Unknown setting GRIOT_IMAGE_WIDTH is ignored. Did you mean GRIOT_IMAGE_WIDTHS?",
        "Unknown setting GRIOT_PERPAGE is ignored. Did you mean GRIOT_PER_PAGE?",
        "Unknown setting GRIOT_XYZZY is ignored.",
    ]
    assert [r.getMessage() for r in caplog.records] == warnings


def test_the_sample_settings_are_all_known():
    from pelican.settings import read_settings

    settings = read_settings(PREVIEW)
    assert {k for k in settings if k.startswith("GRIOT_")} <= known_keys()
    assert check(settings) == []


def test_a_bad_setting_stops_the_build_before_anything_is_read(make_site, build_site):
    site = make_site({"content/articles/a.fr.md": "Title: A\nDate: 2025-01-01\n\nTexte.\n"})
    with pytest.raises(SettingsError, match="GRIOT_WORKERS: Expected a whole number"):
        build_site(site, GRIOT_WORKERS=-2)
    assert not (site / "output").exists()


@pytest.mark.parametrize("cls", [SettingsError, ImageSettingsError, ImageError, HashtagError,
                                 AmbiguousNameError, UnknownNameError, errors.ContentError,
                                 errors.BuildError])
def test_every_griot_error_is_a_griot_error(cls):
    assert issubclass(cls, GriotError)
