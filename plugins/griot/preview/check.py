"""`invoke check`: every problem a build would stop on or warn about, without rendering a page.

Runs the build's own reading and checking stages (the same code, hence the same lines) on the
preview settings with drafts and scheduled articles included, and stops before any page, image
or feed is written (GRIOT_CHECK_ONLY)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from griot.core.errors import BuildError, CheckStop, GriotError
from griot.core.problems import (
    ERROR,
    WARNING,
    Problem,
    T,
    annotation,
    line_in,
    localize,
    message_language,
    ordered,
)
from griot.preview.pelican import make_pelican


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)  # in file and line order
    languages: tuple[str, ...] = ()
    site: object = None  # the model (griot.content.model.Site), when the files could be read
    now: object = None  # the build's moment (griot.core.clock)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def collect(settings_file: str, content: str, overrides: dict | None = None) -> CheckResult:
    """Read and check every file of `content`; nothing is written outside a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="griot-check-") as scratch:
        settings = {"PATH": os.path.abspath(content), "OUTPUT_PATH": os.path.join(scratch, "out"),
                    "GRIOT_CHECK_ONLY": True, "GRIOT_STRICT": False, "GRIOT_SHOW_DRAFTS": True,
                    "WITH_FUTURE_DATES": True, "GRIOT_LIVERELOAD": False, **(overrides or {})}
        languages: tuple[str, ...] = ()
        try:
            pelican, read = make_pelican(settings_file, settings)
            languages = tuple(read.get("GRIOT_LANGUAGES", ()))
            pelican.run()
        except CheckStop as stop:
            now = stop.site.settings.now if stop.site is not None else None
            return CheckResult(ordered([*stop.problems, *stop.warnings]), languages, stop.site,
                               now)
        except BuildError as exc:
            return CheckResult(ordered(exc.problems), languages)
        except GriotError as exc:  # settings: no file to name
            return CheckResult([Problem(settings_file, str(exc))])
    return CheckResult([], languages)


def report(result: CheckResult, lang: str, typed_content: str, files: Iterable[str] = (),
           github: bool = False, out=None) -> int:
    """Print one line per problem (and GitHub annotations); 1 when any error is left."""
    out = out or sys.stdout
    paths = {os.path.abspath(typed_content): typed_content.rstrip("/") or "."}
    wanted = {os.path.abspath(f) for f in files}
    shown = [p for p in result.problems
             if not wanted or (p.path and os.path.abspath(p.path) in wanted)]
    for problem in shown:
        print(line_in(problem, lang, paths), file=out)
    if github:
        for problem in shown:
            print(annotation(problem, lang, paths), file=out)
    errors = sum(1 for p in shown if p.severity == ERROR)
    warnings = len(shown) - errors
    if errors or warnings:
        summary = T("{errors} error(s), {warnings} warning(s)", errors=errors,
                    warnings=warnings)
    else:
        summary = T("no problem found")
    print(localize(summary, lang), file=out)
    return 1 if errors else 0


def main(settings_file: str, content: str = "content", lang: str | None = None,
         files: Iterable[str] = (), out=None) -> int:
    result = collect(settings_file, content)
    lang = message_language(lang, result.languages)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    return report(result, lang, content, files, github, out)
