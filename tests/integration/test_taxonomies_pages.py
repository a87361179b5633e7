"""Hashtag, campaign, region and author pages in every language, from one real Pelican run."""

from __future__ import annotations

import pytest

from griot.core.errors import BuildError
from griot.taxonomies.generator import TaxonomiesStage
from tests.conftest import PREVIEW, SITEURL, article
from tests.htmlparse import hreflangs, page, site_path

CAMPAIGN_FR = """\
Hashtag: MaliSansVBG
Title: Mali sans violences
Start: 2024-11-25
End: 2025-12-10
Partners: Radio de Ségou, Club des juristes

Rejoignez **#MaliSansVBG**.
"""
FILES = {
    "content/campaigns/malisansvbg.fr.md": CAMPAIGN_FR,
    "content/campaigns/malisansvbg.en.md": (
        "Hashtag: MaliSansVBG\nTitle: Mali without violence\nStart: 2024-11-25\n\nJoin us.\n"),
    "content/campaigns/egalite.fr.md": "Hashtag: Égalité\nTitle: Égalité\n\nTexte en français.\n",
    "content/regions/tombouctou.fr.md": (
        "Title: Tombouctou\nLatitude: 16.7735\nLongitude: -3.0074\n\nVille des manuscrits.\n"),
    "content/regions/tombouctou.en.md": (
        "Title: Timbuktu\nLatitude: 16.7735\nLongitude: -3.0074\n\nCity of manuscripts.\n"),
    "content/regions/kidal.fr.md": "Title: Kidal\n\nAucun article encore.\n",
    "content/authors/mariam.fr.md": "Title: Mariam D.\nRegion: Tombouctou\n\nBlogueuse.\n",
    "content/authors/mariam.en.md": "Title: Mariam D.\nRegion: tombouctou\n\nBlogger.\n",
    "content/authors/ibou.fr.md": "Title: Ibou\n\nBlogueur.\n",
    "content/articles/a.fr.md": article("Premier", "2025-01-10", Hashtags="#MaliSansVBG #Radio",
                                        Region="Tombouctou"),
    "content/articles/a.en.md": article("First", "2025-01-10", Hashtags="malisansvbg",
                                        Region="Timbuktu"),
    "content/articles/b.fr.md": article("Deuxième", "2025-02-10", author="Ibou",
                                        Hashtags="#malisansvbg #egalite"),
    "content/articles/c.fr.md": article("Troisième", "2025-03-10", author="mariam, ibou",
                                        Hashtags="#Radio", Region="tombouctou"),
    "content/articles/d.en.md": article("Only English", "2025-04-10", Hashtags="#Egalite"),
    "content/pages/aide.fr.md": "Title: Aide\n\nSuivez #SeulementIci.\n",
}


def hrefs(doc, selector: str) -> list[str]:
    return [site_path(a.attributes["href"], SITEURL) for a in doc.css(selector)]


def card_links(out, url: str) -> list[str]:
    """Article links of a listing, following its pages."""
    links = []
    while url:
        doc = page(out, url)
        links += hrefs(doc, "article.card h2 a")
        nxt = doc.css_first('a[rel="next"]')
        url = site_path(nxt.attributes["href"], SITEURL).lstrip("/") if nxt else None
    return links


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.conftest import build, write_tree

    root = write_tree(tmp_path_factory.mktemp("taxonomies"), FILES)
    return build(root)


