"""The live preview's fastest update: files saved with the same shape (a text edit, a new
title, the most common saves) patch the last build's model in place, and only the pages and
feeds that read those entries are signed, rendered and compared again. Its cost follows what
the edit touches (a few pages, a few feeds), not the size of the site.

Why that is enough. The model's shape (URLs, listings and their order, terms, neighbours,
related articles, translations, the sitemap) follows a few header keys alone (date, slug,
language, status, hashtags, regions, authors, translation key, cover...); a hashtag written in
the text joins the header (griot.reader). What a file that keeps them can change is its
entry's body, summaries, and the keys of `SHAPELESS`. Those are read by the pages and feeds
that read the entry's own data (the signer records which, griot.core.signature), by its social
card (drawn again when its title or content note changed) and by the link check. Everything
else the last build wrote stays.

A save that changes an article's hashtags and nothing else of its shape (the most common
structural edit) patches the model too (griot.taxonomies.retag): the terms' listings, pages
and feeds, the hashtag indexes and the related articles it reaches are described again, the
sitemap written again when pages come or go; what retag.plan() refuses takes the normal update.

When it does not apply, LiveSite runs its normal update (the model rebuilt from what was read):
a new, deleted or unpublished file, another shape, other images, a help or about page whose
header changed (every page links it), a page or feed the last build could not sign, or a model
the last build did not keep.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace

from griot.checks import links
from griot.checks.generator import ChecksStage
from griot.content.generator import draft_of
from griot.content.header import Header
from griot.content.model import Draft, Entry, encode_body
from griot.core import urls
from griot.core.pages import PageOut
from griot.core.writer import OutputWriter
from griot.engine.problems import stop_on_problems
from griot.engine.runner import BuildState
from griot.feeds.build import FeedSpec
from griot.feeds.generator import FeedsStage
from griot.images.body import USED_KEY
from griot.images.generator import ImagesStage
from griot.render.generator import RenderStage
from griot.sitefiles.generator import SiteFilesStage
from griot.taxonomies import retag
from griot.taxonomies.generator import TaxonomiesStage

# Header keys a patch may change: only the entry's own pages, listings and feeds show them (and
# its card). Any other key moves the entry in the model, or changes what every page shows.
SHAPELESS = frozenset({"title", "summary", "content_warning", "cover_alt", "license",
                       "modified"})
_SHAPE = tuple(f.name for f in fields(Header) if f.compare and f.name not in SHAPELESS)
_RETAG_SHAPE = tuple(key for key in _SHAPE if key != "hashtags")
GONE = "deleted"  # in an update's files: a file the last build read, gone since


@dataclass
class Change:
    """One entry of the last build's model and what its file says now."""

    entry: Entry
    draft: Draft  # the new reading: the same header, maybe another body and summaries
    body: str | bytes  # the body to publish: `{filename}` links resolved
    retag: retag.Plan | None = None  # its hashtags changed (griot.taxonomies.retag)


class _Found:
    """Stands for a stage in stop_on_problems: what the patch found."""

    def __init__(self):
        self.problems: list = []
        self.warnings: list = []


def stages_of(state: BuildState) -> dict[type, object] | None:
    """The last build's stages a patch uses, by class; None when one of them is missing or
    left nothing to patch with (no link check, no feed signed, no page rendered)."""
    stages = {type(stage): stage for stage in state.stages}
    if any(getattr(stages.get(kind), attr, None) is None for kind, attr in (
            (ChecksStage, "link_checker"), (ImagesStage, "cards"), (FeedsStage, "sign"),
            (RenderStage, "renderer"), (TaxonomiesStage, "taxonomies"),
            (SiteFilesStage, "build"))):
        return None
    return stages


def patchable(state: BuildState) -> dict[type, object] | None:
    """The last build's stages by class (stages_of) when its model can be patched (a
    model kept, every page and feed signed and tracked, only Griot's plugins), else None."""
    build = state.build
    if build is None or build.site is None or not build.signed or not state.patchable:
        return None
    signer = build.signer
    if signer.readers is None or not signer.enabled or signer.unsigned:
        return None
    if any(not name.startswith("griot") for name in build.settings.get("PLUGINS") or ()):
        return None  # another plugin may read or finish content its own way
    return stages_of(state)


def entries_by_path(state: BuildState) -> dict[str, Entry]:
    """The last build's entries by their file (kept with the state: a patch keeps them)."""
    if state.by_path is None:
        state.by_path = {entry.meta.path: entry for entry in state.build.site.entries}
    return state.by_path


