"""Hashtags in running text become links; what only looks like one is left alone
(griot.taxonomies.inline)."""

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from griot.taxonomies.inline import HashtagExtension
from griot.taxonomies.keys import hashtag_key


def url_fr(key):
    return f"/fr/hashtags/{key}/"


def url_en(key):
    return f"/en/hashtags/{key}/"


def make_md(**options):
    extension = HashtagExtension(url_fr, **options)
    md = markdown.Markdown(extensions=["extra", "sane_lists", extension], output_format="html")
    return md, extension


def render(text, **options):
    """The parsed body of `text` rendered by the reader's configuration, and the spellings found."""
    md, extension = make_md(**options)
    source = md.convert(text)
    return lxml_html.fragment_fromstring(source, create_parent="body"), extension.found


def hashtag_links(tree):
    """(text, href) of every hashtag link, in document order."""
    return [
        (a.text_content(), a.get("href")) for a in tree.iter("a") if a.get("class") == "hashtag"
    ]


def linked(text, **options):
    tree, _ = render(text, **options)
    return hashtag_links(tree)


# --- what is linked ----------------------------------------------------------------------------


def test_hashtag_in_running_text():
    tree, found = render("Rejoignez #AntiDiscri aujourd'hui")
    (a,) = tree.findall(".//a")
    assert a.get("class") == "hashtag"
    assert a.get("href") == "/fr/hashtags/antidiscri/"
    assert a.text == "#AntiDiscri"
    assert tree.text_content() == "Rejoignez #AntiDiscri aujourd'hui"
    assert found == ["AntiDiscri"]


def test_text_is_kept_as_written_and_href_uses_the_key():
    assert linked("Pour #ÉgalitéFemmesHommes !") == [
        ("#ÉgalitéFemmesHommes", "/fr/hashtags/egalitefemmeshommes/")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fin #MaliSansVBG.", "#MaliSansVBG"),
        ("Avec #AntiDiscri, et", "#AntiDiscri"),
        ("Campagne (#16Jours)", "#16Jours"),
        ("Vraiment #AntiDiscri!", "#AntiDiscri"),
        ("Vraiment #AntiDiscri ?", "#AntiDiscri"),
        ("Voir #chapitre-2", "#chapitre"),
        ("«\u00a0#MaliSansVBG\u00a0»", "#MaliSansVBG"),
        ('Le mot "#MaliSansVBG"', "#MaliSansVBG"),
        ("L’appel “#MaliSansVBG”", "#MaliSansVBG"),
        ("Campagne —#MaliSansVBG", "#MaliSansVBG"),
        ("#AntiDiscri's goal", "#AntiDiscri"),
        ("Un #Mali_Sans_VBG ici", "#Mali_Sans_VBG"),
    ],
)
def test_hashtag_ends_before_punctuation(text, expected):
    (link,) = linked(text)
    assert link[0] == expected


def test_hashtag_at_start_of_a_line_inside_a_paragraph():
    assert [t for t, _ in linked("Rejoignez\n#MaliSansVBG #AntiDiscri")] == [
        "#MaliSansVBG",
        "#AntiDiscri",
    ]


