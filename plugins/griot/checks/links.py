"""Links between articles and pages: found in a file's Markdown (with their lines), resolved
to the URL they point at, and checked against what the site publishes.

Pure: no Pelican import. Two spellings are links to content (CONTENT.md):
Pelican's `[texte]({filename}/articles/2025/radio.fr.md)` (a content file; without the leading
`/`, relative to the linking file's folder) and a site path, `[texte](/fr/2025/radio/)`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

# [text](target "title"), ![alt](target), <a href="target">, and [label]: target definitions.
_INLINE = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_HTML = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.I)
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
PELICAN_PREFIXES = ("{filename}", "{static}", "{attach}", "|filename|")


@dataclass(frozen=True)
class Link:
    target: str
    line: int  # in the file (header lines counted)
    image: bool = False


def find(body: str, first_line: int) -> Iterator[Link]:
    """Every link target of a Markdown body whose first line is line `first_line` of its file;
    code blocks and code spans are left out (a link shown as an example is not a link)."""
    fence = None
    for offset, raw in enumerate(body.splitlines()):
        number = first_line + offset
        opening = _FENCE.match(raw)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if raw.startswith(("    ", "\t")) and not raw.strip().startswith(("-", "*", "[")):
            continue  # an indented code block
        line = _CODE_SPAN.sub("", raw)
        for match in _INLINE.finditer(line):
            yield Link(match.group(2), number, bool(match.group(1)))
        for match in _HTML.finditer(line):
            yield Link(match.group(1), number)
        definition = _DEFINITION.match(line)
        if definition:
            yield Link(definition.group(1), number)


def content_target(target: str, source_rel: str) -> str | None:
    """The content file a `{filename}` link names (relative to content/), else None."""
    for prefix in PELICAN_PREFIXES:
        if target.startswith(prefix):
            rest = target[len(prefix):].split("#", 1)[0].split("?", 1)[0]
            if rest.startswith("/"):
                return posixpath.normpath(rest.lstrip("/"))
            return posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), rest))
    return None


def site_path(target: str, languages: Iterable[str]) -> str | None:
    """`/fr/2025/radio/` -> `fr/2025/radio/` when the target is a path of the site in one of
    its languages (the part CONTENT.md defines); anything else (other hosts, images, feeds,
    fragments) is None."""
    if not target.startswith("/") or target.startswith("//"):
        return None
    path = target.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    first = path.split("/", 1)[0]
    if first not in set(languages):
        return None
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path.endswith((".atom", ".rss", ".xml", ".json")):
        return None
    return path if path.endswith("/") else path + "/"


def rewrite(html: str, source_rel: str, urls_by_file: Mapping[str, str], prefix: str = "/"
            ) -> str:
    """Body HTML with every `{filename}` link to a known content file replaced by its URL
    (a link to nothing stays as written: the check reports it, and production stops)."""
    if "{filename}" not in html and "|filename|" not in html:
        return html

    def replace(match: re.Match) -> str:
        quote, target = match.group(1), match.group(2)
        rel = content_target(target, source_rel)
        url = urls_by_file.get(rel) if rel else None
        if url is None:
            return match.group(0)
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        return f"href={quote}{prefix}{url}{fragment}{quote}"

    return re.sub(r"href=([\"'])((?:\{filename\}|\|filename\|)[^\"']*)\1", replace, html)
