"""Every language's tree from one Pelican run: translations, hreflang, switcher, listings,
locale dates and plurals, escaping, drafts."""

from __future__ import annotations

import gzip

from griot.reader.reader import GriotMarkdownReader
from griot.typography import fix_text
from tests.conftest import PREVIEW, SITEURL, article
from tests.htmlparse import hreflangs, html_files, page

FILES = {
    "content/articles/2019/greve.fr.md": article("Grève", "2019-11-28"),
    "content/articles/2019/greve.en.md": article("Strike", "2019-11-28"),
    "content/articles/2025/seul.fr.md": article("Seulement en français", "2025-01-05"),
    "content/articles/2025/ecole.fr.md": article("École", "2025-02-01",
                                                 Translation_Key="school"),
    "content/articles/2025/school.en.md": article("School", "2025-02-01",
                                                  Translation_Key="school"),
    "content/pages/a-propos.fr.md": "Title: À propos\nTranslation_Key: about\n\nNous.\n",
    "content/pages/about.en.md": "Title: About\nTranslation_Key: about\n\nUs.\n",
}


def test_translations_link_both_ways_with_reciprocal_hreflang(make_site, build_site):
    out = build_site(make_site(FILES))
    pairs = [("fr/2019/greve/", "en/2019/greve/"), ("fr/2025/ecole/", "en/2025/school/"),
             ("fr/a-propos/", "en/about/")]
    for fr_url, en_url in pairs:
        fr, en = page(out, fr_url), page(out, en_url)
        expected = {"fr": f"{SITEURL}/{fr_url}", "en": f"{SITEURL}/{en_url}",
                    "x-default": f"{SITEURL}/{fr_url}"}
        assert hreflangs(fr) == expected == hreflangs(en)
        to_en = fr.css_first('nav.langs a[hreflang="en"]').attributes["href"]
        to_fr = en.css_first('nav.langs a[hreflang="fr"]').attributes["href"]
        assert (to_en, to_fr) == (f"{SITEURL}/{en_url}", f"{SITEURL}/{fr_url}")
        assert fr.css_first("html").attributes["lang"] == "fr"
        assert en.css_first("html").attributes["lang"] == "en"


def test_an_untranslated_article_leads_to_the_other_home_and_says_so(make_site, build_site):
    out = build_site(make_site(FILES))
    doc = page(out, "fr/2025/seul/")
    link = doc.css_first('nav.langs a[hreflang="en"]')
    assert link.attributes["href"] == f"{SITEURL}/en/"
    assert "not translated" in link.text()
    assert set(hreflangs(doc)) == {"fr", "x-default"}


def test_listings_hold_only_their_language_with_locale_dates(make_site, build_site):
    out = build_site(make_site(FILES))
    fr, en = page(out, "fr/"), page(out, "en/")
    assert [a.text() for a in fr.css("article.card h2 a")] == [
        "École", "Seulement en français", "Grève"]
    assert [a.text() for a in en.css("article.card h2 a")] == ["School", "Strike"]
    assert "28 novembre 2019" in [t.text() for t in fr.css("article.card time")]
    assert "November 28, 2019" in [t.text() for t in en.css("article.card time")]
    assert fr.css_first("p.count").text().strip() == "3 articles"
    assert en.css_first("p.count").text().strip() == "2 articles"


def test_plurals_and_pagination(make_site, build_site):
    files = {f"content/articles/a{i}.fr.md": article(f"A{i}", f"2025-01-0{i}")
             for i in range(1, 4)}
    files["content/articles/b.en.md"] = article("B")
    out = build_site(make_site(files), GRIOT_PER_PAGE=2)
    assert page(out, "en/").css_first("p.count").text().strip() == "1 article"
    first, second = page(out, "fr/"), page(out, "fr/page/2/")
    assert [a.text() for a in first.css("article.card h2 a")] == ["A3", "A2"]
    assert [a.text() for a in second.css("article.card h2 a")] == ["A1"]
    assert first.css_first('a[rel="next"]').attributes["href"] == f"{SITEURL}/fr/page/2/"
    assert second.css_first('a[rel="prev"]').attributes["href"] == f"{SITEURL}/fr/"
    assert "Page 2 sur 2" in second.css_first("nav.pager").text()


