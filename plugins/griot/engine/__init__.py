"""Griot's engine: GriotPelican (PELICAN_CLASS) reads with Pelican, then runs the stages of
`STAGES` in order on one Build, into a staging folder swapped in only when the whole build
succeeded, writing a file only when its bytes changed."""

import logging

from pelican import signals

from griot.core.atomic import staged_output
from griot.core.problems import install_log_handler
from griot.core.writer import OutputWriter, WriteCollision
from griot.reader import install_reader
from griot.reader.contents import give_body
from griot.render.environment import configure_pelican_environment

from .problems import HideReportedFailures, QuietGriotErrors
from .runner import GriotPelican
from .stages import STAGES

__all__ = ["STAGES", "GriotPelican", "OutputWriter", "WriteCollision", "register",
           "staged_output"]


def register() -> None:
    """The one plugin to list (PLUGINS = ["griot.engine"]) beside PELICAN_CLASS = GriotPelican:
    Griot's reader for Markdown files, Pelican content objects that give their body on access
    (griot.reader.contents), Griot's gettext for the templates Pelican loads, and a
    Pelican log that neither repeats nor buries Griot's messages."""
    for name, quiet in (("pelican.generators", HideReportedFailures),
                        ("pelican", QuietGriotErrors)):
        pelican_log = logging.getLogger(name)
        if not any(isinstance(f, quiet) for f in pelican_log.filters):
            pelican_log.addFilter(quiet())
    install_log_handler()  # Griot's problems: one line each, never wrapped nor deduplicated
    signals.readers_init.connect(install_reader)
    signals.content_object_init.connect(give_body)
    signals.generator_init.connect(configure_pelican_environment)
