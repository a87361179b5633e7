"""sitemap() writes what the standard library's XML writer would, hostile values included."""

import io
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

from griot.core.pages import PageOut, hreflang
from griot.sitefiles.generator import SITEMAP_NS, XHTML_NS, sitemap

HOSTILE = ['/fr/a&b/', '/fr/<x>/', '/fr/"q"/', "/fr/'s\"d'/", "/fr/tab\there/", "/fr/nl\nr\r/"]


def reference(pages, languages, absolute) -> bytes:
    """The writer sitemap() replaced, call for call."""
    out = io.BytesIO()
    xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)
    xml.startDocument()
    xml.startPrefixMapping(None, SITEMAP_NS)
    xml.startPrefixMapping("xhtml", XHTML_NS)
    xml.startElementNS((SITEMAP_NS, "urlset"), "urlset", {})
    for page in sorted(pages, key=lambda p: p.url):
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
            xml.startElementNS((XHTML_NS, "link"), "xhtml:link", AttributesNSImpl(attributes, {}))
            xml.endElementNS((XHTML_NS, "link"), "xhtml:link")
        xml.ignorableWhitespace("\n  ")
        xml.endElementNS((SITEMAP_NS, "url"), "url")
    xml.ignorableWhitespace("\n")
    xml.endElementNS((SITEMAP_NS, "urlset"), "urlset")
    xml.endDocument()
    return out.getvalue() + b"\n"


def test_sitemap_bytes_match_the_standard_xml_writer_for_hostile_urls():
    pages = []
    for n, url in enumerate(HOSTILE * 2000):  # past one written chunk
        other = url.replace("/fr/", "/en/", 1) + str(n)
        pages.append(PageOut(f"{url}{n}/", "article.html", lang="fr",
                             alternates={"fr": f"{url}{n}/", "en": other}))

    def absolute(url: str) -> str:
        return "https://example.org" + url

    out = io.BytesIO()
    sitemap(pages, ("fr", "en"), absolute, out)
    expected = reference(pages, ("fr", "en"), absolute)
    assert out.getvalue() == expected
    assert b"&amp;" in expected and b"&#9;" in expected and b"&lt;x&gt;" in expected


def test_a_sitemap_written_from_the_last_ones_texts_has_a_fresh_sitemaps_bytes():
    """The live preview passes the last sitemap's texts back: a page whose URL, alternates or
    x-default changed must not get its old text."""
    def absolute(url: str) -> str:
        return "https://example.org" + url

    def pages(count: int, renamed: int) -> list[PageOut]:
        made = []
        for n in range(count):
            fr = f"/fr/a-{n}/"
            en = f"/en/b-{n}{'-new' if n == renamed else ''}/"
            x_default = en if n == renamed else "/fr/" if n == renamed + 2 else None
            made.append(PageOut(fr, "article.html", lang="fr", alternates={"fr": fr, "en": en},
                                x_default=x_default))
        return made

    first = io.BytesIO()
    known = sitemap(pages(3000, -1), ("fr", "en"), absolute, first)
    assert len(known) == 3000
    later = pages(3001, 7)  # one page more, one with another alternate and x-default, one
    # with another x-default alone (page 9: the home page, where it was its own URL)
    out = io.BytesIO()
    made = sitemap(later, ("fr", "en"), absolute, out, known)
    assert out.getvalue() == reference(later, ("fr", "en"), absolute)
    assert b"/en/b-7-new/" in out.getvalue() and b"/en/b-7/" not in out.getvalue()
    assert b'hreflang="x-default" href="https://example.org/fr/"' in out.getvalue()
    assert len(made) == 3001 and set(made) - set(known)


def test_a_sitemap_takes_parts_only_past_its_page_limit(monkeypatch):
    from griot.sitefiles import generator

    monkeypatch.setattr(generator, "SITEMAP_URLS", 3)
    assert generator.sitemap_files(0) == generator.sitemap_files(3) == ["sitemap.xml"]
    assert generator.sitemap_files(4) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    assert generator.sitemap_files(9)[-1] == "sitemap-3.xml"
    assert len(generator.sitemap_files(10)) == 5
