"""Pelican adapter: renders every page the other stages described (`PageOut`), in one pass,
with one Jinja environment, each page in its own language."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from griot.content.settings import load
from griot.core import urls
from griot.core.pages import hreflang, switcher
from griot.core.signature import signer_for
from griot.core.writer import OutputWriter
from griot.languages import i18n

from .environment import ThemeEnvironment


class RenderGenerator(Generator):
    """Renders `context['griot_pages']`: a page made from the same inputs as the published file
    (same signature) is kept, not rendered again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = load(self.settings)

    def generate_context(self):
        pass

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
