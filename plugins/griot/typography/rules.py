"""Typographic rules for plain text, per language. Pure: no import beyond the standard library.

Why not Python-Markdown's `smarty` extension: titles, summaries, content notes and UI strings
never go through Markdown, so the same rules would be needed here anyway; smarty emits HTML
entities (`&laquo;&nbsp;`) that the spacing rules would have to decode again; and its quotes
are one setting per Markdown instance while Griot converts every language with one.

French spacing follows the Imprimerie nationale's rules as most French publishers apply them on
screen: a narrow no-break space (U+202F) before `;`, `!` and `?`, a no-break space (U+00A0)
before `:` and `»` and after `«`. Existing spaces there are replaced (so a line never starts
with `»` or `:`); a missing one is added before `; ! ?` after a letter, and inside guillemets.
A colon without a space before it is left alone: `10:30`, `https://` and `fr:` stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \t\n\u00a0\u202f\u2009"


@dataclass(frozen=True)
class Rules:
    open_double: str
    close_double: str
    french_spacing: bool


# Languages that set their text the French way (Bambara is written with French conventions in
# Mali); every other language gets English curly quotes.
FRENCH_STYLE = frozenset({"fr", "bm"})
_FRENCH = Rules("«" + NBSP, NBSP + "»", True)
_ENGLISH = Rules("\u201c", "\u201d", False)


def rules_for(lang: str) -> Rules:
    return _FRENCH if lang in FRENCH_STYLE else _ENGLISH


# A quote opens after nothing, a space or an opening bracket/dash; otherwise it closes.
_OPENERS = set(_SPACES) | set("([{\u2014\u2013-/\u00ab\u201c\u2018")

_SPACE_BEFORE_TIGHT = re.compile(r"[ \t\u00a0\u2009\u202f]+([;!?])")
_MISSING_BEFORE_TIGHT = re.compile(r"(?<=[^\W\d_])([;!?])(?=[\s!?)\]»]|$)")
_SPACE_BEFORE_WIDE = re.compile(r"[ \t\u00a0\u2009\u202f]+([:»])")
_MISSING_BEFORE_CLOSE = re.compile(r"(?<=[^\s\u00a0\u202f])»")
_SPACE_AFTER_OPEN = re.compile(r"«[ \t\u00a0\u2009\u202f]*")


def quotes(text: str, rules: Rules, before: str = "") -> str:
    """Straight quotes and apostrophes to typographic ones. `before` is the character that
    precedes `text` (the end of the previous text node), for the open/close decision."""
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    prev = before
    for char in text:
        if char == "'":
            char = "\u2018" if (prev == "" or prev in _OPENERS) else "\u2019"
        elif char == '"':
            char = rules.open_double if (prev == "" or prev in _OPENERS) else rules.close_double
        out.append(char)
        prev = char[-1]
    return "".join(out)


def french_spacing(text: str) -> str:
    """The French no-break spaces, added or replacing ordinary ones. Idempotent."""
    if not any(c in text for c in ";!?:«»"):
        return text
    text = _SPACE_BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _MISSING_BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _SPACE_BEFORE_WIDE.sub(NBSP + r"\1", text)
    text = _MISSING_BEFORE_CLOSE.sub(NBSP + "»", text)
    return _SPACE_AFTER_OPEN.sub("«" + NBSP, text)


def ellipsis(text: str) -> str:
    return text.replace("...", "\u2026") if "..." in text else text


def fix_text(text: str, lang: str, before: str = "") -> str:
    """Plain text (a title, a summary, a UI string) set for `lang`."""
    rules = rules_for(lang)
    text = ellipsis(quotes(text, rules, before))
    return french_spacing(text) if rules.french_spacing else text
