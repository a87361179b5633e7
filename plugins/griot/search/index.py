"""Runs Pagefind on the complete staged site, before the atomic swap.

Pagefind reads the written HTML: only elements marked `data-pagefind-body` (articles and
pages, never drafts or hidden ones: the templates decide) are indexed, one index per
`<html lang>`, into `pagefind/` at the site root. The binary comes from the `pagefind_bin`
package on PyPI (no Node, no download at build time).

A stage of the build, not of a page: GriotPelican calls `index_site` once the staging folder
holds every file of the new site, so a failed indexing leaves the published site as it was.
The live preview skips it (SiteSettings.search_index): indexing on every save would make the
edit loop wait on a whole-site job.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path

from griot.core.errors import GriotError

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the bundle's folder at the site root: /pagefind/
TIMEOUT = 300


class SearchError(GriotError):
    """Pagefind is missing or failed."""


def executable() -> Path:
    try:
        import pagefind_bin
    except ImportError:
        raise SearchError(
            "the search index needs Pagefind, which is not installed\n"
            "    fix: python3 -m pip install -r requirements.txt (or set GRIOT_SEARCH = False)"
        ) from None
    return Path(pagefind_bin.get_executable())


def index_site(site: Path) -> list[str]:
    """Write the Pagefind bundle into `site`/pagefind; return the files written, relative to
    `site`. Raises SearchError with Pagefind's own message when it fails."""
    command = [os.fspath(executable()), "--site", os.fspath(site), "--output-subdir", BUNDLE,
               "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0:
        raise SearchError(f"Pagefind failed (exit {done.returncode}):\n"
                          f"{(done.stderr or done.stdout).strip()[-2000:]}")
    root = site / BUNDLE
    stable_entry(root / "pagefind-entry.json")
    written = sorted(p.relative_to(site).as_posix() for p in root.rglob("*") if p.is_file())
    if not any(name.startswith(f"{BUNDLE}/pagefind-entry.json") for name in written):
        raise SearchError(f"Pagefind wrote no index into {root}")
    logger.info("search: %d Pagefind files in /%s/", len(written), BUNDLE)
    return written


def stable_entry(path: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from
    one run to the next: sort them, so two builds of the same site give the same bytes."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


class SearchIndex:
    """The build's finisher (griot.core.atomic.Finisher) that writes /pagefind/."""

    folder = BUNDLE

    def run(self, site: Path) -> None:
        index_site(site)
