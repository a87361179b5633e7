"""One article's hashtags changed: the taxonomy model updated in place, as a clean build would
have made it, for the live preview's patches (griot.preview.patch). Pure: no Pelican import.

`plan()` says whether the change can be applied this way, and what it touches, without
touching anything; None means the model must be built again (the normal update). It refuses
what would move more than the article's hashtag terms: a display form that would change
(a term's most used spelling), a near miss of a campaign (a warning), a hidden entry using
one of the terms (it links a term only when the term exists, and its related articles come
from the terms' listings though it is in none), or campaigns
whose order on the home page would change. `Plan.apply()` then updates the terms' listings,
the terms that appear or disappear, the article's links to its terms, and the related
articles of everyone the change can reach (related_articles only looks `reach()` entries
down a term's listing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from griot.content.model import Entry, Site
from griot.taxonomies.keys import display_form, near_misses
from griot.taxonomies.model import Taxonomies, Term, hashtag_order, term_ref
from griot.taxonomies.resolve import hashtag_keys, newest_first, reach, related_articles


@dataclass
class Plan:
    """What changing `entry`'s hashtags to those of `meta` does to the model."""

    taxonomies: Taxonomies
    site: Site
    entry: Entry
    meta: object  # the new header (Header)
    related_count: int
    keys: list[tuple[str, str]]  # the new (key, spelling) pairs
    added: list[str]  # keys the article gains
    removed: list[str]  # keys it loses
    created: dict[str, str] = field(default_factory=dict)  # new term key -> its display form
    vanishing: list[str] = field(default_factory=list)  # keys of terms that disappear
    leaving: list[str] = field(default_factory=list)  # kept terms no longer used in its language

    @property
    def terms(self) -> list[str]:
        """Keys of the terms whose listing (and pages) change, those that appear or disappear
        included."""
        return [*self.added, *self.removed]

    def apply(self) -> list[Entry]:
        """Update the model; returns the entries whose related articles changed."""
        entry, lang, terms = self.entry, self.entry.lang, self.taxonomies.terms["hashtags"]
        seen = _seen_by(entry, [terms[k] for k in self.removed], self.related_count)
        for key in self.removed:
            term = terms[key]
            listing = term.entries[lang]
            listing.remove(entry)
            if not listing:
                del term.entries[lang]
            if key in self.vanishing:
                del terms[key]
            elif key in self.leaving:
                term.used_in.discard(lang)
        for key in self.added:
            term = terms.get(key)
            if term is None:
                term = self.taxonomies.add("hashtags", key)
                term.display = self.created[key]
            term.used_in.add(lang)
            _insert(term.entries.setdefault(lang, []), entry)
        languages = self.taxonomies.languages
        entry.terms = {**entry.terms, "hashtags": [
            term_ref(terms[key], lang, languages) for key, _ in self.keys]}
        seen |= _seen_by(entry, [terms[k] for k in self.added], self.related_count)
        changed = []
        if self.related_count:
            for other in sorted(seen | {entry}, key=lambda e: e.meta.path):
                if other.kind != "article":
                    continue
                related = related_articles(
                    other, [terms[ref.key] for ref in other.terms.get("hashtags", ())],
                    [self.taxonomies.get("regions", ref.key)
                     for ref in other.terms.get("regions", ())], self.related_count)
                if related != other.related:
                    other.related = related
                    changed.append(other)
        return changed


def plan(taxonomies: Taxonomies, site: Site, entry: Entry, meta, related_count: int
         ) -> Plan | None:
    """How `entry` (a listed article) takes the hashtags of `meta`, or None (see the module
    docstring)."""
    if entry.kind != "article" or not entry.listed or meta.status != entry.meta.status:
        return None
    lang, terms = entry.lang, taxonomies.terms["hashtags"]
    old, new = hashtag_keys(entry.meta), hashtag_keys(meta)
    if old == new:
        return None  # the same hashtags, another spelling order: not worth a special case
    old_keys, new_keys = dict(old), dict(new)
    result = Plan(taxonomies, site, entry, meta, related_count, new,
                  [k for k in new_keys if k not in old_keys],
                  [k for k in old_keys if k not in new_keys])
    campaigns = [key for key, term in terms.items() if term.is_campaign]
    for key, spelling in new:
        term = terms.get(key)
        if near_misses(key, campaigns):
            return None  # a warning to give: the build says it
        if term is None:
            result.created[key] = display_form(Counter({spelling: 1}))
        elif not term.is_campaign and old_keys.get(key) != spelling and (
                spelling != term.display):
            return None  # one more of another spelling: the display form may change
    for key, spelling in old:
        term = terms.get(key)
        if term is None or entry not in term.entries.get(lang, ()):
            return None  # not the model this build made
        if new_keys.get(key) == spelling:
            continue
        users = _users(site, taxonomies, term, lang, entry)
        if key in result.removed and not users:
            if not term.has_file and term.used_in <= {lang}:
                result.vanishing.append(key)
                continue
            result.leaving.append(key)
        if not term.is_campaign and spelling == term.display:
            return None  # one less of the shown spelling: the display form may change
    if _hidden_use(site, set(result.terms)):
        return None  # it links a term only when the term exists; its related articles
    if _campaign_order(taxonomies, lang, result) != _campaign_order(taxonomies, lang):
        return None
    return result


def _users(site: Site, taxonomies: Taxonomies, term: Term, lang: str, entry: Entry) -> bool:
    """Whether anything else published in `lang` uses `term`: another article, a listed page,
    a campaign, region or author file."""
    if any(other is not entry for other in term.entries.get(lang, ())):
        return True
    key = term.key
    for page in site.pages.get(lang, ()):
        if any(k == key for k, _ in hashtag_keys(page.meta)):
            return True
    return any(text.lang == lang and any(k == key for k, _ in hashtag_keys(text.meta))
               for other in taxonomies.terms.values() for described in other.values()
               for text in described.texts.values())


def _hidden_use(site: Site, keys: set[str]) -> bool:
    """Whether an entry in no listing names one of `keys`."""
    if not keys:
        return False
    return any(any(k in keys for k, _ in hashtag_keys(entry.meta))
               for entry in site.unlisted())


def _campaign_order(taxonomies: Taxonomies, lang: str, change: Plan | None = None) -> list:
    """The campaigns in the order the home page of `lang` shows them (in_language), counts
    as they are, or as they will be after `change`."""
    delta = Counter()
    if change is not None:
        delta.update({key: 1 for key in change.added})
        delta.subtract({key: 1 for key in change.removed})
    campaigns = [t for t in taxonomies.terms["hashtags"].values() if t.is_campaign]
    return [t.key for t in sorted(campaigns, key=lambda t: hashtag_order(
        t, lang, t.count(lang) + delta[t.key]))]


def _insert(listing: list[Entry], entry: Entry) -> None:
    """Into a newest-first listing, at its place (after the entries newer than it)."""
    key = newest_first(entry)
    low, high = 0, len(listing)
    while low < high:  # a binary search: bisect's would want the listing oldest first
        middle = (low + high) // 2
        if newest_first(listing[middle]) < key:
            high = middle
        else:
            low = middle + 1
    listing.insert(low, entry)


def _seen_by(entry: Entry, terms: list[Term], limit: int) -> set[Entry]:
    """Articles whose related articles may see `entry` through one of `terms`: all of a
    term's articles in its language when `entry` is within reach of the listing's top."""
    found: set[Entry] = set()
    for term in terms:
        listing = term.entries.get(entry.lang, [])
        try:
            position = listing.index(entry)
        except ValueError:
            continue
        if position < reach(limit):
            found.update(listing)
    return found