def changes(state: BuildState, rels: dict[str, str], context: dict) -> list[Change] | None:
    """The entries `rels` (path -> kind, read again into `context`) patch, or None when the
    normal update is needed."""
    if patchable(state) is None:
        return None
    old_files = state.context.get("generated_content", {})
    new_files = context.get("generated_content", {})
    by_path = entries_by_path(state)
    found = []
    for rel, kind in rels.items():
        old, new = old_files.get(rel), new_files.get(rel)
        if kind == GONE or old is None or new is None:
            return None
        draft = draft_of(new)
        header = old.metadata.get("header")
        if draft is None or header is None or new.status != old.status:
            return None
        if tuple(new.metadata.get(USED_KEY, ())) != tuple(old.metadata.get(USED_KEY, ())):
            return None  # other images: the images stage decides what is published
        entry = by_path.get(header.path)
        if entry is None or entry.meta is not header:
            return None  # not published by the last build (a draft, a scheduled article)
        change = Change(entry, draft, draft.body)
        if not same_shape(header, draft.meta):
            change.retag = retag_plan(state, header, draft.meta, entry)
            if change.retag is None:
                return None
        found.append(change)
    if sum(change.retag is not None for change in found) > 1:
        return None  # one article's hashtags at a time: two plans would not see each other
    return found


def retag_plan(state: BuildState, old: Header, new: Header, entry: Entry) -> retag.Plan | None:
    """How the model takes `entry`'s new hashtags (`new` differs from `old` in them and in
    keys a patch may change alone), or None: the normal update."""
    if old.role is not None or any(getattr(old, key) != getattr(new, key)
                                   for key in _RETAG_SHAPE):
        return None
    stage: TaxonomiesStage = stages_of(state)[TaxonomiesStage]
    return retag.plan(stage.taxonomies, state.build.site, entry, new,
                      stage.options.related_count)


def same_shape(old: Header, new: Header) -> bool:
    if old == new:
        return True
    return old.role is None and all(getattr(old, key) == getattr(new, key) for key in _SHAPE)


def apply(state: BuildState, found: list[Change], context: dict, host, writer: OutputWriter,
          on_write_failure) -> list[str]:
    """Patch the model with `found`, then write what reads it through `writer`; returns the
    files of the last build no page shows any more (social cards drawn again). The output and
    the model are as they were when a problem stops the update (BuildError);
    `on_write_failure()` runs when writing fails part-way."""
    build = state.build
    stages = stages_of(state)  # (changes() made sure there are)
    signer = build.signer
    checker = stages[ChecksStage].link_checker
    images: ImagesStage = stages[ImagesStage]
    report = _Found()
    retagged = next((change for change in found if change.retag is not None), None)
    known = checker.known
    if retagged is not None:  # links are checked against the site the new hashtags make
        gone, made = term_urls(retagged.retag)
        checker.known = (known - gone) | made
    try:
        # Links first, on a copy: the model is untouched if one leads nowhere.
        for change in found:
            probe = copy.copy(change.entry)
            probe.meta, probe.stored_body = change.draft.meta, change.draft.body
            problems, body = checker.entry(probe)
            report.problems.extend(problems)
            if body is not None:
                change.body = encode_body(body)
        if retagged is not None:
            patched = {id(change.entry) for change in found}
            for other in linking_to(state, checker, gone):
                if id(other) not in patched:
                    report.problems.extend(checker.entry(other)[0])
            if report.problems:  # before the model changes: it cannot be undone
                stop_on_problems(replace(build, context=context, carried=state.carried.copy(),
                                         incremental=True), [host], [report])
    except BaseException:
        checker.known = known
        raise
    undo, stale = [], []
    try:
        for change in found:
            entry = change.entry
            undo.append((entry, entry.meta, entry.stored_body, entry.summary_html,
                         entry.summary_text, images.cards.get(entry.url)))
            draft = change.draft
            entry.meta, entry.stored_body = draft.meta, change.body
            entry.summary_html, entry.summary_text = draft.summary_html, draft.summary_text
            signer.forget(entry)
        moved = _retag(state, stages, retagged) if retagged is not None else _Moved()
        stale += moved.stale
        for change in found:
            replaced = images.patch_card(change.entry, writer)
            if replaced is not None:
                stale.append(replaced)
        outputs = _outputs(state, stages, found, writer, report, moved)
        checked = replace(build, context=context, carried=state.carried.copy(),
                          incremental=True)
        shown = checked.carried.warned
        stop_on_problems(checked, [host], [report])
    except BaseException:
        for entry, meta, body, summary_html, summary_text, card in undo:
            entry.meta, entry.stored_body = meta, body
            entry.summary_html, entry.summary_text = summary_html, summary_text
            signer.forget(entry)
            if card is not None:
                images.cards[entry.url] = card
        writer.discard_new()  # cards drawn for this update: no page shows them
        if retagged is not None:  # the taxonomies moved: the next update builds the model
            checker.known = known
            state.patchable = False
        raise
    # The site's other warnings were shown by the build before: they stay known as shown.
    paths = tuple(change.entry.meta.path for change in found)
    checked.carried.warned = checked.carried.warned | {
        w for w in shown if not w.startswith(paths)}
    try:
        for rel, data, origin, signature, notes in outputs:
            writer.write(rel, data, origin, signature=signature, notes=notes)
    except BaseException:
        on_write_failure()
        raise
    build.context, build.carried = context, checked.carried
    if moved.pages_changed:
        try:
            stale += stages[SiteFilesStage].patch_sitemap(writer, moved.gone, moved.made)
        except BaseException:
            on_write_failure()
            raise
    for change in found:
        state.by_path[change.entry.meta.path] = change.entry
    return stale