@pytest.mark.parametrize(
    ("text", "xpath"),
    [
        ("## Rejoignez #AntiDiscri", "//h2/a"),
        ("# Rejoignez #AntiDiscri #", "//h1/a"),
        ("Rejoignez\n---------\n\nx #AntiDiscri", "//p/a"),
        ("*Rejoignez #AntiDiscri*", "//em/a"),
        ("*#AntiDiscri*", "//em/a"),
        ("**#AntiDiscri**", "//strong/a"),
        ("_#AntiDiscri_", "//em/a"),
        ("- un\n- Rejoignez #AntiDiscri", "//ul/li/a"),
        ("- #AntiDiscri est notre campagne\n- deux", "//ul/li/a"),
        ("1. #AntiDiscri\n2. deux", "//ol/li/a"),
        ("- un\n\n    - Rejoignez #AntiDiscri", "//ul/li/ul/li/a"),
        ("> Rejoignez #AntiDiscri", "//blockquote/p/a"),
        ("> #AntiDiscri", "//blockquote/p/a"),
        ("| a | b |\n|---|---|\n| #AntiDiscri | x |", "//td/a"),
        ("Terme\n:   Voir #AntiDiscri", "//dd/a"),
        ("Texte[^1]\n\n[^1]: Voir #AntiDiscri", "//div[@class='footnote']//li/p/a[1]"),
        ('<div markdown="1">Rejoignez #AntiDiscri</div>', "//div/p/a"),
        ("Une ligne  \n#AntiDiscri", "//p/a"),
        ("Une ligne<br>#AntiDiscri", "//p/a"),
        ("Une ligne<BR />#AntiDiscri", "//p/a"),
        ("Un &nbsp;#AntiDiscri", "//p/a"),
        ("\\(#AntiDiscri)", "//p/a"),
    ],
)
def test_hashtag_is_linked_inside_blocks_and_inline_markup(text, xpath):
    tree, found = render(text)
    (a,) = tree.xpath(xpath)
    assert a.get("class") == "hashtag"
    assert a.text == "#AntiDiscri"
    assert a.get("href") == "/fr/hashtags/antidiscri/"
    assert found == ["AntiDiscri"]


def test_non_latin_hashtags():
    assert linked("Pour #مالي et #Мали") == [
        ("#مالي", "/fr/hashtags/مالي/"),
        ("#Мали", "/fr/hashtags/мали/"),
    ]


def test_decomposed_accents_stay_inside_the_hashtag():
    tree, found = render("Pour #E\u0301galite\u0301 !")
    assert hashtag_links(tree) == [("#E\u0301galite\u0301", "/fr/hashtags/egalite/")]
    assert found == ["Égalité"]  # NFC, so it counts with the same spelling typed precomposed


# --- what only looks like a hashtag ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # code
        "Le code `#include` est du C",
        "```\n#AntiDiscri dans du code\n```",
        "~~~python\nx = 1  # commentaire\n~~~",
        "Avant\n\n    #AntiDiscri indenté\n",
        # URL fragments
        "Lire https://example.org/rapport#chapitre-2 en entier",
        "Lire example.org/page#top aussi",
        "Lire example.org/#top aussi",
        "Lire https://x.org/?q=1#resultats aussi",
        "Le lien <https://x.org/#a> ici",
        "Le [lien](#section) ici",
        "Le [lien](https://x.org/rapport#chapitre-2) ici",
        "Le [lien][r] ici\n\n[r]: https://x.org/#ref",
        # entities and raw HTML
        "Un &#233; et un &#x27; et &#65;",
        "Un &#233 sans point-virgule",
        'Un <a href="#x">lien brut</a> ici',
        'Un <span title="#AntiDiscri">survol</span> ici',
        '<div id="x">\n<a href="#y">#AntiDiscri</a>\n</div>',
        "Un <b>#AntiDiscri</b> en HTML brut",
        # programming languages and numbers
        "Le C# et le F# sont des langages",
        "Le numéro #1 et l'année #2024",
        "Ticket #42.",
        # e-mail-like and path-like
        "Écrire à #contact@example.org",
        "Écrire à contact@example.org#AntiDiscri",
        "Le dossier #images/2024",
        "Le chemin /docs/#AntiDiscri",
        "Le fichier #main.py",
        "Le paramètre ?tag=#AntiDiscri",
        "Le dossier C:\\#AntiDiscri",
        "Collés a#b et #a#b",
        # already a link, escaped, attribute lists, glued to other markup
        "[#MaliSansVBG](https://x.org)",
        "[Voir #MaliSansVBG ici](https://x.org)",
        "[#MaliSansVBG][r]\n\n[r]: https://x.org",
        "![Affiche #MaliSansVBG](affiche.jpg)",
        "Pas un hashtag : \\#AntiDiscri",
        "## Titre {: #ancre }",
        "Paragraphe\n{: #ancre .classe }",
        "**gras**#AntiDiscri",
        "{#AntiDiscri}",
        "Dièse seul # et ## et #-",
    ],
)
def test_left_alone(text):
    tree, found = render(text)
    assert hashtag_links(tree) == []
    assert found == []


