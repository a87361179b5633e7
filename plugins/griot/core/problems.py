"""Problems a blogger can act on, and the one way they are printed: one line per problem,
`path:line: erreur: message (correctif)`, in the blogger's language.

Pure and core: no Pelican import, no feature import. Every feature words its messages with
`T("English template {name}", name=value)`: a `Text` is a plain `str` (the English wording, so
code and tests that compare strings keep working) that also remembers its template, which the
catalogs of the `griot` gettext domain (plugins/griot/locale/<lang>/LC_MESSAGES/griot.po)
translate when the line is printed.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"  # plugins/griot/locale
DOMAIN = "griot"
ENV = "GRIOT_MESSAGES_LANG"  # forces the language of messages (tests, CI logs)
FIRST = "fr"  # the network writes French first: messages too, when nothing else says
ERROR, WARNING = "error", "warning"
LOGGER = "griot.core.problems"


class Text(str):
    """English text that remembers its template and values, to be translated when shown."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, **params: object):
        self = super().__new__(cls, template.format(**params))  # `{{` in every template
        self.template = template
        self.params = params
        return self

    def __reduce__(self):  # picklable: the content cache and worker processes carry them
        return (_make_text, (self.template, dict(self.params)))


def _make_text(template: str, params: dict) -> Text:
    return Text(template, **params)


T = Text


class Problem(str):
    """One problem in one file. Its `str` value is the English text of earlier releases
    (`path:line: message` and an indented `fix:` line); `line_in(lang)` is what is printed."""

    path: str
    line: int | None
    message: str
    fix: str
    severity: str
    strict: bool  # a warning that production builds (GRIOT_STRICT) turn into an error

    def __new__(cls, path: str, message: str, fix: str = "", line: int | None = None,
                severity: str = ERROR, strict: bool = True):
        where = f"{path}:{line}" if line else path
        text = f"{where}: {message}" + (f"\n    fix: {fix}" if fix else "")
        self = super().__new__(cls, text)
        self.path, self.line, self.message, self.fix = path, line, message, fix
        self.severity, self.strict = severity, strict
        return self

    def __reduce__(self):
        return (Problem, (self.path, self.message, self.fix, self.line, self.severity,
                          self.strict))


# ------------------------------------------------------------------ catalogs


@functools.lru_cache(maxsize=16)
def _catalog(lang: str, mtime: float) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation of the `griot` domain in `lang` (read from the .po file: nothing to
    compile, so the plain `pelican` command has them too). Empty for an unknown language."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return {}
    return _catalog(lang, mtime)


def languages() -> tuple[str, ...]:
    """The languages messages are translated into."""
    if not LOCALE_DIR.is_dir():
        return ()
    return tuple(sorted(p.name for p in LOCALE_DIR.iterdir()
                        if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()))


def message_language(explicit: str | None = None, site_languages: Iterable[str] = (),
                     environ: Mapping[str, str] | None = None) -> str:
    """The language problems are printed in: `--lang`, else GRIOT_MESSAGES_LANG, else the
    terminal's (LC_ALL, LC_MESSAGES, LANG, as gettext reads them), else the site's first
    language; only a language with a catalog counts (English is the fallback)."""
    env = os.environ if environ is None else environ
    known = languages()
    candidates = [explicit, env.get(ENV)]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            candidates.append(env[name])
            break
    candidates += [*list(site_languages)[:1], FIRST]
    for value in candidates:
        code = re.split(r"[_.@-]", value or "", maxsplit=1)[0].lower()
        if code in known:
            return code
    return "en"


