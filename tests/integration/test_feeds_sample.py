"""The sample site's feed matrix: every feed there, valid, and holding exactly the right entries,
recomputed from the content files (and, for hashtags, from the listing pages readers see)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree

from tests.conftest import ROOT, SITEURL, TEST_NOW
from tests.htmlparse import page
from tests.schemas import atom_errors

CONTENT = ROOT / "content"
TZ = ZoneInfo("Africa/Bamako")
NOW = datetime.fromisoformat(TEST_NOW).replace(tzinfo=TZ)  # the builds' clock
NS = {"a": "http://www.w3.org/2005/Atom", "georss": "http://www.georss.org/georss",
      "content": "http://purl.org/rss/1.0/modules/content/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAXONOMIES = ("hashtags", "regions", "authors")


# ---------------------------------------------------------------- the sources, read plainly


def header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower().replace(" ", "_")] = value.strip()
    return fields


def split_name(path: Path) -> tuple[str, str]:
    slug, _, lang = path.name[: -len(".md")].rpartition(".")
    return slug, lang


def fold(text: str) -> str:
    """CONTENT.md's hashtag key: no accents, lowercase, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def names(folder: str) -> dict[str, str]:
    """Every way a header may name a region or an author -> its key."""
    found = {}
    for path in (CONTENT / folder).glob("*.md"):
        key, _ = split_name(path)
        found[fold(key)] = key
        found[fold(header(path)["title"])] = key
    return found


def published_articles() -> list[dict]:
    now = NOW
    regions, authors = names("regions"), names("authors")
    articles = []
    for path in sorted((CONTENT / "articles").rglob("*.md")):
        fields = header(path)
        slug, lang = split_name(path)
        date = datetime.fromisoformat(fields["date"]).replace(tzinfo=TZ)
        if fields.get("status", "published").lower() != "published" or date > now:
            continue
        modified = fields.get("modified")
        articles.append({
            "lang": lang, "slug": slug, "date": date,
            "updated": datetime.fromisoformat(modified).replace(tzinfo=TZ) if modified else date,
            "id": f"tag:example.org,{date:%Y-%m-%d}:{lang}/{fields.get('translation_key', slug)}",
            "url": f"{SITEURL}/{lang}/{date:%Y}/{slug}/",
            "hashtags": {fold(t) for t in fields.get("hashtags", "").replace(",", " ").split()},
            "regions": [regions[fold(r)] for r in
                        fields.get("regions", fields.get("region", "")).split(",") if r.strip()],
            "authors": [authors[fold(a)] for a in
                        fields.get("authors", fields.get("author", "")).split(",") if a.strip()],
        })
    return articles


def newest_first(articles: list[dict]) -> list[str]:
    ordered = sorted(articles, key=lambda a: (a["date"], a["lang"], a["slug"]), reverse=True)
    return [a["id"] for a in ordered[:50]]


# ---------------------------------------------------------------- the built feeds


def parse(out: Path, rel: str):
    result = feedparser.parse((out / rel).read_bytes())
    assert not result.bozo, (rel, result.get("bozo_exception"))
    return result


def listing_folders(out: Path) -> set[str]:
    """Folders of the first page of every hashtag, region and author listing in the output."""
    folders = set()
    for taxonomy in TAXONOMIES:
        for index in out.glob(f"*/{taxonomy}/*/index.html"):
            folders.add(index.parent.relative_to(out).as_posix() + "/")
    return folders


def listed_links(out: Path, url: str) -> list[str]:
    """The article links a reader sees on a listing, through every page of it."""
    found = []
    while url is not None:
        doc = page(out, url)
        found += [a.attributes["href"] for a in doc.css("article.card h2 a")]
        following = doc.css_first('a[rel="next"]')
        url = following.attributes["href"][len(SITEURL) + 1:] if following else None
    return found


@pytest.fixture(scope="module")
def articles():
    return published_articles()


