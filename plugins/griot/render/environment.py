"""The one Jinja environment Griot renders every page with: Griot's gettext and filters (each
page's language read from the render context), strict undefined, URL filters, and a faster
compiled output of `{{ value }}`."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator

from griot.core import compat, urls
from griot.languages import i18n


def configure_environment(env: Environment) -> Environment:
    """Give an environment Griot's gettext, filters and globals (per-page language)."""
    env.add_extension("jinja2.ext.i18n")
    # Griot's callables are new-style already (variables as keywords, `%` formatting, Markup
    # when autoescaping): installed as they are (newstyle=False: Jinja would wrap each in two
    # more calls), then `{% trans %}` blocks are compiled to new-style calls.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=False, pgettext=i18n.pgettext)
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters.update(l10n_date=i18n.l10n_date, l10n_number=i18n.l10n_number)
    env.globals.update(language_name=i18n.language_name)
    return env


def escaped_text(value) -> str:
    """The text markupsafe.escape(value) holds, without making the Markup that holds it."""
    if type(value) is str:
        return compat.escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        text = html()
        return text if isinstance(text, str) else str(text)
    return compat.escape_inner(str(value))


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


# Written against the code generator of Jinja 3.1 and markupsafe's C escaping; anything else
# compiles templates Jinja's own way (the guard is griot.core.compat's).
FAST_OUTPUT = compat.JINJA_FAST_OUTPUT


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
        # Jinja's private parse step (griot.core.compat.JINJA_PARSE_HOOK): where else the
        # tree is left as parsed, and `_()` asks the catalog on every page.
        tree = super()._parse(source, name, filename)
        return i18n.FoldUiStrings().visit(tree) if compat.JINJA_PARSE_HOOK else tree

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
