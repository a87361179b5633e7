"""The checks stage: what a build checks besides reading (links, ignored files, photos' GPS,
missing translations), in `invoke check`, in every build and in the live preview alike.

Runs after the taxonomies (it needs the model and the terms) and before pages are rendered: it
also turns `{filename}` links into the URLs they name."""

from __future__ import annotations

from pathlib import Path

from griot.content.model import encode_body
from griot.core.build import Stage
from griot.core.paths import display_path

from . import files, photos, site_links, translations


def _read(shown: str) -> str | None:
    try:
        return Path(shown).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class ChecksStage(Stage):
    link_checker: site_links.LinkChecker | None = None

    def describe(self):
        site = self.build.site
        if site is None:
            return  # the content stage reports why
        taxonomies = self.build.taxonomies
        content_root = str(Path(self.build.path).resolve())
        root = Path(content_root)
        if not self.build.incremental:  # a live update reads a file or two: the tree is known
            self.warnings.extend(files.ignored(root, display_path))
            self.warnings.extend(photos.gps_warnings(root, display_path))
        drafts = [c.metadata["header"]
                  for c in self.build.context.get("generated_content", {}).values()
                  if c is not None and "header" in getattr(c, "metadata", {})]
        carried = self.build.carried
        report = site_links.check(site, taxonomies, content_root, _read, drafts,
                                  memo=carried.link_memo)
        carried.link_memo = report.memo
        self.link_checker = report.checker  # for the live preview's patches
        self.problems.extend(report.problems)
        for entry in site.entries:
            new = report.bodies.get(id(entry))
            if new is not None:
                entry.stored_body = encode_body(new)
        languages = site.settings.languages
        self.warnings.extend(translations.missing_translations(site.entries, languages))
        if taxonomies is not None:
            campaigns = [t for t in taxonomies.terms["hashtags"].values() if t.is_campaign]
            self.warnings.extend(translations.missing_campaign_texts(campaigns, languages))
