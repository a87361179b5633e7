"""Griot's Markdown reader: the only place a content file is parsed (Pelican adapter)."""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from pelican.readers import BaseReader

from griot.checks import links as text_links
from griot.content import header as hdr
from griot.content.model import BODY_KEY, encode_body
from griot.content.settings import load
from griot.core import links, urls
from griot.core.errors import ContentError
from griot.core.paths import display_path, inside, posix
from griot.core.problems import T
from griot.images.body import BodyImages
from griot.images.pipeline import ImageError
from griot.taxonomies.inline import HashtagExtension
from griot.taxonomies.keys import hashtag_key, parse_hashtag_list
from griot.typography import fix_html, fix_text

from .body import Body, BodyRenderer, first_paragraph, plain_text
from .sanitize import Sanitiser

logger = logging.getLogger(__name__)
# A line that opens more than 64 quotes (`> > > ...`) or is indented more than 64 list levels.
_TOO_DEEP = re.compile(r"^(?:[ \t]*>){65}|^[ \t]{257}", re.M)


HTML_RULE_FIX = (
    "remove it from the file. A text may hold Markdown and simple HTML, but no script, style,"
    " frame, form, <meta> or event attribute (onclick=...), and its links lead only to http,"
    " https, mailto, tel or a page of this site (see \"HTML, links and limits\" in the"
    " bloggers' guide)")


def source_problem(source_path: str, root: str, max_bytes: int) -> ContentError | None:
    """Why a content file cannot be read, checked before any byte of it is: a symbolic link
    out of the content folder, something that is not a plain file, a file over the size limit.
    """
    shown = display_path(source_path)
    link = links.escaping_link(source_path, root)
    if link is not None:
        return ContentError(shown, links.link_message(link, root), links.LINK_FIX)
    try:
        st = os.stat(source_path)
    except OSError as exc:
        return ContentError(shown, f"the file cannot be read ({exc.strerror})")
    if not stat.S_ISREG(st.st_mode):
        return ContentError(shown, "this is not a plain file", "remove it from the content folder")
    if st.st_size > max_bytes:
        return ContentError(
            shown, f"the file is {st.st_size:,} bytes long; the limit is {max_bytes:,}",
            "split it into several articles, or move what is not text (images, tables of data)"
            " out of it (an editor may raise the limit with the setting GRIOT_MAX_FILE_BYTES)")
    return None
# Kinds whose title is prose; region and author titles are names that headers refer to.
_PROSE_TITLES = {"article", "page", "campaign"}


def typeset(header: hdr.Header, body: Body) -> tuple[hdr.Header, Body]:
    """Typographic quotes and (in French) no-break spaces in what readers see of a file."""
    lang = header.lang
    changes = {key: fix_text(value, lang) for key in ("summary", "content_warning", "cover_alt")
               if (value := getattr(header, key))}
    if header.kind in _PROSE_TITLES:
        changes["title"] = fix_text(header.title, lang)
    summary_text = fix_text(body.summary_text, lang)
    return (replace(header, **changes),
            Body(fix_html(body.html, lang), fix_html(body.summary_html, lang), summary_text))


