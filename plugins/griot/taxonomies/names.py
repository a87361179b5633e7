"""Region and author names: resolving a key or a localized name to its key, and suggesting fixes.

An article may name a region by key (`tombouctou`) or by its name in any site language
(`Tombouctou`, `Timbuktu`), in any case, with or without accents (`Segou`, `Ségou`). Authors
work the same way with keys and display names. Nothing here imports Pelican.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from griot.core.errors import GriotError
from griot.taxonomies.keys import fold_case_and_accents

__all__ = ["AmbiguousNameError", "NameIndex", "UnknownNameError", "fold", "parse_name_list"]

_NOT_ALNUM_RUN = re.compile(r"[\W_]+")
_WHITESPACE_RUN = re.compile(r"\s+")

# difflib.get_close_matches' default: below it, suggestions are noise.
_CUTOFF = 0.6

# How many known keys an "unknown" error lists when nothing is close.
_KNOWN_KEYS_SHOWN = 10


def fold(text: str) -> str:
    """The form names are compared in: no case, no accents, and any run of spaces, hyphens,
    apostrophes or other punctuation read as one space. `District-de-Bamako`,
    `district de  bamako` and `DISTRICT DE BAMAKO` fold alike, and so do `d’Ivoire`/`d'Ivoire`.
    """
    return _NOT_ALNUM_RUN.sub(" ", fold_case_and_accents(text)).strip()


class AmbiguousNameError(GriotError, ValueError):
    """Two entries share a folded name, so that name cannot say which one is meant."""

    def __init__(self, kind: str, name: str, keys: tuple[str, str]) -> None:
        super().__init__(
            f"ambiguous {kind} name {name!r}: it names both {keys[0]!r} and {keys[1]!r} "
            f"(names are compared without case or accents); give them different names"
        )
        self.kind = kind
        self.name = name
        self.keys = keys


class UnknownNameError(GriotError, ValueError):
    """A value that names no entry. `suggestions` holds the closest keys, best first."""

    def __init__(self, message: str, value: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.value = value
        self.suggestions = suggestions


class NameIndex:
    """Resolves keys and localized names of one kind of entry (regions, or authors).

    `entries` maps each key to its names in every language, e.g.
    `{"tombouctou": ["Tombouctou", "Timbuktu"], "segou": ["Ségou", "Ségou"]}`. A key always
    names its own entry. Raises AmbiguousNameError when two entries share a folded name (or one
    entry's name folds to another's key). Empty names are ignored.
    """

    def __init__(self, entries: Mapping[str, Iterable[str]], kind: str = "name") -> None:
        self.kind = kind
        self._keys = tuple(entries)
        self._by_folded: dict[str, str] = {}
        # Keys first, so that an error names a key clash before a name clash.
        for key in self._keys:
            self._add(key, key)
        for key, names in entries.items():
            for name in names:
                self._add(name, key)

    def _add(self, name: str, key: str) -> None:
        folded = fold(name)
        if not folded:
            return
        other = self._by_folded.setdefault(folded, key)
        if other != key:
            raise AmbiguousNameError(self.kind, name, (other, key))

    @property
    def keys(self) -> tuple[str, ...]:
        """The entries' keys, in the order given."""
        return self._keys

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self.resolve(value) is not None

    def __len__(self) -> int:
        return len(self._keys)

    def resolve(self, value: str) -> str | None:
        """The key `value` names (a key or a name in any language, folded), or None."""
        return self._by_folded.get(fold(value))

    def closest(self, value: str, n: int = 3) -> list[str]:
        """Up to `n` keys whose key or names are closest to `value`, best first.

        Closeness is difflib's ratio on folded forms, at least _CUTOFF (get_close_matches'
        default); equally close names come in alphabetical order, so messages are stable.
        """
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(fold(value))
        scored: list[tuple[float, str]] = []
        for candidate in self._by_folded:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
                ratio = matcher.ratio()
                if ratio >= _CUTOFF:
                    scored.append((-ratio, candidate))
        keys: list[str] = []
        for _, candidate in sorted(scored):
            key = self._by_folded[candidate]
            if key not in keys:
                keys.append(key)
        return keys[:n]

    def require(self, value: str, source: str | None = None) -> str:
        """The key `value` names; else UnknownNameError, worded for the blogger:

        `unknown region 'Tombuctou' in content/articles/x.fr.md: did you mean tombouctou?`
        """
        key = self.resolve(value)
        if key is not None:
            return key
        where = f" in {source}" if source else ""
        suggestions = self.closest(value)
        if suggestions:
            hint = f"did you mean {' or '.join(suggestions)}?"
        elif self._keys:
            shown = ", ".join(sorted(self._keys)[:_KNOWN_KEYS_SHOWN])
            more = ", ..." if len(self._keys) > _KNOWN_KEYS_SHOWN else ""
            hint = f"known {self.kind}s are {shown}{more}"
        else:
            hint = f"there is no {self.kind} yet"
        raise UnknownNameError(f"unknown {self.kind} {value!r}{where}: {hint}", value, suggestions)


def parse_name_list(value: str) -> list[str]:
    """Names from a comma-separated header value, as written but with spaces tidied.

    Names may contain spaces (`District de Bamako, Ségou`). Empty items are dropped, and a name
    repeated (compared folded) is kept once, as first written.
    """
    names: list[str] = []
    seen: set[str] = set()
    for item in value.split(","):
        name = _WHITESPACE_RUN.sub(" ", item).strip()
        folded = fold(name)
        if name and folded not in seen:
            seen.add(folded)
            names.append(name)
    return names
