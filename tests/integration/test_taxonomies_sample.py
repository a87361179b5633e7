"""The sample site's hashtag, region and author pages, checked against its sources.

What each term page must list is recomputed here from content/ with a small parser of its own
(headers, running-text hashtags, names), independent of Griot's reader and resolver.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import ROOT, SITEURL, TEST_NOW
from tests.htmlparse import hreflangs, page, site_path

CONTENT = ROOT / "content"
LANGS = ("fr", "en")
TZ = ZoneInfo("Africa/Bamako")  # pelicanconf's TIMEZONE
NOW = datetime.fromisoformat(TEST_NOW).replace(tzinfo=TZ)  # the builds' clock
TAXONOMIES = ("hashtags", "regions", "authors")


# ---------------------------------------------------------------- an independent reading


def read(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    keys: dict[str, str] = {}
    last = None
    for line in head.splitlines():
        if line[:1] in " \t" and last:
            keys[last] += " " + line.strip()
            continue
        name, _, value = line.partition(":")
        last = re.sub(r"[\s-]+", "_", name.strip()).lower()
        keys[last] = value.strip()
    slug, lang = path.name[:-3].rsplit(".", 1)
    return {"path": path, "slug": slug, "lang": lang, "body": body, **keys}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tag_key(tag: str) -> str:
    return "".join(c for c in strip_accents(tag.lstrip("#")) if c.isalnum())


def name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", strip_accents(name)))


def running_text_hashtags(body: str) -> list[str]:
    body = re.sub(r"```.*?```", " ", body, flags=re.S)  # fenced code
    body = re.sub(r"`[^`]*`", " ", body)  # code spans
    body = re.sub(r"\]\([^)]*\)", "]", body)  # link targets
    found = re.findall(r"(?:^|(?<=[\s(«\"'“*_]))#(\w+)", body, flags=re.M)
    return [tag for tag in found if re.search(r"[^\W\d_]", tag)]


@cache
def files(kind: str) -> tuple[dict, ...]:
    return tuple(read(p) for p in sorted((CONTENT / kind).rglob("*.md")))


def when(item: dict) -> datetime:
    return datetime.fromisoformat(item["date"]).replace(tzinfo=TZ)


def written(item: dict) -> bool:
    """Published by publishconf: no drafts, nothing dated in the future."""
    return item.get("status", "published").lower() != "draft" and when(item) <= NOW


def listed(item: dict) -> bool:
    return written(item) and item.get("status", "").lower() != "hidden"


def article_url(item: dict) -> str:
    return f"/{item['lang']}/{item['date'][:4]}/{item['slug']}/"


@cache
def names(kind: str) -> dict[str, str]:
    """Folded key or title in any language -> key."""
    found = {}
    for item in files(kind):
        found[name_key(item["slug"])] = item["slug"]
        found[name_key(item["title"])] = item["slug"]
    return found


def terms_of(item: dict) -> dict[str, list[str]]:
    tags = [t for t in re.split(r"[\s,#]+", item.get("hashtags", "")) if t]
    tags += running_text_hashtags(item["body"])
    regions = item.get("region") or item.get("regions") or ""
    authors = item.get("author") or item.get("authors") or ""
    return {
        "hashtags": list(dict.fromkeys(tag_key(t) for t in tags)),
        "regions": list(dict.fromkeys(names("regions")[name_key(v)]
                                      for v in regions.split(",") if v.strip())),
        "authors": list(dict.fromkeys(names("authors")[name_key(v)]
                                      for v in authors.split(",") if v.strip())),
    }


@cache
def expected_pages() -> dict[tuple[str, str, str], list[str]]:
    """(taxonomy, key, lang) -> URLs of the articles its page lists, newest first."""
    pages: dict[tuple[str, str, str], list] = {}
    for lang in LANGS:
        for kind in ("campaigns", "regions", "authors"):
            taxonomy = "hashtags" if kind == "campaigns" else kind
            for item in files(kind):  # a file makes a page in every language
                pages[(taxonomy, item["slug"], lang)] = []
    for item in (*files("pages"), *files("campaigns"), *files("regions"), *files("authors"),
                 *(a for a in files("articles") if written(a))):
        for key in terms_of(item)["hashtags"]:  # a hashtag used in a language gets a page
            pages.setdefault(("hashtags", key, item["lang"]), [])
    articles = sorted((a for a in files("articles") if listed(a)),
                      key=lambda a: (when(a), a["slug"]), reverse=True)
    for item in articles:
        for taxonomy, keys in terms_of(item).items():
            for key in keys:
                pages[(taxonomy, key, item["lang"])].append(article_url(item))
    return pages


# ---------------------------------------------------------------- the built site


def listing(out: Path, url: str) -> list[str]:
    links = []
    while url:
        doc = page(out, url)
        links += [site_path(a.attributes["href"], SITEURL) for a in doc.css("article.card h2 a")]
        nxt = doc.css_first('a[rel="next"]')
        url = site_path(nxt.attributes["href"], SITEURL).lstrip("/") if nxt else None
    return links


def built_terms(out: Path, lang: str, taxonomy: str) -> set[str]:
    return {p.name for p in (out / lang / taxonomy).iterdir() if p.is_dir()}


def test_the_sample_exercises_fallback_localized_names_and_every_taxonomy():
    campaigns = defaultdict(set)
    for item in files("campaigns"):
        campaigns[item["slug"]].add(item["lang"])
    assert {"malisansvbg", "antidiscri", "egalitefemmeshommes"} <= set(campaigns)
    assert campaigns["egalitefemmeshommes"] == {"fr"}
    assert len({item["slug"] for item in files("regions")}) == 20
    assert len({item["slug"] for item in files("authors")}) == 4
    fr_en = {(i["slug"], i["lang"]): i["title"] for i in files("regions")}
    assert fr_en[("tombouctou", "fr")] != fr_en[("tombouctou", "en")]


def test_every_term_page_lists_exactly_the_articles_its_sources_say(sample_site):
    expected = expected_pages()
    for lang in LANGS:
        for taxonomy in TAXONOMIES:
            keys = {key for (tax, key, code) in expected if tax == taxonomy and code == lang}
            assert built_terms(sample_site, lang, taxonomy) == keys, (lang, taxonomy)
    for (taxonomy, key, lang), urls in expected.items():
        assert listing(sample_site, f"{lang}/{taxonomy}/{key}/") == urls, (taxonomy, key, lang)
    assert len(expected[("hashtags", "malisansvbg", "fr")]) >= 5  # a real campaign listing


def test_indexes_count_what_each_term_page_lists(sample_site):
    expected = expected_pages()
    for lang in LANGS:
        for taxonomy in TAXONOMIES:
            doc = page(sample_site, f"{lang}/{taxonomy}/")
            counts = {}
            for li in doc.css("ul.terms li"):
                key = site_path(li.css_first("a").attributes["href"], SITEURL).split("/")[3]
                counts[key] = int(re.search(r"\d+", li.css_first("span.count").text()).group())
            for a in doc.css("ul.terms-quiet a"):  # listed apart: no article yet
                counts[site_path(a.attributes["href"], SITEURL).split("/")[3]] = 0
            assert counts == {key: len(urls) for (tax, key, code), urls in expected.items()
                              if tax == taxonomy and code == lang}, (lang, taxonomy)
        hashtags = [site_path(a.attributes["href"], SITEURL).split("/")[3]
                    for a in page(sample_site, f"{lang}/hashtags/").css("ul.terms li > a")]
        campaigns = {item["slug"] for item in files("campaigns")}
        assert set(hashtags[: len(campaigns)]) == campaigns  # campaigns first


def test_articles_link_the_terms_their_sources_name(sample_site):
    for item in files("articles"):
        if not written(item):
            continue
        doc = page(sample_site, article_url(item))
        terms = terms_of(item)
        meta = [site_path(a.attributes["href"], SITEURL)
                for a in doc.css("article.entry header p.meta a")]
        lang = item["lang"]
        assert meta == ([f"/{lang}/authors/{k}/" for k in terms["authors"]]
                        + [f"/{lang}/regions/{k}/" for k in terms["regions"]]), item["path"]
        tags = {site_path(a.attributes["href"], SITEURL) for a in doc.css("ul.tags a")}
        assert tags == {f"/{lang}/hashtags/{k}/" for k in terms["hashtags"]}, item["path"]
        for a in doc.css("nav.related a, nav.neighbours a"):
            assert site_path(a.attributes["href"], SITEURL).startswith(f"/{lang}/")


def test_names_are_localized_and_fallback_text_is_marked_with_its_language(sample_site):
    titles = {(i["slug"], i["lang"]): i["title"] for kind in ("regions", "authors")
              for i in files(kind)}
    for kind in ("regions", "authors"):
        for slug in {i["slug"] for i in files(kind)}:
            for lang in LANGS:
                h1 = page(sample_site, f"{lang}/{kind}/{slug}/").css_first("h1")
                own = titles.get((slug, lang))
                fallback = next(titles[(slug, code)] for code in LANGS if (slug, code) in titles)
                assert h1.text() == (own or fallback)
                assert h1.attributes.get("lang") == (None if own else LANGS[0])
    assert page(sample_site, "fr/regions/tombouctou/").css_first("h1").text() == "Tombouctou"
    assert page(sample_site, "en/regions/tombouctou/").css_first("h1").text() == "Timbuktu"
    en = page(sample_site, "en/hashtags/egalitefemmeshommes/")
    assert en.css_first("h1").attributes["lang"] == "fr"
    assert en.css_first("main div.body").attributes["lang"] == "fr"
    fr = page(sample_site, "fr/hashtags/egalitefemmeshommes/")
    assert "lang" not in fr.css_first("main div.body").attributes


def test_term_pages_link_their_other_languages(sample_site):
    expected = expected_pages()
    for (taxonomy, key, lang) in expected:
        doc = page(sample_site, f"{lang}/{taxonomy}/{key}/")
        for other in LANGS:
            if other == lang:
                continue
            switch = doc.css_first(f'nav.langs a[hreflang="{other}"]')
            if (taxonomy, key, other) in expected:
                target = f"{SITEURL}/{other}/{taxonomy}/{key}/"
                assert switch.attributes["href"] == target
                assert hreflangs(doc)[other] == target
            else:
                assert switch.attributes["href"] == f"{SITEURL}/{other}/"
                assert other not in hreflangs(doc)


def test_no_link_from_or_to_term_pages_is_broken(sample_site):
    sources = [p for lang in LANGS for taxonomy in TAXONOMIES
               for p in (sample_site / lang / taxonomy).rglob("index.html")]
    sources += [sample_site / article_url(a).strip("/") / "index.html"
                for a in files("articles") if written(a)]
    broken = []
    checked = 0
    for file in sources:
        doc = page(sample_site, file.relative_to(sample_site).as_posix())
        for a in doc.css("a[href]"):
            target = site_path(a.attributes["href"], SITEURL)
            if target is None or not target.startswith(tuple(f"/{lang}/" for lang in LANGS)):
                continue
            checked += 1
            rel = target.lstrip("/")
            path = sample_site / (rel + "index.html" if rel.endswith("/") else rel)
            if not path.exists():
                broken.append((file.relative_to(sample_site).as_posix(), target))
    assert broken == []
    assert checked > 500
