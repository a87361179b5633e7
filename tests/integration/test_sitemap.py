"""sitemap.xml: every published page once (a listing's first page only), with reciprocal
hreflang alternates and x-default."""

from __future__ import annotations

from lxml import etree

from tests.conftest import SITEURL

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_page_but_later_listing_pages_with_reciprocal_alternates(
        sample_site):
    root = etree.parse(str(sample_site / "sitemap.xml")).getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", NS))
        assert loc not in entries
        entries[loc] = links
    pages = {f"{SITEURL}/{p.relative_to(sample_site).parent.as_posix()}/".replace("/./", "/")
             for p in sample_site.rglob("index.html")}
    later = {url for url in pages if "/page/" in url}
    assert f"{SITEURL}/fr/page/2/" in later  # the sample site has later pages...
    # ...which the sitemap leaves out; every other page is in it, the 404 page is not one
    assert set(entries) == pages - later
    article = f"{SITEURL}/fr/2025/esclavage-par-ascendance/"
    english = entries[article]["en"]
    assert entries[article]["fr"] == article and entries[english]["fr"] == article
    assert entries[article]["x-default"] == entries[english]["x-default"] == article
    assert entries[f"{SITEURL}/"]["x-default"] == f"{SITEURL}/"