def test_the_feed_matrix_is_complete(sample_site, articles):
    langs = sorted({a["lang"] for a in articles})
    folders = listing_folders(sample_site)
    expected = {"", *(f"{lang}/" for lang in langs), *folders}
    written = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("feed.*")}
    assert written == {f"{folder}feed.{fmt}" for folder in expected for fmt in ("atom", "rss")}
    # Every term the sources use has its feeds, in its article's language.
    for article in articles:
        lang = article["lang"]
        for key in article["hashtags"]:
            assert f"{lang}/hashtags/{key}/" in folders, key
        for key in article["regions"]:
            assert f"{lang}/regions/{key}/" in folders, key
        for key in article["authors"]:
            assert f"{lang}/authors/{key}/" in folders, key
    assert {f.split("/")[1] for f in folders} == set(TAXONOMIES)


def test_every_feed_parses_and_every_atom_feed_is_valid_rfc_4287(sample_site):
    feeds = sorted(sample_site.rglob("feed.*"))
    assert len(feeds) > 10
    for path in feeds:
        parse(sample_site, path.relative_to(sample_site).as_posix())
    assert atom_errors(p for p in feeds if p.suffix == ".atom") == []


def test_homes_and_the_root_hold_exactly_the_published_articles(sample_site, articles):
    for fmt in ("atom", "rss"):
        every = parse(sample_site, f"feed.{fmt}")
        assert [e.id for e in every.entries] == newest_first(articles)
        for lang in {a["lang"] for a in articles}:
            mine = [a for a in articles if a["lang"] == lang]
            result = parse(sample_site, f"{lang}/feed.{fmt}")
            assert [e.id for e in result.entries] == newest_first(mine)
            assert [e.link for e in result.entries] == [
                a["url"] for a in sorted(mine, key=lambda a: (a["date"], a["slug"]),
                                         reverse=True)]
    root = etree.parse(str(sample_site / "feed.atom")).getroot()
    newest = max(a["updated"] for a in articles)
    assert datetime.fromisoformat(root.findtext("a:updated", namespaces=NS)) == newest


def test_region_and_author_feeds_hold_exactly_their_articles(sample_site, articles):
    for folder in sorted(listing_folders(sample_site)):
        lang, taxonomy, key, _ = folder.split("/")
        if taxonomy == "hashtags":
            continue
        expected = newest_first([a for a in articles
                                 if a["lang"] == lang and key in a[taxonomy]])
        for fmt in ("atom", "rss"):
            assert [e.id for e in parse(sample_site, f"{folder}feed.{fmt}").entries] == expected


def test_hashtag_feeds_hold_what_their_pages_list(sample_site, articles):
    for folder in sorted(f for f in listing_folders(sample_site) if "/hashtags/" in f):
        lang, _, key, _ = folder.split("/")
        shown = listed_links(sample_site, folder)
        result = parse(sample_site, f"{folder}feed.atom")
        assert [e.link for e in result.entries] == shown[:50], folder
        assert [e.link for e in parse(sample_site, f"{folder}feed.rss").entries] == shown[:50]
        # Hashtags in the header always count (running-text ones come on top).
        from_headers = {a["url"] for a in articles if a["lang"] == lang and key in a["hashtags"]}
        assert from_headers <= set(shown), folder
        for entry in result.entries:
            assert key in {t.term for t in entry.tags}


def test_feed_titles_are_in_the_listing_language(sample_site):
    for lang, word in (("fr", "Tombouctou"), ("en", "Timbuktu")):
        result = parse(sample_site, f"{lang}/regions/tombouctou/feed.atom")
        assert result.feed.title == f"Voix du Mali · {word}"
        assert result.feed.language == lang
        channel = etree.parse(str(sample_site / f"{lang}/regions/tombouctou/feed.rss")).getroot()
        assert channel.findtext("channel/language") == lang


