"""The fast inline processor (griot.reader.fastinline) gives byte-identical HTML to
Python-Markdown's own, with the reader's extensions, on every syntax `extra` knows."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagPattern
from markdown.treeprocessors import InlineProcessor as StockInlineProcessor

from bench.corpus import generate
from griot.content.header import split
from griot.core import compat
from griot.images.mdext import ImagesExtension
from griot.reader import fastinline
from griot.reader.body import BodyRenderer
from griot.reader.fastinline import FastInlineProcessor, match_starts
from griot.taxonomies.inline import HashtagExtension

ROOT = Path(__file__).resolve().parents[2]


# --- extensions only these tests use: shapes the fast processor must always try ----------------


class _Letters(InlineProcessor):
    """Starts with a class (\\w): cannot be told from its first character."""

    def handleMatch(self, m, data):  # noqa: N802
        el = etree.Element("var")
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


class _Percent(InlineProcessor):
    """Starts with a digit, which placeholders contain: must be tried after every match."""

    def handleMatch(self, m, data):  # noqa: N802
        el = etree.Element("data")
        el.text = m.group(0)
        return el, m.start(0), m.end(0)


class _Rejecting(InlineProcessor):
    """Matches `+` but accepts only `+ok+`: handleMatch says no to the others."""

    def handleMatch(self, m, data):  # noqa: N802
        if m.group(1) != "ok":
            return None, None, None
        el = etree.Element("ins")
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


class OddPatterns(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(_Letters(r"(?i)x(\w+)x", md), "letters", 65)
        md.inlinePatterns.register(_Percent(r"\d+%", md), "percent", 55)
        md.inlinePatterns.register(_Rejecting(r"\+(\w+)\+", md), "rejecting", 45)
        # Old style: matched as `^(.*?)(~~)(.+?)~~(.*)$` against the rest of the text.
        md.inlinePatterns.register(SimpleTagPattern(r"(~~)(.+?)~~", "del"), "del", 35)


def make(fast: bool, odd: bool = False) -> tuple[BodyRenderer, HashtagExtension]:
    hashtags = HashtagExtension(url_for=lambda key: f"/fr/hashtags/{key}/")
    extensions = [hashtags, ImagesExtension()]
    if odd:
        extensions.append(OddPatterns())
    return BodyRenderer(extensions, fast_inline=fast), hashtags


@pytest.fixture(scope="module")
def pair():
    """(fast, stock) renderers, each reused across documents as the reader does."""
    fast, stock = make(True), make(False)
    assert type(fast[0].md.treeprocessors["inline"]) is FastInlineProcessor
    assert type(stock[0].md.treeprocessors["inline"]) is StockInlineProcessor
    return fast, stock


@pytest.fixture(scope="module")
def odd_pair():
    fast, stock = make(True, odd=True), make(False, odd=True)
    assert type(fast[0].md.treeprocessors["inline"]) is FastInlineProcessor
    return fast, stock


def output(renderer_and_hashtags, text: str):
    renderer, hashtags = renderer_and_hashtags
    body = renderer.render(text, None)
    return body.html, body.summary_html, body.summary_text, list(hashtags.found)


def assert_same(renderers, text: str) -> str:
    fast, stock = renderers
    expected = output(stock, text)
    assert output(fast, text) == expected, text
    return expected[0]


DOCUMENTS = {
    "table": """
