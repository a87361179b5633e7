"""Stage: describes every language's articles, static pages, homes, the language
chooser and the 404 page (griot.render renders them with every other page)."""

from __future__ import annotations

from griot.core import urls
from griot.core.build import Stage
from griot.core.pages import Listing, PageOut, paginate


class LanguagesStage(Stage):
    """Describes the articles, static pages, homes, chooser and 404 of every language
    (`build.pages`, `build.listings`)."""

    def __init__(self, build):
        super().__init__(build)
        # Each language's home listing and pages, as home() last described them.
        self.homes: dict[str, tuple[Listing, list[PageOut]]] = {}

    def describe(self):
        site = self.build.site
        languages = self.site_settings.languages
        pages: list[PageOut] = self.build.pages
        for entry in site.entries:
            pages.append(self.entry_page(entry))
        listings: list[Listing] = self.build.listings
        for lang in languages:
            listing, home_pages = self.home(lang)
            listings.append(listing)
            pages += home_pages
        searches = {lang: urls.search(lang) for lang in languages}
        for lang in languages:
            pages.append(PageOut(searches[lang], "search.html", lang,
                                 {"search_index": self.site_settings.search_index},
                                 searches, f"search page of {lang}"))
        homes = {lang: urls.home(lang) for lang in languages}
        pages.append(PageOut("", "chooser.html", None, {}, homes, "language chooser",
                             untranslated_note=False, x_default=""))
        pages.append(PageOut("404.html", "404.html", None, {}, {}, "404 page",
                             untranslated_note=False))

    @staticmethod
    def entry_page(entry) -> PageOut:
        return PageOut(entry.url, f"{entry.kind}.html", entry.lang, {"entry": entry},
                       entry.alternates, entry.source_path)

    def home(self, lang: str) -> tuple[Listing, list[PageOut]]:
        """The listing of `lang`'s home and its pages (kept in `homes`)."""
        settings = self.site_settings
        homes = {code: urls.home(code) for code in settings.languages}
        listing = Listing("home", lang, lang, homes[lang], settings.sitename,
                          self.build.site.listed_articles(lang),
                          settings.description.get(lang, ""))
        pages = [PageOut(pager.url(pager.number), "index.html", lang,
                         {"articles": chunk, "pager": pager, "listing": listing,
                          "total": len(listing.entries)},
                         homes if pager.number == 1 else {lang: pager.url(pager.number)},
                         f"home of {lang}", untranslated_note=False,
                         x_default="" if pager.number == 1 else None)
                 for pager, chunk in paginate(listing.entries, settings.per_page, homes[lang])]
        self.homes[lang] = listing, pages
        return listing, pages
