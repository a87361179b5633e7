"""Griot's engine: GriotPelican (PELICAN_CLASS) runs the stages in order into a staging folder
swapped in only when the whole build succeeded, writing a file only when its bytes changed."""

from griot.core.atomic import staged_output
from griot.core.writer import OutputWriter, WriteCollision

from .runner import GriotPelican, remember_context

__all__ = ["GriotPelican", "OutputWriter", "WriteCollision", "register", "staged_output"]


def register() -> None:
    """GriotPelican is selected with PELICAN_CLASS; it learns each build's context here."""
    from pelican import signals

    signals.all_generators_finalized.connect(remember_context)
