"""Griot's Jinja environment gives the bytes Jinja's own i18n extension gives, in one call per
UI string, or none for a constant one (looked up in the page language's UiStrings)."""

from __future__ import annotations

import io
import os

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from jinja2 import DictLoader, Environment, StrictUndefined, nodes
from markupsafe import Markup

from griot.languages import i18n
from griot.render.environment import FAST_OUTPUT, ThemeEnvironment

MESSAGES = {
    "Exit this page": "Quitter <vite> & bien",
    "100%% sure": "sûr à 100%%",
    "Hello %(name)s": "Bonjour %(name)s & co",
    "%(num)s article": ("%(num)s article", "%(num)s articles"),
    "Page": "Page « %(context)s »",
}
TEMPLATE = """\
<p title="{{ _('Exit this page') }}">{{ _("Exit this page") }}|{{ gettext("100%% sure") }}</p>
{{ _("Hello %(name)s", name=who) }}|{{ _("Not in the catalog") }}|{{ _(dynamic) }}
{{ _("Exit this page") ~ who }}|{{ _("Exit this page")|length }}
{% trans %}Plain <b>text</b>{% endtrans %}|{% trans name=who %}Hello {{ name }}{% endtrans %}
{% trans count=n %}{{ count }} article{% pluralize %}{{ count }} articles{% endtrans %}
{{ ngettext("%(num)s article", "%(num)s articles", n) }}|{{ pgettext("menu", "Page") }}
{% autoescape false %}{{ _("Exit this page") ~ who }}{% endautoescape %}
{% macro note() %}{{ _("Exit this page") }}{% endmacro %}{{ note() }}
{% for value in values %}[{{ value }}|{{ value|e }}|{{ loop.index }}]{% endfor %}
{% set block %}<i>{{ who }}</i>{% endset %}{{ block }}|{{ block|length }}|{{ who|safe }}
{% macro box() %}<div>{{ caller() }}</div>{% endmacro %}{% call box() %}{{ who }}{% endcall %}
{% filter upper %}{{ who }} & <b>{% endfilter %}|{{ "<const & 'q'>" }}|{{ 3 * 7 }}
"""


class Html:
    """An object that says how it is written in HTML (as Markup does)."""

    def __init__(self, html="<u>&amp;</u>"):
        self.html = html

    def __html__(self):
        return self.html


class StrSubclass(str):
    pass


def catalog(lang: str) -> Translations:
    source = Catalog(locale=lang)
    for message, translation in MESSAGES.items():
        if lang == "en":
            continue
        if isinstance(translation, tuple):
            source.add((message, message.replace("article", "articles")), translation)
        elif message == "Page":
            source.add(message, translation, context="menu")
        else:
            source.add(message, translation)
    buffer = io.BytesIO()
    write_mo(buffer, source)
    buffer.seek(0)
    return Translations(buffer)


def jinja_reference(translations: Translations, **variables) -> str:
    """The template through Jinja's own i18n extension, new-style, no folding."""
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env.get_template("page.html").render(**variables)


@pytest.fixture
def theme(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(TEMPLATE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("n", [1, 3])
def test_griot_environment_renders_what_jinja_renders(theme, lang, n):
    translations = catalog(lang)
    variables = {"who": "<Awa>", "dynamic": "Exit this page", "n": n,
                 "values": [0, 2.5, None, True, "<a href='x'>&", Markup("<b>déjà</b>"),
                            Html(), Html(Markup("<i>x</i>")), StrSubclass("<s>")]}
    env = ThemeEnvironment(str(theme), "https://example.org")
    html = env.get_template("page.html").render(
        _catalog=translations, **{i18n.UI_STRINGS: i18n.UiStrings(translations)}, **variables)
    assert html == jinja_reference(translations, **variables)
    if lang == "fr":
        assert "Quitter &lt;vite&gt; &amp; bien" not in html  # translated text is Markup
        assert "Quitter <vite> & bien&lt;Awa&gt;" in html  # and what joins it is escaped
        assert "Quitter <vite> & bien<Awa>" in html  # except where autoescape is off


def test_constant_ui_strings_are_compiled_as_lookups(theme):
    env = ThemeEnvironment(str(theme), "")
    tree = env._parse(env.loader.get_source(env, "page.html")[0], "page.html", None)
    looked_up = {node.arg.value for node in tree.find_all(nodes.Getitem)
                 if isinstance(node.node, nodes.Name) and node.node.name == i18n.UI_STRINGS}
    # `{% trans %}` without variables compiles to gettext("..."): a constant too.
    assert looked_up == {"Exit this page", "100%% sure", "Not in the catalog",
                         "Plain <b>text</b>"}
    called = [node.args[0].value if node.args and isinstance(node.args[0], nodes.Const)
              else None for node in tree.find_all(nodes.Call)
              if isinstance(node.node, nodes.Name) and node.node.name in ("_", "gettext")]
    # With variables, from a variable, and inside {% autoescape false %}.
    assert sorted(called, key=str) == sorted(
        ["Hello %(name)s", None, "Hello %(name)s", "Exit this page"], key=str)


def test_a_ui_string_naming_a_missing_variable_says_which(theme):
    source = Catalog(locale="fr")
    source.add("Welcome", "Bienvenue %(name)s")
    buffer = io.BytesIO()
    write_mo(buffer, source)
    buffer.seek(0)
    strings = i18n.UiStrings(Translations(buffer))
    with pytest.raises(ValueError, match=r"(?s)'Welcome'.*'name'.*fix: pass it"):
        strings["Welcome"]


def test_url_filters_follow_the_environments_siteurl(theme):
    (theme / "templates" / "links.html").write_text(
        "{{ 'css/a.css'|asset }} {{ url|link }} {{ url|absolute }} {{ ''|link }}")
    assert ThemeEnvironment(str(theme), "https://x.org").get_template("links.html").render(
        url="fr/a&b/") == "https://x.org/theme/css/a.css https://x.org/fr/a&amp;b/ " \
                          "https://x.org/fr/a&amp;b/ https://x.org/"
    assert ThemeEnvironment(str(theme), "").get_template("links.html").render(
        url="fr/") == "/theme/css/a.css /fr/ http://localhost:8000/fr/ /"


def test_a_changed_template_is_read_again_after_refresh_only(theme):
    path = theme / "templates" / "t.html"
    path.write_text("one")
    env = ThemeEnvironment(str(theme), "")
    assert env.get_template("t.html").render() == "one"
    path.write_text("two")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert env.get_template("t.html").render() == "one"  # no stat while a build renders
    env.refresh()
    assert env.get_template("t.html").render() == "two"


def test_output_is_escaped_without_making_markup_on_this_jinja(theme):
    env = ThemeEnvironment(str(theme), "")
    assert FAST_OUTPUT  # Jinja 3.1 and markupsafe's C escaping, as pinned through Pelican
    code = env.compile(env.loader.get_source(env, "page.html")[0], "page.html", raw=True)
    assert "_griot_escaped_text(" in code and " escape(" not in code.replace("(escape if", "")
