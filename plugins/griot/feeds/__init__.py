"""Griot feeds plugin: Atom and RSS 2.0 for every listing and for the whole site, with feedgen."""

from pelican import signals

from .generator import FeedsGenerator


def get_generators(_pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
