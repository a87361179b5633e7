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
            draft = draft_of(content)
            if draft is None:  # read by a reader other than Griot's: not ours to publish
                logger.warning("%s: not a Griot Markdown file, skipped", content.source_path)
                continue
            kept[id(content)] = (content, draft)
            drafts.append(draft)
        site, problems = model.build(drafts, site_settings)
        self.problems.extend(problems)
        warn_missing_help(site)
        self.build.site = site
        # The help and about pages every page links: a template helper, signed by what it shows.
        roles = site.roles
        self.build.template_globals["role_page"] = lambda lang, role: roles.get(lang, {}).get(role)
        self.build.signature_parts["role_page"] = tuple(
            (lang, role, entry.url, entry.title)
            for lang, by_role in sorted(roles.items()) for role, entry in sorted(by_role.items()))


def draft_of(content) -> model.Draft | None:
    """What Griot's reader gave for a Pelican content (None: another reader read it)."""
    meta = content.metadata.get("header")
    if meta is None:
        return None
    return model.Draft(meta, content.metadata[BODY_KEY], content.summary,
                       content.metadata["summary_text"])


def warn_missing_help(site: model.Site) -> None:
    """A site without a help page still builds (the quick exit works without it), but readers
    in danger would find no help linked beside it: say so on every build, strict or not."""
    missing = [lang for lang, roles in site.roles.items() if "help" not in roles]
    if missing:
        logger.warning(
            "no 'Role: help' page in %s: readers get no help link beside the quick exit\n"
            "    fix: add 'Role: help' to the header of the Get help page, e.g. "
            "content/pages/aide.fr.md", ", ".join(missing))