def test_campaign_page_title_dates_partners_description_then_articles(site):
    doc = page(site, "fr/hashtags/malisansvbg/")
    assert doc.css_first("h1").text() == "Mali sans violences"
    kicker, dates, partners = (p.text() for p in doc.css("header.term p.meta"))
    assert kicker == "Campagne #MaliSansVBG"
    assert dates == "Du 25 novembre 2024 au 10 décembre 2025"
    assert partners == "Partenaires\u00a0: Radio de Ségou, Club des juristes"
    body = doc.css_first("main div.body")
    assert body.css_first("strong a.hashtag").attributes["href"] == (
        f"{SITEURL}/fr/hashtags/malisansvbg/")
    assert "lang" not in body.attributes
    assert card_links(site, "fr/hashtags/malisansvbg/") == ["/fr/2025/b/", "/fr/2025/a/"]
    assert doc.css_first("p.count").text().strip() == "2 articles"
    en = page(site, "en/hashtags/malisansvbg/")
    assert en.css_first("h1").text() == "Mali without violence"
    assert [p.text() for p in en.css("header.term p.meta")] == [
        "Campaign #MaliSansVBG", "Since November 25, 2024"]
    assert card_links(site, "en/hashtags/malisansvbg/") == ["/en/2025/a/"]


def test_a_campaign_file_missing_in_a_language_falls_back_marked_with_its_lang(site):
    en = page(site, "en/hashtags/egalite/")
    assert en.css_first("h1").attributes["lang"] == "fr"
    assert en.css_first("h1").text() == "Égalité"
    body = en.css_first("main div.body")
    assert body.attributes["lang"] == "fr" and body.text().strip() == "Texte en français."
    assert "French" in en.css_first("main > p.meta").text()
    assert card_links(site, "en/hashtags/egalite/") == ["/en/2025/d/"]
    fr = page(site, "fr/hashtags/egalite/")
    assert "lang" not in fr.css_first("h1").attributes


def test_the_same_term_page_links_its_languages_by_hreflang_and_switcher(site):
    fr, en = page(site, "fr/hashtags/malisansvbg/"), page(site, "en/hashtags/malisansvbg/")
    expected = {"fr": f"{SITEURL}/fr/hashtags/malisansvbg/",
                "en": f"{SITEURL}/en/hashtags/malisansvbg/",
                "x-default": f"{SITEURL}/fr/hashtags/malisansvbg/"}
    assert hreflangs(fr) == expected == hreflangs(en)
    assert fr.css_first('nav.langs a[hreflang="en"]').attributes["href"] == expected["en"]
    assert en.css_first('nav.langs a[hreflang="fr"]').attributes["href"] == expected["fr"]
    # #Radio is only used in French: no English page, and the switcher says so.
    assert not (site / "en/hashtags/radio").exists()
    radio = page(site, "fr/hashtags/radio/")
    link = radio.css_first('nav.langs a[hreflang="en"]')
    assert link.attributes["href"] == f"{SITEURL}/en/" and "not translated" in link.text()
    assert set(hreflangs(radio)) == {"fr", "x-default"}


def test_a_hashtag_in_a_static_page_gets_a_page_so_its_link_works(site):
    aide = page(site, "fr/aide/")
    href = aide.css_first("a.hashtag").attributes["href"]
    assert site_path(href, SITEURL) == "/fr/hashtags/seulementici/"
    doc = page(site, "fr/hashtags/seulementici/")
    assert doc.css_first("h1").text() == "#SeulementIci"
    assert doc.css_first("p.count").text().strip() == "0 article"


def test_hashtag_index_counts_with_plurals_campaigns_first(site):
    fr = page(site, "fr/hashtags/")
    items = [(li.css_first("a").text(), li.css_first("span.count").text())
             for li in fr.css("ul.terms li")]
    assert items == [("#MaliSansVBG", "(2 articles)"), ("#Égalité", "(1 article)"),
                     ("#Radio", "(2 articles)"), ("#SeulementIci", "(0 article)")]
    en = page(site, "en/hashtags/")
    assert [li.css_first("a").text() for li in en.css("ul.terms li")] == [
        "#MaliSansVBG", "#Égalité"]  # "#Égalité" is a campaign: in every language
    egalite = en.css("ul.terms li")[1]
    assert egalite.css_first("span[lang]").attributes["lang"] == "fr"


