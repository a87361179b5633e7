"""Site-wide Griot settings: defaults, validation, and the frozen view every stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from griot.core import clock
from griot.core.errors import SettingsError
from griot.core.settings import Checks, whole_number

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
    # What one content file may ask of a build (a blogger's file can make no build crawl).
    "GRIOT_MAX_TITLE_LENGTH": 300,  # characters
    "GRIOT_MAX_HEADER_LENGTH": 2000,  # characters, any other header value
    "GRIOT_MAX_HASHTAGS": 30,  # per article, header and running text together
    "GRIOT_MAX_FILE_BYTES": 1_000_000,  # a content file, header and body
    # Build the Pagefind search index (griot.search). The live preview never does: indexing
    # the whole site would slow down every save, and its search page says so.
    "GRIOT_SEARCH": True,
}
LIMITS = ("GRIOT_MAX_TITLE_LENGTH", "GRIOT_MAX_HEADER_LENGTH", "GRIOT_MAX_HASHTAGS",
          "GRIOT_MAX_FILE_BYTES")


@dataclass(frozen=True)
class Limits:
    title: int = 300
    header: int = 2000
    hashtags: int = 30
    file_bytes: int = 1_000_000


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
    limits: Limits = Limits()
    search: bool = True  # GRIOT_SEARCH

    @property
    def search_index(self) -> bool:
        """Whether this build writes the search index (never in the live preview)."""
        return self.search and not self.livereload

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def content_security_policy(self) -> str:
        """What every page allows itself to load: its own site's scripts, styles and images,
        nothing else (a script or frame a body smuggled past the sanitiser would not run).
        Style attributes stay allowed (not <style> elements): Griot's images carry their
        placeholder colour and aspect ratio in one, and the sanitiser lets no other through."""
        split = urlsplit(self.siteurl)
        own = "'self'" + (f" {split.scheme}://{split.netloc}" if split.netloc else "")
        # 'wasm-unsafe-eval': the search (Pagefind) compiles its WebAssembly; no JavaScript
        # eval is allowed by it.
        return (f"default-src 'none'; script-src {own} 'wasm-unsafe-eval'; style-src {own}; "
                f"style-src-attr 'unsafe-inline'; img-src {own}; connect-src {own}; "
                f"form-action {own}; base-uri 'none'")


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


def _default_language(settings: Mapping, languages: tuple[str, ...]) -> None:
    default_lang = settings.get("DEFAULT_LANG", languages[0])
    if default_lang != languages[0]:
        raise SettingsError(
            f"DEFAULT_LANG is {default_lang!r} but GRIOT_LANGUAGES starts with {languages[0]!r}: "
            "the first language is the default. Set DEFAULT_LANG = GRIOT_LANGUAGES[0]."
        )


def _timezone(settings: Mapping) -> ZoneInfo:
    tz_name = settings.get("TIMEZONE") or "UTC"
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "TIMEZONE: Expected an IANA time zone such as 'Africa/Bamako', "
            f"but received: {tz_name!r}"
        ) from None


def _per_page(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SettingsError(
            f"GRIOT_PER_PAGE: Expected a whole number of at least 1, but received: {value!r}"
        )
    return value


def _description(value) -> dict:
    if not isinstance(value, Mapping):
        raise SettingsError(
            "GRIOT_SITE_DESCRIPTION: Expected a mapping of language code to text, "
            f"but received: {value!r}"
        )
    return dict(value)


def _text(key: str, value) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{key}: Expected a text, but received: {value!r}")
    return value


def _flag(key: str, value) -> bool:
    # Pelican's own settings files write these as True/False; 0 and 1 are tolerated.
    if not isinstance(value, bool | int):
        raise SettingsError(f"{key}: Expected True or False, but received: {value!r}")
    return bool(value)


def load(settings: Mapping) -> SiteSettings:
    """Validate Griot's site settings from Pelican's; raise SettingsError naming every bad
    value at once."""
    checks = Checks()
    languages = checks.run(_languages, _get(settings, "GRIOT_LANGUAGES"),
                           fallback=DEFAULTS["GRIOT_LANGUAGES"])
    checks.run(_default_language, settings, languages)
    timezone = checks.run(_timezone, settings, fallback=ZoneInfo("UTC"))
    per_page = checks.run(_per_page, _get(settings, "GRIOT_PER_PAGE"), fallback=10)
    description = checks.run(_description, _get(settings, "GRIOT_SITE_DESCRIPTION"),
                             fallback={})
    flags = {key: checks.run(_flag, key, _get(settings, key), fallback=False)
             for key in ("GRIOT_SHOW_DRAFTS", "GRIOT_STRICT", "GRIOT_LIVERELOAD",
                         "GRIOT_SEARCH")}
    texts = {key: checks.run(_text, key, _get(settings, key), fallback="")
             for key in ("GRIOT_DEFAULT_LICENSE", "GRIOT_LICENSE_URL", "GRIOT_QUICK_EXIT_URL")}
    now = checks.run(clock.now, settings, timezone)
    limits = [checks.run(whole_number, key, _get(settings, key), 1, fallback=1) for key in LIMITS]
    checks.done()
    return SiteSettings(
        limits=Limits(*limits),
        languages=languages,
        timezone=timezone,
        siteurl=str(settings.get("SITEURL", "")).rstrip("/"),
        sitename=str(settings.get("SITENAME", "Griot")),
        show_drafts=flags["GRIOT_SHOW_DRAFTS"],
        show_scheduled=bool(settings.get("GRIOT_WITH_FUTURE_DATES",
                                         _get(settings, "WITH_FUTURE_DATES"))),
        now=now,
        per_page=per_page,
        default_license=texts["GRIOT_DEFAULT_LICENSE"],
        license_url=texts["GRIOT_LICENSE_URL"],
        strict=flags["GRIOT_STRICT"],
        livereload=flags["GRIOT_LIVERELOAD"],
        quick_exit_url=texts["GRIOT_QUICK_EXIT_URL"],
        description=description,
        search=flags["GRIOT_SEARCH"],
    )