def test_entries_carry_language_geo_point_and_absolute_content(sample_site):
    coordinates = {}
    for path in (CONTENT / "regions").glob("*.fr.md"):
        fields = header(path)
        if "latitude" in fields:
            coordinates[split_name(path)[0]] = (float(fields["latitude"]),
                                                float(fields["longitude"]))
    points = 0
    for path in sorted(sample_site.rglob("feed.atom")):
        for entry in etree.parse(str(path)).getroot().findall("a:entry", NS):
            lang = entry.get(XML_LANG)
            link = entry.find("a:link[@rel='alternate']", NS).get("href")
            assert link.startswith(f"{SITEURL}/{lang}/")
            content = etree.fromstring(f"<div>{entry.findtext('a:content', namespaces=NS)}</div>",
                                       etree.HTMLParser())
            urls = content.xpath("//@href | //@src")
            assert urls and all(u.startswith(("https://", "http://", "mailto:")) for u in urls)
            regions = [c.get("term") for c in entry.findall("a:category", NS)
                       if c.get("scheme", "").endswith("/regions/")]
            point = entry.findtext("georss:point", namespaces=NS)
            with_coordinates = [r for r in regions if r in coordinates]
            if with_coordinates:
                lat, lon = coordinates[with_coordinates[0]]
                assert tuple(map(float, point.split())) == pytest.approx((lat, lon))
                points += 1
            else:
                assert point is None
    assert points > 0


def test_article_pages_advertise_their_hashtags_then_their_home(sample_site):
    root = etree.parse(str(sample_site / "fr/feed.atom")).getroot()
    checked = 0
    for entry in root.findall("a:entry", NS):
        url = entry.find("a:link[@rel='alternate']", NS).get("href")
        hashtags = [c.get("term") for c in entry.findall("a:category", NS)
                    if c.get("scheme", "").endswith("/hashtags/")]
        expected = [f"{SITEURL}/fr/hashtags/{key}/feed.{fmt}" for key in hashtags
                    for fmt in ("atom", "rss")]
        expected += [f"{SITEURL}/fr/feed.atom", f"{SITEURL}/fr/feed.rss"]
        doc = page(sample_site, url[len(SITEURL):])
        advertised = [n.attributes["href"]
                      for n in doc.css('head link[rel="alternate"][type]')]
        assert advertised == expected, url
        checked += bool(hashtags)
    assert checked > 0


def test_every_listing_page_links_its_own_feeds(sample_site):
    for folder in sorted(listing_folders(sample_site)) + ["fr/", "en/"]:
        box = page(sample_site, folder).css_first("main p.feeds")
        assert [a.attributes["href"] for a in box.css("a")] == [
            f"{SITEURL}/{folder}feed.atom", f"{SITEURL}/{folder}feed.rss"], folder
        head = [n.attributes["href"] for n in
                page(sample_site, folder).css('head link[rel="alternate"][type]')]
        assert head == [f"{SITEURL}/{folder}feed.atom", f"{SITEURL}/{folder}feed.rss"], folder


def test_covers_are_enclosures_of_files_the_site_publishes(sample_site):
    covered = set()
    for path in sorted((CONTENT / "articles").rglob("*.md")):
        if "cover" in header(path):
            slug, lang = split_name(path)
            covered.add((lang, slug))
    types = {".jpg": "image/jpeg", ".png": "image/png"}
    seen = set()
    for lang in ("fr", "en"):
        root = etree.parse(str(sample_site / f"{lang}/feed.atom")).getroot()
        for entry in root.findall("a:entry", NS):
            slug = entry.find("a:link[@rel='alternate']", NS).get("href").rstrip("/").rsplit(
                "/", 1)[-1]
            enclosures = entry.findall("a:link[@rel='enclosure']", NS)
            assert len(enclosures) == ((lang, slug) in covered), (lang, slug)
            for link in enclosures:
                href = link.get("href")
                assert href.startswith(f"{SITEURL}/")
                published = sample_site / href[len(SITEURL) + 1:]
                assert published.is_file(), href
                assert int(link.get("length")) == published.stat().st_size
                assert link.get("type") == types[published.suffix]
                seen.add((lang, slug))
    assert seen and seen <= covered