def test_region_pages_are_localized_with_coordinates_even_without_articles(site):
    fr, en = page(site, "fr/regions/tombouctou/"), page(site, "en/regions/tombouctou/")
    assert fr.css_first("h1").text() == "Tombouctou" and en.css_first("h1").text() == "Timbuktu"
    geo = en.css_first('a[href^="geo:"]')
    assert geo.attributes["href"] == "geo:16.7735,-3.0074"
    assert geo.text() == "16.774° N, 3.007° W"
    assert fr.css_first('a[href^="geo:"]').text() == "16,774° N, 3,007° O"
    assert card_links(site, "fr/regions/tombouctou/") == ["/fr/2025/c/", "/fr/2025/a/"]
    assert card_links(site, "en/regions/tombouctou/") == ["/en/2025/a/"]
    assert hrefs(fr, "main p.meta a[href*='/authors/']") == ["/fr/authors/mariam/"]
    kidal = page(site, "en/regions/kidal/")
    assert kidal.css_first("h1").attributes["lang"] == "fr"
    assert kidal.css_first("p.count").text().strip() == "0 articles"
    index = page(site, "en/regions/")
    assert [a.text() for a in index.css("ul.terms a")] == ["Timbuktu"]
    # Regions without an article yet are named apart, under their own heading.
    assert [a.text() for a in index.css("ul.terms-quiet a")] == ["Kidal"]
    assert index.css("main h2")[-1].text() == "No article yet"


def test_author_pages_with_name_region_bio_and_articles(site):
    doc = page(site, "fr/authors/mariam/")
    assert doc.css_first("h1").text() == "Mariam D."
    assert doc.css_first("main div.body").text().strip() == "Blogueuse."
    assert hrefs(doc, "header.term a") == ["/fr/regions/tombouctou/"]
    assert card_links(site, "fr/authors/mariam/") == ["/fr/2025/c/", "/fr/2025/a/"]
    assert card_links(site, "fr/authors/ibou/") == ["/fr/2025/c/", "/fr/2025/b/"]
    ibou_en = page(site, "en/authors/ibou/")
    assert ibou_en.css_first("main div.body").attributes["lang"] == "fr"
    index = page(site, "fr/authors/")
    assert [(li.css_first("a").text(), li.css_first("span.count").text())
            for li in index.css("ul.terms li")] == [("Ibou", "(2 articles)"),
                                                    ("Mariam D.", "(2 articles)")]


def test_articles_link_their_terms_related_articles_and_neighbours(site):
    doc = page(site, "fr/2025/a/")
    meta = doc.css_first("article header p.meta")
    assert hrefs(meta, "a") == ["/fr/authors/mariam/", "/fr/regions/tombouctou/"]
    assert [a.text() for a in meta.css("a")] == ["Mariam D.", "Tombouctou"]
    assert hrefs(doc, "ul.tags a") == ["/fr/hashtags/malisansvbg/", "/fr/hashtags/radio/"]
    # Shared campaign (b) first, then shared region (c); only French articles.
    assert hrefs(doc, "nav.related a") == ["/fr/2025/b/", "/fr/2025/c/"]
    assert hrefs(doc, "nav.neighbours a") == ["/fr/2025/b/"]  # newer only: a is the oldest
    assert hrefs(page(site, "fr/2025/b/"), "nav.neighbours a") == ["/fr/2025/c/", "/fr/2025/a/"]
    en = page(site, "en/2025/a/")
    assert [a.text() for a in en.css("article header p.meta a")] == ["Mariam D.", "Timbuktu"]


def test_homes_link_the_three_indexes_in_their_language(site):
    for lang in ("fr", "en"):
        links = hrefs(page(site, f"{lang}/"), "nav.menu a")
        assert links == [f"/{lang}/hashtags/", f"/{lang}/regions/", f"/{lang}/authors/",
                         f"/{lang}/search/"]
        for link in links:
            assert page(site, link).css_first("h1") is not None
    assert hreflangs(page(site, "en/regions/"))["fr"] == f"{SITEURL}/fr/regions/"


