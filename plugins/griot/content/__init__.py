"""Griot content plugin: builds the site model from what Pelican read with Griot's reader."""

from pelican import signals

from .generator import ContentGenerator


def get_generators(_pelican):
    return ContentGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
