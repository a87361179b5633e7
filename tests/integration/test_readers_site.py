"""What readers get from a real build: help and about pages by role, the search page and its
index, share links, canonical and structured data, typography, and the bad input around them."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from griot.content import generator as content_generator
from griot.core.errors import BuildError
from griot.preview.cli import make_pelican
from griot.preview.incremental import LiveSite
from tests.conftest import PREVIEW, SITEURL, article
from tests.htmlparse import page

HELP_FR = "Title: Trouver de l'aide\nRole: help\nTranslation_Key: help\n\nAppelez le 80 00 11 11.\n"
HELP_EN = "Title: Get help\nRole: help\nTranslation_Key: help\n\nCall.\n"
ABOUT_FR = "Title: À propos\nRole: about\n\nNous.\n"
EVIL = 'Femmes & "droits" #1 </script><!-- --> ?'


def site_files(**extra):
    return {
        "content/articles/x.fr.md": article(EVIL, Hashtags="#MaliSansVBG",
                                            body="Pourquoi ? Parce que : « oui ».\n\n"
                                                 "`a ? b : c` et [lien](https://example.org/?a=1&b=2)."),
        "content/articles/y.en.md": article("Don't stop", body="It's \"fine\"."),
        "content/pages/aide.fr.md": HELP_FR,
        "content/pages/help.en.md": HELP_EN,
        "content/pages/a-propos.fr.md": ABOUT_FR,
        **extra,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import build, write_tree

    root = write_tree(tmp_path_factory.mktemp("readers"), site_files())
    return build(root)


def test_help_beside_the_quick_exit_about_in_every_footer_and_help_on_the_404(built):
    for url, help_url in (("fr/", "/fr/aide/"), ("fr/2025/x/", "/fr/aide/"),
                          ("en/", "/en/help/"), ("fr/search/", "/fr/aide/")):
        doc = page(built, url)
        bar = doc.css_first("div.exit-bar")
        assert bar.css_first("a.quick-exit") is not None
        assert bar.css_first("a.help-link").attributes["href"] == SITEURL + help_url
    assert [a.attributes["href"] for a in page(built, "fr/").css("footer .footer-links a")] == [
        f"{SITEURL}/fr/a-propos/", f"{SITEURL}/fr/aide/"]
    notfound = page(built, "404.html")
    sections = notfound.css("main section[lang]")
    assert [s.attributes["lang"] for s in sections] == ["fr", "en"]
    for section, lang, help_url in zip(sections, ("fr", "en"), ("/fr/aide/", "/en/help/"),
                                       strict=True):
        assert section.css_first("form").attributes["action"] == f"{SITEURL}/{lang}/search/"
        assert f"{SITEURL}{help_url}" in [a.attributes["href"] for a in section.css("a")]


def test_search_pages_list_the_indexes_and_pagefind_indexes_each_language(built):
    doc = page(built, "fr/search/")
    assert doc.css_first("html").attributes["lang"] == "fr"
    assert [a.attributes["href"] for a in doc.css("ul.browse a")] == [
        f"{SITEURL}/fr/hashtags/", f"{SITEURL}/fr/regions/", f"{SITEURL}/fr/authors/"]
    assert doc.css_first("[data-pagefind-body]") is None  # the search page is not indexed
    assert doc.css_first("script[src$='search.js']") is not None
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "fr"]
    assert entry["languages"]["fr"]["page_count"] == 3  # the article and two pages
    assert entry["languages"]["en"]["page_count"] == 2


def test_share_links_stay_one_url_with_the_canonical_address(built):
    doc = page(built, "fr/2025/x/")
    canonical = doc.css_first('link[rel="canonical"]').attributes["href"]
    assert canonical == f"{SITEURL}/fr/2025/x/"
    links = doc.css(".share a")
    assert [a.attributes["class"] for a in links] == [
        "share-whatsapp", "share-facebook", "share-x", "share-telegram", "share-email"]
    title = doc.css_first("h1").text()
    for a in links:
        parts = urlsplit(a.attributes["href"])
        assert parts.fragment == "", a.attributes["href"]  # the title's "#" stayed encoded
        query = parse_qs(parts.query)
        assert any(canonical in v for vs in query.values() for v in vs)
        if parts.netloc == "x.com":
            assert query["hashtags"] == ["MaliSansVBG"] and query["text"] == [title]


def test_json_ld_and_metadata_survive_a_hostile_title(built):
    doc = page(built, "fr/2025/x/")
    scripts = doc.css('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text())
    assert data["@type"] == "BlogPosting" and data["inLanguage"] == "fr"
    assert "</script>" in data["headline"] and "<!--" in data["headline"]
    assert data["keywords"] == ["MaliSansVBG"] and data["author"][0]["name"] == "mariam"
    assert data["datePublished"].startswith("2025-11-25")
    assert doc.css_first("h1").text() == data["headline"]  # nothing leaked into the page
    meta = {m.attributes.get("property") or m.attributes.get("name"): m.attributes["content"]
            for m in doc.css("meta[content]")}
    assert meta["article:published_time"].startswith("2025-11-25T")
    assert meta["theme-color"].startswith("#")
    icon = doc.css_first('link[rel="icon"]').attributes
    assert icon["type"] == "image/svg+xml"
    assert (built / "theme/favicon.svg").stat().st_size < 600


def test_republish_block_links_the_licence_and_gives_the_attribution(built):
    doc = page(built, "fr/2025/x/")
    block = doc.css_first("details.republish")
    license_link = block.css_first('a[rel="license"]')
    assert license_link.attributes["href"] == "https://creativecommons.org/licenses/by/4.0/"
    attribution = block.css_first(".attribution").text()
    assert "mariam" in attribution and SITEURL + "/fr/2025/x/" in attribution
    html = block.css_first("textarea").text()
    assert html.startswith("<h1>") and "Parce que" in html


def test_typography_in_titles_bodies_and_ui_never_in_code_or_urls(built):
    doc = page(built, "fr/2025/x/")
    body = doc.css_first(".entry .body")
    text = body.text()
    assert "Pourquoi\u202f? Parce que\u00a0: «\u00a0oui\u00a0»." in text
    assert body.css_first("code").text() == "a ? b : c"
    assert body.css_first("a").attributes["href"] == "https://example.org/?a=1&b=2"
    assert doc.css_first("h1").text().startswith("Femmes & «\u00a0droits\u00a0»")
    assert doc.css_first(".share h2").text() == "Partager cet article"
    en = page(built, "en/2025/y/")
    assert en.css_first("h1").text() == "Don’t stop"
    assert en.css_first(".entry .body").text().strip() == "It’s “fine”."


class _Warnings:
    """Stands in for a module's logger: Pelican's logging drops a warning already logged once
    in the process (its LimitFilter), and other tests build sites without a help page."""

    def __init__(self):
        self.messages: list[str] = []

    def warning(self, message, *args):
        self.messages.append(message % args)


def test_a_site_without_help_builds_with_a_warning(make_site, build_site, monkeypatch):
    warnings = _Warnings()
    monkeypatch.setattr(content_generator, "logger", warnings)
    files = site_files()
    del files["content/pages/aide.fr.md"], files["content/pages/help.en.md"]
    out = build_site(make_site(files))  # production settings: strict, and yet it builds
    assert any("no 'Role: help' page in fr, en" in m for m in warnings.messages), warnings.messages
    doc = page(out, "fr/")
    assert doc.css_first("a.quick-exit") is not None and doc.css_first("a.help-link") is None


def test_two_help_pages_in_one_language_stop_the_build_naming_both(make_site, build_site):
    files = site_files(**{"content/pages/urgence.fr.md": "Title: Urgence\nRole: aide\n\nX.\n"})
    with pytest.raises(BuildError) as error:
        build_site(make_site(files))
    message = str(error.value)
    assert "pages/urgence.fr.md:2" in message and "pages/aide.fr.md" in message
    assert "Role: help" in message


def test_an_unknown_role_names_the_line(make_site, build_site):
    files = site_files(**{"content/pages/aide.fr.md": "Title: Aide\nRole: helpp\n\nX.\n"})
    with pytest.raises(BuildError) as error:
        build_site(make_site(files))
    assert "pages/aide.fr.md:2" in str(error.value) and "did you mean 'help'" in str(error.value)


def test_drafts_stay_out_of_the_search_index_and_the_live_preview_builds_none(make_site,
                                                                              build_site):

    files = site_files(**{"content/articles/secret.fr.md": article(
        "Brouillon", Status="draft", body="Motsecretintrouvable.")})
    site = make_site(files)
    preview = build_site(site, site / "preview", settings_file=PREVIEW)
    assert (preview / "fr/2025/secret/index.html").is_file()
    assert page(preview, "fr/2025/secret/").css_first("[data-pagefind-body]") is None
    entry = json.loads((preview / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 3  # not the draft
    pelican, _ = make_pelican(PREVIEW, {"PATH": str(site / "content"),
                                        "OUTPUT_PATH": str(site / "live"),
                                        "CACHE_PATH": str(site / "live-cache")})
    LiveSite(pelican).build()
    assert not (site / "live/pagefind").exists()
    assert page(site / "live", "fr/search/").css_first("p.meta") is not None  # says why
