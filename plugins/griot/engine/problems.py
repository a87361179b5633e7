"""Every problem of a build, reported at once before anything is written, and Pelican's log kept
from repeating or burying them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from griot.core import compat
from griot.core.build import Build, Stage
from griot.core.errors import BuildError, CheckStop, GriotError
from griot.core.problems import WARNING, Problem, T, localize, message_language, ordered
from griot.core.problems import warn as report_warning
from griot.reader.reader import GriotMarkdownReader


class HideReportedFailures(logging.Filter):
    """Pelican logs a bare "Could not process <file>" for every file a reader rejected; Griot
    reports each of them in full (file, line, fix) when the build stops, so drop the echo."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != compat.PELICAN_SKIP_MESSAGE


class QuietGriotErrors(logging.Filter):
    """Pelican's command logs the exception that stopped a build with its traceback, through
    its console handler (which wraps lines at the terminal's width, 80 columns in a CI log, and
    adds Python file names in the margin). Griot's errors already name the file, the line and
    the fix: they are printed as they are, one line per problem, and the record is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], GriotError):
            print(record.exc_info[1], file=sys.stderr)
            return False
        return True


def stop_on_problems(build: Build, generators: Iterable, stages: Iterable[Stage]) -> None:
    """Once every stage has described the site: keep what was converted, then raise one
    BuildError listing every problem of this build (nothing is written yet)."""
    problems: list[str] = []
    warnings: list[str] = []
    cache = build.carried.read_cache
    # Every file is read by now (campaigns, regions and authors too). The live preview's
    # updates read a file or two: they leave the saved cache to the next full build.
    if cache is not None and not build.incremental:
        cache.save()
    for generator in generators:
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in {id(r): r for r in readers.values()}.values():
            if isinstance(reader, GriotMarkdownReader):
                problems.extend(reader.problems)
                warnings.extend(reader.warnings)
    for stage in stages:
        problems.extend(stage.problems)
        warnings.extend(stage.warnings)
    explained = {p.split(":", 1)[0] for p in problems}
    for path, content in build.context.get("generated_content", {}).items():
        if content is None and not any(e.endswith(path) for e in explained):
            problems.append(Problem(path, T("Pelican could not read this file"),
                                    T("run `pelican --debug` to see why")))
    warnings = ordered(warnings, WARNING)
    if build.settings.get("GRIOT_CHECK_ONLY"):
        # `invoke check`: every file read and checked, nothing rendered
        raise CheckStop(ordered(problems), warnings, build.site)
    strict = build.settings.get("GRIOT_STRICT")
    lang = message_language(site_languages=build.site_settings.languages)
    # A live preview's update prints only the warnings its save brought: the others were
    # printed by the build before it (hundreds, on a large site with missing translations).
    already = build.carried.warned if build.incremental else frozenset()
    repeated = 0
    for warning in warnings:
        if strict and warning.strict:
            problems.append(Problem(
                warning.path, T("{message} (production builds stop on warnings: GRIOT_STRICT)",
                                message=warning.message), warning.fix, warning.line))
        elif str(warning) in already:
            repeated += 1
        else:  # once each, in file and line order, as `invoke check` says them
            report_warning(warning, lang)
    if repeated:
        logging.getLogger(__name__).info("%s", localize(T(
            "{count} warning(s) already shown by the previous build (`invoke check` lists "
            "them all)", count=repeated), lang))
    build.carried.warned = frozenset(str(w) for w in warnings)
    if problems:
        raise BuildError(problems, lang)
