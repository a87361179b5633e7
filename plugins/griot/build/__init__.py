"""Griot build plugin: atomic output (a failed build never touches the published folder) and a
writer that refuses to write one path twice."""

from .atomic import staged_output
from .runner import GriotPelican
from .writer import OutputWriter, WriteCollision

__all__ = ["GriotPelican", "OutputWriter", "WriteCollision", "register", "staged_output"]


def register() -> None:
    """Nothing to connect: GriotPelican is selected with PELICAN_CLASS."""
