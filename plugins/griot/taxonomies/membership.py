"""One article comes into the model or leaves it (a new file, a deleted one): the site's and
the taxonomies' listings updated in place, as a clean build would have made them, for the live
preview's insert patch (griot.preview.insert). Pure: no Pelican import.

`join()` and `leave()` say whether the change can be made this way, and what it touches,
without touching anything; None means the model must be built again (the normal update, which
also reports what this refuses to judge). They refuse what would move more than the terms the
article is listed under: a translation (every version's switcher changes), a term that would
appear or disappear, or disappear from one language, a hashtag's display form that would change,
a near miss of a campaign (a warning), a region or author the site does not know (a problem),
a hidden entry using one of the terms, campaigns whose order on the home page would change, a
scheduled article (a draft is taken where drafts show). `Membership.apply()` then updates the
language's listing, the terms' listings, the entry's neighbours and the related articles of
everyone the change can reach.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from griot.content.model import Entry, Site, taken_keys
from griot.taxonomies.keys import display_form, near_misses
from griot.taxonomies.model import TAXONOMIES, Taxonomies, Term, term_ref
from griot.taxonomies.names import NameIndex
from griot.taxonomies.resolve import hashtag_keys, related_articles
from griot.taxonomies.retag import _campaign_order, _insert, _seen_by, _users

_SINGULAR = {"regions": "region", "authors": "author"}


@dataclass
class Membership:
    """`entry` joins the model (`joining`) or leaves it, under the terms `keys` lists."""

    taxonomies: Taxonomies
    site: Site
    entry: Entry
    joining: bool
    related_count: int
    keys: dict[str, list[str]]  # taxonomy -> the entry's term keys, in the order written
    unused: tuple[str, ...] = ()  # campaigns no other file of its language names any more

    @property
    def terms(self) -> list[tuple[str, str]]:
        """(taxonomy, key) of every term whose listing changes."""
        return [(taxonomy, key) for taxonomy, keys in self.keys.items() for key in keys]

    # What _campaign_order() reads of a change.
    @property
    def added(self) -> list[str]:
        return self.keys["hashtags"] if self.joining else []

    @property
    def removed(self) -> list[str]:
        return [] if self.joining else self.keys["hashtags"]

    def _terms_of(self, taxonomy: str) -> list[Term]:
        return [self.taxonomies.get(taxonomy, key) for key in self.keys[taxonomy]]

    def apply(self) -> list[Entry]:
        """Update the model; returns the other entries whose neighbours or related articles
        changed (their pages show them)."""
        entry, site, lang = self.entry, self.site, self.entry.lang
        listing = site.articles.setdefault(lang, [])
        reached = self._terms_of("hashtags") + self._terms_of("regions")
        changed: dict[int, Entry] = {}
        if self.joining:
            bisect.insort(site.entries, entry, key=_path)
            site.taken().update((key, entry) for key in taken_keys(entry))
            entry.translations = {lang: entry}
            _insert(listing, entry)
            languages = self.taxonomies.languages
            entry.terms = {taxonomy: [term_ref(term, lang, languages)
                                      for term in self._terms_of(taxonomy)]
                           for taxonomy in TAXONOMIES}
            for term in [term for taxonomy in TAXONOMIES for term in self._terms_of(taxonomy)]:
                _insert(term.entries.setdefault(lang, []), entry)
            for term in self._terms_of("hashtags"):
                term.used_in.add(lang)
            position = listing.index(entry)
            entry.next = listing[position - 1] if position > 0 else None
            entry.previous = listing[position + 1] if position + 1 < len(listing) else None
            for other in (entry.next, entry.previous):
                if other is not None:
                    changed[id(other)] = other
            if entry.next is not None:
                entry.next.previous = entry
            if entry.previous is not None:
                entry.previous.next = entry
            seen = _seen_by(entry, reached, self.related_count) | {entry}
        else:
            seen = _seen_by(entry, reached, self.related_count) - {entry}
            index = bisect.bisect_left(site.entries, entry.meta.path, key=_path)
            if index < len(site.entries) and site.entries[index] is entry:
                del site.entries[index]
            else:
                site.entries.remove(entry)
            taken = site.taken()
            for key in taken_keys(entry):
                taken.pop(key, None)
            listing.remove(entry)
            for term in [term for taxonomy in TAXONOMIES for term in self._terms_of(taxonomy)]:
                term.entries[lang].remove(entry)
                if not term.entries[lang]:
                    del term.entries[lang]
            for key in self.unused:
                self.taxonomies.get("hashtags", key).used_in.discard(lang)
            newer, older = entry.next, entry.previous
            if newer is not None:
                newer.previous = older
                changed[id(newer)] = newer
            if older is not None:
                older.next = newer
                changed[id(older)] = older
            entry.next = entry.previous = None
        if self.related_count:
            for other in sorted(seen, key=lambda e: e.meta.path):
                if other.kind != "article":
                    continue
                related = related_articles(
                    other, [self.taxonomies.get("hashtags", ref.key)
                            for ref in other.terms.get("hashtags", ())],
                    [self.taxonomies.get("regions", ref.key)
                     for ref in other.terms.get("regions", ())], self.related_count)
                if related != other.related:
                    other.related = related
                    if other is not entry:
                        changed[id(other)] = other
        if not self.joining:
            entry.related = []
        return sorted(changed.values(), key=lambda e: e.meta.path)


def _path(entry: Entry) -> str:
    return entry.meta.path  # the order of site.entries


def join(taxonomies: Taxonomies, site: Site, entry: Entry, related_count: int
         ) -> Membership | None:
    """How `entry`, a new article (not yet in `site`), joins the model, or None."""
    meta = entry.meta
    if entry.kind != "article" or not _shown(site, meta.status) or entry.scheduled:
        return None
    taken = site.taken()
    if any(key in taken for key in taken_keys(entry)) or _translated(site, entry):
        return None  # a translation, or a problem the normal update reports
    keys = {"hashtags": [], "regions": [], "authors": []}
    terms = taxonomies.terms["hashtags"]
    campaigns = [key for key, term in terms.items() if term.is_campaign]
    for key, spelling in hashtag_keys(meta):
        term = terms.get(key)
        if term is None or near_misses(key, campaigns):
            return None
        if not term.has_file and meta.lang not in term.used_in:
            return None  # its page in this language appears
        if not term.is_campaign and spelling != term.display and _display_after(
                site, taxonomies, term, plus=spelling) != term.display:
            return None  # one more of another spelling changes the display form
        keys["hashtags"].append(key)
    for taxonomy in ("regions", "authors"):
        index = _name_index(taxonomies, taxonomy)
        if not len(index):
            continue  # no files: names shown as written, no terms
        for value in getattr(meta, taxonomy):
            key = index.resolve(value)
            if key is None:
                return None  # unknown: a problem
            if key not in keys[taxonomy]:
                keys[taxonomy].append(key)
    return _checked(Membership(taxonomies, site, entry, True, related_count, keys))


def leave(taxonomies: Taxonomies, site: Site, entry: Entry, related_count: int
          ) -> Membership | None:
    """How `entry`, an article of the model whose file is gone, leaves it, or None."""
    if (entry.kind != "article" or not _shown(site, entry.status) or entry.scheduled
            or _translated(site, entry)):
        return None
    lang = entry.lang
    keys = {taxonomy: [ref.key for ref in entry.terms.get(taxonomy, ())]
            for taxonomy in TAXONOMIES}
    for taxonomy, found in keys.items():
        for key in found:
            term = taxonomies.get(taxonomy, key)
            if term is None or entry not in term.entries.get(lang, ()):
                return None  # not the model this build made
    spellings, unused = dict(hashtag_keys(entry.meta)), []
    for key in keys["hashtags"]:
        term = taxonomies.get("hashtags", key)
        if not _users(site, taxonomies, term, lang, entry):
            if not term.has_file:
                return None  # its page in this language disappears
            unused.append(key)
        if not term.is_campaign and spellings.get(key) == term.display and _display_after(
                site, taxonomies, term, without=entry) != term.display:
            return None  # one less of the shown spelling changes the display form
    return _checked(Membership(taxonomies, site, entry, False, related_count, keys,
                               tuple(unused)))


def _translated(site: Site, entry: Entry) -> bool:
    """Whether another language has a version of `entry` (a hidden one too: it links its
    published translations)."""
    meta, taken = entry.meta, site.taken()
    return any(("group", meta.kind, meta.translation_key, code) in taken
               for code in site.settings.languages if code != meta.lang)


def _shown(site: Site, status: str) -> bool:
    """Whether an article of `status` is in the listings: published, or a draft where drafts
    show (the local preview: `invoke new` writes drafts)."""
    return status == "published" or (status == "draft" and site.settings.show_drafts)


def _checked(change: Membership) -> Membership | None:
    taxonomies, lang = change.taxonomies, change.entry.lang
    if _campaign_order(taxonomies, lang, change) != _campaign_order(taxonomies, lang):
        return None
    wanted = set(change.terms)
    for hidden in change.site.unlisted():  # its related articles come from the listings
        if any((taxonomy, ref.key) in wanted
               for taxonomy, refs in hidden.terms.items() for ref in refs):
            return None
    return change


def _name_index(taxonomies: Taxonomies, taxonomy: str) -> NameIndex:
    """What the build resolved regions (or authors) with (resolve._Builder.name_index)."""
    names = {key: [text.title for text in term.texts.values()]
             for key, term in sorted(taxonomies.terms[taxonomy].items())}
    return NameIndex(names, _SINGULAR[taxonomy])


def _display_after(site: Site, taxonomies: Taxonomies, term: Term, *,
                   without: Entry | None = None, plus: str | None = None) -> str:
    """The display form a hashtag would have without `without`'s spelling of it, or with one
    more `plus`: the spellings of every listed file naming it, as the build counts them
    (resolve.choose_display_forms)."""
    key, counted = term.key, Counter()
    users = [other.meta for listing in term.entries.values() for other in listing
             if other is not without]
    users += [page.meta for pages in site.pages.values() for page in pages]
    users += [text.meta for kind in taxonomies.terms.values() for described in kind.values()
              for text in described.texts.values()]
    for meta in users:
        counted.update(spelling for k, spelling in hashtag_keys(meta) if k == key)
    if plus is not None:
        counted[plus] += 1
    return display_form(counted, None) if counted else ""
