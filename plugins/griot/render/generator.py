"""Stage: renders every page the stages above described (`PageOut`), in one pass,
with one Jinja environment, each page in its own language."""

from __future__ import annotations

from griot.core import urls
from griot.core.build import Stage
from griot.core.pages import PageOut, hreflang, switcher
from griot.core.writer import OutputWriter
from griot.languages import i18n, share

from .environment import ThemeEnvironment


class RenderStage(Stage):
    """Renders `build.pages`: a page made from the same inputs as the published file (same
    signature) is kept, not rendered again."""

    renderer: PageRenderer | None = None  # kept for the live preview's patches

    def write(self):
        renderer = self.renderer = PageRenderer(self.build)
        out: OutputWriter = self.build.writer
        for page in self.build.pages:
            rendered = renderer.render(page, out)
            if rendered is not None:
                html, signature = rendered
                out.write(urls.output_file(page.url), html, page.origin or page.url,
                          signature=signature)


class PageRenderer:
    """One build's Jinja environment and the variables every page shares."""

    def __init__(self, build):
        self.build = build
        catalogs = build.catalogs
        settings = self.settings = build.site_settings
        siteurl = settings.siteurl
        env = build.carried.environment
        if isinstance(env, ThemeEnvironment) and env.siteurl == siteurl:
            # Carried: the live preview's next update reuses compiled templates.
            env.refresh()
        else:
            env = build.carried.environment = ThemeEnvironment(build.theme, siteurl)
        self.env = env

        def translate(lang: str, message: str, context: str | None = None) -> str:
            if context is not None:
                return catalogs[lang].pgettext(context, message)
            return catalogs[lang].gettext(message)

        self.common = {
            "SITENAME": settings.sitename,
            "SITEURL": siteurl,
            "site": settings,
            "languages": settings.languages,
            "link": env.link,
            "absolute": env.absolute,
            "translate": translate,
            "asset": env.asset,
            # Pure helpers of article pages (griot.languages.share): code, hence signed.
            "share_links": share.share_links,
            "json_ld": share.json_ld,
            "blog_posting": share.blog_posting,
            # Helpers other plugins offer templates (images: picture(), social()).
            **build.template_globals,
        }
        self.ui = {lang: i18n.UiStrings(catalog) for lang, catalog in catalogs.items()}
        self.social = self.common.get("social")

    def render(self, page: PageOut, out: OutputWriter) -> tuple[str, bytes | None] | None:
        """The page's HTML and signature, or None when `out` keeps the published file (same
        inputs)."""
        build, settings = self.build, self.settings
        signature = build.signer.page(page, self.social)
        if out.keep(urls.output_file(page.url), signature, page.origin or page.url) is not None:
            return None  # made from the same inputs as the published file
        lang = page.lang or settings.default_language
        catalogs = build.catalogs
        variables = {
            **self.common,
            **page.vars,
            "lang": lang,
            "_catalog": catalogs[lang],
            i18n.UI_STRINGS: self.ui[lang],
            "page": page,
            "switcher": switcher(page, settings.languages),
            "alternates": hreflang(page, settings.languages),
            "home_url": urls.home(lang),
        }
        return self.env.get_template(page.template).render(variables), signature
