"""Taxonomy settings: defaults, validation, and the frozen view the taxonomies generator reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from griot.core.errors import SettingsError

DEFAULTS: dict[str, object] = {
    # How many related articles an article shows (same language; 0 shows none).
    "GRIOT_RELATED_COUNT": 3,
}


@dataclass(frozen=True)
class TaxonomySettings:
    related_count: int


def load(settings: Mapping) -> TaxonomySettings:
    """Validate the taxonomy settings of a Pelican settings mapping; raise SettingsError."""
    related = settings.get("GRIOT_RELATED_COUNT", DEFAULTS["GRIOT_RELATED_COUNT"])
    if not isinstance(related, int) or isinstance(related, bool) or related < 0:
        raise SettingsError(
            "GRIOT_RELATED_COUNT: Expected a whole number of at least 0 (0 shows no related "
            f"articles), but received: {related!r}"
        )
    return TaxonomySettings(related_count=related)
