"""Hashtag keys, header lists, display forms and near misses (griot.taxonomies.keys)."""

from collections import Counter

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from griot.taxonomies.keys import (
    HashtagError,
    display_form,
    hashtag_key,
    is_hashtag_char,
    near_misses,
    osa_distance,
    parse_hashtag_list,
)

# --- hashtag_key -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("#ÉgalitéFemmesHommes", "egalitefemmeshommes"),
        ("#egalitefemmeshommes", "egalitefemmeshommes"),
        ("ÉGALITÉFEMMESHOMMES", "egalitefemmeshommes"),
        ("#MaliSansVBG", "malisansvbg"),
        ("MaliSansVBG", "malisansvbg"),
        ("#16Jours", "16jours"),
        ("#Mali_Sans_VBG", "malisansvbg"),
        ("#Égalité-Femmes", "egalitefemmes"),
        ("  #AntiDiscri  ", "antidiscri"),
        # Decomposed accents (NFD, as some keyboards and macOS produce) fold the same.
        ("#E\u0301galite\u0301", "egalite"),
        ("#Straße", "strasse"),
        ("#ﬁlles", "filles"),  # compatibility ligature
        # Non-Latin letters are kept: Arabic, N'Ko (Bambara; tone marks are accents), Cyrillic.
        ("#مالي", "مالي"),
        ("#ߓߡߊߣߊ߲", "ߓߡߊߣߊ"),
        ("#Мали", "мали"),
        ("#Diyarbakır", "diyarbakir"),
    ],
)
def test_key_rule(text, key):
    assert hashtag_key(text) == key


@pytest.mark.parametrize("text", ["#2024", "#", "", "   ", "#1", "#___", "#-", "##", "#١٢"])
def test_key_needs_a_letter(text):
    with pytest.raises(HashtagError) as error:
        hashtag_key(text)
    assert error.value.value == text
    assert repr(text) in str(error.value)


def test_key_error_explains_numbers():
    with pytest.raises(HashtagError, match="at least one letter"):
        hashtag_key("#2024")


def _key_or_none(text):
    try:
        return hashtag_key(text)
    except HashtagError:
        return None


@given(st.text())
@example("ℌ")  # NFKD of this capital-like letter is a capital H
@example("İ")  # casefold emits a combining dot
@example("ǅ")
def test_key_is_idempotent_and_alnum(text):
    key = _key_or_none(text)
    assume(key is not None)
    assert hashtag_key(key) == key
    assert hashtag_key("#" + key) == key
    assert key and all(c.isalnum() for c in key)
    assert any(c.isalpha() for c in key)
    assert key == key.casefold()


@given(st.text())
@example("ß")
@example("ﬀ")
@example("ı")  # dotless i: its capital is I
@example("\u0345")  # a combining mark whose capital is the letter iota
def test_key_ignores_case(text):
    key = _key_or_none(text)
    assert _key_or_none(text.upper()) == key
    assert _key_or_none(text.lower()) == key


@given(st.text(alphabet="aeiouyncAEIOUYNC", min_size=1), st.data())
def test_key_ignores_accents(base, data):
    accents = ["\u0301", "\u0300", "\u0302", "\u0308", "\u0303", "\u0327"]
    accented = "".join(c + data.draw(st.sampled_from(["", *accents])) for c in base)
    assert hashtag_key(accented) == hashtag_key(base)


