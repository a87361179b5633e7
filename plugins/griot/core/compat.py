"""Every use of a library's private names, in one place, each behind a version guard with a
public fallback (tests/unit/test_compat.py proves each guard is active on the pinned versions)."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def pelican_generator_classes(pelican) -> list[type]:
    """The generator classes a Pelican run would make: its own, other plugins' (get_generators
    signal), StaticGenerator last. Pelican.run's own discovery, `_get_generator_classes`."""
    return pelican._get_generator_classes()
