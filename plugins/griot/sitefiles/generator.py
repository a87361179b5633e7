"""Stage: the site's own files, written once every page is rendered: sitemap.xml
(every listed page with its hreflang alternates) and robots.txt. (The live preview pushes its
reloads: griot.preview.push.)"""

from __future__ import annotations

from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

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
        settings = self.site_settings
        signer = self.build.signer

        def absolute(url: str) -> str:
            return urls.canonical(settings.siteurl, url)

        pages = self.build.pages
        listed = [(p.url, p.template, p.x_default, tuple(p.alternates.items()),
                   p.vars["entry"].listed if "entry" in p.vars else None) for p in pages]
        signature = digest((signer.base, "sitemap", settings.languages, listed))
        if out.keep("sitemap.xml", signature, "sitemap") is None:
            with out.stream("sitemap.xml", "sitemap", signature=signature) as handle:
                sitemap(pages, settings.languages, absolute, handle)
        out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute('sitemap.xml')}\n",
                  "robots.txt")


def sitemap(pages: list[PageOut], languages, absolute, out: BinaryIO) -> None:
    """sitemap.xml, into `out`, with reciprocal hreflang links (href, self included) and
    x-default.

    Written as a stream (a site of thousands of pages would otherwise hold a tree of tens of
    thousands of elements, or megabytes of text), by the standard library's XML writer, which
    escapes everything.
    """
    xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)
    xml.startDocument()
    xml.startPrefixMapping(None, SITEMAP_NS)
    xml.startPrefixMapping("xhtml", XHTML_NS)
    xml.startElementNS((SITEMAP_NS, "urlset"), "urlset", {})
    for page in sorted(pages, key=lambda p: p.url):
        if page.template == "404.html" or page.vars.get("entry") and not page.vars["entry"].listed:
            continue
        xml.ignorableWhitespace("\n  ")
        xml.startElementNS((SITEMAP_NS, "url"), "url", {})
        xml.ignorableWhitespace("\n    ")
        xml.startElementNS((SITEMAP_NS, "loc"), "loc", {})
        xml.characters(absolute(page.url))
        xml.endElementNS((SITEMAP_NS, "loc"), "loc")
        for alt in hreflang(page, languages):
            xml.ignorableWhitespace("\n    ")
            attributes = {(None, "rel"): "alternate", (None, "hreflang"): alt.hreflang,
                          (None, "href"): absolute(alt.url)}
            xml.startElementNS((XHTML_NS, "link"), "xhtml:link",
                               AttributesNSImpl(attributes, {}))
            xml.endElementNS((XHTML_NS, "link"), "xhtml:link")
        xml.ignorableWhitespace("\n  ")
        xml.endElementNS((SITEMAP_NS, "url"), "url")
    xml.ignorableWhitespace("\n")
    xml.endElementNS((SITEMAP_NS, "urlset"), "urlset")
    xml.endDocument()
    out.write(b"\n")