def test_the_chooser_links_every_home(make_site, build_site):
    out = build_site(make_site(FILES))
    doc = page(out, "")
    assert [a.attributes["href"] for a in doc.css("ul.chooser a")] == [
        f"{SITEURL}/fr/", f"{SITEURL}/en/"]
    assert hreflangs(doc)["x-default"] == f"{SITEURL}/"
    assert hreflangs(page(out, "en/"))["x-default"] == f"{SITEURL}/"
    # The redirect to the browser's language is in the site's script (griot.js), which reads
    # the links' hreflang: the Content-Security-Policy allows no inline script.
    assert doc.css_first("script:not([src])") is None
    assert [a.attributes["hreflang"] for a in doc.css("ul.chooser a")] == ["fr", "en"]


def test_header_values_are_escaped_everywhere(make_site, build_site):
    typed = 'Femmes & "droits" <script>alert(1)</script>'
    out = build_site(make_site({
        "content/articles/x.fr.md": article(typed, Summary='Un <b>résumé</b> & "cité"',
                                            Content_Warning="<i>violences</i>"),
    }))
    title = fix_text(typed, "fr")  # typographic quotes only: still the same text
    doc = page(out, "fr/2025/x/")
    assert doc.css_first("h1").text() == title
    assert doc.css_first("title").text().startswith(title)
    assert doc.css_first('meta[name="description"]').attributes["content"] == (
        'Un <b>résumé</b> & «\u00a0cité\u00a0»')
    assert not doc.css("h1 script, .body b, .cw i")  # text stayed text
    home = page(out, "fr/")
    assert home.css_first("article.card h2 a").text() == title


def test_drafts_and_scheduled_articles_only_in_preview(make_site, build_site):
    files = {**FILES,
             "content/articles/brouillon.fr.md": article("Brouillon secret", Status="draft"),
             "content/articles/futur.fr.md": article("Article futur", "2099-01-01")}
    site = make_site(files)
    published = build_site(site)
    files = [p for p in published.rglob("*") if p.is_file()]
    assert not [p for p in files if "brouillon" in p.name or "futur" in p.name]
    # Images (covers, social cards) are binary: the text files tell what was published.
    texts = "".join(p.read_text(encoding="utf-8") for p in files
                    if p.suffix not in (".png", ".jpg", ".webp", ".avif")
                    and "pagefind" not in p.parts)
    texts += search_index_text(published)
    assert "Brouillon secret" not in texts and "brouillon" not in texts
    assert "Article futur" not in texts and "futur" not in texts
    assert not (published / "drafts").exists()
    preview = build_site(site, site / "preview", settings_file=PREVIEW)
    assert page(preview, "fr/2025/brouillon/").css_first("strong.draft") is not None
    assert page(preview, "fr/2099/futur/").css_first("h1").text() == "Article futur"
    # The preview shows drafts, but never puts them in its search index.
    assert "secret" not in search_index_text(preview) and "Brouillon secret" in texts_of(preview)


def search_index_text(out) -> str:
    """Everything Pagefind wrote, decompressed (its index files are gzip)."""
    chunks = []
    for path in sorted((out / "pagefind").rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        chunks.append(data.decode("utf-8", "replace"))
    assert chunks, f"no search index in {out}"
    return "".join(chunks)


def texts_of(out) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def test_one_run_reads_each_file_once_and_writes_every_language(make_site, build_site,
                                                                monkeypatch):
    reads: list[str] = []
    original = GriotMarkdownReader.read

    def counting(self, path):
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(GriotMarkdownReader, "read", counting)
    out = build_site(make_site(FILES))
    assert len(reads) == len(FILES) == len(set(reads))
    parts = [f.relative_to(out).parts for f in html_files(out)]
    langs = {p[0] for p in parts if len(p) > 1}
    assert langs == {"fr", "en"}
