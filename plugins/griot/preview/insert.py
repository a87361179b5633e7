"""The live preview's patch for a new or a deleted article: the last build's model takes it in
(or lets it go) in place, and only what that moves is described, signed and rendered again.

What an article coming or going moves: its language's home listing and the listings of its
hashtags, region and authors (griot.taxonomies.membership), with their pages, feeds and the
indexes of their taxonomies (counts), the site's own feed, its neighbours' pages (their
"newer" and "older" links), the related articles of those it reaches, its own page and card,
the links that lead to it, and the sitemap. A clean build of the new site makes every other
file the same, so the update costs what the change moves, not what the site holds. The pages
of a long listing behind the article do move (each shows the next one's first article): they
are signed and compared like the rest, and only those that changed are written; the ones
past a listing's first page that do not show the article are left for the moment the editor
is idle, or asks for one of them (LiveSite.finish()).

What membership.join() or leave() refuses, or one file among several, an article with images,
a page, or a draft where drafts do not show, takes the normal update (the model rebuilt).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from griot.checks import translations
from griot.checks.generator import ChecksStage
from griot.content.generator import draft_of
from griot.content.model import Entry, encode_body, new_entry
from griot.core import urls
from griot.core.pages import PageOut
from griot.core.writer import OutputWriter
from griot.engine.problems import stop_on_problems
from griot.engine.runner import BuildState
from griot.feeds.generator import FeedsStage
from griot.images.body import USED_KEY
from griot.images.generator import ImagesStage
from griot.languages.generator import LanguagesStage
from griot.preview.patch import (
    GONE,
    _Found,
    _Moved,
    _outputs,
    entries_by_path,
    patchable,
    stages_of,
)
from griot.sitefiles.generator import SiteFilesStage
from griot.taxonomies import membership
from griot.taxonomies.generator import TaxonomiesStage


@dataclass
class Insert:
    """A new article joining the model, or a deleted one leaving it."""

    change: membership.Membership
    rel: str  # its file, relative to the content folder
    # Once applied: the listing pages it shifted that no one is looking at (the later pages
    # of a listing, where the article is not), left for LiveSite.finish() to render; and the
    # ids of the pages and feeds the model dropped.
    later: list[PageOut] = field(default_factory=list)
    retired: set[int] = field(default_factory=set)

    @property
    def entry(self) -> Entry:
        return self.change.entry


def plan(state: BuildState, rels: dict[str, str], context: dict) -> Insert | None:
    """The insert patch for `rels` (path -> kind, read again into `context`), or None when
    the normal update is needed."""
    if len(rels) != 1:
        return None
    (rel, kind), = rels.items()
    stages = patchable(state)
    if stages is None or _stage(state, LanguagesStage) is None:
        return None
    build = state.build
    old = state.context.get("generated_content", {}).get(rel)
    taxonomies = stages[TaxonomiesStage].taxonomies
    count = stages[TaxonomiesStage].options.related_count
    site = build.site
    if kind == GONE:
        header = getattr(old, "metadata", {}).get("header")
        entry = entries_by_path(state).get(getattr(header, "path", None))
        if entry is None or entry.meta is not header or _uses_images(old):
            return None
        change = membership.leave(taxonomies, site, entry, count)
    else:
        new = context.get("generated_content", {}).get(rel)
        draft = draft_of(new) if old is None and new is not None else None
        if draft is None or _uses_images(new):
            return None
        entry = new_entry(draft, site.settings)
        change = membership.join(taxonomies, site, entry, count)
    return Insert(change, rel) if change is not None else None


def _uses_images(content) -> bool:
    """An article with images or a cover: the images stage decides what is published."""
    header = content.metadata.get("header")
    return bool(content.metadata.get(USED_KEY)) or bool(getattr(header, "cover", None))


def _stage(state: BuildState, kind: type):
    return next((stage for stage in state.stages if type(stage) is kind), None)


def apply(state: BuildState, insert: Insert, context: dict, host, writer: OutputWriter,
          on_write_failure) -> list[str]:
    """Take the article in (or out), then write what that moves through `writer`; returns the
    files of the last build no page shows any more. A problem (a link to the deleted article,
    a new article's link to nothing) stops the update before the model changes (BuildError);
    a failure after that leaves the model to the next update's normal path."""
    build, stages = state.build, stages_of(state)
    checker = stages[ChecksStage].link_checker
    entry, joining = insert.entry, insert.change.joining
    languages = build.site_settings.languages
    by_path = entries_by_path(state)
    report = _Found()
    try:
        if joining:
            checker.add(entry)
            entry.translations = {entry.lang: entry}
            problems, body = checker.entry(entry)
            report.problems.extend(problems)
            if body is not None:
                entry.stored_body = encode_body(body)
            report.warnings.extend(translations.missing_translations([entry], languages))
        else:
            checker.remove(entry)
            for other in by_path.values():
                if other is not entry and checker.may_link(other, entry):
                    report.problems.extend(checker.entry(other)[0])
        if report.problems:
            stop_on_problems(replace(build, context=context, carried=state.carried.copy(),
                                     incremental=True), [host], [report])
    except BaseException:
        (checker.remove if joining else checker.add)(entry)
        raise
    images: ImagesStage = stages[ImagesStage]
    try:
        readers = build.signer.readers
        # What read the deleted article (its neighbours' pages, feeds...): made again below.
        was_read = list(readers.pop(id(entry), {}).values()) if not joining else []
        if not joining:  # its page read its neighbours and related articles: no longer
            own = next((key for key in was_read if isinstance(key, PageOut)
                        and key.vars.get("entry") is entry), None)
            for other in [entry.previous, entry.next, *entry.related]:
                if own is not None and other is not None:
                    readers.get(id(other), {}).pop(id(own), None)
        changed = insert.change.apply()
        moved, stale = _moved(state, stages, insert, changed, was_read)
        insert.retired = moved.retired
        if joining:
            images.patch_card(entry, writer, new=True)
        else:
            card = images.drop_card(entry)
            if card is not None:
                stale.append(card)
        now, insert.later = [], []
        for page in moved.pages:
            (insert.later if _later(page, entry) else now).append(page)
        moved.pages = now
        outputs = _outputs(state, stages, [], writer, report, moved)
        checked = replace(build, context=context, carried=state.carried.copy(),
                          incremental=True)
        shown = checked.carried.warned
        stop_on_problems(checked, [host], [report])
    except BaseException:
        writer.discard_new()  # its card: no page shows it
        state.patchable = False  # the model moved: the next update builds it again
        raise
    checked.carried.warned = checked.carried.warned | {
        w for w in shown if not w.startswith(entry.meta.path)}
    try:
        for rel, data, origin, signature, notes in outputs:
            writer.write(rel, data, origin, signature=signature, notes=notes)
        build.context, build.carried = context, checked.carried
        stale += stages[SiteFilesStage].patch_sitemap(writer, moved.gone, moved.made)
    except BaseException:
        on_write_failure()
        raise
    if joining:
        by_path[entry.meta.path] = entry
    else:
        by_path.pop(entry.meta.path, None)
    return stale


def _moved(state: BuildState, stages: dict, insert: Insert, changed: list[Entry],
           was_read: list) -> tuple[_Moved, list[str]]:
    """The listings, pages and feeds the model describes again now that the article came or
    went, in place of the last ones; what to render and sign again (patch._outputs), and the
    files no page or feed makes any more."""
    build, entry = state.build, insert.entry
    readers = build.signer.readers
    feeds: FeedsStage = stages[FeedsStage]
    languages_stage: LanguagesStage = _stage(state, LanguagesStage)
    taxonomies: TaxonomiesStage = stages[TaxonomiesStage]
    lang = entry.lang
    listings = build.listings
    old_home, old_home_pages = languages_stage.homes[lang]
    relisted = {old_home.url} | {
        urls.term(code, taxonomy, key) for taxonomy, key in insert.change.terms
        for code in build.site_settings.languages}
    old_plans = [(spec, chosen) for spec, chosen, _ in feeds.plans.values()
                 if spec.path in relisted]
    home, home_pages = languages_stage.home(lang)
    own = [key for key in was_read if isinstance(key, PageOut) and key.vars.get("entry") is entry]
    if not insert.change.joining and not own:  # (every page reads its entry)
        own = [page for page in build.pages if page.vars.get("entry") is entry]
    retired_pages = [*old_home_pages, *own]
    made = [*home_pages, *([languages_stage.entry_page(entry)] if insert.change.joining
                           else [])]
    old_pages, new_pages, old_listings, new_listings = taxonomies.relisted(
        insert.change.terms, drop=retired_pages, add=made)
    listings[:] = [item for item in listings if item is not old_home] + [home]
    new_pages += made
    old_pages += retired_pages
    specs, stale = feeds.relisted([*old_listings, old_home], [*new_listings, home],
                                  new_pages)
    root = feeds.replan_root()
    if root is not None:
        specs.append(root)
    # What the model dropped is no longer anyone's reader: a later patch must not write it.
    build.signer.retire(old_pages, old_plans)
    retired = {id(key) for key in [*old_pages, *(spec for spec, _ in old_plans)]}
    # The pages of the entries whose neighbours or related articles changed: they read
    # them (every page reads its entry).
    wanted = {id(other) for other in changed}
    own = [key for other in changed for key in readers.get(id(other), {}).values()
           if isinstance(key, PageOut) and key.vars.get("entry") is other]
    if len({id(page.vars["entry"]) for page in own}) < len(wanted):
        own = [page for page in build.pages if id(page.vars.get("entry")) in wanted]
    again = [key for key in was_read if id(key) not in retired]
    moved = _Moved(
        pages=[*new_pages, *own, *(key for key in again if isinstance(key, PageOut))],
        specs=[*specs, *(key for key in again if not isinstance(key, PageOut))],
        retired=retired, stale=stale, pages_changed=True, gone=old_pages, made=new_pages)
    old_urls = {page.url for page in old_pages}
    stale += [urls.output_file(url) for url in sorted(old_urls - {p.url for p in new_pages})]
    return moved, stale


def _later(page: PageOut, entry: Entry) -> bool:
    """A listing's later page that does not show `entry`: what an editor who just saved the
    article does not look at first."""
    pager = page.vars.get("pager")
    # (`in` compares entries by identity: they define no __eq__)
    return pager is not None and pager.number > 1 and entry not in page.vars["articles"]


