"""Griot languages plugin: every language's articles, pages, homes, chooser and 404, described
from one reading (griot.render renders them); gettext and Babel per page language (i18n)."""

from pelican import signals

from .generator import LanguagesGenerator


def get_generators(_pelican):
    return LanguagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