# --- parse_hashtag_list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spellings"),
    [
        ("MaliSansVBG, AntiDiscri", ["MaliSansVBG", "AntiDiscri"]),
        ("#MaliSansVBG #AntiDiscri", ["MaliSansVBG", "AntiDiscri"]),
        ("#MaliSansVBG,#AntiDiscri ,  16Jours", ["MaliSansVBG", "AntiDiscri", "16Jours"]),
        ("#MaliSansVBG#AntiDiscri", ["MaliSansVBG", "AntiDiscri"]),
        ("\t#MaliSansVBG\n", ["MaliSansVBG"]),
        ("", []),
        (" , # ,", []),
        # Duplicates by key: the first spelling is kept, order kept.
        ("MaliSansVBG, malisansvbg, AntiDiscri, #MALISANSVBG", ["MaliSansVBG", "AntiDiscri"]),
        ("Égalité egalite", ["Égalité"]),
        ("Mali_Sans_VBG", ["Mali_Sans_VBG"]),
    ],
)
def test_parse_hashtag_list(value, spellings):
    assert parse_hashtag_list(value) == spellings


def test_parse_hashtag_list_normalises_spellings_to_nfc():
    assert parse_hashtag_list("#E\u0301galite\u0301") == ["Égalité"]


@pytest.mark.parametrize(
    ("value", "token"),
    [
        ("MaliSansVBG, 2024", "2024"),
        ("#AntiDiscri #1", "1"),
        ("MaliSansVBG; AntiDiscri", "MaliSansVBG;"),
        ("Égalité-Femmes", "Égalité-Femmes"),
        ("https://example.org", "https://example.org"),
    ],
)
def test_parse_hashtag_list_names_the_bad_token(value, token):
    with pytest.raises(HashtagError) as error:
        parse_hashtag_list(value)
    assert error.value.value == token
    assert repr(token) in str(error.value)


def test_parse_hashtag_list_tells_how_to_separate():
    with pytest.raises(HashtagError, match="commas or spaces"):
        parse_hashtag_list("MaliSansVBG; AntiDiscri")


def test_hashtag_chars():
    assert all(is_hashtag_char(c) for c in "aZ9_éß\u0301ߓ")
    assert not any(is_hashtag_char(c) for c in " -.,;:#@/'’(«")


# --- display_form ------------------------------------------------------------------------------


def test_display_form_prefers_the_campaign_hashtag():
    spellings = Counter({"malisansvbg": 10, "MaliSansVbg": 3})
    assert display_form(spellings, "MaliSansVBG") == "MaliSansVBG"
    assert display_form(spellings, "#MaliSansVBG") == "MaliSansVBG"
    assert display_form(Counter(), "MaliSansVBG") == "MaliSansVBG"


def test_display_form_is_the_most_used_spelling():
    spellings = Counter({"MaliSansVBG": 1, "malisansvbg": 3, "MALISANSVBG": 2})
    assert display_form(spellings, None) == "malisansvbg"
    assert display_form(spellings, "") == "malisansvbg"


def test_display_form_breaks_ties_by_capitals_then_code_points():
    assert display_form(Counter({"malisansvbg": 2, "MaliSansVBG": 2}), None) == "MaliSansVBG"
    assert display_form(Counter({"MaliSansVbg": 1, "MaliSansvBg": 1}), None) == "MaliSansVbg"
    assert display_form(Counter({"égalité": 1, "egalité": 1}), None) == "egalité"


@given(st.lists(st.sampled_from(["MaliSansVBG", "malisansvbg", "Malisansvbg", "MALISANSvbg"])))
def test_display_form_does_not_depend_on_reading_order(spellings):
    assume(spellings)
    assert display_form(Counter(spellings), None) == display_form(
        Counter(reversed(spellings)), None
    )


def test_display_form_merges_nfc_and_hash():
    spellings = Counter({"E\u0301galite\u0301": 1, "Égalité": 1, "#Égalité": 1, "egalite": 2})
    assert display_form(spellings, None) == "Égalité"


def test_display_form_needs_something():
    with pytest.raises(ValueError, match="at least one spelling"):
        display_form(Counter(), None)
    with pytest.raises(ValueError):
        display_form(Counter({"x": 0}), "  ")


