"""griot.core.compat: every guard is on with the pinned libraries (so Griot's fast paths run),
and every fallback gives what the private path gives. A guard found off here means a library
moved: compare the outputs, then add its version to the guard's checked set."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import markdown
import pelican.generators
import pytest
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html

from griot.core import compat
from griot.preview.cli import make_pelican
from griot.reader import fastinline
from griot.reader.body import BodyRenderer
from griot.render.environment import EscapingCodeGenerator, ThemeEnvironment
from griot.taxonomies.inline import HashtagExtension
from tests.conftest import PUBLISH, ROOT


def test_re_parser_guard_is_on():
    assert compat.RE_PARSER
    assert fastinline.match_starts(__import__("re").compile(r"\*\*")) == frozenset(["**"])


def test_markdown_inline_guard_is_on_and_the_fast_processor_runs():
    assert compat.MARKDOWN_INLINE
    renderer = BodyRenderer([])
    assert type(renderer.md.treeprocessors["inline"]) is fastinline.FastInlineProcessor
    assert compat.registry_priority(renderer.md.treeprocessors, "inline") == 20


def _hashtag_after_entity() -> list[str]:
    md = markdown.Markdown(extensions=["extra", HashtagExtension(lambda key: f"/{key}/")])
    tree = lxml_html.fragment_fromstring(md.convert("Un &nbsp;#Tag"), create_parent="body")
    return [a.text for a in tree.iter("a")]


def test_markdown_stash_guard_is_on_and_reads_what_a_placeholder_holds(monkeypatch):
    assert compat.MARKDOWN_STASH
    assert _hashtag_after_entity() == ["#Tag"]
    monkeypatch.setattr(compat, "MARKDOWN_STASH", False)
    assert _hashtag_after_entity() == []  # the fallback: unknown, so not linked


@pytest.fixture
def theme_env(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text("{{ value }} {{ _('Exit this page') }}")
    return tmp_path


def _render(theme, **variables) -> str:
    env = ThemeEnvironment(str(theme), "")
    template = env.get_template("t.html")
    return env, template.render(_catalog=_Catalog(), _ui=_Ui(), lang="fr", **variables)


class _Catalog:
    def gettext(self, message):
        return message.upper()


class _Ui(dict):
    def __missing__(self, message):
        return message.upper()


def test_jinja_output_guard_is_on_and_the_fallback_renders_the_same(theme_env, monkeypatch):
    assert compat.JINJA_FAST_OUTPUT and compat.escape_inner is not None
    env, fast = _render(theme_env, value="<a & b>")
    assert env.code_generator_class is EscapingCodeGenerator
    monkeypatch.setattr("griot.render.environment.FAST_OUTPUT", False)
    env, stock = _render(theme_env, value="<a & b>")
    assert env.code_generator_class is not EscapingCodeGenerator
    assert fast == stock == "&lt;a &amp; b&gt; EXIT THIS PAGE"


def test_jinja_parse_hook_is_on_and_the_fallback_renders_the_same(theme_env, monkeypatch):
    assert compat.JINJA_PARSE_HOOK
    env = ThemeEnvironment(str(theme_env), "")
    source = env.compile(env.loader.get_source(env, "t.html")[0], raw=True)
    assert "_ui" in source  # the UI string is folded into a lookup
    monkeypatch.setattr(compat, "JINJA_PARSE_HOOK", False)
    env = ThemeEnvironment(str(theme_env), "")
    assert "_ui" not in env.compile(env.loader.get_source(env, "t.html")[0], raw=True)
    assert _render(theme_env, value="x")[1] == "x EXIT THIS PAGE"


def _feed() -> FeedGenerator:
    fg = FeedGenerator()
    fg.id("tag:example.org,2025:fr")
    fg.title("Voix du Mali")
    fg.link(href="https://example.org/fr/", rel="alternate")
    fg.description("Blogueuses et blogueurs")
    fg.language("fr")
    fg.updated(datetime(2025, 11, 25, tzinfo=UTC))  # feedgen would read the wall clock
    fg.lastBuildDate(datetime(2025, 11, 25, tzinfo=UTC))
    return fg


def test_feedgen_guard_is_on_and_the_fallback_gives_the_same_trees(monkeypatch):
    assert compat.FEEDGEN_TREES
    fast = [etree.tostring(doc) for _, doc in compat.feed_trees(_feed())]
    monkeypatch.setattr(compat, "FEEDGEN_TREES", False)
    slow = [etree.tostring(doc) for _, doc in compat.feed_trees(_feed())]
    assert fast == slow and b"Voix du Mali" in fast[0]


def test_pelican_generators_guard_is_on_and_the_fallback_lists_the_same():
    assert compat.PELICAN_GENERATORS
    pelican_obj, _ = make_pelican(PUBLISH, {"PATH": str(ROOT / "content")})
    private = pelican_obj._get_generator_classes()
    assert compat.pelican_generator_classes(pelican_obj) == private
    assert compat._generator_classes(pelican_obj) == private
    assert private[-1] is pelican.generators.StaticGenerator


def test_pelican_still_logs_the_text_griot_hides():
    assert f'"{compat.PELICAN_SKIP_MESSAGE}"' in inspect.getsource(pelican.generators)
