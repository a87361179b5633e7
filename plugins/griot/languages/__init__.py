"""Griot languages plugin: every language's pages, hreflang and switcher, from one reading."""

from pelican import signals

from .generator import LanguagesGenerator, configure_pelican_environment


def get_generators(_pelican):
    return LanguagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(configure_pelican_environment)
