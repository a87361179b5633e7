"""Resolving hashtags, regions and authors; fallback texts; warnings and errors; related
articles and neighbours. Pure code: sites are built from headers, without Pelican."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from griot.content import header as hdr
from griot.content import model
from griot.content.settings import load
from griot.core.errors import SettingsError
from griot.taxonomies import settings as tax_settings
from griot.taxonomies.keys import parse_hashtag_list
from griot.taxonomies.model import TermText, term_view
from griot.taxonomies.resolve import build


def site_settings(languages=("fr", "en")):
    return load({"GRIOT_LANGUAGES": list(languages), "TIMEZONE": "Africa/Bamako",
                 "DEFAULT_LANG": languages[0]})


def header(path: str, text: str, languages=("fr", "en"), **extra) -> hdr.Header:
    settings = site_settings(languages)
    kind, slug, lang = hdr.identify(path, settings.languages)
    fields, _, _ = hdr.split(textwrap.dedent(text).lstrip("\n"), path)
    meta = hdr.normalise(fields, path=path, kind=kind, slug=slug, lang=lang,
                         timezone=settings.timezone, parse_hashtags=parse_hashtag_list)
    return replace(meta, **extra) if extra else meta


def resolve(files: dict[str, str], languages=("fr", "en"), inline: dict | None = None,
            **options):
    """Build the site model of `files` (path -> header text) and resolve it.

    `inline` maps a path to hashtag spellings found in its running text (the reader merges
    them into the header's)."""
    drafts, texts = [], []
    for path, text in files.items():
        meta = header(path, text, languages)
        if inline and path in inline:
            meta = replace(meta, hashtags=meta.hashtags + tuple(inline[path]))
        if meta.kind in ("article", "page"):
            drafts.append(model.Draft(meta, "<p>x</p>", "<p>x</p>", "x"))
        else:
            texts.append(TermText(meta, f"<p>{meta.title}</p>", meta.title))
    site, problems = model.build(drafts, site_settings(languages))
    assert problems == []
    return site, build(site, texts, **options)


def art(title, date="2025-11-25", author="mariam", **keys):
    lines = [f"Title: {title}", f"Date: {date}", f"Author: {author}"]
    lines += [f"{k.title()}: {v}" for k, v in keys.items()]
    return "\n".join(lines) + "\n\nBody\n"


def entry(site, path):
    return next(e for e in site.entries if e.source_path == path)


REGIONS = {
    "regions/tombouctou.fr.md": "Title: Tombouctou\nLatitude: 16.7735\nLongitude: -3.0074\n",
    "regions/tombouctou.en.md": "Title: Timbuktu\nLatitude: 16.7735\nLongitude: -3.0074\n",
    "regions/segou.fr.md": "Title: Ségou\n",
    "regions/kayes.fr.md": "Title: Kayes\nLatitude: 14.45\nLongitude: -11.44\n",
}
AUTHORS = {
    "authors/mariam.fr.md": "Title: Mariam Dembélé\nRegion: Ségou\n",
    "authors/mariam.en.md": "Title: Mariam Dembélé\n",
    "authors/ibou.fr.md": "Title: Ibou Maïga\nRegion: tombouctou\n",
}
CAMPAIGNS = {
    "campaigns/malisansvbg.fr.md": "Title: Mali sans VBG\nHashtag: MaliSansVBG\n",
    "campaigns/malisansvbg.en.md": "Title: Mali without GBV\nHashtag: #MaliSansVBG\n",
    "campaigns/egalitefemmeshommes.fr.md": "Title: Égalité\nHashtag: ÉgalitéFemmesHommes\n",
}
BASE = {**REGIONS, **AUTHORS, **CAMPAIGNS}


# ---------------------------------------------------------------- resolution


def test_regions_resolve_by_key_or_any_language_name_and_are_named_in_the_entry_language():
    site, result = resolve({
        **BASE,
        "articles/a.en.md": art("A", Region="Tombouctou"),
        "articles/b.fr.md": art("B", Regions="Timbuktu, segou, SEGOU"),
        "articles/c.en.md": art("C", Region="Segou"),
    })
    assert result.problems == []
    a, b, c = (entry(site, f"articles/{n}") for n in ("a.en.md", "b.fr.md", "c.en.md"))
    assert [(r.key, r.name, r.url) for r in a.terms["regions"]] == [
        ("tombouctou", "Timbuktu", "en/regions/tombouctou/")]
    assert (a.terms["regions"][0].latitude, a.terms["regions"][0].longitude) == (16.7735, -3.0074)
    assert [(r.key, r.name) for r in b.terms["regions"]] == [
        ("tombouctou", "Tombouctou"), ("segou", "Ségou")]  # the same region once
    # No English file for Ségou: its French name stands in, with no coordinates to give.
    assert [(r.key, r.name, r.latitude) for r in c.terms["regions"]] == [("segou", "Ségou", None)]


def test_authors_resolve_by_key_or_display_name():
    site, result = resolve({**BASE,
                            "articles/a.fr.md": art("A", author="Mariam Dembele, ibou")})
    assert result.problems == []
    refs = entry(site, "articles/a.fr.md").terms["authors"]
    assert [(r.key, r.name, r.url) for r in refs] == [
        ("mariam", "Mariam Dembélé", "fr/authors/mariam/"),
        ("ibou", "Ibou Maïga", "fr/authors/ibou/")]


def test_hashtags_share_one_key_and_one_display_form():
    site, result = resolve({
        **BASE,
        "articles/a.fr.md": art("A", Hashtags="#malisansvbg #PlusJamais"),
        "articles/b.fr.md": art("B", Hashtags="MALISANSVBG, #plusjamais"),
        "articles/c.en.md": art("C", Hashtags="#PlusJamais #egalitefemmeshommes"),
    })
    assert result.problems == [] and result.warnings == []
    refs = entry(site, "articles/c.en.md").terms["hashtags"]
    # The campaign's Hashtag wins; otherwise the spelling used most over the whole site.
    assert [(r.key, r.name, r.url) for r in refs] == [
        ("plusjamais", "PlusJamais", "en/hashtags/plusjamais/"),
        ("egalitefemmeshommes", "ÉgalitéFemmesHommes", "en/hashtags/egalitefemmeshommes/")]
    assert [r.name for r in entry(site, "articles/b.fr.md").terms["hashtags"]] == [
        "MaliSansVBG", "PlusJamais"]


def test_term_listings_hold_listed_articles_of_their_language_newest_first():
    site, result = resolve({
        **BASE,
        "articles/old.fr.md": art("Old", "2024-01-01", Hashtags="#MaliSansVBG", Region="kayes"),
        "articles/new.fr.md": art("New", "2025-01-01", Hashtags="#MaliSansVBG", Region="Kayes"),
        "articles/new.en.md": art("New", "2025-01-01", Hashtags="#MaliSansVBG"),
        "articles/hid.fr.md": art("Hid", "2025-06-01", Hashtags="#Cache", Status="hidden"),
    })
    tax = result.taxonomies
    vbg = tax.get("hashtags", "malisansvbg")
    assert [e.title for e in vbg.entries["fr"]] == ["New", "Old"]
    assert [e.lang for e in vbg.entries["en"]] == ["en"]
    assert [e.title for e in tax.get("regions", "kayes").entries["fr"]] == ["New", "Old"]
    assert [e.title for e in tax.get("authors", "mariam").entries["fr"]] == ["New", "Old"]
    # A hashtag only a hidden article uses gets no page (issue 14: Status: hidden contributes
    # to no listing, count, hashtag page, feed or sitemap), and the hidden page does not link it.
    assert tax.get("hashtags", "cache") is None
    hid = next(e for e in site.entries if e.title == "Hid")
    assert hid.terms["hashtags"] == []


def test_hashtag_pages_exist_where_used_and_campaign_region_author_pages_everywhere():
    site, result = resolve(
        {**BASE, "articles/a.fr.md": art("A", Hashtags="#SeulementFr"),
         "pages/aide.en.md": "Title: Help\n"},
        inline={"pages/aide.en.md": ["DansLeTexte"]})
    tax = result.taxonomies
    langs = tax.languages
    assert tax.get("hashtags", "seulementfr").page_languages(langs) == ("fr",)
    assert tax.get("hashtags", "dansletexte").page_languages(langs) == ("en",)
    assert tax.get("hashtags", "egalitefemmeshommes").page_languages(langs) == ("fr", "en")
    assert tax.get("regions", "segou").page_languages(langs) == ("fr", "en")
    assert entry(site, "pages/aide.en.md").terms["hashtags"][0].url == "en/hashtags/dansletexte/"


def test_index_order_campaigns_first_then_by_use():
    _, result = resolve({
        **BASE,
        "articles/a.fr.md": art("A", Hashtags="#Zebre #Abeille #AntiX"),
        "articles/b.fr.md": art("B", Hashtags="#Zebre #EgaliteFemmesHommes"),
    })
    order = [t.key for t in result.taxonomies.in_language("hashtags", "fr")]
    assert order == ["egalitefemmeshommes", "malisansvbg", "zebre", "abeille", "antix"]
    regions = [t.name("en", ("fr", "en")) for t in result.taxonomies.in_language("regions", "en")]
    assert regions == ["Kayes", "Ségou", "Timbuktu"]  # accents do not sort Ségou last


# ---------------------------------------------------------------- fallback text


def test_a_missing_text_falls_back_to_the_first_site_language_that_has_one():
    files = {
        **BASE,
        "regions/kidal.en.md": "Title: Kidal (en)\n",
        "regions/kidal.bm.md": "Title: Kidal (bm)\n",
    }
    _, result = resolve(files, languages=("fr", "en", "bm"))
    tax = result.taxonomies
    kidal = tax.get("regions", "kidal")
    assert kidal.text("fr", tax.languages).lang == "en"  # fr missing: en comes before bm
    assert kidal.text("bm", tax.languages).lang == "bm"
    egalite = tax.get("hashtags", "egalitefemmeshommes")
    view = term_view(tax, egalite, "en")
    assert view.text.lang == "fr" and not view.translated
    assert view.text_language == "French"
    assert term_view(tax, egalite, "fr").translated
    assert term_view(tax, tax.get("regions", "segou"), "bm").name == "Ségou"


def test_views_carry_coordinates_author_region_and_region_authors():
    _, result = resolve(BASE)
    tax = result.taxonomies
    timbuktu = term_view(tax, tax.get("regions", "tombouctou"), "en")
    assert (timbuktu.latitude, timbuktu.longitude) == (16.7735, -3.0074)
    assert [a.url for a in timbuktu.authors] == ["en/authors/ibou/"]
    mariam = term_view(tax, tax.get("authors", "mariam"), "en")
    assert (mariam.region.name, mariam.region.url) == ("Ségou", "en/regions/segou/")


# ---------------------------------------------------------------- warnings and errors


def test_a_hashtag_one_or_two_letters_from_a_campaign_is_a_warning():
    _, result = resolve({**BASE, "articles/a.fr.md": art("A", Hashtags="#MaliSansVGB, #Radio")})
    assert result.problems == []
    [warning] = result.warnings
    assert warning.startswith("articles/a.fr.md:4: #MaliSansVGB ")
    assert "#MaliSansVBG" in warning.split("\n")[0]
    assert "fix: write #MaliSansVBG" in warning


def test_a_near_miss_in_running_text_names_its_line():
    source = art("A") + "\nRejoignez #MaliSanVBG !\n"
    _, result = resolve({**BASE, "articles/a.fr.md": art("A")},
                        inline={"articles/a.fr.md": ["MaliSanVBG"]},
                        source_of=lambda path: source if path == "articles/a.fr.md" else None)
    [warning] = result.warnings
    assert warning.startswith("articles/a.fr.md:7: #MaliSanVBG ")


@pytest.mark.parametrize("hashtags", ["#MaliSansVBG", "#Radio", "#MaliSansVBGMoinsUnPeuDePlus"])
def test_no_warning_for_campaigns_themselves_or_far_hashtags(hashtags):
    _, result = resolve({**BASE, "articles/a.fr.md": art("A", Hashtags=hashtags)})
    assert result.warnings == []


@pytest.mark.parametrize("key, value, expected", [
    ("Region", "Tombuctou", "did you mean tombouctou"),
    ("Regions", "kayes, Sego", "did you mean segou"),
    ("Author", "Mariam Dembele, Iboo", "did you mean ibou"),
])
def test_an_unknown_region_or_author_is_an_error_naming_file_line_value_and_closest_key(
        key, value, expected):
    _, result = resolve({**BASE, "articles/2025/a.fr.md":
                         "Title: A\nDate: 2025-01-01\n" + f"{key}: {value}\n"
                         + ("Author: ibou\n" if key != "Author" else "") + "\nx\n"})
    [problem] = result.problems
    bad = [v.strip() for v in value.split(",")][-1]
    assert problem.startswith(f"articles/2025/a.fr.md:3: unknown {key.lower().rstrip('s')} "
                              f"'{bad}'")
    assert expected in problem


def test_an_unknown_region_with_nothing_close_lists_known_keys():
    _, result = resolve({**BASE, "articles/a.fr.md": art("A", Region="Zzzz")})
    [problem] = result.problems
    assert "(known: kayes, segou, tombouctou)" in problem


def test_an_unknown_region_in_an_author_file_is_an_error():
    _, result = resolve({**BASE, "authors/awa.fr.md": "Title: Awa\nRegion: Tomboctou\n"})
    [problem] = result.problems
    assert problem.startswith("authors/awa.fr.md:2: unknown region 'Tomboctou'")
    assert "tombouctou" in problem


def test_without_author_or_region_files_bylines_stay_as_written():
    site, result = resolve({"articles/a.fr.md": art("A", author="Quelqu'un",
                                                     Region="Nulle part")})
    assert result.problems == []
    terms = entry(site, "articles/a.fr.md").terms
    assert terms["authors"] == [] and terms["regions"] == []


def test_a_campaign_whose_hashtag_key_differs_from_its_file_key_is_an_error():
    _, result = resolve({**BASE, "campaigns/antidiscri.fr.md":
                         "Title: Contre les discriminations\nHashtag: AntiDiscrimination\n"})
    [problem] = result.problems
    assert problem.startswith("campaigns/antidiscri.fr.md:2: the Hashtag 'AntiDiscrimination' "
                              "has the key 'antidiscrimination'")
    assert "campaigns/antidiscrimination.fr.md" in problem
    assert result.taxonomies.get("hashtags", "antidiscri") is None


def test_a_campaign_hashtag_that_is_no_hashtag_is_an_error():
    _, result = resolve({**BASE, "campaigns/a2024.fr.md": "Title: 2024\nHashtag: #2024\n"})
    [problem] = result.problems
    assert problem.startswith("campaigns/a2024.fr.md:2: 'Hashtag'")


def test_two_regions_with_one_name_is_an_error():
    _, result = resolve({**BASE, "regions/segou-ville.fr.md": "Title: Segou\n"})
    [problem] = result.problems
    assert "regions/segou-ville.fr.md" in problem and "'segou'" in problem


@pytest.mark.parametrize("slug", ["hashtags", "regions", "authors"])
def test_a_static_page_cannot_take_a_taxonomy_index_url(slug):
    _, result = resolve({f"pages/{slug}.en.md": "Title: Mine\n"})
    [problem] = result.problems
    assert problem.startswith(f"pages/{slug}.en.md: its URL /en/{slug}/ is where Griot lists")


# ---------------------------------------------------------------- related and neighbours


def test_related_prefers_a_shared_campaign_then_region_then_hashtag_newest_first():
    files = {
        **BASE,
        "articles/me.fr.md": art("Me", "2025-05-01", Hashtags="#MaliSansVBG #Radio",
                                 Region="kayes"),
        "articles/tag.fr.md": art("Tag", "2025-09-01", Hashtags="#Radio"),
        "articles/region.fr.md": art("Region", "2025-08-01", Region="Kayes"),
        "articles/camp-old.fr.md": art("CampOld", "2020-01-01", Hashtags="#MaliSansVBG"),
        "articles/camp-new.fr.md": art("CampNew", "2024-01-01", Hashtags="malisansvbg"),
        "articles/none.fr.md": art("None", "2025-10-01", author="ibou"),
        "articles/other-lang.en.md": art("OtherLang", "2025-10-01", Hashtags="#MaliSansVBG"),
    }
    site, result = resolve(files)
    me = entry(site, "articles/me.fr.md")
    assert [e.title for e in me.related] == ["CampNew", "CampOld", "Region"]
    site, _ = resolve(files, related_count=5)
    assert [e.title for e in entry(site, "articles/me.fr.md").related] == [
        "CampNew", "CampOld", "Region", "Tag"]  # "None" shares nothing (the author is no tie)
    site, _ = resolve(files, related_count=0)
    assert entry(site, "articles/me.fr.md").related == []


def test_related_never_lists_the_article_itself_or_a_hidden_one():
    site, _ = resolve({
        **BASE,
        "articles/a.fr.md": art("A", "2025-01-01", Hashtags="#MaliSansVBG"),
        "articles/b.fr.md": art("B", "2025-02-01", Hashtags="#MaliSansVBG", Status="hidden"),
    })
    assert entry(site, "articles/a.fr.md").related == []
    assert [e.title for e in entry(site, "articles/b.fr.md").related] == ["A"]


def test_previous_and_next_follow_the_language_listing():
    site, _ = resolve({
        "articles/a.fr.md": art("A", "2025-01-01"),
        "articles/b.fr.md": art("B", "2025-02-01"),
        "articles/c.fr.md": art("C", "2025-03-01"),
        "articles/x.en.md": art("X", "2025-02-15"),
    })
    a, b, c, x = (entry(site, f"articles/{n}") for n in ("a.fr.md", "b.fr.md", "c.fr.md",
                                                          "x.en.md"))
    assert (b.previous, b.next) == (a, c)
    assert (a.previous, c.next) == (None, None)
    assert (x.previous, x.next) == (None, None)


# ---------------------------------------------------------------- settings


def test_settings_defaults_and_precise_errors():
    assert tax_settings.load({}).related_count == 3
    assert tax_settings.load({"GRIOT_RELATED_COUNT": 0}).related_count == 0
    for bad in (-1, "3", True, 2.5):
        with pytest.raises(SettingsError, match="GRIOT_RELATED_COUNT: Expected a whole number"):
            tax_settings.load({"GRIOT_RELATED_COUNT": bad})
