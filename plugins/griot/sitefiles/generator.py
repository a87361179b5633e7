"""Stage: the site's own files, written once every page is rendered: sitemap.xml
(every listed page with its hreflang alternates) and robots.txt. (The live preview pushes its
reloads: griot.preview.push.)

A listing's later pages (`.../page/2/` and on) are left out of the sitemap, as Hugo's
sitemap leaves them out: what a later page shows moves with every new article, every article
is in the sitemap itself, and the first page links the next. So an edit that only adds or
drops a later page (a hashtag added to an article or taken off) leaves the sitemap's bytes as
they were, and the live preview's patch does not write it again.

The sitemap protocol takes at most 50,000 URLs and 50 MB in one file: past SITEMAP_URLS
listed pages, sitemap.xml is a sitemap index of parts (sitemap-1.xml, sitemap-2.xml...), each
holding SITEMAP_URLS pages at most, in URL order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from griot.core import urls
from griot.core.build import Stage
from griot.core.pages import PageOut, hreflang
from griot.core.signature import digest
from griot.core.writer import OutputWriter

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Pages per sitemap file at most: half the protocol's 50,000, so that a part stays under its
# 50 MB with a dozen languages' alternates (a page's element is about 650 bytes with two).
SITEMAP_URLS = 25_000


class SiteFilesStage(Stage):
    def write(self):
        out: OutputWriter = self.build.writer
        self.write_sitemap(out)
        absolute = urls.canonical(self.site_settings.siteurl, "sitemap.xml")
        out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute}\n",
                  "robots.txt")

    def write_sitemap(self, out: OutputWriter) -> None:
        """sitemap.xml of `build.pages`, through `out` (kept when the same pages make it)."""
        settings = self.site_settings
        signer = self.build.signer
        pages = self.build.pages
        listed = [(p.url, p.template, p.x_default, tuple(p.alternates.items()),
                   p.vars["entry"].listed if "entry" in p.vars else None) for p in pages]
        signature = digest((signer.base, "sitemap", settings.languages, listed))
        files = sitemap_files(sum(1 for page in pages if _listed(page)))
        if all(out.keepable(rel, signature) is not None for rel in files):
            for rel in files:
                out.keep(rel, signature, "sitemap")
            return
        carried = self.build.carried
        scope = self._scope()
        known = carried.sitemap_parts[1] if carried.sitemap_parts[0] == scope else {}
        made, texts = sitemap_texts(pages, settings.languages, self._absolute, known)
        self._write(out, texts, signature)
        if self.build.tracking:  # a live preview: its next update rewrites it
            carried.sitemap_parts = (scope, made, {key[0]: text for key, text in made.items()})

    def patch_sitemap(self, out: OutputWriter, gone: list[PageOut], made: list[PageOut]
                      ) -> list[str]:
        """The live preview's patches (griot.preview.patch) when pages come or go: the last
        sitemap's texts without the pages `gone`, with those of the pages `made`, written in
        URL order as write_sitemap() writes them, without walking every page (O(pages) only
        in the sort and the join). Without the last texts, write_sitemap(). Returns the parts
        the last sitemap had and this one has not (to remove)."""
        carried = self.build.carried
        scope, languages = self._scope(), self.site_settings.languages
        if carried.sitemap_parts[0] != scope:
            self.write_sitemap(out)
            return []
        _, known, last = carried.sitemap_parts
        texts: dict[str, str | None] = {page.url: None for page in gone}  # url -> its text
        fresh: dict[tuple, str] = {}
        for page in made:
            if _listed(page):
                key, text = _text(page, languages, self._absolute, known)
                texts[page.url] = fresh[key] = text
        if all(last.get(url) == text for url, text in texts.items()):
            return []  # no listed page came, went or changed: the sitemap's bytes stay
        # New dicts: the last build's stay as they were (a failed patch goes back to them).
        known, by_url = {**known, **fresh}, dict(last)
        for url, text in texts.items():
            if text is None:
                by_url.pop(url, None)
            else:
                by_url[url] = text
        # No signature: the next update that rebuilds the model writes it again.
        files = self._write(out, [by_url[url] for url in sorted(by_url)], None)
        carried.sitemap_parts = (scope, known, by_url)
        return [rel for rel in sitemap_files(len(last)) if rel not in files]

    def _write(self, out: OutputWriter, texts: list[str], signature: bytes | None
               ) -> list[str]:
        """The pages' `texts` (in URL order) as sitemap.xml, or as parts and their index past
        SITEMAP_URLS; returns the files written."""
        files = sitemap_files(len(texts))
        if len(files) == 1:
            with out.stream("sitemap.xml", "sitemap", signature=signature) as handle:
                urlset(texts, handle)
            return files
        for number, rel in enumerate(files[1:]):
            with out.stream(rel, "sitemap", signature=signature) as handle:
                start = number * SITEMAP_URLS
                urlset(texts[start:start + SITEMAP_URLS], handle)
        index = "".join(f"\n  <sitemap>\n    <loc>{escape(self._absolute(rel))}</loc>\n"
                        "  </sitemap>" for rel in files[1:])
        out.write("sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                  f"xmlns={quoteattr(SITEMAP_NS)}>{index}\n</sitemapindex>\n", "sitemap",
                  signature=signature)
        return files

    def _scope(self) -> tuple:
        """What every page's sitemap text depends on besides the page."""
        return self.site_settings.siteurl, tuple(self.site_settings.languages)

    def _absolute(self, url: str) -> str:
        return urls.canonical(self.site_settings.siteurl, url)


