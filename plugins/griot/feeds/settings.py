"""Feed settings: defaults, and `load()` turning Pelican's settings into checked FeedSettings."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from griot.core.errors import SettingsError
from griot.core.settings import Checks

CONTENT_MODES = ("full", "summary")
DEFAULTS: dict[str, object] = {
    "GRIOT_FEED_ENTRIES": 50,
    "GRIOT_FEED_CONTENT": "full",
    # The authority of the entries' tag: URIs. None: the host of SITEURL. Pin it before moving
    # the site to another domain, so feed readers do not show every article again as new.
    "GRIOT_FEED_ID_AUTHORITY": None,
}


@dataclass(frozen=True)
class FeedSettings:
    entries: int = 50  # newest entries per feed
    content: str = "full"  # "full": the whole article; "summary": the summary only
    id_authority: str | None = None


def _get(settings: Mapping, key: str):
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def _entries(entries) -> int:
    if not isinstance(entries, int) or isinstance(entries, bool) or entries < 1:
        raise SettingsError(
            "GRIOT_FEED_ENTRIES (pelicanconf.py): Expected a whole number of at least 1 "
            f"(the newest articles each feed holds, default 50), but received: {entries!r}"
        )
    return entries


def _content(content) -> str:
    if content not in CONTENT_MODES:
        close = difflib.get_close_matches(str(content).lower(), CONTENT_MODES, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise SettingsError(
            "GRIOT_FEED_CONTENT (pelicanconf.py): Expected one of: "
            f"{', '.join(repr(m) for m in CONTENT_MODES)}, but received: {content!r}.{hint}"
        )
    return content


def _authority(authority) -> str | None:
    if authority is not None and (not isinstance(authority, str) or not _is_authority(authority)):
        raise SettingsError(
            "GRIOT_FEED_ID_AUTHORITY (pelicanconf.py): Expected a domain name such as "
            f"'voixdumali.example.org' (no scheme, no path), but received: {authority!r}"
        )
    return authority


def load(settings: Mapping) -> FeedSettings:
    """Check the GRIOT_FEED_* settings; raise SettingsError naming every bad value."""
    checks = Checks()
    entries = checks.run(_entries, _get(settings, "GRIOT_FEED_ENTRIES"))
    content = checks.run(_content, _get(settings, "GRIOT_FEED_CONTENT"))
    authority = checks.run(_authority, _get(settings, "GRIOT_FEED_ID_AUTHORITY"))
    checks.done()
    return FeedSettings(entries=entries, content=content, id_authority=authority)


def _is_authority(value: str) -> bool:
    labels = value.split(".")
    return bool(value) and all(
        label and all(c.isalnum() or c == "-" for c in label) and label.isascii()
        for label in labels
    )
