"""Checks every link of the site's articles and pages against what the build publishes, and
turns `{filename}` links into the URLs they name. Pure: no Pelican import."""

from __future__ import annotations

import difflib
import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from griot.content.header import split
from griot.core import urls
from griot.core.problems import Problem, T

from . import links

SEARCH = "search"


@dataclass
class LinkReport:
    problems: list[Problem] = field(default_factory=list)
    bodies: dict[int, str] = field(default_factory=dict)  # id(entry) -> rewritten body
    # What the next check (a live preview's update) may reuse: see check()'s `memo`.
    memo: dict = field(default_factory=dict)
    checker: LinkChecker | None = None


def known_urls(site, taxonomies) -> set[str]:
    """Every URL of the site a link may point at (site-relative, without the leading /)."""
    languages = site.settings.languages
    found = {""} | {e.url for e in site.entries}
    for lang in languages:
        found.update({urls.home(lang), f"{lang}/{SEARCH}/"})
        if taxonomies is None:
            continue
        for taxonomy, terms in taxonomies.terms.items():
            found.add(urls.term_index(lang, taxonomy))
            for term in terms.values():
                if lang in term.page_languages(languages):
                    found.add(urls.term(lang, taxonomy, term.key))
    return found


def _listing_page(url: str, known: set[str]) -> bool:
    """`fr/hashtags/x/page/2/`: a later page of a known listing (a stale number is not worth
    an error: listings grow and shrink)."""
    head, sep, tail = url.rpartition("page/")
    return bool(sep) and tail.rstrip("/").isdigit() and (head in known or head == "")


def check(site, taxonomies, content_root: str, read: Callable[[str], str | None],
          drafts: Iterable = (), memo: dict | None = None) -> LinkReport:
    """Problems of every entry's links, and the bodies with `{filename}` links resolved.

    `read(path)` gives a file's text; `drafts` are the headers of files the build read but does
    not publish (a link to one of them is a link to nothing in production). `memo` is the
    previous report's `memo` (a live preview's last update): the links found in a file whose
    header is the same object (the file was not read again) are not looked for again, and no
    file is read twice; what every link leads to is checked again, on the whole new site."""
    report = LinkReport()
    checker = report.checker = LinkChecker(site, taxonomies, content_root, read, drafts,
                                           memo, report.memo)
    for entry in site.entries:
        problems, body = checker.entry(entry)
        report.problems.extend(problems)
        if body is not None:
            report.bodies[id(entry)] = body
    return report


