"""Stage: turns what Pelican's generators read into the Site model (`build.site`)."""

from __future__ import annotations

import logging
from itertools import chain

from griot.core.build import Stage

from . import model
from .model import BODY_KEY

logger = logging.getLogger(__name__)


class ContentStage(Stage):
    """Builds `build.site` from the articles and pages Pelican read."""

    def describe(self):
        site_settings = self.site_settings
        ctx = self.build.context
        contents = chain(
            ctx.get("articles", ()), ctx.get("hidden_articles", ()),
            ctx.get("pages", ()), ctx.get("hidden_pages", ()),
        )
        if site_settings.show_drafts:
            contents = chain(contents, ctx.get("drafts", ()), ctx.get("draft_pages", ()))
        drafts = []
        # The live preview's updates keep the Pelican objects of unchanged files: their drafts
        # (and the same header and text objects, which later steps recognise) are kept too.
        carried = self.build.carried
        memo = carried.draft_memo
        kept = carried.draft_memo = {}
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
        self.build.site = site
