"""bench.run: the article the edit measurement saves, what it writes, and the table's ratios."""

from __future__ import annotations

import markupsafe

from bench.corpus import generate
from bench.run import GRIOT_COLD, GRIOT_WARM, _page_shows, edit_text, edited_article, table


def test_the_edited_article_has_a_translation_and_its_page_is_known(tmp_path):
    stats = generate(tmp_path, pairs=12, seed=3)
    article, page = edited_article(stats.content)
    assert article.name.endswith(".fr.md")
    assert article.with_name(article.name[:-6] + ".en.md").is_file()
    year = next(line for line in article.read_text(encoding="utf-8").splitlines()
                if line.startswith("Date: "))[6:10]
    assert page == f"fr/{year}/{article.name[:-6]}/index.html"


def test_edits_change_what_the_page_must_then_show():
    text = "Title: Un titre\nDate: 2020-01-01\nAuthor: a\n\nPremier paragraphe.\n"
    retitled, expected = edit_text(text, "title", 2)
    assert expected == "(v2)" and "Title: Un titre (v2)\n" in retitled  # typeset title
    again, expected = edit_text(retitled, "title", 3)
    assert expected == "(v3)" and again.count("(v") == 1  # not (v2) (v3)
    longer, sentence = edit_text(text, "text", 1)
    assert longer.startswith(text.rstrip("\n")) and longer.endswith(f"\n\n{sentence}\n")


def test_table_shows_ratios_to_each_reference_and_ms_per_file(tmp_path):
    stats = generate(tmp_path, pairs=3, seed=1)
    summaries = {
        GRIOT_COLD: {"status": "ok", "wall_s": 2.0, "peak_mib": 100.0, "pages": 10, "feeds": 4},
        GRIOT_WARM: {"status": "ok", "wall_s": 1.0, "peak_mib": 50.0, "pages": 10, "feeds": 4},
        "pelican-i18n": {"status": "ok", "wall_s": 4.0, "peak_mib": 200.0, "pages": 9,
                         "feeds": 4},
        "hugo": {"status": "unavailable", "reason": "no hugo binary"},
    }
    text = table(stats, list(summaries), summaries, ["pelican-i18n", "hugo"])
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in text.splitlines() if line.startswith("| ") and "---" not in line}
    assert rows["tool"][:2] == ["wall s", "× pelican-i18n"]  # Hugo did not build: no column
    assert rows[GRIOT_COLD][:3] == ["2.00", "0.50", "100"]
    assert rows[GRIOT_WARM][1:4] == ["0.25", "50", "0.25"]
    assert rows[GRIOT_COLD][-1] == f"{2000 / stats.markdown_files:.2f}"
    assert rows["hugo"][0].startswith("unavailable: no hugo binary")


def test_hashtag_edits_add_then_remove_the_bench_hashtag_in_the_header_style():
    from bench.run import _hashtags_line

    commas = "Title: T\nHashtags: #MaliSansVBG, Sécurité\n\nTexte #BenchEdit.\n"
    added = _hashtags_line(commas, True)
    assert added.splitlines()[1] == "Hashtags: #MaliSansVBG, Sécurité, #BenchEdit"
    assert _hashtags_line(added, False) == commas  # the body's text is never touched
    spaces = "Hashtags: MaliSansVBG AntiDiscri\n"
    assert _hashtags_line(spaces, True) == "Hashtags: MaliSansVBG AntiDiscri #BenchEdit\n"


def test_every_edit_row_is_saved_and_add_remove_alternate():
    from bench.run import GRIOT_EDITS, edit_schedule

    schedule = edit_schedule()
    assert {row for row, _, _ in schedule} == set(GRIOT_EDITS)
    tags = [kind for _, kind, _ in schedule if kind.startswith("hashtag")]
    assert tags == ["hashtag added", "hashtag removed"] * 3


def test_the_edit_check_reads_the_page_as_a_browser_does(tmp_path):
    """Jinja writes an apostrophe `&#39;`: the check compares parsed text, so a title with one
    (the 10,000-pair corpus has such titles) is found, as is a link's target."""
    title = "L'école d’Aïssata & co (v2)"
    page = tmp_path / "index.html"
    page.write_text(f"<html><head><title>{markupsafe.escape(title)}</title></head><body>"
                    f"<h1>\n  {markupsafe.escape(title)}\n</h1>"
                    '<a href="https://example.org/fr/hashtags/benchedit/">#BenchEdit</a>'
                    "</body></html>", encoding="utf-8")
    assert "&#39;" in page.read_text(encoding="utf-8")
    assert _page_shows(page, title) is None
    assert _page_shows(page, "fr/hashtags/benchedit/") is None
    assert _page_shows(page, "L'école (v3)") == f"{page} does not show \"L'école (v3)\""
    missing = tmp_path / "missing.html"
    assert _page_shows(missing, title) == f"{missing} is missing"


def test_the_edit_check_reads_typographic_apostrophes_and_spaces_as_typed(tmp_path):
    from bench.run import _page_shows

    page = tmp_path / "index.html"
    page.write_text("<h1>Coutume d’aujourd’hui\u202f: la route (v1)</h1>", encoding="utf-8")
    assert _page_shows(page, "Coutume d'aujourd'hui : la route (v1)") is None
    assert _page_shows(page, "Coutume d'aujourd'hui : la route (v2)") is not None
