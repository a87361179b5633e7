"""Region and author names: folding, resolving, suggestions, header lists
(griot.taxonomies.names)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from griot.taxonomies.names import (
    AmbiguousNameError,
    NameIndex,
    UnknownNameError,
    fold,
    parse_name_list,
)

REGIONS = {
    "bamako": ["District de Bamako", "Bamako District"],
    "tombouctou": ["Tombouctou", "Timbuktu"],
    "segou": ["Ségou", "Ségou"],
    "menaka": ["Ménaka", "Ménaka"],
    "taoudenit": ["Taoudénit", "Taoudenni"],
    "dioila": ["Dioïla", "Dioïla"],
    "san": ["San", "San"],
    "mopti": ["Mopti", "Mopti"],
}


@pytest.fixture(scope="module")
def regions():
    return NameIndex(REGIONS, kind="region")


# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ségou", "segou"),
        ("SÉGOU", "segou"),
        ("Se\u0301gou", "segou"),
        ("District de Bamako", "district de bamako"),
        ("district-de-bamako", "district de bamako"),
        ("  District   de\tBamako ", "district de bamako"),
        ("Côte d’Ivoire", "cote d ivoire"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("Dioïla", "dioila"),
        ("Aminata_Traoré", "aminata traore"),
        ("", ""),
        ("—", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent_and_ignores_case(text):
    assert fold(fold(text)) == fold(text)
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


# --- NameIndex.resolve -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("tombouctou", "tombouctou"),
        ("Tombouctou", "tombouctou"),
        ("Timbuktu", "tombouctou"),
        ("TIMBUKTU", "tombouctou"),
        ("Ségou", "segou"),
        ("segou", "segou"),
        ("Segou", "segou"),
        ("District de Bamako", "bamako"),
        ("bamako district", "bamako"),
        ("Bamako", "bamako"),
        (" Ménaka ", "menaka"),
        ("Taoudenni", "taoudenit"),
        ("Dioila", "dioila"),
    ],
)
def test_resolve(regions, value, key):
    assert regions.resolve(value) == key
    assert value in regions


@pytest.mark.parametrize("value", ["Tombuctou", "Paris", "", "Bamako City"])
def test_resolve_unknown(regions, value):
    assert regions.resolve(value) is None
    assert value not in regions


def test_keys_and_len(regions):
    assert regions.keys == tuple(REGIONS)
    assert len(regions) == len(REGIONS)


def test_empty_names_are_ignored():
    index = NameIndex({"aminata": ["", "Aminata T."]}, kind="author")
    assert index.resolve("") is None
    assert index.resolve("aminata t") == "aminata"


# --- ambiguity ---------------------------------------------------------------------------------


def test_two_entries_with_one_folded_name_are_ambiguous():
    with pytest.raises(AmbiguousNameError) as error:
        NameIndex({"kayes": ["Kayes"], "kayes-ville": ["KAYÈS"]}, kind="region")
    assert error.value.name == "KAYÈS"
    assert error.value.keys == ("kayes", "kayes-ville")
    assert str(error.value) == (
        "ambiguous region name 'KAYÈS': it names both 'kayes' and 'kayes-ville' "
        "(names are compared without case or accents); give them different names"
    )


def test_a_name_equal_to_another_entry_key_is_ambiguous():
    with pytest.raises(AmbiguousNameError, match="'segou'"):
        NameIndex({"segou": ["Ségou"], "ville": ["Segou"]}, kind="region")


def test_one_entry_may_repeat_its_name_across_languages():
    index = NameIndex({"kayes": ["Kayes", "Kayes", "kayes"]}, kind="region")
    assert index.resolve("KAYES") == "kayes"


# --- closest and require -----------------------------------------------------------------------


def test_closest(regions):
    assert regions.closest("Tombuctou") == ["tombouctou"]
    assert regions.closest("Timbuctoo")[0] == "tombouctou"
    assert regions.closest("Segu") == ["segou"]
    assert regions.closest("Paris") == []


def test_closest_gives_each_key_once_and_at_most_n():
    index = NameIndex({"a1": ["Moptia", "Moptib"], "a2": ["Moptic"], "a3": ["Moptid"]})
    assert index.closest("Mopti") == ["a1", "a2", "a3"]
    assert index.closest("Mopti", n=2) == ["a1", "a2"]
    assert index.closest("Mopti", n=1) == ["a1"]


def test_closest_puts_closer_before_alphabetical():
    index = NameIndex({"a": ["Segouxx"], "z": ["Segoux"]})
    assert index.closest("Segou") == ["z", "a"]


def test_require_resolves(regions):
    assert regions.require("Timbuktu", "content/articles/x.en.md") == "tombouctou"


def test_require_suggests_the_closest_key(regions):
    with pytest.raises(UnknownNameError) as error:
        regions.require("Tombuctou", "content/articles/x.fr.md")
    assert str(error.value) == (
        "unknown region 'Tombuctou' in content/articles/x.fr.md: did you mean tombouctou?"
    )
    assert error.value.value == "Tombuctou"
    assert error.value.suggestions == ["tombouctou"]


def test_require_lists_known_keys_when_nothing_is_close(regions):
    with pytest.raises(UnknownNameError) as error:
        regions.require("Paris")
    assert str(error.value) == (
        "unknown region 'Paris': known regions are "
        "bamako, dioila, menaka, mopti, san, segou, taoudenit, tombouctou"
    )
    assert error.value.suggestions == []


def test_require_truncates_a_long_list_of_keys():
    index = NameIndex({f"auteur{i:02}": [] for i in range(12)}, kind="author")
    with pytest.raises(UnknownNameError, match=r"known authors are auteur00, .*auteur09, \.\.\.$"):
        index.require("Zz")


def test_require_with_no_entries():
    with pytest.raises(UnknownNameError, match="there is no author yet"):
        NameIndex({}, kind="author").require("aminata", "content/articles/a.fr.md")


# --- parse_name_list ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("District de Bamako, Ségou", ["District de Bamako", "Ségou"]),
        ("tombouctou", ["tombouctou"]),
        ("  Aminata  Traoré ,awa ", ["Aminata Traoré", "awa"]),
        ("Ségou, segou, SEGOU, Mopti", ["Ségou", "Mopti"]),
        ("a,,b, ,", ["a", "b"]),
        ("", []),
    ],
)
def test_parse_name_list(value, names):
    assert parse_name_list(value) == names


def test_parse_then_resolve(regions):
    values = parse_name_list("Timbuktu, District de Bamako, ségou")
    assert [regions.resolve(v) for v in values] == ["tombouctou", "bamako", "segou"]
