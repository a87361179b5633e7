"""Every Griot setting checked once, before a build reads a file: all problems of every
module reported together, and any GRIOT_* key no module reads warned about with the closest
known name ("Did you mean GRIOT_PER_PAGE?")."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from griot.content import settings as site_settings
from griot.core.errors import SettingsError
from griot.core.settings import Checks, boolean, unknown_keys, whole_number
from griot.feeds import settings as feed_settings
from griot.images import settings as image_settings
from griot.taxonomies import settings as taxonomy_settings

logger = logging.getLogger(__name__)

# Settings the engine reads itself (besides each feature's DEFAULTS).
ENGINE_KEYS = {
    "GRIOT_WORKERS": None,  # processes for Markdown, images and cards; None or 0: every core
    "GRIOT_CONTENT_CACHE": True,  # keep converted Markdown between builds (CACHE_PATH)
    "GRIOT_CARD_FONT": None,  # the social cards' font file; None: the theme's
    "GRIOT_NOW": None,  # the build's moment (griot.core.clock)
    "GRIOT_WITH_FUTURE_DATES": None,  # set by GriotPelican from WITH_FUTURE_DATES
    "GRIOT_CHECK_ONLY": False,  # `invoke check`: read and check, render and write nothing
}
MODULES = (site_settings, taxonomy_settings, feed_settings, image_settings)


def known_keys() -> set[str]:
    return set(ENGINE_KEYS).union(*(module.DEFAULTS for module in MODULES))


def _workers(value) -> int | None:
    if value is None:
        return None
    return whole_number("GRIOT_WORKERS", value, 0, " (0: every core)")


def _content_cache(value) -> bool:
    return boolean("GRIOT_CONTENT_CACHE", value)


def _card_font(value) -> str | None:
    if value is None or (isinstance(value, str) and value.strip()):
        return value
    raise SettingsError(f"GRIOT_CARD_FONT: Expected the path of a font file (.ttf), or None "
                        f"for the theme's, but received: {value!r}")


def check(settings: Mapping) -> list[str]:
    """Raise one SettingsError naming every bad value; return (and log) the warnings."""
    checks = Checks()
    for module in MODULES:
        checks.run(module.load, settings)
    checks.run(_workers, settings.get("GRIOT_WORKERS"))
    checks.run(_content_cache, settings.get("GRIOT_CONTENT_CACHE", True))
    checks.run(_card_font, settings.get("GRIOT_CARD_FONT"))
    warnings = unknown_keys(settings, known_keys())
    for warning in warnings:
        logger.warning("%s", warning)
    checks.done()
    return warnings
