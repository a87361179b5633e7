"""Markdown body to HTML, plus the summary taken from it. Pure: no Pelican import."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import markdown

from . import fastinline

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def first_paragraph(body_html: str) -> str:
    """The first paragraph that has text, as HTML (empty if none)."""
    for match in _FIRST_PARAGRAPH.finditer(body_html):
        if plain_text(match.group(1)):
            return f"<p>{match.group(1)}</p>"
    return ""


@dataclass
class Body:
    html: str
    summary_html: str
    summary_text: str


class BodyRenderer:
    """One reusable Markdown instance: building one per file costs more than converting it.

    `fast_inline=False` keeps Python-Markdown's own inline processor (see fastinline.py; the
    tests compare the two).
    """

    def __init__(
        self,
        extensions: Iterable = (),
        extension_configs: dict | None = None,
        *,
        fast_inline: bool = True,
    ):
        base = ["extra", "sane_lists"]
        self.md = markdown.Markdown(
            extensions=[*base, *extensions],
            extension_configs=extension_configs or {},
            output_format="html",
        )
        if fast_inline:
            fastinline.install(self.md)

    def render(self, text: str, summary: str | None) -> Body:
        self.md.reset()
        body_html = self.md.convert(text)
        if summary:
            summary_html = f"<p>{html.escape(summary, quote=False)}</p>"
            summary_text = summary
        else:
            summary_html = first_paragraph(body_html)
            summary_text = plain_text(summary_html)
        return Body(body_html, summary_html, summary_text)
