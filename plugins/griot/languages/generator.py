"""Pelican adapter: writes every language's pages from the one site model, in one run."""

from __future__ import annotations

import importlib.metadata
import logging
import time
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

import markupsafe
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator
from pelican.generators import Generator

from griot.build.signature import digest, signer_for
from griot.build.writer import OutputWriter
from griot.content import urls
from griot.content.model import Listing
from griot.content.settings import load

from . import i18n
from .pages import PageOut, hreflang, paginate, switcher

logger = logging.getLogger(__name__)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


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
        # Canonical and hreflang URLs must be absolute; in a local preview SITEURL is empty.
        return f"{self.siteurl or 'http://localhost:8000'}/{url}"

    def asset(self, path: str) -> str:
        return f"{self.siteurl}/theme/{path}"


def theme_environment(theme: str, siteurl: str = "") -> ThemeEnvironment:
    return ThemeEnvironment(theme, siteurl)


def configure_pelican_environment(generator) -> None:
    """generator_init: Pelican's own generators load (never render) our theme's article and
    page templates; they must at least compile."""
    configure_environment(generator.env)


class LanguagesGenerator(Generator):
    """Describes the articles, static pages, homes, chooser and 404 of every language, then
    renders every page other Griot generators described (`context['griot_pages']`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = load(self.settings)

    def generate_context(self):
        site = self.context["griot_site"]
        languages = self.site_settings.languages
        pages: list[PageOut] = self.context.setdefault("griot_pages", [])
        for entry in site.entries:
            pages.append(
                PageOut(entry.url, f"{entry.kind}.html", entry.lang, {"entry": entry},
                        entry.alternates, entry.source_path)
            )
        listings: list[Listing] = self.context.setdefault("griot_listings", [])
        homes = {lang: urls.home(lang) for lang in languages}
        for lang in languages:
            listing = Listing("home", lang, lang, homes[lang], self.site_settings.sitename,
                              site.listed_articles(lang),
                              self.site_settings.description.get(lang, ""))
            listings.append(listing)
            for pager, chunk in paginate(listing.entries, self.site_settings.per_page,
                                         homes[lang]):
                pages.append(
                    PageOut(pager.url(pager.number), "index.html", lang,
                            {"articles": chunk, "pager": pager, "listing": listing,
                             "total": len(listing.entries)},
                            homes if pager.number == 1 else {lang: pager.url(pager.number)},
                            f"home of {lang}", untranslated_note=False,
                            x_default="" if pager.number == 1 else None)
                )
        pages.append(PageOut("", "chooser.html", None, {}, homes, "language chooser",
                             untranslated_note=False, x_default=""))
        pages.append(PageOut("404.html", "404.html", None, {}, {}, "404 page",
                             untranslated_note=False))

    def generate_output(self, writer):
        out: OutputWriter = self.context["griot_writer"]
        catalogs = i18n.load_catalogs(Path(self.theme) / "translations",
                                      self.site_settings.languages)
        settings = self.site_settings
        siteurl = settings.siteurl
        env = self.context.get("griot_environment")
        if isinstance(env, ThemeEnvironment) and env.siteurl == siteurl:
            # Kept in the context: the live preview's next update reuses compiled templates.
            env.refresh()
        else:
            env = self.context["griot_environment"] = ThemeEnvironment(self.theme, siteurl)

        def translate(lang: str, message: str) -> str:
            return catalogs[lang].ugettext(message)

        common = {
            "SITENAME": settings.sitename,
            "SITEURL": siteurl,
            "site": settings,
            "languages": settings.languages,
            "link": env.link,
            "absolute": env.absolute,
            "translate": translate,
            "asset": env.asset,
            # Helpers other plugins offer templates (images: picture(), social()).
            **self.context.get("griot_template_globals", {}),
        }
        ui = {lang: i18n.UiStrings(catalog) for lang, catalog in catalogs.items()}
        absolute = env.absolute
        signer = signer_for(self.context, self.settings, self.theme)
        social = common.get("social")
        for page in self.context["griot_pages"]:
            rel = urls.output_file(page.url)
            signature = signer.page(page, social)
            if out.keep(rel, signature, page.origin or page.url) is not None:
                continue  # made from the same inputs as the published file
            lang = page.lang or settings.default_language
            variables = {
                **common,
                **page.vars,
                "lang": lang,
                "_catalog": catalogs[lang],
                i18n.UI_STRINGS: ui[lang],
                "page": page,
                "switcher": switcher(page, settings.languages),
                "alternates": hreflang(page, settings.languages),
                "home_url": urls.home(lang),
            }
            html = env.get_template(page.template).render(variables)
            out.write(rel, html, page.origin or page.url, signature=signature)
        pages = self.context["griot_pages"]
        listed = [(p.url, p.template, p.x_default, tuple(p.alternates.items()),
                   p.vars["entry"].listed if "entry" in p.vars else None) for p in pages]
        signature = digest((signer.base, "sitemap", settings.languages, listed))
        if out.keep("sitemap.xml", signature, "sitemap") is None:
            with out.stream("sitemap.xml", "sitemap", signature=signature) as handle:
                sitemap(pages, settings.languages, absolute, handle)
        if settings.livereload:  # open preview pages poll it and reload when it changes
            out.write("build-id.txt", str(time.time_ns()), "live reload")
        out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute('sitemap.xml')}\n",
                  "robots.txt")


def sitemap(pages: list[PageOut], languages, absolute, out: BinaryIO) -> None:
    """sitemap.xml, into `out`, with reciprocal hreflang links (href, self included) and
    x-default.

    Written as a stream (a site of thousands of pages would otherwise hold a tree of tens of
    thousands of elements, or megabytes of text), by the standard library's XML writer, which
    escapes everything.
    """
    xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)
    xml.startDocument()
    xml.startPrefixMapping(None, SITEMAP_NS)
    xml.startPrefixMapping("xhtml", XHTML_NS)
    xml.startElementNS((SITEMAP_NS, "urlset"), "urlset", {})
    for page in sorted(pages, key=lambda p: p.url):
        if page.template == "404.html" or page.vars.get("entry") and not page.vars["entry"].listed:
            continue
        xml.ignorableWhitespace("\n  ")
        xml.startElementNS((SITEMAP_NS, "url"), "url", {})
        xml.ignorableWhitespace("\n    ")
        xml.startElementNS((SITEMAP_NS, "loc"), "loc", {})
        xml.characters(absolute(page.url))
        xml.endElementNS((SITEMAP_NS, "loc"), "loc")
        for alt in hreflang(page, languages):
            xml.ignorableWhitespace("\n    ")
            attributes = {(None, "rel"): "alternate", (None, "hreflang"): alt.hreflang,
                          (None, "href"): absolute(alt.url)}
            xml.startElementNS((XHTML_NS, "link"), "xhtml:link",
                               AttributesNSImpl(attributes, {}))
            xml.endElementNS((XHTML_NS, "link"), "xhtml:link")
        xml.ignorableWhitespace("\n  ")
        xml.endElementNS((SITEMAP_NS, "url"), "url")
    xml.ignorableWhitespace("\n")
    xml.endElementNS((SITEMAP_NS, "urlset"), "urlset")
    xml.endDocument()
    out.write(b"\n")
