"""`invoke status`: what is waiting (drafts, scheduled articles), what is missing (translations)
and what has gone stale (translations older than their original), and near-miss hashtags.

Pure: works on the site model and the problems of a check; dates come from the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_datetime

from griot.core.problems import Problem, T, line_in, localize

from . import translations

NEAR_MISS = "#{spelling} is one or two letters away from the campaign hashtag {meant}"


@dataclass
class Status:
    drafts: list = field(default_factory=list)  # entries
    scheduled: list = field(default_factory=list)  # entries, soonest first
    missing: list[Problem] = field(default_factory=list)
    outdated: list[translations.Outdated] = field(default_factory=list)
    near_misses: list[Problem] = field(default_factory=list)


def last_change(entry, git_dates: Mapping[str, datetime]) -> datetime | None:
    """The latest of the header's Modified and Date and the file's last commit."""
    dates = [d for d in (entry.meta.modified, entry.meta.date, git_dates.get(entry.source_path))
             if d is not None]
    return max(dates) if dates else None


def gather(site, problems: Iterable[Problem], now: datetime,
           git_dates: Mapping[str, datetime]) -> Status:
    status = Status()
    articles = [e for e in site.entries if e.kind == "article"]
    status.drafts = sorted((e for e in site.entries if e.is_draft), key=lambda e: e.source_path)
    status.scheduled = sorted((e for e in articles if not e.is_draft and e.date
                               and e.date > now), key=lambda e: (e.date, e.source_path))
    status.missing = list(translations.missing_translations(site.entries,
                                                            site.settings.languages))
    status.outdated = translations.outdated(
        site.entries, lambda e: last_change(e, git_dates))
    status.near_misses = [p for p in problems
                          if getattr(p.message, "template", None) == NEAR_MISS]
    return status


def lines(status: Status, lang: str, shown: Callable[[str], str] = lambda p: p) -> list[str]:
    """The report, one line a fact, in `lang`."""
    def when(moment: datetime) -> str:
        return format_datetime(moment, "d MMMM y HH:mm", locale=lang)

    def head(text: T) -> str:
        return localize(text, lang)

    out = [head(T("Drafts ({count}):", count=len(status.drafts)))]
    out += [f"  {shown(e.source_path)}: {e.title}" for e in status.drafts]
    out.append(head(T("Scheduled ({count}):", count=len(status.scheduled))))
    out += [f"  {shown(e.source_path)}: {when(e.date)} — {e.title}" for e in status.scheduled]
    out.append(head(T("Missing translations ({count}):", count=len(status.missing))))
    out += [f"  {shown(p.path)}: {localize(p.message, lang)}" for p in status.missing]
    out.append(head(T("Translations older than their original ({count}):",
                      count=len(status.outdated))))
    for item in status.outdated:
        out.append("  " + localize(T(
            "{translation} ({translation_date}) is older than {original} ({original_date})",
            translation=shown(item.translation.source_path),
            translation_date=when(item.translation_changed),
            original=shown(item.original.source_path),
            original_date=when(item.original_changed)), lang))
    out.append(head(T("Hashtags one or two letters from a campaign ({count}):",
                      count=len(status.near_misses))))
    out += ["  " + line_in(p, lang) for p in status.near_misses]
    return out
