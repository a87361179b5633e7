"""The header table: file names, `Key: value` lines and every key's rule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from griot.content import header as hdr
from griot.core.errors import ContentError
from griot.core.problems import line_in, localize

LANGS = ("fr", "en")
BAMAKO = ZoneInfo("Africa/Bamako")


def read(text: str, path: str = "articles/a.fr.md", kind: str = "article", warn=None):
    fields, body, _ = hdr.split(text, path)
    kind, slug, lang = hdr.identify(path, LANGS)
    return hdr.normalise(fields, path=path, kind=kind, slug=slug, lang=lang, timezone=BAMAKO,
                         warn=warn or (lambda m: None)), body


class TestIdentify:
    def test_slug_and_language_come_from_the_file_name(self):
        assert hdr.identify("articles/2025/mon-article.fr.md", LANGS) == (
            "article", "mon-article", "fr")
        assert hdr.identify("regions/tombouctou.en.md", LANGS) == ("region", "tombouctou", "en")

    def test_missing_language_suggests_names(self):
        with pytest.raises(ContentError) as err:
            hdr.identify("articles/Mon Article.md", LANGS)
        assert "does not say its language" in err.value.message
        assert "mon-article.fr.md" in err.value.fix and "mon-article.en.md" in err.value.fix

    def test_unknown_language_suggests_the_closest(self):
        with pytest.raises(ContentError) as err:
            hdr.identify("articles/a.fn.md", LANGS)
        assert "'fn' is not one of the site's languages" in err.value.message
        assert "a.fr.md" in err.value.fix

    def test_slug_must_be_lowercase_ascii(self):
        with pytest.raises(ContentError) as err:
            hdr.identify("articles/Égalité_Filles.fr.md", LANGS)
        assert err.value.fix.startswith("rename it to egalite-filles.fr.md")

    def test_unknown_folder(self):
        with pytest.raises(ContentError, match="not in a known content folder"):
            hdr.identify("posts/a.fr.md", LANGS)


class TestSplit:
    def test_keys_are_case_insensitive_and_continuations_join(self):
        fields, body, first = hdr.split(
            "TITLE: Un titre\nContent-Warning: violences\n  conjugales\n\nLe texte.\n", "x")
        assert fields["title"].value == "Un titre"
        assert fields["content_warning"] == hdr.Field("violences conjugales", 2, "Content-Warning")
        assert body == "Le texte." and first == 5

    def test_duplicate_key_names_both_lines(self):
        with pytest.raises(ContentError) as err:
            hdr.split("Title: a\ntitle: b\n\nx", "articles/a.fr.md")
        assert err.value.line == 2 and "first on line 1" in err.value.message

    def test_a_line_that_is_not_a_key_in_the_header(self):
        with pytest.raises(ContentError) as err:
            hdr.split("Title: a\nthis is text\n\nx", "articles/a.fr.md")
        assert err.value.line == 2 and "blank line" in err.value.fix

    def test_no_header_at_all(self):
        assert hdr.split("Just text.\n", "x")[0] == {}


class TestNormalise:
    def test_full_article(self):
        meta, body = read(
            "Title: Titre\nDate: 2025-11-25 09:30\nAuthors: fatou, oumar\n"
            "Hashtags: #MaliSansVBG, 16Jours #AntiDiscri\nRegions: gao, Ménaka\n"
            "Cover: {static}/images/a.jpg\nCover_Alt: Une radio\nStatus: Draft\n"
            "Translation_Key: cle\nLicense: CC BY-SA 4.0\nModified: 2025-12-01\n\nCorps")
        assert meta.date == datetime(2025, 11, 25, 9, 30, tzinfo=BAMAKO)
        assert meta.authors == ("fatou", "oumar")
        assert meta.hashtags == ("MaliSansVBG", "16Jours", "AntiDiscri")
        assert meta.regions == ("gao", "Ménaka")
        assert meta.cover == "images/a.jpg"
        assert meta.status == "draft" and meta.translation_key == "cle"
        assert meta.line_of("regions") == 5
        assert body == "Corps"

    def test_translation_key_defaults_to_the_slug(self):
        meta, _ = read("Title: T\nDate: 2025-01-02\nAuthor: mariam\n\nx")
        assert meta.translation_key == "a" and meta.status == "published"

    @pytest.mark.parametrize("missing, line", [("Title", "Date: 2025-01-02\nAuthor: m"),
                                               ("Date", "Title: T\nAuthor: m"),
                                               ("Author", "Title: T\nDate: 2025-01-02")])
    def test_required_keys(self, missing, line):
        with pytest.raises(ContentError) as err:
            read(line + "\n\nx")
        assert f"no '{missing}'" in err.value.message and missing in err.value.fix

    @pytest.mark.parametrize("value", ["2025-13-01", "25/11/2025", "2025-02-30", "demain"])
    def test_unreadable_dates_name_the_line_and_the_format(self, value):
        with pytest.raises(ContentError) as err:
            read(f"Title: T\nAuthor: m\nDate: {value}\n\nx")
        assert err.value.line == 3 and "YYYY-MM-DD" in err.value.fix

    def test_status_typo_suggests(self):
        with pytest.raises(ContentError) as err:
            read("Title: T\nAuthor: m\nDate: 2025-01-01\nStatus: drfat\n\nx")
        assert "did you mean draft" in err.value.fix

    def test_cover_needs_alt(self):
        with pytest.raises(ContentError) as err:
            read("Title: T\nAuthor: m\nDate: 2025-01-01\nCover: images/a.jpg\n\nx")
        assert "Cover_Alt" in err.value.fix and err.value.line == 4

    def test_cover_cannot_leave_content(self):
        with pytest.raises(ContentError, match="not a path inside content"):
            read("Title: T\nAuthor: m\nDate: 2025-01-01\nCover: ../secret.jpg\nCover_Alt: x\n\nx")

    def test_unknown_key_warns_with_a_suggestion(self):
        warnings = []
        read("Title: T\nAuthor: m\nDate: 2025-01-01\nHashtag: x\nSumary: s\n\nx",
             warn=warnings.append)
        assert any("unknown header key 'Sumary'" in w and "Summary" in w for w in warnings)
        assert any("'Hashtag'" in w and "fix:" in w for w in warnings)

    def test_author_and_authors_together(self):
        with pytest.raises(ContentError, match="repeats"):
            read("Title: T\nAuthor: m\nAuthors: n\nDate: 2025-01-01\n\nx")

    def test_region_file_coordinates(self):
        fields, _, _ = hdr.split("Title: Gao\nLatitude: 16,2666\nLongitude: 200\n\nx", "r")
        with pytest.raises(ContentError, match="out of range"):
            hdr.normalise(fields, path="regions/gao.fr.md", kind="region", slug="gao",
                          lang="fr", timezone=BAMAKO)


def test_a_misspelt_required_key_is_named():
    with pytest.raises(ContentError) as err:
        read("Titel: T\nDate: 2025-01-01\nAuthor: m\n\nx")
    assert err.value.line == 1 and "'Titel' is not a key" in err.value.message
    assert err.value.fix == "write 'Title:' instead of 'Titel:'"
    assert localize(err.value.fix, "fr") == (
        "écrivez «\u00a0Titre:\u00a0» au lieu de «\u00a0Titel:\u00a0»")


FRENCH_HEADER = """Titre: Un titre
Date: 2025-01-01
Auteurs: mariam, fatou
Région: kayes
Résumé: Un résumé
Couverture: images/a.jpg
Couverture_Alt: Une photo
Avertissement: violences conjugales
Statut: brouillon
Modifié: 2025-01-02
Clé_Traduction: une-cle
Licence: CC BY-SA 4.0

