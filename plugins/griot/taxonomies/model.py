"""The taxonomy model: hashtags (campaigns among them), regions and authors, per language.

Plain dataclasses, no Pelican import. `resolve.build` fills them from the site model and the
campaign, region and author files; the generator turns them into pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from babel import Locale

from griot.content.header import Header
from griot.content.model import TermRef
from griot.core import urls
from griot.taxonomies.keys import fold_case_and_accents

TAXONOMIES = ("hashtags", "regions", "authors")
# Folder under content/ -> the taxonomy its files describe.
FOLDERS = {"campaigns": "hashtags", "regions": "regions", "authors": "authors"}


@dataclass(frozen=True)
class TermText:
    """One campaign, region or author file: the term's text in one language."""

    meta: Header
    body: str  # HTML
    summary_text: str

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def key(self) -> str:
        return self.meta.slug

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def path(self) -> str:
        return self.meta.path


@dataclass(eq=False)
class Term:
    """One hashtag, region or author, in every language."""

    taxonomy: str
    key: str
    texts: dict[str, TermText] = field(default_factory=dict)  # lang -> text, site order
    display: str = ""  # hashtags: the display form, without '#'
    entries: dict[str, list] = field(default_factory=dict)  # lang -> listed articles, newest first
    used_in: set[str] = field(default_factory=set)  # languages whose pages mention the term
    region: str | None = None  # authors: the key of the region their file names
    authors: list[str] = field(default_factory=list)  # regions: keys of authors living there

    @property
    def is_campaign(self) -> bool:
        return self.taxonomy == "hashtags" and bool(self.texts)

    @property
    def has_file(self) -> bool:
        return bool(self.texts)

    def text(self, lang: str, languages: Sequence[str]) -> TermText | None:
        """The text in `lang`, else the one in the first site language that has one."""
        if lang in self.texts:
            return self.texts[lang]
        for other in languages:
            if other in self.texts:
                return self.texts[other]
        return next(iter(self.texts.values()), None)

    def name(self, lang: str, languages: Sequence[str]) -> str:
        """How the term is named on a page in `lang`: a hashtag's display form (without '#'),
        a region's or an author's title in `lang` or, failing that, in another language."""
        if self.taxonomy == "hashtags":
            return self.display
        text = self.text(lang, languages)
        return text.title if text else self.key

    def page_languages(self, languages: Sequence[str]) -> tuple[str, ...]:
        """Languages with a page for this term: every language when a file describes it (a
        campaign, a region, an author), else those whose pages use the hashtag."""
        if self.has_file:
            return tuple(languages)
        return tuple(lang for lang in languages if lang in self.used_in)

    def coordinates(self, lang: str, languages: Sequence[str]) -> tuple[float, float] | None:
        """A region's (latitude, longitude): from its file in `lang` if that has both, else
        from the first file that does."""
        order = [lang, *languages, *self.texts]
        for code in order:
            text = self.texts.get(code)
            if text and text.meta.latitude is not None and text.meta.longitude is not None:
                return text.meta.latitude, text.meta.longitude
        return None

    def count(self, lang: str) -> int:
        return len(self.entries.get(lang, ()))


@dataclass
class Taxonomies:
    """Every term of the site, by taxonomy then key."""

    languages: tuple[str, ...]
    terms: dict[str, dict[str, Term]] = field(
        default_factory=lambda: {taxonomy: {} for taxonomy in TAXONOMIES})

    def get(self, taxonomy: str, key: str) -> Term | None:
        return self.terms[taxonomy].get(key)

    def add(self, taxonomy: str, key: str) -> Term:
        terms = self.terms[taxonomy]
        if key not in terms:
            terms[key] = Term(taxonomy, key)
        return terms[key]

    def in_language(self, taxonomy: str, lang: str) -> list[Term]:
        """The terms with a page in `lang`, in the order their index lists them: hashtags
        campaigns first, then by use; regions and authors by name."""
        terms = [t for t in self.terms[taxonomy].values()
                 if lang in t.page_languages(self.languages)]
        if taxonomy == "hashtags":
            return sorted(terms, key=lambda t: hashtag_order(t, lang))
        # Accents must not send Ségou after Sikasso: compare names without them.
        return sorted(terms, key=lambda t: (fold_case_and_accents(t.name(lang, self.languages)),
                                            t.key))


def hashtag_order(term: Term, lang: str, count: int | None = None) -> tuple:
    """Sort key of a hashtag in `lang`'s index: campaigns first, then by use (`count`, else
    the term's own), then by name."""
    uses = term.count(lang) if count is None else count
    return not term.is_campaign, -uses, term.display.casefold(), term.key


@dataclass(frozen=True)
class TermView:
    """What a page in one language shows of a term: its name there, the text to show (the
    term's own in that language, else another language's: `text.lang` says which), and links."""

    taxonomy: str
    key: str
    lang: str  # the page's language
    name: str
    url: str
    count: int  # listed articles in `lang`
    is_campaign: bool
    text: TermText | None
    latitude: float | None = None
    longitude: float | None = None
    region: TermRef | None = None  # an author's region
    authors: tuple[TermRef, ...] = ()  # a region's authors

    @property
    def translated(self) -> bool:
        """False when the text shown is another language's (mark it with its `lang`)."""
        return self.text is None or self.text.lang == self.lang

    @property
    def text_language(self) -> str:
        """The name, in the page's language, of the language the text is written in."""
        if self.text is None:
            return ""
        return Locale.parse(self.text.lang).get_display_name(self.lang) or self.text.lang


def term_ref(term: Term, lang: str, languages: Sequence[str]) -> TermRef:
    """The link to `term`'s page in `lang`, named in `lang`."""
    where = term.coordinates(lang, languages) if term.taxonomy == "regions" else None
    return TermRef(term.taxonomy, term.key, term.name(lang, languages),
                   urls.term(lang, term.taxonomy, term.key), *(where or (None, None)))


def term_view(taxonomies: Taxonomies, term: Term, lang: str) -> TermView:
    languages = taxonomies.languages
    where = term.coordinates(lang, languages) if term.taxonomy == "regions" else None
    region = taxonomies.get("regions", term.region) if term.region else None
    return TermView(
        taxonomy=term.taxonomy,
        key=term.key,
        lang=lang,
        name=term.name(lang, languages),
        url=urls.term(lang, term.taxonomy, term.key),
        count=term.count(lang),
        is_campaign=term.is_campaign,
        text=term.text(lang, languages),
        latitude=where[0] if where else None,
        longitude=where[1] if where else None,
        region=term_ref(region, lang, languages) if region else None,
        authors=tuple(term_ref(taxonomies.get("authors", key), lang, languages)
                      for key in term.authors),
    )
