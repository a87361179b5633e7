"""French spacing, quotes and apostrophes: plain text and HTML text nodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from griot.typography import fix_html, fix_text
from griot.typography.rules import NBSP, NNBSP

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Pourquoi?", f"Pourquoi{NNBSP}?"),
    ("Attention : danger", f"Attention{NBSP}: danger"),
    ("Enfin ; ensuite", f"Enfin{NNBSP}; ensuite"),
    ("Non !", f"Non{NNBSP}!"),
    ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
    ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
    ('Il dit "oui".', f"Il dit «{NBSP}oui{NBSP}»."),
    ("l'école", "l’école"),
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("Rendez-vous à 10:30", "Rendez-vous à 10:30"),  # no space before: a time, left alone
    ("Attends...", "Attends…"),
])
def test_french_text(raw, expected):
    assert fix_text(raw, "fr") == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Don't say \"hi\"", "Don’t say “hi”"),
    ("'quoted'", "‘quoted’"),
    ("Why ? Because : yes", "Why ? Because : yes"),  # no French spacing in English
])
def test_english_text(raw, expected):
    assert fix_text(raw, "en") == expected


def test_html_leaves_code_urls_attributes_and_entities_alone():
    html = ('<p>Voir <a href="https://x.org/?a=1&amp;b=2" title="a : b">le site ?</a> '
            "<code>a ? b : c</code> &amp; https://exemple.org/?q=1 fin !</p>"
            "<pre><code>x = 'y' ; z</code></pre>")
    out = fix_html(html, "fr")
    assert 'href="https://x.org/?a=1&amp;b=2" title="a : b"' in out
    assert "<code>a ? b : c</code>" in out
    assert "<pre><code>x = 'y' ; z</code></pre>" in out
    assert "&amp; https://exemple.org/?q=1 fin" in out
    assert f"le site{NNBSP}?</a>" in out and f"fin{NNBSP}!</p>" in out


def test_html_quotes_across_inline_tags():
    assert fix_html('<p>"<em>oui</em>"</p>', "fr") == f"<p>«{NBSP}<em>oui</em>{NBSP}»</p>"
    assert fix_html('<p>"<em>yes</em>"</p>', "en") == "<p>“<em>yes</em>”</p>"


TEXT = st.text(alphabet=st.sampled_from(list("ab é'\":;!?«»-()0 \u00a0\u202f")), max_size=40)


@given(TEXT, st.sampled_from(["fr", "en", "bm"]))
def test_idempotent(text, lang):
    once = fix_text(text, lang)
    assert fix_text(once, lang) == once


@given(TEXT)
def test_french_leaves_no_breakable_space_before_or_after_guillemets(text):
    out = fix_text(text, "fr")
    assert not re.search(r"[ \t\n][;!?:»]", out)
    assert not re.search(r"«[ \t\n]", out)


@given(TEXT, st.sampled_from(["fr", "en"]))
def test_only_spaces_and_quotes_change(text, lang):
    def skeleton(s: str) -> str:
        s = re.sub(r"[\s\u00a0\u202f]", "", s).replace("…", "...")
        return re.sub("[‘’]", "'", re.sub("[“”«»]", '"', s))
    # « and » typed by the blogger are double quotes too.
    assert skeleton(fix_text(text, lang)) == skeleton(text)


@given(st.text(alphabet=st.sampled_from(list("ab :?'\"<>=/&;#")), max_size=30))
def test_html_keeps_every_tag_exactly(text):
    html = f'<p title="{text.replace(chr(34), "")}">x ?</p><code>{text}</code>'
    out = fix_html(html, "fr")
    assert re.findall(r"<[^>]*>", out) == re.findall(r"<[^>]*>", html)


def _catalog(lang: str):
    path = ROOT / "themes/griot/translations" / lang / "LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ui_strings_are_typeset(lang):
    """Catalogs hold their final typography: the French one its no-break spaces, both curly
    apostrophes (English strings are the msgids)."""
    bad = []
    for message in _catalog(lang):
        if not message.id:
            continue
        texts = message.string if lang == "fr" else message.id
        for text in texts if isinstance(texts, tuple) else (texts,):
            if text and fix_text(text, lang) != text:
                bad.append(text)
    assert bad == []
