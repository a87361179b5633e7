"""The build's one clock: the moment a build publishes for (scheduled articles wait for it).

Nothing else in Griot reads the wall clock to decide what a page shows. `GRIOT_NOW` (a setting,
or the environment variable of that name) fixes the moment: tests set it, and an editor can ask
"what will the site look like on 15 January?" with `GRIOT_NOW=2027-01-15 invoke preview`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, tzinfo

from griot.core.errors import SettingsError

ENV = "GRIOT_NOW"


def parse(value: object, tz: tzinfo) -> datetime:
    """`2027-01-15`, `2027-01-15 08:30` (site time), an ISO string with an offset, or a date or
    datetime object -> an aware datetime."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise SettingsError(
                f"GRIOT_NOW: Expected a date such as '2027-01-15' or '2027-01-15 08:30' "
                f"(site time), but received: {value!r}"
            ) from None
    else:
        raise SettingsError(f"GRIOT_NOW: Expected a date or a date and time, but received: "
                            f"{value!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def now(settings: Mapping, tz: tzinfo) -> datetime:
    """The build's moment: GRIOT_NOW from the settings, else from the environment, else the
    wall clock (read here and nowhere else)."""
    fixed = settings.get("GRIOT_NOW") or os.environ.get(ENV)
    if fixed:
        return parse(fixed, tz)
    return datetime.now(tz)