class LinkChecker:
    """What the links of one site may lead to; checks them one entry at a time. A live
    preview's patch (griot.preview.patch) keeps it to check the files it reads again."""

    def __init__(self, site, taxonomies, content_root: str, read: Callable[[str], str | None],
                 drafts: Iterable, old: dict | None, kept: dict):
        self.content_root, self.read = content_root, read
        self.old, self.kept = old if old is not None else {}, kept
        # id(header) -> (header, its links that may lead to a hashtag page), for each entry
        # checked: what a live patch removing a hashtag page looks for (patch.linking_to)
        # without going through every entry's links.
        self.hashtag_links: dict[int, tuple] = {}
        self.languages = site.settings.languages
        self.by_file = {self.relative(e.source_path): e.url for e in site.entries}
        self.unpublished = {self.relative(h.path) for h in drafts} - set(self.by_file)
        self.known = known_urls(site, taxonomies)

    def relative(self, shown: str) -> str:
        key = ("rel", shown)
        found = self.kept.get(key) or self.old.get(key) or _rel(shown, self.content_root)
        self.kept[key] = found
        return found

    def add(self, entry) -> None:
        """A new entry's URL and file, links may lead there (the live preview's insert)."""
        self.by_file[self.relative(entry.source_path)] = entry.url
        self.known.add(entry.url)

    def remove(self, entry) -> None:
        """A deleted entry's URL and file: links no longer lead there."""
        self.by_file.pop(self.relative(entry.source_path), None)
        self.known.discard(entry.url)
        self.kept.pop(id(entry.meta), None)
        self.hashtag_links.pop(id(entry.meta), None)

    def may_link(self, entry, other) -> bool:
        """Whether `entry`'s links, as the last check found them, may lead to `other`'s page
        or file (a cheap test: its slug in the link)."""
        found = self.kept.get(id(entry.meta)) or self.old.get(id(entry.meta))
        names = {other.meta.slug, posixpath.basename(other.meta.path).split(".")[0]}
        return found is None or found[0] is not entry.meta or any(
            name in link.target for link in found[1] if not link.image for name in names)

    def entry(self, entry) -> tuple[list[Problem], str | None]:
        """The problems of an entry's links, and its body with `{filename}` links resolved
        (None: nothing to rewrite)."""
        problems: list[Problem] = []
        found = self.old.get(id(entry.meta))
        if entry.meta.links is not None:  # found by the reader
            found = (entry.meta, entry.meta.links)
        elif found is None or found[0] is not entry.meta:
            text = self.read(entry.source_path)
            if text is None:
                return problems, None
            _, body, first_line = split(text, entry.source_path)
            found = (entry.meta, tuple(links.find(body, first_line)))
        self.kept[id(entry.meta)] = found
        to_hashtags = tuple(link for link in found[1]
                            if not link.image and "hashtags" in link.target)
        if to_hashtags:
            self.hashtag_links[id(entry.meta)] = (entry.meta, to_hashtags)
        else:
            self.hashtag_links.pop(id(entry.meta), None)
        source_rel = self.relative(entry.source_path)
        by_file, known = self.by_file, self.known
        for link in found[1]:
            if link.image:
                continue  # the images plugin finds, reads and publishes images
            rel = links.content_target(link.target, source_rel)
            if rel is not None:
                if rel in by_file:
                    continue
                problems.append(_to_nothing(entry, link, rel, by_file, self.unpublished))
                continue
            path = links.site_path(link.target, self.languages)
            if path is None or path in known or _listing_page(path, known):
                continue
            # Never the linking page itself: a link to nothing is rarely meant as one to itself.
            close = difflib.get_close_matches(path, sorted(known - {entry.url}), n=1,
                                              cutoff=0.6)
            problems.append(Problem(
                entry.source_path, T("the link {target} leads to no page of the site",
                                     target=link.target),
                T("did you mean /{close}?", close=close[0]) if close else
                T("correct the address, or link the file: [text]({{filename}}/articles/...)"),
                link.line))
        stored = entry.stored_body
        if isinstance(stored, bytes) and b"{filename}" not in stored and (
                b"|filename|" not in stored):
            return problems, None  # nothing to rewrite (links.rewrite would say so, decoded)
        html = entry.body
        new = links.rewrite(html, source_rel, by_file)
        return problems, (new if new != html else None)


def _to_nothing(entry, link, rel: str, by_file: dict[str, str], unpublished: set[str]
                ) -> Problem:
    if rel in unpublished:
        return Problem(entry.source_path,
                       T("the link {target} leads to a file that is not published (a draft, "
                         "or dated in the future)", target=link.target),
                       T("publish that file first, or remove the link"), link.line)
    names = {posixpath.basename(f): f for f in sorted(by_file, reverse=True)}
    near = difflib.get_close_matches(posixpath.basename(rel), list(names), n=1, cutoff=0.75)
    close = [names[near[0]]] if near else []
    return Problem(
        entry.source_path, T("the link {target} leads to no file (content/{rel} does not "
                             "exist)", target=link.target, rel=rel),
        T("did you mean {{filename}}/{close}?", close=close[0]) if close else
        T("write the path of the file from content/, e.g. {{filename}}/articles/2025/x.fr.md"),
        link.line)


def _rel(shown: str, content_root: str) -> str:
    absolute = os.path.abspath(shown)
    return posixpath.normpath(os.path.relpath(absolute, content_root).replace(os.sep, "/"))
