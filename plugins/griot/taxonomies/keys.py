"""Hashtag keys: one key per hashtag however it is spelled, its display form, and near misses.

The rule is CONTENT.md's: a key is the hashtag's text without `#`, with accents removed, casefolded,
keeping only letters and digits. `#ÉgalitéFemmesHommes` and `#egalitefemmeshommes` share the key
`egalitefemmeshommes`. Nothing here imports Pelican.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from griot.core.errors import GriotError

__all__ = [
    "HashtagError",
    "display_form",
    "fold_case_and_accents",
    "hashtag_key",
    "is_hashtag_char",
    "near_misses",
    "osa_distance",
    "parse_hashtag_list",
]

# The header accepts commas and spaces between hashtags; a `#` also starts a new one, so
# `#MaliSansVBG#AntiDiscri` (a missing space) still reads as the two hashtags meant.
_HEADER_SEPARATORS = re.compile(r"[\s,#]+")

# Dotless ı is the one letter whose capital (I) casefolds to another letter (i): read it as
# i without its dot, like an accent, so that case never changes a key.
_DOTLESS_I = str.maketrans({"ı": "i"})

# Below this many characters, two edits turn almost any word into another campaign's key.
SHORT_KEY_LENGTH = 6


class HashtagError(GriotError, ValueError):
    """A value that cannot be a hashtag. `value` is the offending text, as written."""

    def __init__(self, message: str, value: str) -> None:
        super().__init__(message)
        self.value = value


def is_hashtag_char(char: str) -> bool:
    """True for what a written hashtag may contain: letters, digits, `_` and combining marks.

    Combining marks count so that decomposed accents (`e` + U+0301) and N'Ko tone marks do not
    cut a hashtag short; the key drops them anyway.
    """
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


@lru_cache(maxsize=1 << 16)  # a site has a few hundred spellings, each seen in many files
def fold_case_and_accents(text: str) -> str:
    """`text` without accents (NFKD, combining marks dropped), casefolded; nothing else dropped."""
    # Casefold first: a few marks are letters in disguise (U+0345 casefolds to iota, as its
    # capital form does). Casefold, NFKD and dropping marks feed each other (NFKD can emit a
    # capital, as with U+210C), so repeat until nothing changes: that makes hashtag_key
    # idempotent by construction. Every code point settles within three rounds (checked over
    # all of Unicode 14, Python 3.11); the bound guards against a future surprise.
    for _ in range(8):
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_DOTLESS_I))
        folded = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
        if folded == text:
            break
        text = folded
    return text


@lru_cache(maxsize=1 << 16)  # raises are not cached: only valid hashtags are remembered
def hashtag_key(text: str) -> str:
    """The key of a hashtag: `#ÉgalitéFemmesHommes` -> `egalitefemmeshommes`.

    Strips a leading `#`, removes accents (NFKD, combining marks dropped), casefolds and keeps only
    letters and digits (`str.isalnum`, so non-Latin letters stay). Raises HashtagError when nothing
    is left or no letter is left: `#2024` and `#` alone are not hashtags.
    """
    body = text.strip()
    if body.startswith("#"):
        body = body[1:]
    key = "".join(c for c in fold_case_and_accents(body) if c.isalnum())
    if not key:
        raise HashtagError(f"{text!r} is not a hashtag: it has no letter or digit", text)
    if not any(c.isalpha() for c in key):
        raise HashtagError(
            f"{text!r} is not a hashtag: it needs at least one letter (#2024 is a number, "
            f"#16Jours is a hashtag)",
            text,
        )
    return key


def parse_hashtag_list(value: str) -> list[str]:
    """Spellings from a `Hashtags:` header value, without `#`, in the order written.

    Hashtags are separated by commas and/or spaces; the `#` is optional. A hashtag repeated
    under another spelling (`MaliSansVBG, #malisansvbg`) is kept once, as first written.
    Spellings are NFC-normalised so that one spelling typed on two keyboards counts as one.
    Raises HashtagError naming the first token that is not a hashtag.
    """
    spellings: list[str] = []
    seen: set[str] = set()
    for token in _HEADER_SEPARATORS.split(value):
        if not token:
            continue
        spelling = unicodedata.normalize("NFC", token)
        bad = [c for c in spelling if not is_hashtag_char(c)]
        if bad:
            raise HashtagError(
                f"{token!r} is not a hashtag: {bad[0]!r} cannot be part of one (a hashtag in "
                f"running text ends there). Use letters, digits and _ only, and separate "
                f"hashtags with commas or spaces",
                token,
            )
        key = hashtag_key(spelling)
        if key not in seen:
            seen.add(key)
            spellings.append(spelling)
    return spellings


def _uppercase_count(spelling: str) -> int:
    return sum(1 for c in spelling if c.isupper())


def display_form(spellings: Counter[str], campaign_hashtag: str | None = None) -> str:
    """How a hashtag is shown, without `#`.

    The campaign's `Hashtag` header if there is one (with any `#` removed). Otherwise the most
    used spelling; on a tie, the spelling with more capitals (`MaliSansVBG` over `malisansvbg`:
    word boundaries help readers and screen readers), then the smallest in code-point order.
    The rule never depends on the order articles were read, so two builds agree. Spellings are
    compared NFC-normalised and without a leading `#`. Raises ValueError when there is nothing
    to choose from.
    """
    if campaign_hashtag is not None:
        chosen = campaign_hashtag.strip().lstrip("#")
        if chosen:
            return chosen
    merged: Counter[str] = Counter()
    for spelling, count in spellings.items():
        if count > 0:
            merged[unicodedata.normalize("NFC", spelling.strip().lstrip("#"))] += count
    merged.pop("", None)
    if not merged:
        raise ValueError("display_form needs at least one spelling or a campaign hashtag")
    return min(merged, key=lambda s: (-merged[s], -_uppercase_count(s), s))


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and transpositions
    of two adjacent characters, each costing 1 (a substring is edited at most once).

    `malisansvgb` -> `malisansvbg` is 1. Not a metric (no triangle inequality), but bounded by
    Levenshtein: osa <= levenshtein <= 2 * osa.
    """
    if a == b:
        return 0
    if not a or not b:
        return len(a) + len(b)
    # Three rolling rows: the transposition step looks two rows back.
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before_previous[j - 2] + 1)
            current[j] = best
        before_previous, previous = previous, current
    return previous[len(b)]


def near_misses(key: str, campaign_keys: Iterable[str]) -> list[str]:
    """Campaign keys that `key` was probably meant to be, closest first (then alphabetical).

    A campaign key is a near miss at OSA distance 1 or 2; when either key is shorter than
    SHORT_KEY_LENGTH (6) characters, only at distance 1. A key that is itself a campaign key
    has no near misses: it is that campaign. `malisansvgb` -> `["malisansvbg"]`.
    """
    candidates = set(campaign_keys)
    if key in candidates:
        return []
    found: list[tuple[int, str]] = []
    for candidate in candidates:
        limit = 1 if min(len(key), len(candidate)) < SHORT_KEY_LENGTH else 2
        if abs(len(key) - len(candidate)) > limit:
            continue
        distance = osa_distance(key, candidate)
        if 0 < distance <= limit:
            found.append((distance, candidate))
    return [candidate for _, candidate in sorted(found)]
