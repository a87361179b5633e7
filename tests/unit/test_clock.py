"""griot.core.clock: the build's one moment, from the setting, the environment or the wall clock."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from griot.core import clock
from griot.core.errors import SettingsError

BAMAKO = ZoneInfo("Africa/Bamako")


def test_a_date_is_midnight_in_the_site_time_zone():
    assert clock.parse("2027-01-15", BAMAKO) == datetime(2027, 1, 15, tzinfo=BAMAKO)


def test_a_date_and_time_keeps_its_offset_when_it_has_one():
    moment = clock.parse("2027-01-15T08:30:00+02:00", BAMAKO)
    assert moment.utcoffset() == timedelta(hours=2)
    assert moment.astimezone(UTC).hour == 6


def test_the_setting_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("GRIOT_NOW", "2030-06-01")
    assert clock.now({"GRIOT_NOW": "2028-02-29 23:59"}, BAMAKO) == datetime(
        2028, 2, 29, 23, 59, tzinfo=BAMAKO)
    assert clock.now({}, BAMAKO) == datetime(2030, 6, 1, tzinfo=BAMAKO)


def test_without_either_it_is_the_wall_clock(monkeypatch):
    monkeypatch.delenv("GRIOT_NOW", raising=False)
    before = datetime.now(UTC)
    moment = clock.now({}, BAMAKO)
    assert before <= moment <= datetime.now(UTC)
    assert moment.tzinfo is BAMAKO


def test_a_bad_value_says_what_is_expected():
    with pytest.raises(SettingsError, match=r"GRIOT_NOW: Expected a date such as '2027-01-15'"):
        clock.parse("15/01/2027", BAMAKO)
