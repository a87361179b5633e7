"""GRIOT_FEED_* settings: defaults, and messages that say what was expected and what came."""

from __future__ import annotations

import pytest

from griot.core.errors import SettingsError
from griot.feeds.settings import FeedSettings, load


def test_defaults():
    assert load({}) == FeedSettings(entries=50, content="full", id_authority=None)


def test_values_are_read():
    assert load({"GRIOT_FEED_ENTRIES": 5, "GRIOT_FEED_CONTENT": "summary",
                 "GRIOT_FEED_ID_AUTHORITY": "voixdumali.example.org"}) == FeedSettings(
        5, "summary", "voixdumali.example.org")


@pytest.mark.parametrize("value", [0, -3, "50", 2.5, True])
def test_entries_must_be_a_whole_number_of_at_least_one(value):
    with pytest.raises(SettingsError) as info:
        load({"GRIOT_FEED_ENTRIES": value})
    assert str(info.value) == (
        "GRIOT_FEED_ENTRIES (pelicanconf.py): Expected a whole number of at least 1 "
        f"(the newest articles each feed holds, default 50), but received: {value!r}")


def test_content_mode_names_the_choices_and_the_closest():
    with pytest.raises(SettingsError) as info:
        load({"GRIOT_FEED_CONTENT": "Full"})
    assert str(info.value) == (
        "GRIOT_FEED_CONTENT (pelicanconf.py): Expected one of: 'full', 'summary', "
        "but received: 'Full'. Did you mean 'full'?")
    with pytest.raises(SettingsError, match=r"but received: 'excerpt'\.$"):
        load({"GRIOT_FEED_CONTENT": "excerpt"})


@pytest.mark.parametrize("value", ["https://example.org", "example.org/blog", "", "exa mple.org"])
def test_id_authority_is_a_bare_domain(value):
    with pytest.raises(SettingsError, match=r"GRIOT_FEED_ID_AUTHORITY .*received: "):
        load({"GRIOT_FEED_ID_AUTHORITY": value})
