"""Stage: reads campaign, region and author files, resolves every entry's terms, and
describes the hashtag, region and author pages (and their listings) of every language."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from griot.content.model import Listing, Site, body_text
from griot.core import urls
from griot.core.build import Stage
from griot.core.errors import ContentError
from griot.core.pages import PageOut, paginate

from . import resolve
from .model import FOLDERS, TAXONOMIES, Taxonomies, TermText, term_view
from .settings import load

logger = logging.getLogger(__name__)

TERM_TEMPLATES = {"hashtags": "hashtag.html", "regions": "region.html", "authors": "author.html"}


class TaxonomiesStage(Stage):
    """Fills `entry.terms`, `related`, `previous` and `next`, and adds the term pages to
    `build.pages` and their listings to `build.listings` (griot.render renders them)."""

    def __init__(self, build):
        super().__init__(build)
        self.options = load(self.settings)
        self.taxonomies: Taxonomies | None = None
        # (build.pages, its term pages by (taxonomy, key), the index pages under (taxonomy,
        # None)): made by the first relisted() of a model, kept up to date by the next ones.
        self._by_term: tuple[list, dict] | None = None

    def describe(self):
        site: Site = self.build.site
        content_root = Path(self.settings["PATH"]).resolve()
        texts = self.read_texts(content_root)

        # Entries and texts carry the path messages show (the reader's display_path, relative
        # to the working folder): it is a real path, not one inside the content folder.
        def source_of(shown: str) -> str | None:
            try:
                return Path(shown).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None

        result = resolve.build(site, texts, related_count=self.options.related_count,
                               source_of=source_of)
        self.problems.extend(result.problems)
        self.warnings.extend(result.warnings)
        self.taxonomies = self.build.taxonomies = result.taxonomies
        pages: list[PageOut] = self.build.pages
        listings: list[Listing] = self.build.listings
        for taxonomy in TAXONOMIES:
            self.describe_pages(taxonomy, site.settings.per_page, pages, listings)
        # The campaigns each home page shows up front, in the index's order: a template
        # helper, with what it shows in every page's signature.
        campaigns = {
            lang: tuple(term_view(self.taxonomies, term, lang)
                        for term in self.taxonomies.in_language("hashtags", lang)
                        if term.is_campaign)
            for lang in self.taxonomies.languages}
        self.build.template_globals["campaigns"] = lambda lang: campaigns.get(lang, ())
        self.build.signature_parts["campaigns"] = tuple(
            (lang, view.key, view.name, view.url, view.text.lang if view.text else None,
             view.text.title if view.text else None)
            for lang, views in campaigns.items() for view in views)

    def read_texts(self, content_root: Path) -> list[TermText]:
        """Every campaign, region and author file, read by Griot's reader; problems collected."""
        reader = self.build.new_reader()  # on the content cache: converted once per content hash
        texts = []
        for folder in FOLDERS:
            root = content_root / folder
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if (not path.is_file() or path.name.startswith(".")
                        or path.suffix.lstrip(".") not in reader.file_extensions):
                    continue
                try:
                    _, metadata = reader.read(os.fspath(path))
                except ContentError as exc:
                    self.problems.append(exc.problem())
                    continue
                texts.append(TermText(metadata["header"], body_text(metadata),
                                      metadata["summary_text"]))
        self.warnings.extend(reader.warnings)
        return texts

    def describe_pages(self, taxonomy: str, per_page: int, pages: list[PageOut],
                       listings: list[Listing]) -> None:
        """The index of `taxonomy` and one paginated page per term, in every language."""
        for lang in self.taxonomies.languages:
            pages.append(self.index_page(taxonomy, lang))
        for term in self.taxonomies.terms[taxonomy].values():
            self.term_pages(term, per_page, pages, listings)

    def index_page(self, taxonomy: str, lang: str) -> PageOut:
        taxonomies = self.taxonomies
        indexes = {code: urls.term_index(code, taxonomy) for code in taxonomies.languages}
        views = [term_view(taxonomies, term, lang)
                 for term in taxonomies.in_language(taxonomy, lang)]
        return PageOut(indexes[lang], "terms.html", lang, {"taxonomy": taxonomy, "terms": views},
                       indexes, f"the list of {taxonomy} ({lang})")

    def term_pages(self, term, per_page: int, pages: list[PageOut],
                   listings: list[Listing]) -> None:
        """A term's listing and its pages, in every language it has a page in."""
        taxonomy, taxonomies = term.taxonomy, self.taxonomies
        page_langs = term.page_languages(taxonomies.languages)
        firsts = {lang: urls.term(lang, taxonomy, term.key) for lang in page_langs}
        for lang in page_langs:
            view = term_view(taxonomies, term, lang)
            own = term.texts.get(lang)
            listing = Listing(
                taxonomy, term.key, lang, firsts[lang],
                f"#{view.name}" if taxonomy == "hashtags" else view.name,
                term.entries.get(lang, []),
                own.summary_text if own else "",
            )
            listings.append(listing)
            origin = own.path if own else f"{taxonomy[:-1]} '{term.key}' ({lang})"
            for pager, chunk in paginate(listing.entries, per_page, firsts[lang]):
                url = pager.url(pager.number)
                pages.append(PageOut(
                    url, TERM_TEMPLATES[taxonomy], lang,
                    {"term": view, "articles": chunk, "pager": pager, "listing": listing,
                     "total": len(listing.entries)},
                    firsts if pager.number == 1 else {lang: url},
                    origin,
                ))

    def retagged(self, keys: list[str]) -> tuple[list[PageOut], list[PageOut], list[Listing],
                                                 list[Listing]]:
        """The live preview's patch (griot.preview.patch): the hashtags `keys` changed in the
        model (griot.taxonomies.retag), those gone from it included. See relisted()."""
        return self.relisted([("hashtags", key) for key in keys])

    def relisted(self, terms: list[tuple[str, str]], drop: Iterable[PageOut] = (),
                 add: Iterable[PageOut] = ()) -> tuple[list[PageOut], list[PageOut],
                                                       list[Listing], list[Listing]]:
        """The live preview's patches (griot.preview.patch, griot.preview.insert): the listings
        of `terms` ((taxonomy, key) pairs, terms gone from the model included) changed. Their
        pages and listings, and the indexes of their taxonomies, described again in place of
        the last ones in `build.pages` and `build.listings`; returns (old pages, new pages,
        old listings, new listings). Other pages the patch replaces (`drop`, `add`: another
        stage's) leave and join `build.pages` in the same pass over it, which is the cost
        here that grows with the site."""
        wanted = set(terms)
        kinds = list(dict.fromkeys(taxonomy for taxonomy, _ in terms))
        pages, listings = self.build.pages, self.build.listings
        by_key = self._term_pages()
        old_pages = [page for key in [*((kind, None) for kind in kinds), *terms]
                     for page in by_key.pop(key, ())]
        old_listings = [listing for listing in listings
                        if (listing.kind, listing.key) in wanted]
        new_pages = [self.index_page(kind, lang) for kind in kinds
                     for lang in self.taxonomies.languages]
        new_listings: list[Listing] = []
        for taxonomy, key in terms:
            term = self.taxonomies.get(taxonomy, key)
            if term is not None:
                self.term_pages(term, self.site_settings.per_page, new_pages, new_listings)
        gone = {id(page) for page in [*old_pages, *drop]}
        pages[:] = [page for page in pages if id(page) not in gone] + new_pages + list(add)
        for page in new_pages:
            by_key.setdefault(_term_key(page), []).append(page)
        gone = {id(listing) for listing in old_listings}
        listings[:] = [item for item in listings if id(item) not in gone] + new_listings
        return old_pages, new_pages, old_listings, new_listings

    def _term_pages(self) -> dict:
        """`build.pages`' term pages by (taxonomy, term key), each taxonomy's index pages
        under (taxonomy, None)."""
        pages = self.build.pages
        if self._by_term is None or self._by_term[0] is not pages:
            by_key: dict = {}
            for page in pages:
                key = _term_key(page)
                if key is not None:
                    by_key.setdefault(key, []).append(page)
            self._by_term = (pages, by_key)
        return self._by_term[1]


def _term_key(page: PageOut) -> tuple[str, str | None] | None:
    """(taxonomy, key) of the term a page lists, (taxonomy, None) for a taxonomy's index
    page, else None."""
    listing = page.vars.get("listing")
    if listing is not None:
        return (listing.kind, listing.key) if listing.kind in TAXONOMIES else None
    if page.template == "terms.html":
        return page.vars.get("taxonomy"), None
    return None
