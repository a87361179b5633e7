"""Errors a blogger or an editor can act on: each names the file, the line and the fix."""

from __future__ import annotations

from griot.core.problems import ERROR, Problem, T, line_in, localize, message_language, ordered


class GriotError(Exception):
    """Base of every error Griot raises on purpose (bad content, bad settings)."""


class ContentError(GriotError):
    """A problem in one content file."""

    def __init__(self, path: str, message: str, fix: str = "", line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.problem())

    def problem(self, severity: str = ERROR) -> Problem:
        """The same problem as a Problem (a str: its English text), for lists of problems."""
        return Problem(self.path, self.message, self.fix, self.line, severity)

    def __reduce__(self):  # picklable across worker processes and Pelican's cache
        return (self.__class__, (self.path, self.message, self.fix, self.line))


class SettingsError(GriotError):
    """Settings with values Griot cannot use: one message per setting, all reported at once."""

    def __init__(self, message: str, *more: str):
        self.problems = [message, *more]
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        return (f"{len(self.problems)} settings to fix (pelicanconf.py, publishconf.py):\n"
                + "\n".join(f"  - {p}" for p in self.problems))

    def __reduce__(self):
        return (SettingsError, tuple(self.problems))


class CheckStop(GriotError):
    """`invoke check` stops the build once every file is read and checked: what it found."""

    def __init__(self, problems: list, warnings: list, site=None):
        self.problems, self.warnings = problems, warnings
        self.site = site  # the model read (drafts and scheduled articles included)
        super().__init__(f"{len(problems)} problem(s), {len(warnings)} warning(s)")


class BuildError(GriotError):
    """The build found problems; nothing was published. Lists every problem at once, one line
    each, in the blogger's language (the same lines as `invoke check`)."""

    def __init__(self, problems: list[str], lang: str | None = None):
        self.problems = list(problems)
        self.lang = lang
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        lang = lang or self.lang or message_language()
        count = len(self.problems)
        head = T("the build stopped: {count} problem(s) to fix; the previous site is untouched",
                 count=count)
        lines = [line_in(p, lang) for p in ordered(self.problems)]
        return localize(head, lang) + "\n" + "\n".join(lines)

    def __str__(self) -> str:
        return self.text()
