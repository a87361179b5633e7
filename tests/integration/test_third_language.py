"""A third language (Bambara) needs only settings and a catalog: no code change."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from griot.core.errors import SettingsError
from tests.conftest import SITEURL, article, copy_theme
from tests.htmlparse import hreflangs, page

FILES = {
    "content/articles/kalan.fr.md": article("Aller à l'école", "2025-11-28"),
    "content/articles/kalan.en.md": article("Going to school", "2025-11-28"),
    "content/articles/kalan.bm.md": article("Kalan", "2025-11-28"),
    "content/articles/seul.fr.md": article("Seul", "2025-11-20"),
}


def add_catalog(theme, lang: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=lang)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    po = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)


def test_bambara_by_settings_and_catalog(make_site, build_site, tmp_path):
    theme = copy_theme(tmp_path / "theme")
    add_catalog(theme, "bm", {"Exit this page": "BM-EXIT", "Languages": "BM-LANGS"})
    out = build_site(make_site(FILES), THEME=str(theme), GRIOT_LANGUAGES=["fr", "en", "bm"])

    bm = page(out, "bm/2025/kalan/")
    assert bm.css_first("html").attributes["lang"] == "bm"
    assert bm.css_first("a.quick-exit").text() == "BM-EXIT"
    assert bm.css_first("nav.langs").attributes["aria-label"] == "BM-LANGS"
    expected_date = format_date(date(2025, 11, 28), "long", locale="bm")
    assert bm.css_first("time").text() == expected_date
    assert expected_date not in ("28 novembre 2025", "November 28, 2025")
    assert set(hreflangs(bm)) == {"fr", "en", "bm", "x-default"}
    assert hreflangs(page(out, "fr/2025/kalan/"))["bm"] == f"{SITEURL}/bm/2025/kalan/"
    # An article with no Bambara version leads to the Bambara home, never to a 404.
    link = page(out, "fr/2025/seul/").css_first('nav.langs a[hreflang="bm"]')
    assert link.attributes["href"] == f"{SITEURL}/bm/"
    assert [a.text() for a in page(out, "bm/").css("article.card h2 a")] == ["Kalan"]
    assert f"{SITEURL}/bm/" in [a.attributes["href"] for a in page(out, "").css("ul.chooser a")]
    assert page(out, "en/").css_first("a.quick-exit").text() == "Exit this page"


def test_a_language_without_catalog_says_how_to_add_one(make_site, build_site, tmp_path):
    theme = copy_theme(tmp_path / "theme")
    with pytest.raises(SettingsError) as err:
        build_site(make_site(FILES), THEME=str(theme), GRIOT_LANGUAGES=["fr", "en", "bm"])
    assert "no UI catalog for language 'bm'" in str(err.value)
    assert "invoke i18n-init --lang bm" in str(err.value)
