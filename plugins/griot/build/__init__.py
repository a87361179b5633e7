"""Griot build plugin: atomic output (a failed build never touches the published folder) that
changes only what changed, a writer that refuses to write one path twice, and the live preview's
incremental updates."""

from .atomic import staged_output
from .runner import GriotPelican, remember_context
from .writer import OutputWriter, WriteCollision

__all__ = ["GriotPelican", "OutputWriter", "WriteCollision", "register", "staged_output"]


def register() -> None:
    """GriotPelican is selected with PELICAN_CLASS; it learns each build's context here."""
    from pelican import signals

    signals.all_generators_finalized.connect(remember_context)
