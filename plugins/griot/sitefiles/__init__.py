"""Griot site files plugin: sitemap.xml, robots.txt and the live preview's build id."""

from pelican import signals

from .generator import SiteFilesGenerator


def get_generators(_pelican):
    return SiteFilesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
