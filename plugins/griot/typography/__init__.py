"""Typography of the text readers see: typographic quotes and apostrophes in every language,
and French spacing before `; ! ? : »` and after `«`. See rules.py (plain text) and html.py
(text nodes of an HTML fragment, never code, URLs or attributes)."""

from .html import fix_html
from .rules import fix_text

__all__ = ["fix_html", "fix_text"]
