"""Pelican adapter: turns what Pelican's generators read into the Site model, and stops the
build, before anything is written, when any content file had a problem."""

from __future__ import annotations

import logging
from itertools import chain

from pelican.generators import Generator

from griot.core.errors import BuildError, GriotError
from griot.core.writer import OutputWriter

from . import model
from .reader import BODY_KEY, GriotMarkdownReader
from .settings import load

logger = logging.getLogger(__name__)


class HideReportedFailures(logging.Filter):
    """Pelican logs a bare "Could not process <file>" for every file a reader rejected; Griot
    reports each of them in full (file, line, fix) when the build stops, so drop the echo."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Could not process %s"


class QuietGriotErrors(logging.Filter):
    """Pelican's command logs the exception that stopped a build with its traceback; Griot's
    errors already name the file, the line and the fix, and a traceback would bury them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], GriotError):
            record.exc_info = record.exc_text = None
        return True


class ContentGenerator(Generator):
    """Builds `context['griot_site']` from the articles and pages Pelican read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []

    def generate_context(self):
        site_settings = load(self.settings)
        ctx = self.context
        contents = chain(
            ctx.get("articles", ()), ctx.get("hidden_articles", ()),
            ctx.get("pages", ()), ctx.get("hidden_pages", ()),
        )
        if site_settings.show_drafts:
            contents = chain(contents, ctx.get("drafts", ()), ctx.get("draft_pages", ()))
        drafts = []
        # The live preview's updates keep the Pelican objects of unchanged files: their drafts
        # (and the same header and text objects, which later steps recognise) are kept too.
        memo = ctx.get("griot_draft_memo", {})
        kept = ctx["griot_draft_memo"] = {}
        for content in contents:
            known = memo.get(id(content))
            if known is not None and known[0] is content:
                kept[id(content)] = known
                drafts.append(known[1])
                continue
            meta = content.metadata.get("header")
            if meta is None:  # read by a reader other than Griot's: not ours to publish
                logger.warning("%s: not a Griot Markdown file, skipped", content.source_path)
                continue
            draft = model.Draft(meta, content.metadata[BODY_KEY], content.summary,
                                content.metadata["summary_text"])
            kept[id(content)] = (content, draft)
            drafts.append(draft)
        site, problems = model.build(drafts, site_settings)
        self.problems.extend(problems)
        ctx["griot_site"] = site
        if "griot_writer" not in ctx:  # GriotPelican and the live preview give theirs
            ctx["griot_writer"] = OutputWriter(self.output_path)
        ctx["griot_pages"] = []


def stop_on_problems(generators) -> None:
    """all_generators_finalized: keep what was converted, then raise one BuildError listing
    every problem of this build."""
    problems: list[str] = []
    warnings: list[str] = []
    context = None
    if generators:
        cache = generators[0].context.get("griot_read_cache")
        # Every file is read by now (campaigns, regions and authors too). The live preview's
        # updates read a file or two: they leave the saved cache to the next full build.
        if cache is not None and not generators[0].context.get("griot_incremental"):
            cache.save()
    for generator in generators:
        context = generator.context
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in {id(r): r for r in readers.values()}.values():
            if isinstance(reader, GriotMarkdownReader):
                problems.extend(reader.problems)
                warnings.extend(reader.warnings)
        problems.extend(getattr(generator, "problems", ()))
        warnings.extend(getattr(generator, "warnings", ()))
    explained = {p.split(":", 1)[0] for p in problems}
    if context is not None:
        for path, content in context.get("generated_content", {}).items():
            if content is None and not any(e.endswith(path) for e in explained):
                problems.append(
                    f"{path}: Pelican could not read this file\n"
                    "    fix: run `pelican --debug` to see why"
                )
    if context is not None and context.get("GRIOT_STRICT") and warnings:
        problems.extend(f"{w}\n    (production builds stop on warnings: GRIOT_STRICT)"
                        for w in warnings)
    if problems:
        raise BuildError(problems)