@dataclass
class _Moved:
    """What a change of hashtags did to the pages and feeds (_retag)."""

    pages: list = field(default_factory=list)  # pages to sign and render again
    specs: list = field(default_factory=list)  # feeds to sign and build again
    retired: set = field(default_factory=set)  # ids of pages and feeds the model dropped
    stale: list = field(default_factory=list)  # their files, when nothing replaces them
    pages_changed: bool = False  # pages came or went: the sitemap is written again
    gone: list = field(default_factory=list)  # the pages the model dropped (the sitemap's)
    made: list = field(default_factory=list)  # the pages it describes in their place


def term_urls(plan: retag.Plan) -> tuple[set[str], set[str]]:
    """(URLs of the hashtag pages that disappear, of those that appear) with `plan`."""
    lang, terms = plan.entry.lang, plan.taxonomies.terms["hashtags"]
    gone = {urls.term(code, "hashtags", key) for key in plan.vanishing
            for code in terms[key].page_languages(plan.taxonomies.languages)}
    gone |= {urls.term(lang, "hashtags", key) for key in plan.leaving
             if not terms[key].has_file}
    made = {urls.term(lang, "hashtags", key) for key in plan.created}
    return gone, made


def linking_to(state: BuildState, checker, targets: set[str]) -> list[Entry]:
    """The entries whose text links one of `targets` (site paths), as the last check found
    them."""
    if not targets:
        return []
    by_path, languages = entries_by_path(state), checker.languages
    found = []
    for meta, found_links in list(checker.hashtag_links.values()):
        if any(_listed_in(links.site_path(link.target, languages), targets)
               for link in found_links):
            entry = by_path.get(getattr(meta, "path", None))
            if entry is not None and entry.meta is meta:
                found.append(entry)
    return found


def _listed_in(path: str | None, targets: set[str]) -> bool:
    """Whether site path `path` is one of `targets` or a later page of one."""
    return path is not None and (path in targets or path.rpartition("page/")[0] in targets)


def _retag(state: BuildState, stages: dict, change: Change) -> _Moved:
    """The model takes the change's hashtags: terms and related articles (retag.Plan), the
    hashtag pages and listings (TaxonomiesStage.retagged) and their feeds
    (FeedsStage.relisted)."""
    build, signer, plan = state.build, state.build.signer, change.retag
    entry = change.entry
    related = plan.apply()
    old_pages, new_pages, old_listings, new_listings = stages[TaxonomiesStage].retagged(
        plan.terms)
    readers = signer.readers
    # Their pages: those that read them (every page reads its entry), else looked for.
    wanted = {id(other): other for other in [entry, *related]}
    own_pages = {id(other): key for other in wanted.values()
                 for key in readers.get(id(other), {}).values()
                 if isinstance(key, PageOut) and key.vars.get("entry") is other}
    if len(own_pages) < len(wanted):
        own_pages.update((id(page.vars["entry"]), page) for page in build.pages
                         if id(page.vars.get("entry")) in wanted)
    feeds: FeedsStage = stages[FeedsStage]
    relisted = {listing.url for listing in old_listings}
    old_plans = [(spec, chosen) for spec, chosen, _ in feeds.plans.values()
                 if spec.path in relisted]
    new_specs, stale = feeds.relisted(old_listings, new_listings,
                                      [*new_pages, own_pages[id(entry)]])
    # What the model dropped is no longer anyone's reader: a later patch must not write it.
    signer.retire(old_pages, old_plans)
    old_specs = [spec for spec, _ in old_plans]
    moved = _Moved(pages=[*new_pages, *own_pages.values()], specs=new_specs,
                   retired={id(key) for key in [*old_pages, *old_specs]}, stale=stale)
    old_urls = {page.url for page in old_pages}
    new_urls = {page.url for page in new_pages}
    moved.stale += [urls.output_file(url) for url in sorted(old_urls - new_urls)]
    moved.pages_changed = old_urls != new_urls
    moved.gone, moved.made = old_pages, new_pages
    return moved


def _outputs(state: BuildState, stages: dict, found: list[Change], writer: OutputWriter,
             report: _Found, moved: _Moved) -> list[tuple]:
    """(path, bytes, origin, signature, messages) of every page and feed that reads a patched
    entry, or that a change of hashtags made again (`moved`), and no longer matches its
    published file."""
    readers = state.build.signer.readers
    keys: dict[int, object] = {}
    for change in found:
        keys.update(readers.get(id(change.entry), {}))
    keys.update((id(key), key) for key in [*moved.pages, *moved.specs])
    for retired in moved.retired:
        keys.pop(retired, None)
    pages = [key for key in keys.values() if isinstance(key, PageOut)]
    specs = [key for key in keys.values() if isinstance(key, FeedSpec)]
    renderer = stages[RenderStage].renderer
    outputs = []
    for page in pages:
        rendered = renderer.render(page, writer)
        if rendered is not None:
            html, signature = rendered
            outputs.append((urls.output_file(page.url), html, page.origin or page.url,
                            signature, ()))
    outputs += stages[FeedsStage].patched(specs, writer, report.warnings.append)
    return outputs