def sitemap(pages: list[PageOut], languages, absolute, out: BinaryIO,
            known: Mapping[tuple, str] | None = None) -> dict[tuple, str]:
    """One sitemap of every listed page, into `out` (sitemap_texts(), then urlset())."""
    made, texts = sitemap_texts(pages, languages, absolute, known)
    urlset(texts, out)
    return made


def sitemap_texts(pages: list[PageOut], languages, absolute,
                  known: Mapping[tuple, str] | None = None) -> tuple[dict[tuple, str], list]:
    """Each listed page's <url> element, with reciprocal hreflang links (href, self
    included) and x-default, in URL order; and the same texts by what each is made of (URL,
    alternates, x-default). `known`: those of the last sitemap made with the same `languages`
    and `absolute`, reused (a live update that adds a page writes the sitemap again, and
    nearly every page's text is the same).

    Every value is escaped by the standard library's `escape` and `quoteattr`: the same bytes
    as its XML writer (XMLGenerator), without its call per tag (hundreds of thousands at
    10,000 pairs, on every live update that rebuilds the model).
    """
    known = known or {}
    made: dict[tuple, str] = {}
    texts: list[str] = []
    for page in sorted(pages, key=lambda p: p.url):
        if not _listed(page):
            continue
        key, text = _text(page, languages, absolute, known)
        made[key] = text
        texts.append(text)
    return made, texts


def urlset(texts: list[str], out: BinaryIO) -> None:
    """A sitemap (<urlset>) of pages' `texts`, into `out` a chunk at a time (a site of
    thousands of pages would otherwise hold its megabytes twice)."""
    out.write(_HEAD.encode())
    for start in range(0, len(texts), _CHUNK):
        out.write("".join(texts[start:start + _CHUNK]).encode())
    out.write(_TAIL.encode())


def sitemap_files(listed: int) -> list[str]:
    """The files a sitemap of `listed` pages takes: sitemap.xml alone, or the index
    sitemap.xml and its parts."""
    parts = -(-listed // SITEMAP_URLS)
    return ["sitemap.xml"] + ([f"sitemap-{n}.xml" for n in range(1, parts + 1)]
                              if parts > 1 else [])


def _listed(page: PageOut) -> bool:
    """Whether the sitemap lists `page` (not the 404 page, not a hidden entry's page, not a
    listing's later page)."""
    entry = page.vars.get("entry")
    pager = page.vars.get("pager")
    return (page.template != "404.html" and not (entry and not entry.listed)
            and not (pager is not None and pager.number > 1))


def _text(page: PageOut, languages, absolute, known: Mapping[tuple, str]) -> tuple:
    """(what hreflang() reads, as one flat tuple: tens of thousands are kept; the page's
    <url> element, from `known` when it has that key)."""
    key = (page.url, page.x_default, *[page.alternates.get(lang) for lang in languages])
    text = known.get(key)
    return key, text if text is not None else _url_text(page, languages, absolute)


def _url_text(page: PageOut, languages, absolute) -> str:
    """One page's <url> element, with its alternates."""
    return "".join([
        f"\n  <url>\n    <loc>{escape(absolute(page.url))}</loc>",
        *(f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(alt.hreflang)}'
          f" href={quoteattr(absolute(alt.url))}/>"
          for alt in hreflang(page, languages)),
        "\n  </url>"])


_HEAD = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
         f'<urlset xmlns={quoteattr(SITEMAP_NS)} xmlns:xhtml={quoteattr(XHTML_NS)}>')
_TAIL = "\n</urlset>\n"
_CHUNK = 1024  # pages' texts written at once
