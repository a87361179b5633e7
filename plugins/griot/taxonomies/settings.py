"""Taxonomy settings: defaults, validation, and the frozen view the taxonomies generator reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from griot.core.settings import whole_number

DEFAULTS: dict[str, object] = {
    # How many related articles an article shows (same language; 0 shows none).
    "GRIOT_RELATED_COUNT": 3,
}


@dataclass(frozen=True)
class TaxonomySettings:
    related_count: int


def load(settings: Mapping) -> TaxonomySettings:
    """Validate the taxonomy settings of a Pelican settings mapping; raise SettingsError."""
    related = whole_number("GRIOT_RELATED_COUNT",
                           settings.get("GRIOT_RELATED_COUNT", DEFAULTS["GRIOT_RELATED_COUNT"]),
                           0, " (0 shows no related articles)")
    return TaxonomySettings(related_count=related)