# --- osa_distance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("abc", "abc", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("malisansvgb", "malisansvbg", 1),  # transposition
        ("malisansvbg", "malisanvbg", 1),  # deletion
        ("malisansvbg", "malisanssvbg", 1),  # insertion
        ("malisansvbg", "malisansvbh", 1),  # substitution
        ("antidiscri", "antidsicri", 1),
        ("ca", "abc", 3),  # OSA, unlike true Damerau-Levenshtein (2), edits a substring once
        ("kitten", "sitting", 3),
        ("16jours", "16jour", 1),
    ],
)
def test_osa_distance(a, b, distance):
    assert osa_distance(a, b) == distance


def _levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


words = st.text(alphabet="abcdé", max_size=8)


@given(words, words)
def test_osa_is_symmetric_and_zero_only_when_equal(a, b):
    distance = osa_distance(a, b)
    assert distance == osa_distance(b, a)
    assert (distance == 0) == (a == b)


@given(words, words)
def test_osa_bounds(a, b):
    distance = osa_distance(a, b)
    assert abs(len(a) - len(b)) <= distance <= max(len(a), len(b))
    # Each transposition is two Levenshtein edits: osa <= levenshtein <= 2 * osa.
    assert distance <= _levenshtein(a, b) <= 2 * distance


@given(words, words, words)
def test_osa_triangle_within_a_factor_two(a, b, c):
    # OSA is not a metric (ca -> ac -> abc), but Levenshtein is, which bounds it.
    assert osa_distance(a, c) <= 2 * (osa_distance(a, b) + osa_distance(b, c))


@given(st.text(alphabet="abcdé", min_size=2, max_size=8), st.data())
def test_osa_one_edit_is_one(word, data):
    i = data.draw(st.integers(0, len(word) - 2))
    assume(word[i] != word[i + 1])
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    assert osa_distance(word, swapped) == 1
    assert osa_distance(word, word[:i] + word[i + 1 :]) == 1
    assert osa_distance(word, word[:i] + "z" + word[i:]) == 1


# --- near_misses -------------------------------------------------------------------------------

CAMPAIGNS = ["malisansvbg", "antidiscri", "16jours", "egalitefemmeshommes", "vbg"]


def test_near_miss_of_a_swapped_letter():
    assert near_misses("malisansvgb", CAMPAIGNS) == ["malisansvbg"]


def test_near_misses_up_to_two_edits_for_long_keys():
    assert near_misses("malisanvgb", CAMPAIGNS) == ["malisansvbg"]  # deletion + transposition
    assert near_misses("malisnvgb", CAMPAIGNS) == []  # three edits
    assert near_misses("egalitefemmehomme", CAMPAIGNS) == ["egalitefemmeshommes"]


def test_short_keys_allow_one_edit_only():
    assert near_misses("vgb", CAMPAIGNS) == ["vbg"]
    assert near_misses("vbgs", CAMPAIGNS) == ["vbg"]
    assert near_misses("gvbx", CAMPAIGNS) == []  # two edits from "vbg"
    # Long key, short campaign: the shorter decides.
    assert near_misses("vbgxyz", ["vbgx"]) == []


def test_near_misses_closest_first_then_alphabetical():
    campaigns = ["malisansvbh", "malisansvbg", "malisansvbgs", "malisanvbgx"]
    # vbg and vbh: one substitution each; vbgs: two edits; malisanvbgx: three.
    assert near_misses("malisansvbj", campaigns) == ["malisansvbg", "malisansvbh", "malisansvbgs"]


def test_a_campaign_key_is_not_a_near_miss():
    assert near_misses("malisansvbg", CAMPAIGNS) == []
    assert near_misses("vbg2024", ["vbg2023", "vbg2024"]) == []
    assert near_misses("vbg2025", ["vbg2024", "vbg2023"]) == ["vbg2023", "vbg2024"]


def test_unrelated_hashtags_have_no_near_miss():
    assert near_misses("education", CAMPAIGNS) == []
    assert near_misses("anything", []) == []
    assert near_misses("malisansvgb", iter(CAMPAIGNS)) == ["malisansvbg"]
