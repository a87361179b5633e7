"""Feeds of small real sites: the right entries, stable ids and bytes, escaping, absolute URLs,
enclosures, forbidden characters, autodiscovery. Every feed is parsed back, never grepped."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from griot.core.build import Stage
from griot.core.errors import BuildError, SettingsError
from griot.engine import runner
from griot.preview.cli import make_pelican
from griot.typography import fix_text
from tests.conftest import PUBLISH, SITEURL, article, copy_theme
from tests.htmlparse import page
from tests.schemas import atom_errors

NS = {"a": "http://www.w3.org/2005/Atom"}
RSS_NS = {"content": "http://purl.org/rss/1.0/modules/content/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FILES = {
    "content/articles/2019/greve.fr.md": article("Grève", "2019-11-28"),
    "content/articles/2019/greve.en.md": article("Strike", "2019-11-28"),
    "content/articles/2025/seul.fr.md": article("Seulement en français", "2025-01-05"),
    "content/articles/2025/ecole.fr.md": article("École", "2025-02-01", Translation_Key="school"),
    "content/articles/2025/school.en.md": article("School", "2025-02-01",
                                                  Translation_Key="school"),
    "content/articles/2025/cache.fr.md": article("Caché", "2025-03-01", Status="hidden"),
    "content/articles/2025/brouillon.fr.md": article("Brouillon", "2025-03-02", Status="draft"),
    "content/articles/2099/futur.fr.md": article("Futur", "2099-01-01"),
    "content/pages/a-propos.fr.md": "Title: À propos\n\nNous.\n",
}


def feed(out: Path, rel: str):
    result = feedparser.parse((out / rel).read_bytes())
    assert not result.bozo, (rel, result.get("bozo_exception"))
    return result


def feed_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("feed.*"))


def links(out: Path, rel: str) -> list[str]:
    return [e.link for e in feed(out, rel).entries]


def ids(out: Path) -> dict[str, list[str]]:
    return {p.relative_to(out).as_posix(): [e.id for e in feed(out, p.relative_to(out)).entries]
            for p in feed_files(out)}


def test_each_feed_holds_exactly_its_listing_newest_first(make_site, build_site):
    out = build_site(make_site(FILES))
    fr = [f"{SITEURL}/fr/2025/ecole/", f"{SITEURL}/fr/2025/seul/", f"{SITEURL}/fr/2019/greve/"]
    en = [f"{SITEURL}/en/2025/school/", f"{SITEURL}/en/2019/greve/"]
    for fmt in ("atom", "rss"):
        assert links(out, f"fr/feed.{fmt}") == fr  # no hidden, draft, future article, no page
        assert links(out, f"en/feed.{fmt}") == en
        every = links(out, f"feed.{fmt}")
        assert sorted(every) == sorted(fr + en)
        dates = [e.published_parsed for e in feed(out, f"feed.{fmt}").entries]
        assert dates == sorted(dates, reverse=True)
    assert {p.relative_to(out).as_posix() for p in feed_files(out)} >= {
        "feed.atom", "feed.rss", "fr/feed.atom", "fr/feed.rss", "en/feed.atom", "en/feed.rss"}
    assert atom_errors(out.rglob("feed.atom")) == []


def test_entries_per_feed_setting_keeps_the_newest(make_site, build_site):
    out = build_site(make_site(FILES), GRIOT_FEED_ENTRIES=2)
    assert links(out, "fr/feed.atom") == [f"{SITEURL}/fr/2025/ecole/", f"{SITEURL}/fr/2025/seul/"]
    # Same date: ties go by language then slug, reversed, so every build agrees.
    assert links(out, "feed.rss") == [f"{SITEURL}/fr/2025/ecole/", f"{SITEURL}/en/2025/school/"]


def test_feed_language_and_translations(make_site, build_site):
    out = build_site(make_site(FILES))
    root = etree.parse(str(out / "en/feed.atom")).getroot()
    assert root.get(XML_LANG) == "en"
    entry = root.find("a:entry", NS)
    assert entry.get(XML_LANG) == "en"
    alternates = {link.get("hreflang"): link.get("href")
                  for link in entry.findall("a:link[@rel='alternate']", NS)}
    assert alternates == {"en": f"{SITEURL}/en/2025/school/", "fr": f"{SITEURL}/fr/2025/ecole/"}
    assert feed(out, "en/feed.rss").feed.language == "en"
    everything = etree.parse(str(out / "feed.atom")).getroot()
    langs = {e.findtext("a:link[@rel='alternate']", namespaces=NS) or
             e.find("a:link", NS).get("href"): e.get(XML_LANG)
             for e in everything.findall("a:entry", NS)}
    assert all(url.startswith(f"{SITEURL}/{lang}/") for url, lang in langs.items())


def test_titles_with_markup_characters_are_escaped(make_site, build_site):
    typed = 'Femmes & "droits" <script>alert(1)</script> l\'égalité'
    out = build_site(make_site({
        "content/articles/x.fr.md": article(typed, Summary='Un <b>résumé</b> & "cité"',
                                            Content_Warning="<i>violences</i> & cris"),
    }))
    title = fix_text(typed, "fr")  # typographic quotes, French spaces: still plain text
    assert title == "Femmes & «\u00a0droits\u00a0» <script>alert(1)</script> l’égalité"
    for fmt in ("atom", "rss"):
        assert feed(out, f"fr/feed.{fmt}").entries[0].title == title
    atom_entry = etree.parse(str(out / "fr/feed.atom")).getroot().find("a:entry", NS)
    assert atom_entry.findtext("a:title", namespaces=NS) == title
    # The content note, in the entry's language, then the summary: both plain text.
    assert atom_entry.findtext("a:summary", namespaces=NS) == (
        'Avertissement\u00a0: <i>violences</i> & cris\nUn <b>résumé</b> & «\u00a0cité\u00a0»')
    rss_item = etree.parse(str(out / "fr/feed.rss")).getroot().find("channel/item")
    assert rss_item.findtext("title") == title
    content = etree.fromstring(atom_entry.findtext("a:content", namespaces=NS),
                               etree.HTMLParser())
    assert not content.xpath("//script | //i")  # the header's text stayed text in the HTML
    assert atom_errors([out / "fr/feed.atom"]) == []


def test_ids_survive_a_new_title_slug_and_site_name(make_site, build_site, tmp_path):
    site = make_site({
        "content/articles/greve-generale.fr.md": article("Grève", "2019-11-28",
                                                         Translation_Key="greve"),
        "content/articles/strike.en.md": article("Strike", "2019-11-28", Translation_Key="greve"),
    })
    first = build_site(site, tmp_path / "one")
    (site / "content/articles/greve-generale.fr.md").unlink()
    (site / "content/articles/la-greve.fr.md").write_text(
        article("La grève générale de 2019", "2019-11-28", Translation_Key="greve"),
        encoding="utf-8")
    (site / "content/articles/strike.en.md").write_text(
        article("The general strike", "2019-11-28", Translation_Key="greve"), encoding="utf-8")
    second = build_site(site, tmp_path / "two", SITENAME="Voix du Sahel")
    assert ids(first) == ids(second)
    assert ids(first)["fr/feed.atom"] == ["tag:example.org,2019-11-28:fr/greve"]
    assert ids(first)["en/feed.rss"] == ["tag:example.org,2019-11-28:en/greve"]
    assert feed(second, "fr/feed.atom").entries[0].title == "La grève générale de 2019"
    assert feed(second, "fr/feed.atom").entries[0].link == f"{SITEURL}/fr/2019/la-greve/"
    assert feed(second, "feed.atom").feed.title == "Voix du Sahel"


def test_two_builds_of_the_same_content_write_identical_feeds(make_site, build_site, tmp_path):
    site = make_site(FILES)
    one, two = build_site(site, tmp_path / "one"), build_site(site, tmp_path / "two")
    files = [p.relative_to(one) for p in feed_files(one)]
    assert len(files) >= 6
    assert files == [p.relative_to(two) for p in feed_files(two)]
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_content_links_and_images_are_absolute(make_site, build_site):
    body = (
        "Voir [la page](/fr/a-propos/) et [la suite](../seul/), ou [ailleurs](https://ex.org/).\n\n"
        "![Une photo](/images/a.jpg)\n"
    )
    out = build_site(make_site({**FILES, "content/articles/x.fr.md": article("X", body=body),
                                "content/images/a.jpg": jpeg()}))
    atom_root = etree.parse(str(out / "fr/feed.atom")).getroot()
    rss_root = etree.parse(str(out / "fr/feed.rss")).getroot()
    # Read with lxml: feedparser's sanitizer would drop <picture> and <source>.
    contents = [
        next(e.findtext("a:content", namespaces=NS) for e in atom_root.findall("a:entry", NS)
             if e.findtext("a:title", namespaces=NS) == "X"),
        next(i.findtext("content:encoded", namespaces=RSS_NS) for i in rss_root.iter("item")
             if i.findtext("title") == "X"),
    ]
    for content in contents:
        tree = etree.fromstring(f"<div>{content}</div>", etree.HTMLParser())
        hrefs = tree.xpath("//a/@href")
        assert hrefs == [f"{SITEURL}/fr/a-propos/", f"{SITEURL}/fr/2025/seul/", "https://ex.org/"]
        sources = tree.xpath("//img/@src")
        assert len(sources) == 1 and sources[0].startswith(f"{SITEURL}/images/")
        # Whatever markup the images plugin gives (<picture>, srcset...), no URL is relative.
        candidates = [c.split()[0] for value in tree.xpath("//@srcset") for c in value.split(",")]
        assert all(url.startswith(f"{SITEURL}/") for url in candidates + sources)


def test_summary_only_setting(make_site, build_site):
    out = build_site(make_site(FILES), GRIOT_FEED_CONTENT="summary")
    for fmt in ("atom", "rss"):
        assert all("content" not in e for e in feed(out, f"fr/feed.{fmt}").entries)
    assert atom_errors([out / "fr/feed.atom"]) == []


def test_a_bad_feed_setting_stops_the_build(make_site, build_site):
    with pytest.raises(SettingsError, match="GRIOT_FEED_CONTENT .*'excerpt'"):
        build_site(make_site(FILES), GRIOT_FEED_CONTENT="excerpt")


def fake_enclosure(path: str):
    """Stands in for the images plugin: knows one cover."""
    if path == "images/radio.jpg":
        return f"{SITEURL}/images/radio-1024.jpg", "image/jpeg", 123456
    return None


class LateEnclosureStage(Stage):
    """A stage listed after every other that offers enclosures only when it describes: the
    feeds, built earlier, must pick it up before writing."""

    def describe(self):
        self.build.enclosure = fake_enclosure


def test_cover_enclosure_from_the_build_even_from_a_later_stage(make_site, tmp_path,
                                                               monkeypatch):
    site = make_site({
        "content/articles/radio.fr.md": article("Radio", Cover="images/radio.jpg",
                                                Cover_Alt="Un studio de radio"),
        "content/articles/autre.fr.md": article("Autre", "2025-11-24",
                                                Cover="images/autre.jpg", Cover_Alt="x"),
        "content/images/radio.jpg": jpeg(),
        "content/images/autre.jpg": jpeg(),
    })
    out = tmp_path / "late"
    pelican, _ = make_pelican(PUBLISH, {"PATH": str(site / "content"), "OUTPUT_PATH": str(out),
                                        "SITEURL": SITEURL})
    # Last in the list, so the fake wins over the provider the images stage sets up.
    monkeypatch.setattr(runner, "STAGES", (*runner.STAGES, LateEnclosureStage))
    pelican.run()
    for fmt in ("atom", "rss"):
        radio, other = feed(out, f"fr/feed.{fmt}").entries
        [enclosure] = radio.enclosures
        assert (enclosure.href, enclosure.type, enclosure.length) == (
            f"{SITEURL}/images/radio-1024.jpg", "image/jpeg", "123456")
        assert other.enclosures == []
    link = etree.parse(str(out / "fr/feed.atom")).getroot().find(
        "a:entry/a:link[@rel='enclosure']", NS)
    assert (link.get("type"), link.get("length")) == ("image/jpeg", "123456")
    assert atom_errors([out / "fr/feed.atom"]) == []


def test_forbidden_characters_are_dropped_with_a_warning_naming_the_file(make_site, build_site,
                                                                        caplog):
    files = {**FILES, "content/articles/sale.fr.md": article(
        "Titre\x1b sale", "2025-06-01", body="Un corps\x1b avec\x08 des\x1f contrôles.",
        Summary="Résumé\x07 sonore")}
    site = make_site(files)
    with caplog.at_level(logging.WARNING, logger="griot.core.problems"):
        out = build_site(site, GRIOT_STRICT=False)
    # Every warning is printed once, when the files are read and checked (griot.core.problems).
    messages = [r.getMessage() for r in caplog.records
                if r.name == "griot.core.problems" and "XML forbids" in r.getMessage()]
    assert any("content/articles/sale.fr.md: the title" in m and "U+001B" in m
               for m in messages), messages
    assert any("sale.fr.md: the text" in m and "U+0008" in m for m in messages), messages
    assert len(messages) == len(set(messages)) == 3  # once per field, not once per feed
    for rel in ("fr/feed.atom", "fr/feed.rss", "feed.atom", "feed.rss"):
        entry = next(e for e in feed(out, rel).entries if "sale" in e.link)
        assert entry.title == "Titre sale"
        assert "Un corps avec des contrôles." in entry.content[0].value
    assert atom_errors(out.rglob("feed.atom")) == []

    with pytest.raises(BuildError) as err:
        build_site(site, site / "strict")  # publishconf.py: GRIOT_STRICT = True
    assert any("sale.fr.md: the title" in p and "GRIOT_STRICT" in p for p in err.value.problems)


def test_pages_advertise_their_feeds(make_site, build_site):
    out = build_site(make_site(FILES))

    def advertised(url):
        return [(n.attributes["type"], n.attributes["href"])
                for n in page(out, url).css('head link[rel="alternate"][type]')]

    home_fr = [("application/atom+xml", f"{SITEURL}/fr/feed.atom"),
               ("application/rss+xml", f"{SITEURL}/fr/feed.rss")]
    assert advertised("fr/") == home_fr
    assert advertised("fr/2025/ecole/")[-2:] == home_fr  # after its hashtags' feeds, if any
    assert advertised("fr/a-propos/") == home_fr
    assert advertised("en/") == [("application/atom+xml", f"{SITEURL}/en/feed.atom"),
                                 ("application/rss+xml", f"{SITEURL}/en/feed.rss")]
    assert advertised("") == [("application/atom+xml", f"{SITEURL}/feed.atom"),
                              ("application/rss+xml", f"{SITEURL}/feed.rss")]
    for path in (out / "fr/feed.atom", out / "en/feed.rss"):
        assert path.is_file()



def test_listing_pages_show_a_visible_feed_link_in_their_language(make_site, build_site):
    out = build_site(make_site(FILES), GRIOT_PER_PAGE=2)
    for url, lang, label in (("fr/", "fr", "S’abonner à cette page\u00a0:"),
                             ("fr/page/2/", "fr", "S’abonner à cette page\u00a0:"),
                             ("en/", "en", "Subscribe to this page:")):
        box = page(out, url).css_first("main p.feeds")
        assert box.text().startswith(label)
        found = [(a.attributes["href"], a.attributes["type"], a.text()) for a in box.css("a")]
        assert found == [(f"{SITEURL}/{lang}/feed.atom", "application/atom+xml", "Atom"),
                         (f"{SITEURL}/{lang}/feed.rss", "application/rss+xml", "RSS")]
    assert page(out, "fr/2025/ecole/").css("main p.feeds") == []  # articles: <head> only


def test_the_theme_icon_is_the_feed_icon(make_site, build_site, tmp_path):
    site = make_site(FILES)
    plain = build_site(site, tmp_path / "plain")
    # The theme's favicon, until the theme has an icon of its own.
    icon = etree.parse(str(plain / "fr/feed.atom")).getroot().findtext("a:icon", namespaces=NS)
    assert icon == f"{SITEURL}/theme/favicon.svg"
    theme = copy_theme(tmp_path / "theme")
    (theme / "static" / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    out = build_site(site, tmp_path / "with-icon", THEME=str(theme))
    for rel in ("fr/feed.atom", "feed.atom", "en/feed.atom"):
        icon = etree.parse(str(out / rel)).getroot().findtext("a:icon", namespaces=NS)
        assert icon == f"{SITEURL}/theme/icon.svg"
    assert (out / "theme/icon.svg").is_file()  # the URL the feeds give exists
    assert atom_errors([out / "fr/feed.atom"]) == []
