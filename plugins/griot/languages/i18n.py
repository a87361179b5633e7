"""UI strings and locale formatting for each page's language, with Babel (never setlocale)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, dates, numbers
from babel.support import Translations
from jinja2 import nodes, pass_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from griot.core.catalogs import DOMAIN, catalog_path, load_catalogs  # noqa: F401 (re-exported)

logger = logging.getLogger(__name__)


# Jinja callables read the page's language from the render context, so one environment
# serves every language in one pass. Each does in one call what Jinja's i18n extension does in
# three (alias, new-style wrapper, ours): the same Markup, the same `%` formatting of variables.


@pass_context
def gettext(ctx, message: str, /, **variables):
    text = ctx["_catalog"].gettext(message)
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def ngettext(ctx, singular: str, plural: str, n: int, /, **variables):
    variables.setdefault("num", n)
    text = ctx["_catalog"].ngettext(singular, plural, n)
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def pgettext(ctx, context: str, message: str, /, **variables):
    variables.setdefault("context", context)
    text = ctx["_catalog"].pgettext(context, message)
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


# `_("Exit this page")` without variables is the same text on every page of a language: a
# dozen of them per page cost a sixth of the rendering. ThemeEnvironment compiles them as
# `_ui["Exit this page"]`, a lookup in the page language's UiStrings.
UI_STRINGS = "_ui"


class UiStrings(dict):
    """One language's constant UI strings as `_()` gives them in an autoescaped template
    (Markup, `%%` made `%`), each translated on first use."""

    def __init__(self, catalog: Translations):
        super().__init__()
        self.catalog = catalog

    def __missing__(self, message: str) -> Markup:
        try:
            text = self[message] = Markup(self.catalog.gettext(message)) % {}
        except KeyError as exc:  # Jinja would take it for a missing key and say "undefined"
            raise ValueError(
                f"the UI string {message!r} (or its translation) names the variable {exc}, "
                f"which the template does not give\n    fix: pass it: _({message!r}, "
                f"{exc.args[0]}=...)") from None
        return text


class FoldUiStrings(NodeTransformer):
    """Rewrites `_("constant")` and `gettext("constant")` calls (no variables) of an
    autoescaped template as `_ui["constant"]`. Inside `{% autoescape %}` blocks, where `_()`
    may have to give a plain str, calls are left alone."""

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        if (isinstance(node.node, nodes.Name) and node.node.name in ("_", "gettext")
                and len(node.args) == 1 and isinstance(node.args[0], nodes.Const)
                and isinstance(node.args[0].value, str) and not node.kwargs
                and node.dyn_args is None and node.dyn_kwargs is None):
            return nodes.Getitem(nodes.Name(UI_STRINGS, "load"), node.args[0], "load",
                                 lineno=node.lineno)
        return self.generic_visit(node)

    def visit_EvalContextModifier(self, node: nodes.Node) -> nodes.Node:
        return node

    visit_ScopedEvalContextModifier = visit_EvalContextModifier


@pass_context
def l10n_date(ctx, value: date | datetime, fmt: str = "long") -> str:
    """`{{ article.date|l10n_date }}` -> "28 novembre 2019" / "November 28, 2019"."""
    if isinstance(value, datetime):
        value = value.date()
    return _format_date(value, fmt, ctx["lang"])


@pass_context
def l10n_number(ctx, value: int | float) -> str:
    return _format_number(value, ctx["lang"])


# Every listing page shows its articles' dates again, and every page its counts: Babel's
# formatting is a tenth of the rendering time of a large site without these memos.
@lru_cache(maxsize=1 << 14)
def _format_date(value: date, fmt: str, lang: str) -> str:
    return dates.format_date(value, fmt, locale=lang)


@lru_cache(maxsize=1 << 12)
def _format_number(value: int | float, lang: str) -> str:
    return numbers.format_decimal(value, locale=lang)


@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language's name written in that language, capitalised: "Français", "English"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