x"""


def test_the_french_key_names_mean_the_english_ones():
    header, _ = read(FRENCH_HEADER)
    assert (header.title, header.authors, header.regions, header.summary) == (
        "Un titre", ("mariam", "fatou"), ("kayes",), "Un résumé")
    assert (header.cover, header.cover_alt, header.content_warning) == (
        "images/a.jpg", "Une photo", "violences conjugales")
    assert (header.status, header.translation_key, header.license) == (
        "draft", "une-cle", "CC BY-SA 4.0")
    assert header.modified == datetime(2025, 1, 2, tzinfo=BAMAKO)
    assert header.line_of("content_warning") == 8


@pytest.mark.parametrize("spelling", ["REGION", "région", "Region", "RÉGIONS", "clé traduction",
                                      "cle-traduction", "RÉSUMÉ"])
def test_accents_and_case_in_key_names_do_not_matter(spelling):
    value = "kayes" if "gion" in spelling.lower() else "x-y"
    warned = []
    read(f"Title: T\nDate: 2025-01-01\nAuthor: m\n{spelling}: {value}\n\nx",
         warn=warned.append)
    assert warned == []


@pytest.mark.parametrize("word, status", [("brouillon", "draft"), ("publié", "published"),
                                          ("Publie", "published"), ("caché", "hidden")])
def test_french_status_words_are_statuses(word, status):
    header, _ = read(f"Title: T\nDate: 2025-01-01\nAuthor: m\nStatut: {word}\n\nx")
    assert header.status == status


@pytest.mark.parametrize("typed, fr, en", [
    ("Avertisement", "Vouliez-vous dire «\u00a0Avertissement\u00a0» (Content_Warning)\u00a0?",
     "Did you mean 'Avertissement' (Content_Warning)?"),
    ("Content_Warnin", "Vouliez-vous dire «\u00a0Content_Warning\u00a0» (Avertissement)\u00a0?",
     "Did you mean 'Content_Warning' (Avertissement)?"),
    ("Sumary", "Vouliez-vous dire «\u00a0Summary\u00a0» (Résumé)\u00a0?",
     "Did you mean 'Summary' (Résumé)?"),
])
def test_an_unknown_key_gets_did_you_mean_in_both_directions(typed, fr, en):
    warned = []
    read(f"Title: T\nDate: 2025-01-01\nAuthor: m\n{typed}: x\n\nx", warn=warned.append)
    [problem] = warned
    assert problem.line == 4 and problem.severity == "warning"
    assert line_in(problem, "en") == (
        f"articles/a.fr.md:4: warning: unknown header key '{typed}' in an article file. {en} "
        "(correct or remove the line (the published site is built only when no such warning "
        "is left))")
    assert line_in(problem, "fr").startswith(
        f"articles/a.fr.md:4: avertissement: clé d’en-tête inconnue «\u00a0{typed}\u00a0» dans "
        f"le fichier d’un article. {fr} (corrigez")


def test_a_day_first_date_gets_the_iso_form_in_the_fix():
    with pytest.raises(ContentError) as err:
        read("Titre: T\nDate: 28/11/2025\nAuteur: m\n\nx")
    problem = err.value.problem()
    assert line_in(problem, "fr") == (
        "articles/a.fr.md:2: erreur: «\u00a0Date\u00a0» «\u00a028/11/2025\u00a0» n’est pas une "
        "date (écrivez la date sous la forme AAAA-MM-JJ\u00a0: 2025-11-28)")
    assert line_in(problem, "en") == (
        "articles/a.fr.md:2: error: 'Date' '28/11/2025' is not a date "
        "(write the date as YYYY-MM-DD: 2025-11-28)")


def test_a_missing_title_is_named_in_the_blogger_s_language():
    with pytest.raises(ContentError) as err:
        read("Date: 2025-01-01\nAuteur: m\n\nx")
    problem = err.value.problem()
    assert line_in(problem, "fr") == (
        "articles/a.fr.md:1: erreur: l’en-tête n’a pas de «\u00a0Titre\u00a0» (ajoutez une "
        "ligne comme «\u00a0Titre\u00a0: Mon titre\u00a0» en haut du fichier)")
    assert line_in(problem, "en") == (
        "articles/a.fr.md:1: error: the header has no 'Title' (add a line such as "
        "'Title: My title' at the top of the file)")
