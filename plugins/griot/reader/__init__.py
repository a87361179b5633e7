"""Griot reader plugin: the one place a content file is parsed (file name, header, Markdown
body with running-text hashtags and responsive images), and the content cache that converts
files on every core while Pelican reads them."""

import os

from pelican import signals
from pelican.generators import ArticlesGenerator

from griot.core.workers import worker_count

from .cache import ReadCache, prefetch
from .reader import GriotMarkdownReader


def install_reader(readers) -> None:
    reader = GriotMarkdownReader(readers.settings)  # one for every extension it reads
    for extension in GriotMarkdownReader.file_extensions:
        readers.reader_classes[extension] = GriotMarkdownReader
        readers.readers[extension] = reader


def prefetch_content(generator) -> None:
    """article/page_generator_init: give the readers this build's content cache and start
    converting the files it lacks on every core; Pelican then reads them one by one, each as
    soon as its chunk is converted."""
    settings = generator.settings
    cache = generator.context.get("griot_read_cache")
    if cache is None:
        folder = settings.get("CACHE_PATH") if settings.get("GRIOT_CONTENT_CACHE", True) else None
        cache = generator.context["griot_read_cache"] = ReadCache(folder, settings)
    for reader in generator.readers.readers.values():
        if isinstance(reader, GriotMarkdownReader):
            reader.cache = cache
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    files = generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])
    workers = worker_count(settings)
    # In Pelican's order: it reads each file while the workers convert the next ones.
    prefetch(cache, [os.path.join(generator.path, f) for f in files], settings, workers)


def register() -> None:
    signals.readers_init.connect(install_reader)
    signals.article_generator_init.connect(prefetch_content)
    signals.page_generator_init.connect(prefetch_content)
