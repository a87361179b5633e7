"""Griot content plugin: reads content files as CONTENT.md defines them; builds the model."""

from pelican import signals

from .generator import ContentGenerator, stop_on_problems
from .reader import GriotMarkdownReader


def install_reader(readers) -> None:
    for extension in GriotMarkdownReader.file_extensions:
        readers.reader_classes[extension] = GriotMarkdownReader
        readers.readers[extension] = GriotMarkdownReader(readers.settings)


def get_generators(_pelican):
    return ContentGenerator


def register() -> None:
    signals.readers_init.connect(install_reader)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(stop_on_problems)
