"""Translation state of the site model: articles missing a language, campaigns whose page has
no text in a language, translations older than their original. Pure: no Pelican import.

Missing translations are allowed (CONTENT.md: never a dead end), so their warnings never stop a
production build (`strict=False`): they say what is left to do."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from griot.core.problems import WARNING, Problem, T

LANGUAGE_NAMES = {"fr": T("French"), "en": T("English"), "bm": T("Bambara")}


def language_name(code: str):
    return LANGUAGE_NAMES.get(code, code)


def missing_translations(entries: Iterable, languages: tuple[str, ...]) -> Iterator[Problem]:
    """One warning per article lacking a language, on the file of its first language."""
    seen: set[frozenset] = set()
    for entry in entries:
        group = _group(entry)
        if entry.kind != "article" or group in seen:
            continue
        seen.add(group)
        present = entry.translations or {entry.lang: entry}
        missing = [lang for lang in languages if lang not in present]
        if not missing:
            continue
        first = next(iter(present.values()))
        for lang in missing:
            yield _not_strict(Problem(
                first.source_path,
                T("no {language} version of this article yet", language=language_name(lang)),
                T("translate it into {file} with the same Translation_Key ({key})",
                  file=_sibling(first.source_path, lang), key=first.meta.translation_key),
                severity=WARNING))


def missing_campaign_texts(campaigns: Iterable, languages: tuple[str, ...]) -> Iterator[Problem]:
    """A campaign whose page falls back to another language's text."""
    for term in campaigns:
        present = term.texts
        if not present:
            continue
        first = next(iter(present.values()))
        for lang in languages:
            if lang not in present:
                yield _not_strict(Problem(
                    first.path,
                    T("the campaign #{hashtag} has no {language} text: its page shows the "
                      "{original} one", hashtag=term.display or term.key,
                      language=language_name(lang), original=language_name(first.lang)),
                    T("add {file}", file=_sibling(first.path, lang)), severity=WARNING))


@dataclass(frozen=True)
class Outdated:
    original: object  # Entry
    translation: object  # Entry
    original_changed: datetime
    translation_changed: datetime


def outdated(entries: Iterable, changed: Callable[[object], datetime | None]) -> list[Outdated]:
    """Translations changed before their original was last changed (`changed(entry)`: the
    latest of Modified, Date and the git history). The original is the default language's
    version, else the oldest."""
    found = []
    seen: set[frozenset] = set()
    for entry in entries:
        group = _group(entry)
        if entry.kind != "article" or len(entry.translations) < 2 or group in seen:
            continue
        seen.add(group)
        versions = list(entry.translations.values())
        dated = [e for e in versions if e.date is not None] or versions
        original = min(dated, key=lambda e: (e.date or 0, versions.index(e)))
        when = changed(original)
        for other in versions:
            if other is original:
                continue
            theirs = changed(other)
            if when and theirs and theirs < when:
                found.append(Outdated(original, other, when, theirs))
    return found


def _group(entry) -> frozenset:
    """One translation group, however each entry holds its dict of translations."""
    return frozenset(id(e) for e in (entry.translations or {entry.lang: entry}).values())


def _sibling(path: str, lang: str) -> str:
    head, _, name = path.rpartition("/")
    stem = name.split(".")[0]
    return f"{head}/{stem}.{lang}.md" if head else f"{stem}.{lang}.md"


def _not_strict(problem: Problem) -> Problem:
    problem.strict = False
    return problem
