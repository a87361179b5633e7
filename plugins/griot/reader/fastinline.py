"""A cheaper drop-in for Python-Markdown's inline tree processor: same HTML, fewer pattern tries.

Python-Markdown's `InlineProcessor` tries every inline pattern (16 with Griot's extensions) on
every text node, and each try costs a Python call even when the text lacks the character the
pattern starts with: a third of a conversion went there. `FastInlineProcessor` works out, from
each registered pattern's compiled regex, the strings one of which starts every match (`*` or
`_` for emphasis, `[` for links, `  \\n` for line breaks...), and for each text node it tries, in
the same priority order, only the patterns whose starting strings occur in the text. A pattern
whose regex it cannot read that way (a character class such as `\\w`, anything that may match
the empty string, an old-style pattern's `^(.*?)`) is always tried.

Why skipping is exact: a skipped pattern's regex cannot match, so the stock processor would have
called nothing on it (no `handleMatch`) and moved on from index 0, which is what the loop below
does. Matches only ever replace a span of the text with a placeholder (`\\x02klzzwxh:0001\\x03`),
so a string absent from a text when its handling starts stays absent, unless it contains one of
the placeholder's characters: patterns needing those are always tried too.

The processor overrides the name-mangled `_InlineProcessor__handleInline`, a private method, and
reads patterns with re's private parser, so `install()` only swaps it in when the guard
`griot.core.compat.MARKDOWN_INLINE` is on, and otherwise leaves the stock processor (logged once
at debug level).
"""

from __future__ import annotations

import logging
import re
import string
import xml.etree.ElementTree as etree

import markdown
from markdown import treeprocessors, util

from griot.core import compat
from griot.core.compat import sre_constants, sre_parser

logger = logging.getLogger(__name__)

__all__ = ["FastInlineProcessor", "install", "match_starts"]


# Characters a placeholder inserted during inline processing may contain.
_PLACEHOLDER_CHARS = frozenset(
    util.INLINE_PLACEHOLDER % "" + util.HTML_PLACEHOLDER % "" + util.STX + util.ETX
    + string.digits
)
# A character class wider than this is not worth listing: the pattern is always tried.
_MAX_CLASS = 64

_warned = False


def _literal(code: int, icase: bool) -> frozenset[str] | None:
    char = chr(code)
    # Case-insensitive matching folds letters (and a few non-ASCII symbols) into others.
    if icase and (not char.isascii() or char.isalpha()):
        return None
    return frozenset(char)


