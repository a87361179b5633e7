"""Site-wide Griot settings: defaults, validation, and the frozen view every plugin reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from griot.core import clock
from griot.core.errors import SettingsError

DEFAULTS: dict[str, object] = {
    "GRIOT_LANGUAGES": ("fr", "en"),
    "GRIOT_SHOW_DRAFTS": False,
    # Pelican's own name for it: are articles dated after the build's moment shown? Griot
    # decides (GriotPelican keeps Pelican from reading the wall clock), against `now` below.
    "WITH_FUTURE_DATES": True,
    "GRIOT_PER_PAGE": 10,
    "GRIOT_DEFAULT_LICENSE": "CC BY 4.0",
    "GRIOT_LICENSE_URL": "https://creativecommons.org/licenses/by/4.0/",
    "GRIOT_STRICT": False,
    "GRIOT_LIVERELOAD": False,
    "GRIOT_QUICK_EXIT_URL": "https://www.google.com/search?q=m%C3%A9t%C3%A9o",
    "GRIOT_SITE_DESCRIPTION": {},
}


@dataclass(frozen=True)
class SiteSettings:
    languages: tuple[str, ...]
    timezone: ZoneInfo
    siteurl: str
    sitename: str
    show_drafts: bool
    show_scheduled: bool
    now: datetime  # the moment this build publishes for (griot.core.clock)
    per_page: int
    default_license: str
    license_url: str
    strict: bool
    livereload: bool
    quick_exit_url: str
    description: Mapping[str, str]

    @property
    def default_language(self) -> str:
        return self.languages[0]


def _get(settings: Mapping, key: str):
    return settings.get(key, DEFAULTS[key])


def _languages(value) -> tuple[str, ...]:
    if isinstance(value, str) or not value:
        raise SettingsError(
            "GRIOT_LANGUAGES: Expected a non-empty list of language codes, default first, "
            f"such as ['fr', 'en'], but received: {value!r}"
        )
    codes = tuple(value)
    for code in codes:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError, TypeError):
            raise SettingsError(
                f"GRIOT_LANGUAGES: {code!r} is not a language Babel knows. "
                "Expected codes such as 'fr', 'en', 'bm'."
            ) from None
        if not isinstance(code, str) or not code.isalpha() or not code.islower():
            raise SettingsError(
                f"GRIOT_LANGUAGES: {code!r} must be a lowercase code of letters only "
                "(it appears in file names and URLs), such as 'fr'."
            )
    if len(set(codes)) != len(codes):
        raise SettingsError(f"GRIOT_LANGUAGES: a language is listed twice in {list(codes)!r}.")
    return codes


def load(settings: Mapping) -> SiteSettings:
    """Validate Griot's settings from Pelican's; raise SettingsError on the first bad value."""
    languages = _languages(_get(settings, "GRIOT_LANGUAGES"))
    default_lang = settings.get("DEFAULT_LANG", languages[0])
    if default_lang != languages[0]:
        raise SettingsError(
            f"DEFAULT_LANG is {default_lang!r} but GRIOT_LANGUAGES starts with {languages[0]!r}: "
            "the first language is the default. Set DEFAULT_LANG = GRIOT_LANGUAGES[0]."
        )
    tz_name = settings.get("TIMEZONE") or "UTC"
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "TIMEZONE: Expected an IANA time zone such as 'Africa/Bamako', "
            f"but received: {tz_name!r}"
        ) from None
    per_page = _get(settings, "GRIOT_PER_PAGE")
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        raise SettingsError(
            f"GRIOT_PER_PAGE: Expected a whole number of at least 1, but received: {per_page!r}"
        )
    description = _get(settings, "GRIOT_SITE_DESCRIPTION")
    if not isinstance(description, Mapping):
        raise SettingsError(
            "GRIOT_SITE_DESCRIPTION: Expected a mapping of language code to text, "
            f"but received: {description!r}"
        )
    return SiteSettings(
        languages=languages,
        timezone=timezone,
        siteurl=str(settings.get("SITEURL", "")).rstrip("/"),
        sitename=str(settings.get("SITENAME", "Griot")),
        show_drafts=bool(_get(settings, "GRIOT_SHOW_DRAFTS")),
        show_scheduled=bool(settings.get("GRIOT_WITH_FUTURE_DATES",
                                         _get(settings, "WITH_FUTURE_DATES"))),
        now=clock.now(settings, timezone),
        per_page=per_page,
        default_license=str(_get(settings, "GRIOT_DEFAULT_LICENSE")),
        license_url=str(_get(settings, "GRIOT_LICENSE_URL")),
        strict=bool(_get(settings, "GRIOT_STRICT")),
        livereload=bool(_get(settings, "GRIOT_LIVERELOAD")),
        quick_exit_url=str(_get(settings, "GRIOT_QUICK_EXIT_URL")),
        description=dict(description),
    )