def test_term_pages_paginate_and_every_page_is_a_listing(make_site, build_site, monkeypatch):
    builds = []
    original = TaxonomiesStage.describe

    def keep(self):
        original(self)
        builds.append(self.build)

    monkeypatch.setattr(TaxonomiesStage, "describe", keep)
    files = {f"content/articles/a{i}.fr.md": article(f"A{i}", f"2025-01-0{i}", Hashtags="#Tag")
             for i in range(1, 6)}
    out = build_site(make_site(files), GRIOT_PER_PAGE=2)
    assert card_links(out, "fr/hashtags/tag/") == [f"/fr/2025/a{i}/" for i in (5, 4, 3, 2, 1)]
    second = page(out, "fr/hashtags/tag/page/2/")
    assert "Page 2" in second.css_first("title").text()
    assert hreflangs(second) == {"fr": f"{SITEURL}/fr/hashtags/tag/page/2/",
                                 "x-default": f"{SITEURL}/fr/hashtags/tag/page/2/"}
    [build] = builds
    listings = [x for x in build.listings if x.kind != "home"]
    assert [(x.kind, x.key, x.lang, x.url, x.title) for x in listings] == [
        ("hashtags", "tag", "fr", "fr/hashtags/tag/", "#Tag")]
    assert [e.title for e in listings[0].entries] == ["A5", "A4", "A3", "A2", "A1"]
    term_pages = [p for p in build.pages if p.template == "hashtag.html"]
    assert [p.url for p in term_pages] == ["fr/hashtags/tag/", "fr/hashtags/tag/page/2/",
                                           "fr/hashtags/tag/page/3/"]
    assert all(p.vars["listing"] is listings[0] for p in term_pages)


@pytest.mark.parametrize("slug", ["hashtags", "regions", "authors"])
def test_a_static_page_on_a_taxonomy_index_url_stops_the_build(make_site, build_site, slug):
    site = make_site({"content/articles/a.fr.md": article("A"),
                      f"content/pages/{slug}.fr.md": "Title: Mine\n\nx\n"})
    with pytest.raises(BuildError) as err:
        build_site(site)
    assert f"pages/{slug}.fr.md" in str(err.value)
    assert f"/fr/{slug}/" in str(err.value)
    assert not (site / "output").exists()


def test_an_unknown_region_or_author_stops_the_build_naming_file_line_and_closest(
        make_site, build_site):
    site = make_site({**FILES, "content/articles/z.fr.md": article(
        "Z", author="mariam, Ibu", Region="Tombuctou")})
    with pytest.raises(BuildError) as err:
        build_site(site)
    message = str(err.value)
    assert "content/articles/z.fr.md:3: error: unknown author 'Ibu'" in message
    assert "content/articles/z.fr.md:4: error: unknown region 'Tombuctou'" in message
    assert "did you mean ibou" in message and "did you mean tombouctou" in message


def test_a_broken_campaign_file_stops_the_build(make_site, build_site):
    site = make_site({**FILES, "content/campaigns/antidiscri.fr.md":
                      "Hashtag: AntiDiscrimination\nTitle: T\n\nx\n",
                      "content/campaigns/nohashtag.fr.md": "Title: T\n\nx\n"})
    with pytest.raises(BuildError) as err:
        build_site(site)
    message = str(err.value)
    assert "campaigns/antidiscri.fr.md:1: error: the Hashtag 'AntiDiscrimination'" in message
    assert "campaigns/nohashtag.fr.md:1: error: the header has no 'Hashtag'" in message


def test_a_near_miss_warns_in_preview_and_fails_in_strict_mode(make_site, build_site, caplog):
    site = make_site({**FILES, "content/articles/z.fr.md": article(
        "Z", body="Rejoignez #MaliSansVGB.")})
    with pytest.raises(BuildError) as err:
        build_site(site)  # publishconf sets GRIOT_STRICT
    assert "z.fr.md:5: error: #MaliSansVGB is one or two letters away from the campaign hashtag " \
           "#MaliSansVBG" in str(err.value)
    out = build_site(site, site / "preview", settings_file=PREVIEW)
    assert page(out, "fr/hashtags/malisansvgb/").css_first("h1").text() == "#MaliSansVGB"
    assert any("#MaliSansVGB" in r.getMessage() for r in caplog.records)