def test_url_fragments_keep_their_links():
    tree, _ = render("Le [lien](#section) et <https://x.org/#a>")
    assert [a.get("href") for a in tree.iter("a")] == ["#section", "https://x.org/#a"]


def test_entities_are_still_entities():
    tree, _ = render("Un &#233; et un &#x27;")
    assert tree.text_content() == "Un é et un '"


def test_attribute_list_still_applies():
    tree, _ = render("## Titre #AntiDiscri {: #ancre }")
    (h2,) = tree.findall("h2")
    assert h2.get("id") == "ancre"
    assert hashtag_links(tree) == [("#AntiDiscri", "/fr/hashtags/antidiscri/")]


def test_code_keeps_its_text():
    tree, _ = render("```\n#AntiDiscri\n```\n\nEt `#MaliSansVBG`")
    assert [c.text for c in tree.iter("code")] == ["#AntiDiscri\n", "#MaliSansVBG"]


# --- headings ----------------------------------------------------------------------------------


def test_heading_text_is_not_a_hashtag():
    tree, found = render("# Titre\n\n## Autre titre ##")
    assert [h.text for h in tree.iter("h1", "h2")] == ["Titre", "Autre titre"]
    assert found == []


def test_commonmark_headings_need_a_space_by_default():
    tree, found = render("#MaliSansVBG\n\n##MaliSansVBG\n\nTexte\n#AntiDiscri")
    assert tree.findall(".//h1") == [] and tree.findall(".//h2") == []
    assert [t for t, _ in hashtag_links(tree)] == ["#MaliSansVBG", "#AntiDiscri"]
    assert "##MaliSansVBG" in tree.text_content()


def test_commonmark_headings_keep_a_trailing_hash_in_words():
    tree, _ = render("## Apprendre le C#")
    (h2,) = tree.findall("h2")
    assert h2.text_content() == "Apprendre le C#"


def test_commonmark_headings_still_close_and_interrupt():
    tree, _ = render("Texte\n# Titre #\nSuite\n\n#\n")
    assert [h.text_content() for h in tree.iter("h1")] == ["Titre", ""]
    assert [p.text_content() for p in tree.iter("p")] == ["Texte", "Suite"]


def test_python_markdown_headings_on_request():
    tree, found = render("#Titre\n\n- #Item", commonmark_headings=False)
    assert [h.text for h in tree.iter("h1")] == ["Titre", "Item"]
    assert hashtag_links(tree) == []
    assert found == []


def test_python_markdown_headings_still_link_inside_heading_text():
    tree, _ = render("## Rejoignez #AntiDiscri", commonmark_headings=False)
    (a,) = tree.xpath("//h2/a")
    assert a.text == "#AntiDiscri"


# --- the href ----------------------------------------------------------------------------------


def test_href_is_escaped():
    def url_for(key):
        return f'/fr/hashtags/{key}/?a=1&b="<x>"'

    md = markdown.Markdown(extensions=["extra", "sane_lists", HashtagExtension(url_for)])
    tree = lxml_html.fragment_fromstring(md.convert("Un #AntiDiscri"), create_parent="body")
    (a,) = tree.iter("a")
    assert a.get("href") == '/fr/hashtags/antidiscri/?a=1&b="<x>"'
    assert a.text == "#AntiDiscri"
    assert [e.tag for e in tree.iter()] == ["body", "p", "a"]


# --- one Markdown instance for many documents --------------------------------------------------


def test_reuse_with_md_reset_gives_each_document_its_own_list():
    md, extension = make_md()
    first = md.convert("Un #MaliSansVBG et #AntiDiscri")
    first_found = extension.found
    md.reset()
    extension.url_for = url_en
    second = md.convert("One #malisansvbg")
    assert first_found == ["MaliSansVBG", "AntiDiscri"]
    assert extension.found == ["malisansvbg"]
    assert hashtag_links(lxml_html.fragment_fromstring(first, create_parent="body"))[0][1] == (
        "/fr/hashtags/malisansvbg/"
    )
    assert hashtag_links(lxml_html.fragment_fromstring(second, create_parent="body")) == [
        ("#malisansvbg", "/en/hashtags/malisansvbg/")
    ]


