"""Link hashtags written in running text to their pages: a Python-Markdown extension.

`Rejoignez #AntiDiscri.` becomes
`Rejoignez <a class="hashtag" href="{url_for('antidiscri')}">#AntiDiscri</a>.`; the text stays
as written and the spelling (`AntiDiscri`) is recorded in `HashtagExtension.found`.

Reuse one Markdown instance for every document, as the reader does:

    hashtags = HashtagExtension(url_for=...)
    md = markdown.Markdown(extensions=["extra", "sane_lists", hashtags], output_format="html")
    for document in documents:
        md.reset()                 # also gives `hashtags.found` a fresh, empty list
        hashtags.url_for = url_for_language(document.lang)   # hrefs follow the document
        html = md.convert(document.text)
        spellings = hashtags.found # every occurrence, in document order (footnotes last)

(or hand over your own list per document: `hashtags.found = document_list`; see
HashtagExtension).

What only looks like a hashtag is left alone (each case has a unit test):
- code spans, fenced and indented code blocks, link text and autolinks (already links), raw HTML
  and its attributes, HTML entities (`&#233;`), `\\#escaped`;
- a `#` that does not start a word: URL fragments (`rapport#chapitre-2`, `example.org/#top`),
  `C#`, `a#b`, and `#` right after a raw HTML tag (but `<br>`) or an emphasis marker;
- a "hashtag" without a letter (`#1`, `#2024`), or followed by `@`, `/`, `\\`, `=`, `#`, or by
  `.`/`:` and a letter or digit (e-mail addresses, paths, file names, `#a.b`);
- attribute lists (`## Titre {: #ancre }`), and headings' own `#` markers.
A hashtag ends at the first character that is not a letter, digit, `_` or combining mark, so
`#MaliSansVBG.`, `#AntiDiscri,` and `(#16Jours)` link without their punctuation.

Headings: Python-Markdown reads any line starting with `#` as a heading, so `#MaliSansVBG` alone
on a line, or first in a list item (`- #MaliSansVBG : ...`) or a quote, becomes an `<h1>`. With
`commonmark_headings=True` (the default) a heading needs a space after its `#`s, as in CommonMark,
Hugo and GitHub: `# Titre` is a heading, `#Titre` is a hashtag. Pass False for Python-Markdown's
own rule.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown, util
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from griot.core import compat
from griot.taxonomies.keys import HashtagError, hashtag_key, is_hashtag_char

__all__ = ["HASHTAG_CLASS", "CommonMarkHashHeaderProcessor", "HashtagExtension", "makeExtension"]

HASHTAG_CLASS = "hashtag"

# After links, autolinks, raw HTML, entities (80) and emphasis (60), so those have already
# claimed their text: `*#Foo*` links inside the <em>, `&#233;` is never seen.
INLINE_PRIORITY = 40
# After the inline tree processor (20) has built every link, before `unescape` (0).
COLLECTOR_PRIORITY = 5
# The slot of Python-Markdown's own `hashheader` block processor, which ours replaces.
HASHHEADER_PRIORITY = 70

# What may come right before a hashtag besides whitespace and the start of the text.
# Not `/`, `.`, `:`, `=`, `&`, `@`, `#`, `{`, letters or digits: those make URLs, entities,
# e-mail addresses, attribute lists and `C#`.
_OPENERS = frozenset("([«\"'“‘„‚‹—–¿¡")

# Right after a hashtag, these mean a path, an address or a parameter, not a word.
_PATH_AFTER = frozenset("@/\\=#")
# These too, when a letter or digit follows (`#main.py`, `#a:b`), but not at a sentence's end.
_PATH_AFTER_IF_MORE = frozenset(".:")

# Python-Markdown's escape processor stashes `\(` as STX + "40" + ETX.
_ESCAPED_CHAR_RE = re.compile(f"^{util.STX}([0-9]+){util.ETX}$")
_RAW_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE_PLACEHOLDER_AT_END_RE = re.compile(
    re.escape(util.INLINE_PLACEHOLDER_PREFIX) + "([0-9]+)" + re.escape(util.ETX) + "$"
)


class HashtagInlineProcessor(InlineProcessor):
    """Turns `#Word` into a hashtag link; all the judgment is in handleMatch."""

    # Never inside a link (already one) or code (literal text).
    ANCESTOR_EXCLUDES = ("a", "code", "pre", "kbd", "samp")

    def __init__(self, extension: HashtagExtension, md: Markdown) -> None:
        super().__init__(r"#(?=\w)", md)
        self.extension = extension

    def handleMatch(  # noqa: N802 (Python-Markdown's name)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        start = m.start()
        end = m.end()
        while end < len(data) and is_hashtag_char(data[end]):
            end += 1
        spelling = data[start + 1 : end]
        if not (
            self._starts_a_word(data, start)
            and not self._continues_as_path(data, end)
            and not _inside_attribute_list(data, start, end)
            # `#Mali{:}`: attr_list would read `{...}` as the link's attributes and drop it
            # from the text; plain Markdown shows it. Leave such a word as it is.
            and not data.startswith("{", end)
        ):
            return None, None, None
        try:
            key = hashtag_key(spelling)
        except HashtagError:
            return None, None, None
        link = etree.Element("a")
        link.set("class", HASHTAG_CLASS)
        link.set("href", self.extension.url_for(key))
        # Atomic: no later pattern or tree processor (abbreviations) rewrites the text.
        link.text = util.AtomicString("#" + spelling)
        self.extension._linked.append(link)
        return link, start, end

    def _starts_a_word(self, data: str, start: int) -> bool:
        if start == 0:
            return True
        before = data[start - 1]
        if before == util.ETX:
            before = self._char_behind_placeholder(data[:start])
            if before is None:
                return False
        return before.isspace() or before in _OPENERS

    def _char_behind_placeholder(self, data: str) -> str | None:
        """The visible character a placeholder ending `data` stands for, when that is known.

        Only these are worth reading: a line break (`text  \\n#Tag`, `text<br>#Tag`), an escaped
        character (`\\(#Tag`) and an entity (`&nbsp;#Tag`). Anything else (other raw HTML,
        emphasis, a link) glued to a `#` does not start a word.
        """
        m = _INLINE_PLACEHOLDER_AT_END_RE.search(data)
        if m is None:
            return None
        # The tree processor that is running us holds what each placeholder stands for.
        node = compat.stashed_node(self.md, m.group(1))
        if isinstance(node, etree.Element):
            return "\n" if node.tag == "br" else None
        if not isinstance(node, str):
            return None
        escaped = _ESCAPED_CHAR_RE.match(node)
        if escaped:
            return chr(int(escaped.group(1)))
        stashed = util.HTML_PLACEHOLDER_RE.fullmatch(node)
        if stashed is None:
            return None
        raw = compat.stashed_html(self.md, int(stashed.group(1)))
        if raw is None:
            return None
        if _RAW_BR_RE.fullmatch(raw):
            return "\n"
        if not raw.startswith("&"):
            return None
        text = html.unescape(raw)
        return text[-1] if text and text != raw else None

    @staticmethod
    def _continues_as_path(data: str, end: int) -> bool:
        if end >= len(data):
            return False
        after = data[end]
        if after in _PATH_AFTER:
            return True
        if after in _PATH_AFTER_IF_MORE and end + 1 < len(data):
            following = data[end + 1]
            return following.isalnum() or following in "/#"
        return False


def _inside_attribute_list(data: str, start: int, end: int) -> bool:
    """True inside `{: #id .class }` (attr_list, part of `extra`), which is read after us."""
    line_start = data.rfind("\n", 0, start) + 1
    opening = data.rfind("{", line_start, start)
    if opening == -1 or "}" in data[opening:start]:
        return False
    line_end = data.find("\n", end)
    return "}" in data[end : len(data) if line_end == -1 else line_end]


class _FoundCollector(Treeprocessor):
    """Records the spellings of the links made, in document order, into `extension.found`."""

    def __init__(self, extension: HashtagExtension, md: Markdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        linked = {id(link) for link in self.extension._linked}
        if linked:
            for element in root.iter("a"):
                if id(element) in linked:
                    self.extension.found.append(unicodedata.normalize("NFC", element.text[1:]))
        self.extension._linked.clear()


class CommonMarkHashHeaderProcessor(HashHeaderProcessor):
    """ATX headings as CommonMark reads them: the `#`s must be followed by a space or a tab (or
    end the line), and closing `#`s only count after a space. `#Titre` stays a paragraph, and
    `## Apprendre C#` keeps its `#`.
    """

    RE = re.compile(
        r"(?:^|\n)(?P<level>#{1,6})(?:[ \t]+|(?=\n|$))"
        r"(?P<header>[^\n]*?)(?:[ \t]+#+)?[ \t]*(?:\n|$)"
    )


class HashtagExtension(Extension):
    """Links hashtags in running text: `<a class="hashtag" href="{url_for(key)}">#Spelling</a>`.

    `url_for(key)` gives the href of a hashtag key (`malisansvbg`); the serializer escapes it.
    It is a plain attribute: set it before each `convert` when hrefs depend on the document.

    `found` receives the spelling of every hashtag linked (without `#`, NFC), one entry per
    occurrence, in document order. Two ways to use it:
    - let the extension own it: `md.reset()` (which calls `reset()`) starts a fresh list for
      each document; read `extension.found` after `convert`;
    - or hand it a list (`found=` here, `extension.found = mine`, or `extension.reset(mine)`):
      that list is yours and is appended to until you hand over another; `md.reset()` (also
      called by `Markdown()` itself) does not replace it.
    """

    def __init__(
        self,
        url_for: Callable[[str], str],
        found: list[str] | None = None,
        *,
        commonmark_headings: bool = True,
    ) -> None:
        super().__init__()
        self.url_for = url_for
        self._found: list[str] = []
        self._owns_found = True
        if found is not None:
            self.found = found
        self.commonmark_headings = commonmark_headings
        # Links made during the current convert(), for the collector; strong references keep
        # their ids unique until then.
        self._linked: list[etree.Element] = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        md.inlinePatterns.register(HashtagInlineProcessor(self, md), "hashtag", INLINE_PRIORITY)
        md.treeprocessors.register(_FoundCollector(self, md), "hashtag_found", COLLECTOR_PRIORITY)
        if self.commonmark_headings:
            md.parser.blockprocessors.register(
                CommonMarkHashHeaderProcessor(md.parser), "hashheader", HASHHEADER_PRIORITY
            )

    @property
    def found(self) -> list[str]:
        return self._found

    @found.setter
    def found(self, found: list[str]) -> None:
        self._found = found
        self._owns_found = False

    def reset(self, found: list[str] | None = None) -> list[str]:
        """Start a new document and return the list its spellings go to: `found` if given, else
        a fresh list if the extension owns its list, else the caller's list, unchanged."""
        if found is not None:
            self.found = found
        elif self._owns_found:
            self._found = []
        self._linked.clear()
        return self._found


def makeExtension(**kwargs) -> HashtagExtension:  # noqa: N802 (Python-Markdown's entry point)
    """For `markdown.Markdown(extensions=["griot.taxonomies.inline"], extension_configs=...)`."""
    return HashtagExtension(**kwargs)
