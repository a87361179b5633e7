"""Pelican adapter: turns what Pelican's generators read into the Site model."""

from __future__ import annotations

import logging
from itertools import chain

from pelican.generators import Generator

from griot.core.writer import OutputWriter

from . import model
from .model import BODY_KEY
from .settings import load

logger = logging.getLogger(__name__)


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
