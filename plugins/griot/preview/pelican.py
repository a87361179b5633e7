"""The Pelican object of one run, from a settings file and overrides: shared by the command line
(griot.preview.cli) and the checks behind `invoke check` and `invoke status`."""

from __future__ import annotations

from pelican.settings import read_settings

from griot.engine.runner import GriotPelican


def make_pelican(settings_file: str, overrides: dict | None = None):
    settings = read_settings(settings_file, override=overrides or {})
    cls = settings["PELICAN_CLASS"]
    if isinstance(cls, str):
        cls = GriotPelican
    return cls(settings), settings
