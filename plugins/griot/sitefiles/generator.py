"""Stage: the site's own files, written once every page is rendered: sitemap.xml
(every listed page with its hreflang alternates) and robots.txt. (The live preview pushes its
reloads: griot.preview.push.)"""

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


class SiteFilesStage(Stage):
    def write(self):
        out: OutputWriter = self.build.writer
        self.write_sitemap(out)
        absolute = urls.canonical(self.site_settings.siteurl, "sitemap.xml")
        out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute}\n",
                  "robots.txt")

    def write_sitemap(self, out: OutputWriter) -> None:
        """sitemap.xml of `build.pages`, through `out` (kept when the same pages make it);
        also the live preview's patches when pages come or go (griot.preview.patch)."""
        settings = self.site_settings
        signer = self.build.signer

        def absolute(url: str) -> str:
            return urls.canonical(settings.siteurl, url)

        pages = self.build.pages
        listed = [(p.url, p.template, p.x_default, tuple(p.alternates.items()),
                   p.vars["entry"].listed if "entry" in p.vars else None) for p in pages]
        signature = digest((signer.base, "sitemap", settings.languages, listed))
        if out.keep("sitemap.xml", signature, "sitemap") is None:
            carried = self.build.carried
            scope = (settings.siteurl, tuple(settings.languages))
            known = carried.sitemap_parts[1] if carried.sitemap_parts[0] == scope else {}
            with out.stream("sitemap.xml", "sitemap", signature=signature) as handle:
                made = sitemap(pages, settings.languages, absolute, handle, known)
            if self.build.tracking:  # a live preview: its next update rewrites it
                carried.sitemap_parts = (scope, made)


def sitemap(pages: list[PageOut], languages, absolute, out: BinaryIO,
            known: Mapping[tuple, str] | None = None) -> dict[tuple, str]:
    """sitemap.xml, into `out`, with reciprocal hreflang links (href, self included) and
    x-default. Returns each listed page's text by what it is made of (URL, alternates,
    x-default); `known`: those of the last sitemap written with the same `languages` and
    `absolute`, reused (a live update that adds a page writes the sitemap again, and nearly
    every page's text is the same).

    Written as a stream, a chunk of pages at a time (a site of thousands of pages would
    otherwise hold megabytes of text), every value escaped by the standard library's
    `escape` and `quoteattr`: the same bytes as its XML writer (XMLGenerator), without its
    call per tag (hundreds of thousands at 10,000 pairs, on every live update that rebuilds
    the model).
    """
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<urlset xmlns={quoteattr(SITEMAP_NS)} xmlns:xhtml={quoteattr(XHTML_NS)}>'
              .encode())
    known = known or {}
    made: dict[tuple, str] = {}
    chunk: list[str] = []
    for page in sorted(pages, key=lambda p: p.url):
        if page.template == "404.html" or page.vars.get("entry") and not page.vars["entry"].listed:
            continue
        # What hreflang() reads, as one flat tuple (tens of thousands are kept).
        key = (page.url, page.x_default, *[page.alternates.get(lang) for lang in languages])
        text = known.get(key)
        if text is None:
            text = "".join([
                f"\n  <url>\n    <loc>{escape(absolute(page.url))}</loc>",
                *(f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(alt.hreflang)}'
                  f" href={quoteattr(absolute(alt.url))}/>"
                  for alt in hreflang(page, languages)),
                "\n  </url>"])
        made[key] = text
        chunk.append(text)
        if len(chunk) >= _CHUNK:
            out.write("".join(chunk).encode())
            chunk.clear()
    chunk.append("\n</urlset>\n")
    out.write("".join(chunk).encode())
    return made


_CHUNK = 1024  # pages' texts written at once
