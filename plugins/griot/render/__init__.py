"""Griot render plugin: one Jinja environment renders every page every stage described, each
in its own language (gettext, dates and numbers read the page's language)."""

from pelican import signals

from .environment import configure_pelican_environment
from .generator import RenderGenerator


def get_generators(_pelican):
    return RenderGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(configure_pelican_environment)