class GriotMarkdownReader(BaseReader):
    """Reads `<slug>.<lang>.md` files as CONTENT.md defines them.

    Problems are raised (Pelican then skips the file) and also kept in `problems`, so the build
    can stop with every message at once before anything is written.
    """

    enabled = True
    file_extensions = ["md", "markdown", "mkd"]

    def __init__(self, settings):
        super().__init__(settings)
        self.site = load(settings)
        self.content_root = Path(settings["PATH"]).resolve()
        self._root = os.path.abspath(settings["PATH"])  # as Pelican joins it to each file
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self._renderer: BodyRenderer | None = None
        self._hashtags = HashtagExtension(url_for=str)
        self.sanitiser = Sanitiser()
        self.images = BodyImages(settings)  # local <img> -> <picture>; what the body used
        self.images_metadata: dict = {}
        self.cache = None  # a ReadCache, set by the content plugin when caching is on

    @property
    def renderer(self) -> BodyRenderer:
        if self._renderer is None:
            self._renderer = BodyRenderer([self._hashtags, self.images.extension])
        return self._renderer

    def render(self, header: hdr.Header, text: str, first_line: int = 1):
        """Body HTML with running-text hashtags linked in the file's language, through the
        sanitiser; the hashtags found there join the header's (header spellings first)."""
        siteurl, lang = self.site.siteurl, header.lang
        self._hashtags.url_for = lambda key: urls.absolute(
            siteurl, urls.term(lang, "hashtags", key))
        self.images.begin(self.relative(header.path))
        deep = _TOO_DEEP.search(text)
        if deep:  # Markdown's cost grows with the square of the depth of nested quotes
            raise ContentError(
                header.path, "the text is nested too deeply (more than 64 quotes or list "
                "levels inside each other) to be read",
                "flatten it: no reader follows more than a few levels",
                line=first_line + text.count("\n", 0, deep.start()))
        try:
            body = self.renderer.render(text, header.summary)
            body = self.sanitise(header, body, text, first_line)
            self.images_metadata = self.images.metadata(body.html)
        except ImageError as exc:  # names the image; the file is named here
            raise ContentError(header.path, str(exc)) from None
        except RecursionError:
            self._renderer = None  # a Markdown instance an exception left half-way
            raise ContentError(
                header.path,
                "the text is nested too deeply (lists, quotes or tags inside each other, "
                "hundreds of levels down) to be read",
                "flatten it: no reader follows more than a few levels", line=first_line,
            ) from None
        header, body = typeset(header, body)
        known = {hashtag_key(spelling) for spelling in header.hashtags}
        extra = []
        for spelling in self._hashtags.found:
            key = hashtag_key(spelling)
            if key not in known:
                known.add(key)
                extra.append(spelling)
        if extra:
            header = replace(header, hashtags=header.hashtags + tuple(extra))
        limit = self.site.limits.hashtags
        if header.kind == "article" and len(header.hashtags) > limit:
            raise ContentError(
                header.path,
                f"this article has {len(header.hashtags)} hashtags (in its header and text); "
                f"the limit is {limit}",
                "keep the hashtags that matter (an editor may raise the limit with the setting "
                "GRIOT_MAX_HASHTAGS)", line=header.line_of("hashtags") or first_line)
        return header, body

    def sanitise(self, header: hdr.Header, body: Body, text: str, first_line: int) -> Body:
        """The body through the allowlist; each kind of thing removed is a warning naming the
        line it was written on (production builds stop on warnings)."""
        html, removed = self.sanitiser.clean(body.html)
        if html is body.html:
            return body
        lowered = text.lower()
        for removal in removed:
            at = lowered.find(removal.needle.lower())
            line = first_line + lowered.count("\n", 0, at) if at >= 0 else None
            where = f"{header.path}:{line}" if line else header.path
            self.warn(f"{where}: {removal.what} was removed from the published text\n"
                      f"    fix: {HTML_RULE_FIX}")
        if header.summary:
            return Body(html, body.summary_html, body.summary_text)
        summary_html = first_paragraph(html)
        return Body(html, summary_html, plain_text(summary_html))

    def relative(self, source_path: str) -> str:
        """The file's path inside the content folder, as CONTENT.md names it."""
        rel = inside(os.path.abspath(source_path), self._root)
        if rel is None:  # reached another way (a symbolic link): compare real paths
            rel = os.path.relpath(Path(source_path).resolve(), self.content_root)
        return posix(rel)

    def warn(self, message: str) -> None:
        """Kept for the end of the reading phase, which prints every warning once, in order."""
        self.warnings.append(message)

    def source_problem(self, source_path: str) -> ContentError | None:
        return source_problem(source_path, self._root, self.site.limits.file_bytes)

    def read_header(self, source_path: str) -> tuple[hdr.Header, str, int]:
        """Parse and check a file's name and header; return it with the Markdown body and the
        number of the body's first line."""
        problem = self.source_problem(source_path)
        if problem is not None:
            raise problem
        rel = self.relative(source_path)
        shown = display_path(source_path)
        kind, slug, lang = hdr.identify(rel, self.site.languages)
        try:
            text = Path(source_path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ContentError(
                shown,
                T("the file is not UTF-8 text (byte {byte})", byte=exc.start),
                T("save it again with the UTF-8 encoding"),
            ) from None
        fields, body, first_line = hdr.split(text, shown)
        limits = self.site.limits
        header = hdr.normalise(
            fields, path=shown, kind=kind, slug=slug, lang=lang, timezone=self.site.timezone,
            parse_hashtags=parse_hashtag_list, warn=self.warn,
            max_title=limits.title, max_value=limits.header,
        )
        return header, body, first_line

    def read(self, source_path):
        """Pelican's entry point: from the content cache when the file's bytes are known.

        The body goes to Griot's model as UTF-8 bytes in metadata[BODY_KEY]; Pelican's content
        object gets no text of its own (it would hold a second copy, as a str twice as big)."""
        problem = self.source_problem(source_path)
        if problem is not None:  # before the cache reads the file to hash it
            self.problems.append(str(problem))
            raise problem
        if self.cache is not None:
            key = self.cache.key(source_path)
            hit = self.cache.get(key)
            if hit is not None and self.images.fresh(hit[1]):  # an image may have changed
                body, metadata, warnings = hit
                for message in warnings:
                    self.warn(message)
                return "", {**metadata, BODY_KEY: body}
        before = len(self.warnings)
        try:
            html, metadata = self.parse(source_path)
        except ContentError as exc:
            exc.path = display_path(source_path)
            self.problems.append(exc.problem())
            raise
        body = encode_body(html)
        if self.cache is not None:
            self.cache.put(key, (body, metadata, self.warnings[before:]))
        return "", {**metadata, BODY_KEY: body}

    def parse(self, source_path):
        """Name, header and body of one file -> (body HTML, Pelican metadata)."""
        header, text, first_line = self.read_header(source_path)
        header, body = self.render(header, text, first_line)
        # The link check's (griot.checks.site_links) work on the text, done here: in the
        # reading workers, and kept in the content cache with the reading.
        header = replace(header, links=tuple(text_links.find(text, first_line)))
        metadata = {
            "title": header.title,
            "slug": header.slug,
            "lang": header.lang,
            "status": header.status,
            "summary": body.summary_html,
            "summary_text": body.summary_text,
            "translation_key": header.translation_key,
            "header": header,
            **self.images_metadata,
        }
        if header.date:
            metadata["date"] = header.date
        if header.modified:
            metadata["modified"] = header.modified
        return body.html, metadata
