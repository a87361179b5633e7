"""Typography on the text nodes of an HTML fragment: tags, attributes (so URLs in href and
src), entities, and the content of code, pre, kbd, samp, script, style and textarea are
never changed. Pure.

Text is split from markup with one regex, as the fragments come from Python-Markdown (and
later a sanitiser): well-formed tags, no unquoted `>` inside attribute values.
"""

from __future__ import annotations

import re

from .rules import fix_text

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_ENTITY = re.compile(r"(&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "var"})
# A bare URL written as text (an autolink's label) is left alone as well.
_URL = re.compile(r"((?:https?|ftp|mailto):[^\s<]+|www\.[^\s<]+)")


def _fix_segment(text: str, lang: str, before: str) -> tuple[str, str]:
    """Fix one run of text, keeping entities and URLs as they are. Returns (text, last char)."""
    out = []
    for piece in _ENTITY.split(text):
        if not piece:
            continue
        if _ENTITY.fullmatch(piece):
            out.append(piece)
            before = "x"  # an entity is a character: a quote after it closes
            continue
        for part in _URL.split(piece):
            if not part:
                continue
            fixed = part if _URL.fullmatch(part) else fix_text(part, lang, before)
            out.append(fixed)
            before = fixed[-1]
    return "".join(out), before


def fix_html(fragment: str, lang: str) -> str:
    """The fragment with its visible text set for `lang` (see rules.fix_text)."""
    if not fragment:
        return fragment
    out: list[str] = []
    verbatim = 0
    before = ""
    for token in _TOKENS.split(fragment):
        if not token:
            continue
        if token[0] == "<" and token.endswith(">"):
            out.append(token)
            name = _TAG_NAME.match(token)
            if name and name.group(2).lower() in VERBATIM and not token.endswith("/>"):
                verbatim += -1 if name.group(1) else 1
                verbatim = max(verbatim, 0)
            elif name and name.group(2).lower() in {"p", "li", "br", "h1", "h2", "h3", "h4",
                                                    "h5", "h6", "td", "th", "blockquote",
                                                    "div", "dd", "dt", "figcaption"}:
                before = ""  # a new block: a quote here opens
            continue
        if verbatim:
            out.append(token)
            continue
        fixed, before = _fix_segment(token, lang, before)
        out.append(fixed)
    return "".join(out)
