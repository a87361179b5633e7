"""`invoke new` and `invoke status`: the content commands besides `invoke check`.

Adapters: they read the settings (the site's languages, time zone and clock), the content folder
and, for the status, the git history; the logic is in griot.checks.new and griot.checks.status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from html import escape
from pathlib import Path

from pelican.settings import read_settings

from griot.checks import new as new_article
from griot.checks import status as content_status
from griot.content.settings import load as load_site_settings
from griot.core.errors import GriotError
from griot.core.problems import T, localize, message_language, shown_path
from griot.preview.check import collect


def new(settings_file: str, title: str, lang: str | None = None, with_langs=None,
        hashtags=None, regions=None, authors=None, content: str = "content",
        message_lang: str | None = None, out=None) -> int:
    """Create the article (and its translations); print the paths. 1 when it cannot."""
    out = out or sys.stdout
    settings = read_settings(settings_file)  # languages, time zone, clock: not the content
    site = load_site_settings(settings)
    shown_lang = message_language(message_lang, site.languages)
    article = new_article.NewArticle(
        title, lang or site.default_language, new_article.split_list(with_langs),
        new_article.split_list(hashtags), new_article.split_list(regions),
        new_article.split_list(authors))
    try:
        files = new_article.plan(article, Path(content), site.languages, site.now)
    except GriotError as exc:
        print(localize(exc.args[0], shown_lang), file=sys.stderr)
        return 1
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # never over a file written meanwhile
            handle.write(text)
        print(path.as_posix(), file=out)
    print(localize(T("draft(s) created: fill in the header, write, then `invoke check`"),
                   shown_lang), file=out)
    return 0


def git_dates(content: str) -> dict[str, datetime]:
    """{path as the reader shows it: last commit date} for every file of the content folder
    that git knows; {} outside a repository or without git."""
    root = os.path.abspath(content)
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%cI", "--name-only", "--no-renames", "--", "."],
            cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root,
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    top = top.strip()
    dates: dict[str, datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("@"):
            when = datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            absolute = os.path.join(top, line.strip())
            shown = os.path.relpath(absolute) if absolute.startswith(os.getcwd()) else absolute
            dates.setdefault(shown, when)  # newest first: the first seen is the last change
    return dates


def report(settings_file: str, content: str = "content",
           message_lang: str | None = None) -> tuple[bool, str, list[str]]:
    """(whether the files could be read, language, lines): the status, or else the problems
    that stop the reading. Shared by `invoke status` and the live preview's status page."""
    result = collect(settings_file, content)
    lang = message_language(message_lang, result.languages)
    paths = {os.path.abspath(content): content.rstrip("/") or "."}
    if result.site is None:
        return False, lang, [str(problem) for problem in result.problems]
    status = content_status.gather(result.site, result.problems, result.now, git_dates(content))
    return True, lang, content_status.lines(status, lang, lambda p: shown_path(p, paths))


def status(settings_file: str, content: str = "content", message_lang: str | None = None,
           out=None) -> int:
    out = out or sys.stdout
    read, _, lines = report(settings_file, content, message_lang)
    for line in lines:
        print(line, file=out)
    return 0 if read else 1


def status_page(settings_file: str, content: str = "content",
                message_lang: str | None = None) -> str:
    """The same report as an HTML page, for the live preview only (griot.preview.cli serves it
    at STATUS_PATH; no build writes it). Headings are the report's unindented lines."""
    read, lang, lines = report(settings_file, content, message_lang)
    # (Messages outside f-strings: Babel's extractor does not read inside them, and
    # `invoke i18n-messages` would drop their translations.)
    title = escape(localize(T("Site status"), lang))
    never = escape(localize(T("Live preview only: never published."), lang))
    back = escape(localize(T("Back to the site"), lang))
    body = [f"<h1>{title}</h1>", f"<p>{never} <a href=\"/\">{back}</a></p>"]
    if not read:
        stopped = escape(localize(T("The site does not build:"), lang))
        body.append(f"<h2>{stopped}</h2>")
        lines = ["  " + line for line in lines]
    items: list[str] = []
    for line in lines:
        if line.startswith("  "):
            items.append(f"<li>{escape(line.strip())}</li>")
            continue
        if items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items = []
        body.append(f"<h2>{escape(line)}</h2>")
    if items:
        body.append("<ul>" + "".join(items) + "</ul>")
    return (f"<!DOCTYPE html>\n<html lang=\"{escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n"
            "<body>\n<main id=\"griot-status\">\n" + "\n".join(body)
            + "\n</main>\n</body>\n</html>\n")