| Nom | Ville | *Note* |
|:----|:-----:|-------:|
| Awa | `Gao` | **12** |
| A \\| B | [lien](http://x.org) | #Tag |
| &amp; | <b>gras</b> | 3 * 4 * 5 |
""",
    "footnotes": """
Une phrase[^1] et une autre[^note], encore la première[^1] et une absente[^nope].

[^1]: La *note* avec un [lien](https://example.org) et #Hashtag.
[^note]:
    Premier paragraphe de la note.

    Second paragraphe, `code` et **gras**.
""",
    "abbreviations": """
Le HTML et le W3C, pas HTMLX ni le w3c. *HTML* en italique, [HTML](http://x.org).

*[HTML]: Hyper Text Markup Language
*[W3C]:  World Wide Web Consortium
""",
    "definition lists": """
Bamako
:   Capitale du *Mali*, voir #Bamako.
:   Seconde définition avec `code`.

Gao
Tombouctou
:   Deux termes, une [définition](#x).
""",
    "attribute lists": """
# Titre {: #ancre .classe }

Paragraphe avec attributs.
{: .large data-x="1" }

Un [lien](http://x.org){: .bouton target="_blank" } et *emphase*{: .rouge } et
![image](http://x.org/a.png){: width="10" }.

| a | b |
|---|---|
| 1 | 2 |
{: .tableau }
""",
    "fenced code": """
```python
def f(x):  # #commentaire *pas* de _markdown_
    return x ** 2 < 3 & 4
```

~~~ { .html #code-id }
<b>gras</b> &amp; [lien](u)
~~~

    indented *code* #Tag
""",
    "md_in_html": """
<div markdown="1">
Dans un *div* avec #Hashtag et [lien](http://x.org).

- liste
- dans le div
</div>

<section markdown="block">
**Gras** dans une section.
</section>

<p markdown="span">Un *span* et `code`.</p>

<div>
*pas de markdown* ici #Tag
</div>
""",
    "links": """
[inline](http://x.org "Titre") [vide]() [crochets [imbriqués] ici](http://x.org/a_(b))
[angle](<http://x.org/a b>) [ref complète][r1] [ref vide][] [r1] [absent][nope]
[non lien] et [^pas-une-note] et [lien *emphase* `code`](http://x.org/*a*_b_)
[multi
ligne](http://x.org) et [r2]

[r1]: http://x.org/r1 "Ref un"
[r2]: <http://x.org/r2> 'Ref deux'
[ref vide]: http://x.org/vide
""",
    "images": """
![alt](http://x.org/a.png "Titre") ![](http://x.org/vide.png) ![ref][i1] ![i1]
![alt *em*](/images/local.jpg) ![échappé \\]](http://x.org/b.png)

[i1]: http://x.org/i1.png
""",
    "autolinks and entities": """
<https://example.org/a?b=c&d=e> <mailto:a@b.org> <awa@example.org> <not a link>
&amp; &copy; &#169; &#xA9; &notanentity; & seul; AT&T &#233; &#x27; &#65;
&nbsp;#Tag et <b>#Tag</b> et < 3 et 4 > 2
""",
    "escapes": """
\\*pas em\\* \\_ \\` \\\\ \\# \\[ \\] \\( \\) \\! \\< \\> \\{ \\} \\. \\- \\+ \\|
\\\\*em* et \\\\\\*pas\\\\\\* et `\\*code\\*` et \\(#Tag) et \\#Tag
""",
    "emphasis": """
*a* **b** ***c*** _d_ __e__ ___f___ *a **b** c* **a *b* c** _a __b__ c_
snake_case_word un*frigging*believable 2 * 3 * 4 _ seul * seul
**non fermé *mixte** __a_b__ *`code`* **[lien](u)** *#Tag* **#Tag** _#Tag_
*** ** * ___ __ _ *a*b* **a**b** a**b**c a__b__c *a_b* _a*b_
*multi
ligne* et **gras
sur deux**
""",
    "line breaks": "Ligne un  \nLigne deux<br>Ligne trois<BR />#Tag\nLigne quatre   \n#Tag2\n",
    "raw html": """
Un <span class="x" title="#Tag">survol</span> et <!-- commentaire *x* --> et <?php echo 1; ?>
et <![CDATA[ *x* ]]> et <img src="http://x.org/a.png" alt="a"> et </fin> et <a href="#y">#Tag</a>

<div id="bloc">
*pas de markdown*
</div>

<!-- bloc
commentaire -->
""",
    "backticks": """
`code` ``a ` b`` \\`pas code\\` \\\\`code` ```trois``` ` espaces `
`*pas em*` `#Tag` `<b>` `&amp;` `[x](u)`

`non fermé et ``deux `` suite *em*
""",
    "hashtags": """
Pour #ÉgalitéFemmesHommes ! Fin #MaliSansVBG. Avec #AntiDiscri, et (#16Jours) et
« #Mali » et “#Mali” et —#Mali et #AntiDiscri's et #Mali_Sans_VBG.
Le C# et F#, #1, #2024, #contact@example.org, #images/2024, #main.py, a#b, #a#b,
https://example.org/rapport#chapitre-2 et [lien](#section) et **gras**#Tag et {#Tag}
Pour #مالي et #Мали et #E\u0301galite\u0301.

#MaliSansVBG au début

- #Liste en tête
- deux #Tag

> #Citation et #Tag

## Titre avec #Tag

## Titre {: #ancre }
""",
    "lists": """
1. un *a*
2. deux

3. trois avec paragraphe

    suite du trois

- puce après une liste ordonnée
* autre puce

    - imbriquée **gras**
        1. très imbriquée

4) pas une liste
""",
    "headings and quotes": """
Titre setext
============

Sous-titre *em*
---------------

# ATX #
###### six ######
####### sept

> citation *em*
> > imbriquée [lien](u)
>
> - liste dans citation

---
***
""",
    "placeholder look-alikes": """
klzzwxh:0001 et wzxhzdk:0 et \x02klzzwxh:0000\x03 et 0001 et \x02 seul \x03
*klzzwxh:0002* [klzzwxh:0003](u)
""",
    "unicode": "Écrire à l’équipe — « Bamako » 🇲🇱 *ñ* _ü_ **東京** مالي #مالي\n",
    "everything in one paragraph": (
        "Le *Mali* et **Bamako** [lien](http://x.org) `code` ![img](http://x.org/i.png) "
        "<https://x.org> <a@b.org> <b>html</b> &amp; \\* #Tag ligne  \nsuite "
        "[^1] *[HTML] HTML\n\n[^1]: note\n\n*[HTML]: Hyper\n"
    ),
    "empty": "",
    "blank": "\n\n   \n",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_same_html_as_stock(pair, name):
    html = assert_same(pair, DOCUMENTS[name])
    if DOCUMENTS[name].strip():
        assert html  # the comparison compared something


def test_the_documents_use_what_they_claim(pair):
    """Guards the test itself: each syntax really produced its HTML."""
    fast, _ = pair
    html = {name: output(fast, text)[0] for name, text in DOCUMENTS.items()}
    for name, needle in [
        ("table", "<td style"),
        ("footnotes", 'class="footnote-ref"'),
        ("abbreviations", "<abbr"),
        ("definition lists", "<dd>"),
        ("attribute lists", 'class="bouton"'),
        ("fenced code", 'class="language-python"'),
        ("md_in_html", "<em>span</em>"),
        ("links", 'title="Ref un"'),
        ("images", "<img"),
        ("autolinks and entities", "&#109;&#97;&#105;&#108;"),  # mailto, obfuscated
        ("autolinks and entities", "&copy;"),
        ("escapes", "*pas em*"),
        ("emphasis", "<strong>"),
        ("line breaks", "Ligne un<br>\n"),
        ("raw html", "<!-- commentaire"),
        ("backticks", "<code>"),
        ("hashtags", 'class="hashtag"'),
        ("lists", "<ol>"),
        ("headings and quotes", "<h6>"),
    ]:
        assert needle in html[name], (name, needle)


def test_every_document_at_once(pair):
    """Placeholder numbers past 0009 and several reference definitions in one text."""
    assert_same(pair, "\n\n".join(DOCUMENTS[name] for name in sorted(DOCUMENTS)))


def test_patterns_of_unknown_shape_are_always_tried(odd_pair):
    html = assert_same(odd_pair, (
        "Un xMotx et XautreX, 12% et 100 %, +ok+ +non+ +ok+, ~~barré~~ et *~~em~~* "
        "[lien 5%](u) `7%` et #Tag 9%\n\n"
        "*a* **b** [c](d) 1% 2% 3% 4% 5% 6% 7% 8% 9% 10% 11% 12%"
    ))
    for needle in ("<var>Mot</var>", "<data>12%</data>", "<ins>ok</ins>", "<del>barré</del>"):
        assert needle in html


class _Digits(Extension):
    """A pattern that also matches the digits of placeholders (a mangled output, but the stock
    processor's): a text without digits gains some once a pattern before it matched."""

    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(_Percent(r"[0-9]+", md), "digits", 55)


def test_patterns_matching_placeholder_characters_see_them():
    text = "Un *mot* et [x](u) ici"
    fast = BodyRenderer([_Digits()]).md
    stock = BodyRenderer([_Digits()], fast_inline=False).md
    assert type(fast.treeprocessors["inline"]) is FastInlineProcessor
    html = stock.convert(text)
    assert "<data>000" in html  # the placeholders' digits were matched
    assert fast.convert(text) == html


# Pieces that start, end or look like inline (and some block) syntax, for random documents.
_TOKENS = [
    "mot", "Bamako", "é", "12", " ", " ", " ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`",
    "``", "\\", "[", "]", "(", ")", "![", "](", "](u)", "<", ">", "&", "&amp;", "&#233;", ";",
    "#", "#Tag", "#1", ":", "|", "- ", "1. ", "> ", "{: .c }", "[^1]", "\n\n[^1]: note ",
    "\n\n*[mot]: Un mot", "<b>", "</b>", "<br>", "<!-- c -->", "<https://x.org/a>", "<a@b.org>",
    "http://x.org", "\n    ", "\n```\n", "~", "~~", "%", "+", "x", "klzzwxh:0001", "\n\n[r]: u",
    "[r]", "'", '"', "@", "/",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=60))
def test_random_documents(tokens):
    assert_same(_RANDOM_PAIR, "".join(tokens))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=60))
def test_random_documents_with_unknown_patterns(tokens):
    assert_same(_RANDOM_ODD_PAIR, "".join(tokens))


# Hypothesis cannot take function-scoped fixtures; these are built once.
_RANDOM_PAIR = (make(True), make(False))
_RANDOM_ODD_PAIR = (make(True, odd=True), make(False, odd=True))


def test_benchmark_corpus_sample(pair, tmp_path):
    generate(tmp_path, pairs=8, seed=11)
    paths = sorted((tmp_path / "content").rglob("*.md"))
    assert len(paths) > 20
    for path in paths:
        _, body, _ = split(path.read_text(encoding="utf-8"), str(path))
        assert_same(pair, body)


def test_sample_site(pair):
    paths = sorted((ROOT / "content").rglob("*.md"))
    assert len(paths) > 20
    hashtags = 0
    for path in paths:
        _, body, _ = split(path.read_text(encoding="utf-8"), str(path))
        html = assert_same(pair, body)
        hashtags += html.count('class="hashtag"')
    assert hashtags  # the sample site exercises running-text hashtags


# --- how the patterns are read -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("regex", "starts"),
    [
        (r"\*|_", {"*", "_"}),
        (r"(?<!\!)\[", {"["}),
        (r"\!\[", {"!["}),
        (r"  \n", {"  \n"}),
        (r"#(?=\w)", {"#"}),
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", {"\\", "`"}),
        (r"\\(.)", {"\\"}),
        (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", {"&"}),
        (r"^(?:<|&)+x", {"<", "&"}),
        (r"(?i)<x", {"<"}),
        (r"[*+-]{2}", {"*", "+", "-"}),
        (r"(?:ab)?c", {"a", "c"}),  # letters outside `klzzwxh`, without re.I
        (r"(?:<>)?>", {"<", ">"}),
        (r"(a)\1", {"a"}),  # the back reference is never the first item
    ],
)
def test_match_starts(regex, starts):
    assert match_starts(re.compile(regex)) == starts


@pytest.mark.parametrize(
    "regex",
    [
        r"\w+",  # a category
        r"x*",  # may match the empty string
        r"(?=a)",  # only zero-width
        r".a",  # any character
        r"[^a]",  # negated class
        r"\d+%",  # digits are in placeholders
        r"k",  # so is every letter of `klzzwxh`
        r"(?i)a",  # case folding
        r"[\u0100-\u0200]",  # too wide a class to list
        r"(?x) a",  # verbose: not read
    ],
)
def test_match_starts_unknown(regex):
    assert match_starts(re.compile(regex)) is None


def test_plain_text_tries_no_stock_pattern(pair):
    fast, _ = pair
    processor = fast[0].md.treeprocessors["inline"]
    fast[0].render("Un *mot* [x](u) #Tag", None)  # sets the plan up for the registry
    assert processor._plan("Du texte sans rien de spécial, 42.") == ()
    names = [
        type(processor._patterns[i]).__name__
        for i in processor._plan("Un *mot* et #Tag")
    ]
    assert names == ["DelimiterProcessor", "HashtagInlineProcessor"]


# --- when the fast processor must not be used --------------------------------------------------


def test_unchecked_markdown_keeps_the_stock_processor(monkeypatch, caplog):
    monkeypatch.setattr(compat, "MARKDOWN_INLINE", False)
    monkeypatch.setattr(fastinline, "_warned", False)
    with caplog.at_level(logging.DEBUG, logger="griot.reader.fastinline"):
        first = BodyRenderer([])
        second = BodyRenderer([])
    assert type(first.md.treeprocessors["inline"]) is StockInlineProcessor
    assert type(second.md.treeprocessors["inline"]) is StockInlineProcessor
    messages = [r.getMessage() for r in caplog.records if r.name == "griot.reader.fastinline"]
    assert len(messages) == 1 and markdown.__version__ in messages[0]
    assert first.render("*a* #b", None).html == "<p><em>a</em> #b</p>"


def test_a_replaced_inline_processor_is_left_alone():
    class Mine(StockInlineProcessor):
        pass

    class Replace(Extension):
        def extendMarkdown(self, md):  # noqa: N802
            md.treeprocessors.register(Mine(md), "inline", 20)

    renderer = BodyRenderer([Replace()])
    assert type(renderer.md.treeprocessors["inline"]) is Mine


def test_pinned_markdown_is_checked():
    """Fails when requirements.txt moves Markdown to a release this module was not compared
    against: run this file's comparisons, then add the version to
    griot.core.compat.MARKDOWN_CHECKED."""
    assert fastinline.install(markdown.Markdown(extensions=["extra"]))
    assert tuple(markdown.__version_info__[:2]) in compat.MARKDOWN_CHECKED