def localize(text: object, lang: str) -> str:
    """A Text in `lang` (its values translated too); any other str as it is."""
    if not isinstance(text, Text):
        return str(text)
    template = catalog(lang).get(text.template, text.template)
    params = {key: localize(value, lang) for key, value in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: English rather than none
        return str(text)


_WORDS = {"error": T("error"), "warning": T("warning")}


def as_problem(item: object, severity: str = ERROR) -> Problem:
    """A Problem from a Problem, or from an older plain message (`path[:line]: message` and an
    optional `    fix: ...` line)."""
    if isinstance(item, Problem):
        return item if item.severity == severity else Problem(
            item.path, item.message, item.fix, item.line, severity, item.strict)
    text = str(item)
    first, _, rest = text.partition("\n")
    fix = ""
    match = re.search(r"^\s*fix: (.*)$", rest, re.M | re.S)
    if match:
        fix = " ".join(match.group(1).split())
    found = re.match(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<message>.*)$", first)
    if not found:
        return Problem("", first.strip(), fix, None, severity)
    line = int(found.group("line")) if found.group("line") else None
    return Problem(found.group("path"), found.group("message"), fix, line, severity)


def line_in(problem: Problem, lang: str, paths: Mapping[str, str] | None = None) -> str:
    """`path:line: erreur: message (correctif)`: one line, whatever the message holds."""
    path = shown_path(problem.path, paths)
    where = f"{path}:{problem.line}" if problem.line else path
    word = localize(_WORDS.get(problem.severity, problem.severity), lang)
    message = _one_line(localize(problem.message, lang))
    fix = _one_line(localize(problem.fix, lang))
    text = f"{word}: {message}" + (f" ({fix})" if fix else "")
    return f"{where}: {text}" if where else text


def annotation(problem: Problem, lang: str, paths: Mapping[str, str] | None = None) -> str:
    """GitHub Actions' workflow command for one problem (an annotation on the file's line)."""
    path = shown_path(problem.path, paths)
    fields = []
    if path:
        fields.append(f"file={_escape_property(path)}")
        if problem.line:
            fields.append(f"line={problem.line}")
    message = _one_line(localize(problem.message, lang))
    fix = _one_line(localize(problem.fix, lang))
    data = message + (f" ({fix})" if fix else "")
    command = "error" if problem.severity == ERROR else "warning"
    head = f"{command} {','.join(fields)}" if fields else command
    return f"::{head}::{_escape_data(data)}"


def _one_line(text: str) -> str:
    # ASCII white space only: French typography's no-break spaces stay where they are.
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def shown_path(path: str, paths: Mapping[str, str] | None = None) -> str:
    """The path as the blogger typed it: `paths` maps an absolute folder to the spelling the
    blogger used for it (`--content ../site/content`)."""
    if not path or not paths:
        return path
    absolute = os.path.abspath(path)
    for folder, typed in paths.items():
        if absolute == folder:
            return typed
        if absolute.startswith(folder.rstrip(os.sep) + os.sep):
            rest = absolute[len(folder.rstrip(os.sep)) + 1:].replace(os.sep, "/")
            return f"{typed.rstrip('/')}/{rest}" if typed not in ("", ".") else rest
    return path


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.severity != ERROR, str(problem))


def ordered(items: Iterable[object], severity: str = ERROR) -> list[Problem]:
    """Problems in a stable order (file, line), each once."""
    found: dict[tuple, Problem] = {}
    for item in items:
        problem = as_problem(item, getattr(item, "severity", severity))
        found.setdefault((problem.path, problem.line, problem.severity, str(problem)), problem)
    return sorted(found.values(), key=sort_key)


# ------------------------------------------------------------------ logging


class LineFormatter(logging.Formatter):
    """Prints a Problem record as its one line in the blogger's language."""

    def __init__(self, lang: str | None = None):
        super().__init__("%(message)s")
        self.lang = lang

    def format(self, record: logging.LogRecord) -> str:
        problem = getattr(record, "griot_problem", None)
        if problem is None:
            return super().format(record)
        lang = getattr(record, "griot_lang", None) or self.lang or message_language()
        return line_in(problem, lang)


class _NotGriotProblems(logging.Filter):
    """On Pelican's console handler: Griot's problems are printed by Griot's own handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name != LOGGER


def install_log_handler(stream=None) -> logging.Logger:
    """Griot's problems go to their own handler: no 80-column wrapping, no Python file names in
    the margin (Pelican's Rich handler skips them), and no deduplication (Pelican's LimitFilter
    would swallow a warning seen before in a long live preview). Idempotent."""
    logger = logging.getLogger(LOGGER)
    for flt in list(logger.filters):
        if type(flt).__name__ == "LimitFilter":
            logger.removeFilter(flt)
    if not any(isinstance(h, _ProblemHandler) for h in logger.handlers):
        logger.addHandler(_ProblemHandler(stream))
    logger.setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if (type(handler).__name__ == "RichHandler"
                and not any(isinstance(f, _NotGriotProblems) for f in handler.filters)):
            handler.addFilter(_NotGriotProblems())
    return logger


class _ProblemHandler(logging.StreamHandler):
    def __init__(self, stream=None):
        super().__init__(stream)
        self.setFormatter(LineFormatter())

    def emit(self, record):
        self.stream = sys.stderr  # pytest and the live preview swap stderr
        super().emit(record)


def warn(problem: object, lang: str | None = None) -> None:
    """Print one warning now, as its one line (in `lang`, else message_language())."""
    problem = as_problem(problem, WARNING)
    install_log_handler().warning("%s", problem,
                                  extra={"griot_problem": problem, "griot_lang": lang})
