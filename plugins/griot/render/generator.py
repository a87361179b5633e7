"""Stage: renders every page the stages above described (`PageOut`), in one pass,
with one Jinja environment, each page in its own language."""

from __future__ import annotations

from griot.core import urls
from griot.core.build import Stage
from griot.core.pages import hreflang, switcher
from griot.core.writer import OutputWriter
from griot.languages import i18n, share

from .environment import ThemeEnvironment


class RenderStage(Stage):
    """Renders `build.pages`: a page made from the same inputs as the published file (same
    signature) is kept, not rendered again."""

    def write(self):
        build = self.build
        out: OutputWriter = build.writer
        catalogs = build.catalogs
        settings = self.site_settings
        siteurl = settings.siteurl
        env = build.carried.environment
        if isinstance(env, ThemeEnvironment) and env.siteurl == siteurl:
            # Carried: the live preview's next update reuses compiled templates.
            env.refresh()
        else:
            env = build.carried.environment = ThemeEnvironment(self.theme, siteurl)

        def translate(lang: str, message: str, context: str | None = None) -> str:
            if context is not None:
                return catalogs[lang].pgettext(context, message)
            return catalogs[lang].gettext(message)

        common = {
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
        ui = {lang: i18n.UiStrings(catalog) for lang, catalog in catalogs.items()}
        signer = build.signer
        social = common.get("social")
        for page in build.pages:
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