def _class(items, icase: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            lit = _literal(av, icase)
            if lit is None:
                return None
            chars |= lit
        elif op is sre_constants.RANGE:
            low, high = av
            if high - low >= _MAX_CLASS:
                return None
            for code in range(low, high + 1):
                lit = _literal(code, icase)
                if lit is None:
                    return None
                chars |= lit
        else:  # NEGATE, CATEGORY (\w, \s...), anything new
            return None
    return frozenset(chars)


def _sequence(items, icase: bool) -> tuple[frozenset[str] | None, bool]:
    """(characters one of which starts every non-empty match, may the match be empty);
    None when unknown."""
    found: set[str] = set()
    for op, av in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero width: the next item gives the first character
        chars, nullable = _item(op, av, icase)
        if chars is None:
            return None, True
        found |= chars
        if not nullable:
            return frozenset(found), False
    return frozenset(found), True


def _item(op, av, icase: bool) -> tuple[frozenset[str] | None, bool]:
    c = sre_constants
    if op is c.LITERAL:
        return _literal(av, icase), False
    if op is c.IN:
        return _class(av, icase), False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(sub, inner)
    if op is c.BRANCH:
        found: set[str] = set()
        nullable = False
        for alternative in av[1]:
            chars, empty = _sequence(alternative, icase)
            if chars is None:
                return None, True
            found |= chars
            nullable = nullable or empty
        return frozenset(found), nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, sub = av
        chars, empty = _sequence(sub, icase)
        return chars, low == 0 or empty
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(av, icase)
    return None, True  # ANY, NOT_LITERAL, GROUPREF, CATEGORY...: unknown


def match_starts(compiled: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of `compiled` starts with, or None when that cannot be
    told (then the pattern must always be tried). Safe to test with `s in text` even after
    placeholders replaced parts of the text: no returned string holds a placeholder character.
    """
    if sre_parser is None or not isinstance(compiled, re.Pattern):
        return None
    if not isinstance(compiled.pattern, str) or compiled.flags & re.VERBOSE:
        return None
    try:
        parsed = sre_parser.parse(compiled.pattern, compiled.flags)
        items = list(parsed)
        icase = bool(compiled.flags & re.IGNORECASE)
        chars, nullable = _sequence(items, icase)
    except Exception:  # noqa: BLE001 - a private parser: any surprise means "unknown"
        return None
    if chars is None or nullable or not chars:
        return None
    starts = chars
    if not icase:
        # A literal run at the start is a stronger test than its first character (`  \n`).
        index = 0
        while index < len(items) and items[index][0] in (
            sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT
        ):
            index += 1
        run = []
        while index < len(items) and items[index][0] is sre_constants.LITERAL:
            run.append(chr(items[index][1]))
            index += 1
        if len(run) > 1:
            starts = frozenset(["".join(run)])
    if any(char in _PLACEHOLDER_CHARS for start in starts for char in start):
        return None
    return starts


_STARTS_CACHE: dict[tuple[str, int], frozenset[str] | None] = {}


def _starts_of(pattern) -> frozenset[str] | None:
    if not isinstance(pattern, markdown.inlinepatterns.InlineProcessor):
        return None  # old-style Pattern: matched against a slice, wrapped in `^(.*?)...`
    try:
        compiled = pattern.getCompiledRegExp()
    except Exception:  # noqa: BLE001 - then the stock call will raise it, not us
        return None
    if not isinstance(compiled, re.Pattern) or not isinstance(compiled.pattern, str):
        return None
    key = (compiled.pattern, compiled.flags)
    if key not in _STARTS_CACHE:
        _STARTS_CACHE[key] = match_starts(compiled)
    return _STARTS_CACHE[key]


class FastInlineProcessor(treeprocessors.InlineProcessor):
    """`InlineProcessor` that skips the patterns that cannot match a text (see the module)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # The registry is read once per document (the stock loop re-sorts and indexes it on
        # every try); extensions register their patterns before any conversion.
        patterns = list(self.inlinePatterns)
        starts = [_starts_of(pattern) for pattern in patterns]
        self._patterns = patterns
        self._starts = starts
        self._triggers = tuple(sorted(set().union(*(s for s in starts if s is not None))))
        self._plans: dict[frozenset[str], tuple[int, ...]] = {}
        return super().run(tree, ancestors)

    def _plan(self, data: str) -> tuple[int, ...]:
        present = frozenset(t for t in self._triggers if t in data)
        plan = self._plans.get(present)
        if plan is None:
            plan = tuple(
                index
                for index, starts in enumerate(self._starts)
                if starts is None or not starts.isdisjoint(present)
            )
            self._plans[present] = plan
        return plan

    # The stock private method, overridden by its mangled name: the stock `run` and
    # `__applyPattern` call it as `self.__handleInline`, so they call this one.
    def _InlineProcessor__handleInline(  # noqa: N802 (the stock name)
        self, data: str, patternIndex: int = 0  # noqa: N803
    ) -> str:
        """The stock loop over `inlinePatterns[patternIndex:]`, minus the patterns whose
        starting strings are absent from `data`."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        patterns = self._patterns
        for index in self._plan(data):
            if index < patternIndex:
                continue
            pattern = patterns[index]
            data, matched, start = apply(pattern, data, index, 0)
            while matched:
                data, matched, start = apply(pattern, data, index, start)
        return data


def _compatible(md: markdown.Markdown) -> str | None:
    """Why the fast processor cannot replace md's, or None when it can."""
    if not compat.MARKDOWN_INLINE:
        return (f"Markdown {markdown.__version__}'s inline processor is not one checked "
                "(griot.core.compat.MARKDOWN_INLINE)")
    stock = treeprocessors.InlineProcessor
    if "inline" not in md.treeprocessors:
        return "no 'inline' tree processor is registered"
    if type(md.treeprocessors["inline"]) is not stock:
        return "an extension replaced the 'inline' tree processor"
    return None


def install(md: markdown.Markdown) -> bool:
    """Replace md's 'inline' tree processor by a FastInlineProcessor, at the same priority.
    Returns False (and keeps the stock processor) when this Markdown is not one it was checked
    against."""
    global _warned
    reason = _compatible(md)
    if reason is not None:
        if not _warned:
            _warned = True
            logger.debug("Stock Markdown inline processor kept: %s", reason)
        return False
    priority = compat.registry_priority(md.treeprocessors, "inline")
    if priority is None:
        return False
    md.treeprocessors.register(FastInlineProcessor(md), "inline", priority)
    return True
