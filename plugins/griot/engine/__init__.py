"""Griot's engine: GriotPelican (PELICAN_CLASS) runs the stages in order into a staging folder
swapped in only when the whole build succeeded, writing a file only when its bytes changed."""

import logging

from griot.core.atomic import staged_output
from griot.core.writer import OutputWriter, WriteCollision

from .problems import HideReportedFailures, QuietGriotErrors, stop_on_problems
from .runner import GriotPelican, remember_context

__all__ = ["GriotPelican", "OutputWriter", "WriteCollision", "register", "staged_output"]


def register() -> None:
    """GriotPelican is selected with PELICAN_CLASS; it learns each build's context here."""
    from pelican import signals

    for name, quiet in (("pelican.generators", HideReportedFailures),
                        ("pelican", QuietGriotErrors)):
        pelican_log = logging.getLogger(name)
        if not any(isinstance(f, quiet) for f in pelican_log.filters):
            pelican_log.addFilter(quiet())
    signals.all_generators_finalized.connect(remember_context)
    signals.all_generators_finalized.connect(stop_on_problems)
