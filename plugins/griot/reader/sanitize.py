"""The allowlist every rendered body goes through before any reader sees it. Pure: no Pelican.

A body is Markdown, and Markdown lets raw HTML through: a pasted `<script>`, an `onerror=`, an
`<iframe>`, a `<meta http-equiv=refresh>` or a `javascript:` link would reach every reader of
the page and of its feeds. nh3 (the Python binding of ammonia, an html5ever-based sanitiser)
parses the HTML as a browser does and keeps only what is listed here: the tags Markdown and its
`extra` extensions write, Griot's own `<picture>` and hashtag links, and links to http, https,
mailto, tel and relative URLs. What it removed is listed (`Removal`), so the reader can tell the
blogger which line broke the rule.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass

import nh3

# What Markdown (with `extra`, `sane_lists`) writes, and the plain HTML bloggers use.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre",
    "q", "s", "samp", "small", "source", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# Removed with everything inside them (the others lose their tag and keep their text).
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
    "select", "title", "frame", "frameset", "applet", "noembed", "noframes", "xmp", "svg",
    "math", "plaintext",
})
ATTRIBUTES = {
    "*": {"id", "title", "lang", "class"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding",
            "fetchpriority", "style"},
    "source": {"type", "srcset", "sizes", "media"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

# Griot's own <img> (images.markup): a placeholder colour and the aspect ratio, nothing else.
_GRIOT_IMG_STYLE = re.compile(r"(?:background:#[0-9a-f]{6};)?aspect-ratio:\d+/\d+")
# Classes Markdown's extensions and Griot write; a blogger's own class could dress a paragraph
# as the site's quick-exit button.
# Markdown's tables: a column's alignment.
_CELL_STYLE = re.compile(r"text-align: (?:left|right|center);")
_CLASS = re.compile(r"footnote|footnote-ref|footnote-backref|hashtag|language-[\w+#-]+")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: what (`<script>`, `onclick=`, `javascript:` link) and
    a snippet to find it in the Markdown source."""

    what: str
    needle: str


def url_allowed(value: str) -> bool:
    """http, https, mailto, tel, or relative (a fragment, a path), as browsers read it:
    `JaVaScRiPt:` and `java\\tscript:` are javascript: too."""
    match = _SCHEME.match(_CONTROL.sub("", value))
    return match is None or match.group(1).lower() in SCHEMES


def _srcset_allowed(value: str) -> bool:
    return all(url_allowed(candidate.strip().split(" ")[0])
               for candidate in value.split(",") if candidate.strip())


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        pattern = _GRIOT_IMG_STYLE if tag == "img" else _CELL_STYLE
        return value if pattern.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if _CLASS.fullmatch(name)]
        return " ".join(kept) if kept else None
    if attribute == "srcset":
        return value if _srcset_allowed(value) else None
    return value


class Sanitiser:
    """One reusable nh3 cleaner; `clean(html)` -> (safe html, what was removed)."""

    def __init__(self) -> None:
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=_filter,
            url_schemes=set(SCHEMES),
            link_rel=None,  # Griot's pages already send no referrer (base.html)
            strip_comments=True,
        )

    def clean(self, text: str) -> tuple[str, list[Removal]]:
        safe = self._cleaner.clean(text)
        if safe == text:
            return text, []
        # Only for a body that changed: most bodies come out unchanged, and nh3 does not say
        # what it removed.
        return safe, removals(text)


class _Finder(html.parser.HTMLParser):
    """Walks the HTML as it was written and notes what the allowlist does not allow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []
        self._seen: set[str] = set()
        self._dropped: str | None = None  # inside <svg>...: its children go with it
        self._depth = 0

    def _note(self, what: str, needle: str) -> None:
        if what not in self._seen:
            self._seen.add(what)
            self.found.append(Removal(what, needle))

    def handle_starttag(self, tag, attrs):
        if self._dropped:
            self._depth += tag == self._dropped
            return
        if tag in DROPPED_WITH_CONTENT:
            self._dropped, self._depth = tag, 1
        if tag not in TAGS:
            self._note(f"<{tag}>", f"<{tag}")
            return
        allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self._note(f"{name}=" if not name.startswith("on") else f"{name}= (an event)",
                           name)
            elif name in URL_ATTRIBUTES and not url_allowed(value):
                scheme = _SCHEME.match(_CONTROL.sub("", value)).group(1).lower()
                self._note(f"a {scheme}: link", _CONTROL.sub("", value)[: len(scheme) + 1])
            elif _filter(tag, name, value) != value:
                self._note(f"{name}=\"{value[:40]}\" on <{tag}>", name)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._dropped == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == self._dropped:
            self._depth -= 1
            if not self._depth:
                self._dropped = None


def removals(text: str) -> list[Removal]:
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found
