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

When it does not apply, LiveSite runs its normal update (the model rebuilt from what was read):
a new, deleted or unpublished file, another shape, other images, a help or about page whose
header changed (every page links it), a page or feed the last build could not sign, or a model
the last build did not keep.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, replace

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

# Header keys a patch may change: only the entry's own pages, listings and feeds show them (and
# its card). Any other key moves the entry in the model, or changes what every page shows.
SHAPELESS = frozenset({"title", "summary", "content_warning", "cover_alt", "license",
                       "modified"})
_SHAPE = tuple(f.name for f in fields(Header) if f.compare and f.name not in SHAPELESS)
GONE = "deleted"  # in an update's files: a file the last build read, gone since


@dataclass
class Change:
    """One entry of the last build's model and what its file says now."""

    entry: Entry
    draft: Draft  # the new reading: the same header, maybe another body and summaries
    body: str | bytes  # the body to publish: `{filename}` links resolved


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
            (RenderStage, "renderer"))):
        return None
    return stages


def entries_by_path(state: BuildState) -> dict[str, Entry]:
    """The last build's entries by their file (kept with the state: a patch keeps them)."""
    if state.by_path is None:
        state.by_path = {entry.meta.path: entry for entry in state.build.site.entries}
    return state.by_path


def changes(state: BuildState, rels: dict[str, str], context: dict) -> list[Change] | None:
    """The entries `rels` (path -> kind, read again into `context`) patch, or None when the
    normal update is needed."""
    build = state.build
    if build is None or build.site is None or not build.signed:
        return None
    signer = build.signer
    if signer.readers is None or not signer.enabled or signer.unsigned or stages_of(
            state) is None:
        return None
    if any(not name.startswith("griot") for name in build.settings.get("PLUGINS") or ()):
        return None  # another plugin may read or finish content its own way
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
        if draft is None or header is None or new.status != old.status or not same_shape(
                header, draft.meta):
            return None
        if tuple(new.metadata.get(USED_KEY, ())) != tuple(old.metadata.get(USED_KEY, ())):
            return None  # other images: the images stage decides what is published
        entry = by_path.get(header.path)
        if entry is None or entry.meta is not header:
            return None  # not published by the last build (a draft, a scheduled article)
        found.append(Change(entry, draft, draft.body))
    return found


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
    # Links first, on a copy: the model is untouched if one leads nowhere.
    for change in found:
        probe = copy.copy(change.entry)
        probe.meta, probe.stored_body = change.draft.meta, change.draft.body
        problems, body = checker.entry(probe)
        report.problems.extend(problems)
        if body is not None:
            change.body = encode_body(body)
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
            replaced = images.patch_card(entry, writer)
            if replaced is not None:
                stale.append(replaced)
        outputs = _outputs(state, stages, found, writer, report)
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
    for change in found:
        state.by_path[change.entry.meta.path] = change.entry
    return stale


def _outputs(state: BuildState, stages: dict, found: list[Change], writer: OutputWriter,
             report: _Found) -> list[tuple]:
    """(path, bytes, origin, signature, messages) of every page and feed that reads a patched
    entry and no longer matches its published file."""
    readers = state.build.signer.readers
    keys: dict[int, object] = {}
    for change in found:
        keys.update(readers.get(id(change.entry), {}))
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
