"""The one Jinja environment Griot renders every page with: Griot's gettext and filters (each
page's language read from the render context), strict undefined, URL filters, and a faster
compiled output of `{{ value }}`."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import markupsafe
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator

from griot.core import urls
from griot.languages import i18n


def configure_environment(env: Environment) -> Environment:
    """Give an environment Griot's gettext, filters and globals (per-page language)."""
    env.add_extension("jinja2.ext.i18n")
    # `{% trans %}` blocks compile to new-style calls (variables as keywords), which Griot's
    # gettext callables handle in one call (Jinja's own wrappers would take three).
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(_=i18n.gettext, gettext=i18n.gettext, ngettext=i18n.ngettext,
                       pgettext=i18n.pgettext)
    env.filters.update(l10n_date=i18n.l10n_date, l10n_number=i18n.l10n_number)
    env.globals.update(language_name=i18n.language_name)
    return env


def escaped_text(value) -> str:
    """The text markupsafe.escape(value) holds, without making the Markup that holds it."""
    if type(value) is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        text = html()
        return text if isinstance(text, str) else str(text)
    return _escape_inner(str(value))


class EscapingCodeGenerator(CodeGenerator):
    """Compiles `{{ value }}` of an autoescaped template to `escaped_text(value)`, not to
    `escape(value)`: output is joined into a str at once, and making a Markup of every value
    cost a tenth of the rendering. Same bytes (tests/unit/test_languages_i18n.py)."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("_griot_escaped_text(")
        if finalize.src is not None:
            self.write(finalize.src)

    def visit_Template(self, node, frame=None) -> None:
        super().visit_Template(node, frame)
        self.writeline("_griot_escaped_text = environment.escaped_text")


_escape_inner = getattr(markupsafe, "_escape_inner", None)
# Written against the code generator of Jinja 3.1 and markupsafe's C escaping; anything else
# compiles templates Jinja's own way.
FAST_OUTPUT = (_escape_inner is not None
               and importlib.metadata.version("jinja2").startswith("3.1."))


class ThemeEnvironment(Environment):
    """The one Jinja environment Griot renders with: autoescaped and strict, for one SITEURL.

    Its URL filters are plain calls (a template's `link(url)` goes through Jinja's checks for
    context-taking callables, `url|link` does not; a filter of a constant may be computed when
    the template is compiled, hence one environment per SITEURL), and constant UI strings are
    looked up per language (`i18n.FoldUiStrings`). Templates are checked for changes by
    `refresh()`, once a build, not at every page (Jinja's auto_reload: a stat each time a page
    reads its template, its base and its macros).
    """

    def __init__(self, theme: str, siteurl: str):
        super().__init__(
            loader=FileSystemLoader(str(Path(theme) / "templates")),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
            auto_reload=False,
        )
        self.siteurl = siteurl
        if FAST_OUTPUT:
            self.code_generator_class = EscapingCodeGenerator
            self.escaped_text = escaped_text
        configure_environment(self)
        self.filters.update(link=self.link, absolute=self.absolute, asset=self.asset)

    def refresh(self) -> None:
        """Forget the compiled templates whose file changed since they were compiled."""
        for key, template in list(self.cache.items()) if self.cache is not None else ():
            if not template.is_up_to_date:
                del self.cache[key]

    def _parse(self, source, name, filename):
        return i18n.FoldUiStrings().visit(super()._parse(source, name, filename))

    def link(self, url: str) -> str:
        return f"{self.siteurl}/{url}"

    def absolute(self, url: str) -> str:
        return urls.canonical(self.siteurl, url)

    def asset(self, path: str) -> str:
        return f"{self.siteurl}/theme/{path}"


def theme_environment(theme: str, siteurl: str = "") -> ThemeEnvironment:
    return ThemeEnvironment(theme, siteurl)


def configure_pelican_environment(generator) -> None:
    """generator_init: Pelican's own generators load (never render) our theme's article and
    page templates; they must at least compile."""
    configure_environment(generator.env)
