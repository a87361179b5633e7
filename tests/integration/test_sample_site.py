"""The sample site, end to end: what the sources say must be what the built pages show."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from babel.dates import format_date

from griot.reader.reader import GriotMarkdownReader
from tests.conftest import PUBLISH, ROOT, SITEURL, TEST_NOW, build
from tests.htmlparse import hreflangs, html_files, page, site_path, url_of

CONTENT = ROOT / "content"
LANGS = ("fr", "en")


def sources(kind: str = "articles") -> list[dict]:
    """Headers of the sample content, parsed independently of Griot's reader."""
    found = []
    for path in sorted((CONTENT / kind).rglob("*.md")):
        slug, lang = path.name[:-3].rsplit(".", 1)
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        keys = {k.strip().lower(): v.strip() for k, v in
                (line.split(":", 1) for line in head.splitlines() if ":" in line)}
        found.append({"path": path, "slug": slug, "lang": lang, **keys})
    return found


def published(item: dict) -> bool:
    return item.get("status", "published").lower() != "draft" and item["date"] <= TEST_NOW


def article_url(item: dict) -> str:
    return f"{item['lang']}/{item['date'][:4]}/{item['slug']}/"


def test_the_sample_site_meets_the_minimums():
    articles = [a for a in sources() if published(a)]
    groups = defaultdict(set)
    for a in articles:
        groups[a.get("translation_key", a["slug"])].add(a["lang"])
    assert sum(1 for langs in groups.values() if langs == {"fr", "en"}) >= 10
    assert sum(1 for langs in groups.values() if len(langs) == 1) >= 2
    assert len({a["author"] if "author" in a else a["authors"] for a in articles}) >= 4
    slugs = {(p["slug"], p["lang"]) for p in sources("pages")}
    assert {("a-propos", "fr"), ("about", "en"), ("aide", "fr"), ("get-help", "en")} <= slugs


def test_every_translation_pair_is_linked_both_ways(sample_site):
    groups = defaultdict(dict)
    for a in sources():
        if published(a):
            groups[a.get("translation_key", a["slug"])][a["lang"]] = article_url(a)
    pairs = [g for g in groups.values() if len(g) == 2]
    assert pairs
    for group in pairs:
        expected = {lang: f"{SITEURL}/{url}" for lang, url in group.items()}
        expected["x-default"] = expected["fr"]
        for lang, url in group.items():
            doc = page(sample_site, url)
            assert hreflangs(doc) == expected, url
            other = "en" if lang == "fr" else "fr"
            switch = doc.css_first(f'nav.langs a[hreflang="{other}"]')
            assert switch.attributes["href"] == expected[other]


def test_single_language_articles_lead_home_in_the_other_language(sample_site):
    groups = defaultdict(list)
    for a in sources():
        if published(a):
            groups[a.get("translation_key", a["slug"])].append(a)
    singles = [g[0] for g in groups.values() if len(g) == 1]
    assert singles
    for item in singles:
        other = "en" if item["lang"] == "fr" else "fr"
        link = page(sample_site, article_url(item)).css_first(f'nav.langs a[hreflang="{other}"]')
        assert link.attributes["href"] == f"{SITEURL}/{other}/"


def test_hreflang_is_reciprocal_everywhere(sample_site):
    for file in html_files(sample_site):
        url = url_of(sample_site, file)
        alternates = hreflangs(page(sample_site, url))
        for lang, href in alternates.items():
            if lang == "x-default":
                continue
            target = site_path(href, SITEURL)
            back = hreflangs(page(sample_site, target))
            assert back.get(lang) == href, (url, lang)
            assert back.get("x-default") == alternates["x-default"], url
            assert f"{SITEURL}/{url}" in back.values(), (url, target)


def test_no_internal_link_to_a_missing_file(sample_site):
    missing = []
    for file in html_files(sample_site):
        doc = page(sample_site, url_of(sample_site, file))
        for node in doc.css("a[href], link[href], script[src], img[src], source[srcset]"):
            value = node.attributes.get("href") or node.attributes.get("src") or ""
            for ref in ([v.split()[0] for v in node.attributes["srcset"].split(",")]
                        if node.tag == "source" else [value]):
                target = site_path(ref, SITEURL)
                if target is None:
                    continue
                rel = target.lstrip("/")
                path = sample_site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
                if not path.exists():
                    missing.append((url_of(sample_site, file), ref))
    assert missing == []


def test_listings_hold_only_their_language_with_locale_dates(sample_site):
    for lang in LANGS:
        expected = sorted((a for a in sources() if published(a) and a["lang"] == lang),
                          key=lambda a: a["date"], reverse=True)
        links, dates = [], []
        url = f"{lang}/"
        while url:
            doc = page(sample_site, url)
            links += [site_path(a.attributes["href"], SITEURL)
                      for a in doc.css("article.card h2 a")]
            dates += [t.text() for t in doc.css("article.card time")]
            nxt = doc.css_first('a[rel="next"]')
            url = site_path(nxt.attributes["href"], SITEURL).lstrip("/") if nxt else None
        assert links == [f"/{article_url(a)}" for a in expected]
        assert dates == [format_date(date.fromisoformat(a["date"][:10]), "long", locale=lang)
                         for a in expected]
        months = {"fr": ("janvier", "mars", "juin", "novembre", "décembre"),
                  "en": ("January", "March", "June", "November", "December")}[lang]
        assert any(month in text for text in dates for month in months)


def test_no_draft_or_scheduled_article_is_published(sample_site):
    hidden = [a for a in sources() if not published(a)]
    assert hidden, "the sample site should show a draft and a scheduled article"
    every_byte = b"".join(p.read_bytes() for p in sample_site.rglob("*") if p.is_file())
    for item in hidden:
        assert not (sample_site / article_url(item)).exists()
        assert item["title"].encode() not in every_byte
        assert f"/{item['slug']}/".encode() not in every_byte
    assert not (sample_site / "drafts").exists()


def test_the_preview_shows_drafts(sample_preview):
    drafts = [a for a in sources() if a.get("status", "").lower() == "draft"]
    assert drafts
    for item in drafts:
        assert page(sample_preview, article_url(item)).css_first("strong.draft") is not None


def test_one_pelican_run_reads_each_file_once(tmp_path, monkeypatch):
    reads: list[str] = []
    original = GriotMarkdownReader.read

    def counting(self, path):
        reads.append(Path(path).relative_to(CONTENT).as_posix())
        return original(self, path)

    monkeypatch.setattr(GriotMarkdownReader, "read", counting)
    out = build(ROOT, tmp_path / "out", PUBLISH, PATH=str(CONTENT))
    articles_and_pages = [r for r in reads if re.match(r"(articles|pages)/", r)]
    expected = [p.relative_to(CONTENT).as_posix()
                for kind in ("articles", "pages") for p in (CONTENT / kind).rglob("*.md")]
    assert sorted(articles_and_pages) == sorted(expected)  # each once, none twice
    assert (out / "fr/index.html").exists() and (out / "en/index.html").exists()
