"""Griot reader plugin: the one place a content file is parsed (file name, header, Markdown
body with running-text hashtags and responsive images), and the content cache that converts
files on every core while Pelican reads them."""

import os

from pelican.generators import ArticlesGenerator

from .cache import ReadCache, prefetch
from .reader import GriotMarkdownReader


def install_reader(readers) -> None:
    """readers_init: Griot's reader for every Markdown extension."""
    reader = GriotMarkdownReader(readers.settings)  # one for every extension it reads
    for extension in GriotMarkdownReader.file_extensions:
        readers.reader_classes[extension] = GriotMarkdownReader
        readers.readers[extension] = reader


def prefetch_files(generator, cache: ReadCache, workers: int) -> None:
    """Give a Pelican articles or pages generator's readers the content cache and start
    converting the files it lacks on every core; Pelican then reads them one by one, each as
    soon as its chunk is converted."""
    settings = generator.settings
    for reader in generator.readers.readers.values():
        if isinstance(reader, GriotMarkdownReader):
            reader.cache = cache
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    files = generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])
    # In Pelican's order: it reads each file while the workers convert the next ones.
    prefetch(cache, [os.path.join(generator.path, f) for f in files], settings, workers)
