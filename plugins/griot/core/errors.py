"""Errors a blogger or an editor can act on: each names the file, the line and the fix."""

from __future__ import annotations


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
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text

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


class BuildError(GriotError):
    """The build found problems; nothing was published. Lists every problem at once."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"the build stopped: {count} problem{'s' if count != 1 else ''} to fix"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in self.problems))