def test_reset_with_a_given_list_and_constructor_list():
    mine = ["déjà là"]
    extension = HashtagExtension(url_fr, found=mine)
    md = markdown.Markdown(extensions=["extra", "sane_lists", extension])
    md.convert("Un #AntiDiscri")
    assert mine == ["déjà là", "AntiDiscri"]
    other = []
    assert extension.reset(other) is other
    md.convert("Un #MaliSansVBG")
    assert other == ["MaliSansVBG"]
    assert mine == ["déjà là", "AntiDiscri"]


def test_without_reset_found_accumulates():
    md, extension = make_md()
    md.convert("#A1")
    md.convert("#B2")
    assert extension.found == ["A1", "B2"]


def test_found_is_every_occurrence_in_document_order():
    text = (
        "Un #A *#B* et #a\n\n"
        "- #C\n\n    - #D\n\n"
        "> #E\n\n"
        "| x |\n|---|\n| #F |\n\n"
        "Note[^n] #G\n\n[^n]: #H\n"
    )
    tree, found = render(text)
    assert found == ["A", "B", "a", "C", "D", "E", "F", "G", "H"]
    assert [t[1:] for t, _ in hashtag_links(tree)] == found


def test_loads_by_name_with_extension_configs():
    md = markdown.Markdown(
        extensions=["extra", "griot.taxonomies.inline"],
        extension_configs={"griot.taxonomies.inline": {"url_for": url_en}},
    )
    tree = lxml_html.fragment_fromstring(md.convert("One #AntiDiscri"), create_parent="body")
    assert hashtag_links(tree) == [("#AntiDiscri", "/en/hashtags/antidiscri/")]


# --- properties --------------------------------------------------------------------------------

# Fragments that make hashtags, near-hashtags and the markup around them.
# fmt: off
_FRAGMENTS = [
    " #Mali", "#VBG", " #é", "#16", " ", " ", "\n", "Mali", "é", "C", "16", "#", "##", ".", ",",
    "(", ")", "/", "@", ":", "&", ";", "&#233;", "`", "*", "_", "[", "]", "(x)", "<", ">", "-",
    "'", "x.org/", "https://", "\\", "{:", "}", "  \n", "\n\n", "\n- ", "\n> ", "\n    ", "|",
]
# fmt: on
_prose = st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join)

_plain_md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
_hashtag_md, _hashtag_extension = make_md(commonmark_headings=False)


def _body(source):
    return lxml_html.fragment_fromstring(source, create_parent="body")


def _visible(tree):
    # Whitespace runs as a browser collapses them: Python-Markdown's prettifier turns a
    # whitespace-only tail after <br> into "\n", which a hashtag link right after can create.
    return re.sub(r"\s+", " ", tree.text_content())


@settings(max_examples=300, deadline=None)
@given(_prose)
def test_links_never_change_the_text_and_always_match_found(text):
    _plain_md.reset()
    _hashtag_md.reset()
    plain = _body(_plain_md.convert(text))
    tree = _body(_hashtag_md.convert(text))
    assert _visible(tree) == _visible(plain)
    links = hashtag_links(tree)
    assert [t[1:] for t, _ in links] == _hashtag_extension.found
    for link_text, href in links:
        assert link_text.startswith("#")
        assert href == url_fr(hashtag_key(link_text))
    for link in tree.iter("a"):
        if link.get("class") == "hashtag":
            assert list(link.iterancestors("a", "code", "pre")) == []


def test_a_list_set_as_attribute_survives_md_reset():
    md, extension = make_md()
    first, second = [], []
    extension.found = first
    md.reset()
    md.convert("Un #AntiDiscri")
    extension.found = second
    md.convert("Un #MaliSansVBG")
    md.reset()
    md.convert("Et #16Jours")
    assert first == ["AntiDiscri"]
    assert second == ["MaliSansVBG", "16Jours"]
