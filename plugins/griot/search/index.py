"""Runs Pagefind on the complete staged site, before the atomic swap: one index per language,
each made once for the pages it comes from.

Pagefind reads the written HTML: only elements marked `data-pagefind-body` (articles and
pages, never drafts or hidden ones: the templates decide) are indexed, one index per
`<html lang>`, into `pagefind/` at the site root. The binary comes from the `pagefind_bin`
package on PyPI (no Node, no download at build time).

Every language's pages live under `<lang>/` (griot.core.urls), and Pagefind names each
language's files by their content (`fr_<hash>`), so one run per language (`--glob`) gives the
same files as one run over the whole site. Griot uses that:
- each run reads its language's marked pages only, hard-linked into a scratch tree at their
  paths relative to the site (Pagefind makes the URLs from those): given the site, Pagefind
  parses every page of the language only to skip the unmarked ones (listings, hashtags,
  regions, authors: 40% of the pages). At 3000 pairs the French run took 7.9 s of CPU on the
  site, 6.0 s on the tree, for the same bundle. Each page is read once, for its mark and
  (with a cache) its digest;
- a language's bundle is kept in the cache (`CACHE_PATH/griot-search/<lang>/`) with the
  digest of the pages it was made from; a build whose pages of that language have the same
  bytes links the kept bundle in instead of running Pagefind (a CI build with `cache/`
  restored, an edit in one language). To tell, only the pages with a new signature are read
  (the others' digests are kept with the bundle);
- the languages that changed are indexed one after the other: each run needs about half
  the memory of a whole-site run, in about the same total time;
- the entry file (`pagefind-entry.json`) lists every language's index, sorted.
A site where no page is marked at all is indexed in one run, as Pagefind does by default.

A stage of the build, not of a page: GriotPelican calls the finisher once the staging folder
holds every file of the new site, so a failed indexing leaves the published site as it was.
The live preview skips it (SiteSettings.search_index): indexing on every save would make the
edit loop wait on a whole-site job.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from griot.core.errors import GriotError
from griot.core.files import link_new, link_or_copy, write_atomic
from griot.core.signature import digest, text_digest

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the bundle's folder at the site root: /pagefind/
ENTRY = "pagefind-entry.json"
CACHE = "griot-search"  # under CACHE_PATH: one folder per language
KEY = "griot-key"  # in a language's cached folder: the key of the pages it was made from
MARK = b"data-pagefind-body"
TIMEOUT = 600  # per Pagefind run (one language); a 30,000-pair site takes a few minutes


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


def _version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _command(site: Path, out: Path, glob: str | None = None) -> list[str]:
    command = [os.fspath(executable()), "--site", os.fspath(site), "--output-path",
               os.fspath(out), "--quiet"]
    return command + (["--glob", glob] if glob else [])


def _finish(process: subprocess.Popen, what: str) -> None:
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SearchError(
            f"Pagefind took more than {TIMEOUT} s on {what} and was stopped") from None
    if process.returncode != 0:
        raise SearchError(f"Pagefind failed on {what} (exit {process.returncode}):\n"
                          f"{(stderr or stdout).strip()[-2000:]}")


def _start(command: list[str]) -> subprocess.Popen:
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    except OSError as exc:
        raise SearchError(f"Pagefind could not run: {exc}") from None


@dataclass
class Part:
    """One language's index: where its bundle is (or will be) and the key of its pages."""

    lang: str
    pages: list[str]  # the pages Pagefind reads (relative to the site); none for a kept bundle
    key: str | None  # None: no cache, the bundle is not kept
    folder: Path  # its bundle: kept in the cache, or made for this build only
    files: dict = field(default_factory=dict)  # rel -> (signature, digest of its bytes)


def _html_under(site: Path, lang: str, files: Collection[str] | None = None) -> list[str]:
    """A language's HTML files, relative to the site: from `files` (every file of the site)
    when given, else found on disk."""
    if files is not None:
        prefix = f"{lang}/"
        return sorted(rel for rel in files if rel.startswith(prefix) and rel.endswith(".html"))
    found = []
    for folder, _, names in os.walk(site / lang):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        found += [f"{rel}/{name}" for name in names if name.endswith(".html")]
    return sorted(found)


def _key(site: Path, lang: str, pages: list[str], signatures: Mapping[str, bytes | None],
         known: Mapping[str, tuple[bytes | None, bytes]]) -> tuple[str, dict, dict]:
    """The key of a language's index: the digest of its pages' bytes (a page made again from
    other inputs may have the same bytes: a translation's new text changes the signature of
    the page beside it, not what it shows). Each page's digest is reused from `known` (the
    kept bundle's) when the page has the same signature; only the others are read. Also
    gives whether each page read is marked (rel -> bool), so that _marked reads it no more."""
    files, seen = {}, {}
    for rel in pages:
        signature = signatures.get(rel)
        old = known.get(rel)
        if signature is not None and old is not None and old[0] == signature:
            files[rel] = old
            continue
        try:
            data = (site / rel).read_bytes()
        except OSError:
            files[rel], seen[rel] = (None, b""), False
            continue
        files[rel] = (signature, text_digest(data))
        seen[rel] = MARK in data
    key = digest(("pagefind", _version(), lang, [(rel, files[rel][1]) for rel in pages]))
    return key.hex(), files, seen


def _marked(site: Path, pages: Iterable[str], seen: Mapping[str, bool]) -> list[str]:
    """The pages with an element Pagefind indexes; `seen`: those already read and whether
    they have one (the others are read here)."""
    marked = []
    for rel in pages:
        mark = seen.get(rel)
        if mark is None:
            try:
                mark = MARK in (site / rel).read_bytes()
            except OSError:
                mark = False
        if mark:
            marked.append(rel)
    return marked


def index_site(site: Path, languages: Iterable[str] = (),
               signatures: Mapping[str, bytes | None] | None = None,
               cache_dir: str | os.PathLike | None = None,
               progress: Callable[[str], None] | None = None,
               site_files: Collection[str] | None = None) -> list[str]:
    """Write the Pagefind bundle into `site`/pagefind; return the files written, relative to
    `site`. `signatures`: each written file's signature (what the pages were made from), for
    keeping a language's bundle in `cache_dir`; `site_files`: every file of the site, when known
    (else it is walked). Raises SearchError with Pagefind's message."""
    signatures = signatures or {}
    root = site / BUNDLE
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
    with contextlib.ExitStack() as cleanup:
        scratch = Path(cleanup.enter_context(tempfile.TemporaryDirectory(
            prefix=".griot-search-", dir=cache_dir if cache_dir else None)))
        parts, indexing = [], []
        for lang in languages:
            pages = _html_under(site, lang, site_files)
            if not pages:
                continue
            kept = Path(cache_dir, CACHE, lang) if cache_dir else None
            key, files, seen = None, {}, {}
            if kept is not None:
                old_key, known = _read_key(kept)
                key, files, seen = _key(site, lang, pages, signatures, known)
                if key == old_key:
                    if files != known:  # same bytes, new signatures: not read next time
                        write_atomic(kept / KEY, pickle.dumps((key, files)))
                    parts.append(Part(lang, [], key, kept))
                    continue
            marked = _marked(site, pages, seen)
            if marked:
                part = Part(lang, marked, key, scratch / lang, files)
                parts.append(part)
                indexing.append(part)
        if not parts:  # nothing marked anywhere: Pagefind indexes every page's body
            process = _start(_command(site, scratch / "all"))
            _finish(process, "the site")
            parts = [Part("all", [], None, scratch / "all")]
        else:
            _run(site, indexing, scratch / "pages", progress)
            for part in indexing:
                if part.key is not None:
                    part.folder = _keep(part, Path(cache_dir, CACHE, part.lang))
        written = _assemble(root, parts)
    if not any(name == f"{BUNDLE}/{ENTRY}" for name in written):
        raise SearchError(f"Pagefind wrote no index into {root}")
    logger.info("search: %d Pagefind files in /%s/ (%d of %d languages indexed again)",
                len(written), BUNDLE, len(indexing), len(parts))
    return written


def _run(site: Path, parts: list[Part], tree: Path,
         progress: Callable[[str], None] | None) -> None:
    """Index each language of `parts` into its folder, one after the other: Pagefind already
    spreads one run over the cores (two languages at once took 0.95x the time of one after
    the other on 2 cores, 3000 pairs, for twice the memory). Pagefind reads `tree`, into which
    each language's marked pages are linked at their paths in the site (the same URLs): given
    the site, it parsed every page of the language, only to skip the unmarked ones (French
    pages at 3000 pairs: 7.9 s of CPU, 5.05 s wall; the marked ones alone: 6.0 s, 4.05 s)."""
    for part in parts:
        if progress is not None:
            progress(f"search: indexing {len(part.pages)} {part.lang} pages")
        for rel in part.pages:
            os.makedirs((tree / rel).parent, exist_ok=True)
            link_or_copy(site / rel, tree / rel)  # (a copy on another file system)
        # The glob keeps each run to its language: the tree holds the ones indexed before.
        command = _command(tree, part.folder, f"{part.lang}/**/*.html")
        _finish(_start(command), f"the {part.lang} pages")


def _read_key(folder: Path) -> tuple[str | None, dict]:
    """A kept bundle's key and its pages' (signature, digest), or (None, {})."""
    try:
        with (folder / KEY).open("rb") as handle:
            key, files = pickle.load(handle)
    except Exception:  # missing or damaged: the language is indexed again
        return None, {}
    return key, files


def _keep(part: Part, kept: Path) -> Path:
    """Move a fresh bundle into the cache, in place of the language's old one."""
    write_atomic(part.folder / KEY, pickle.dumps((part.key, part.files)))
    old = kept.with_name(f".{kept.name}-old-{os.getpid()}")
    if kept.exists():
        os.rename(kept, old)
    os.makedirs(kept.parent, exist_ok=True)
    os.rename(part.folder, kept)
    shutil.rmtree(old, ignore_errors=True)
    return kept


def _assemble(root: Path, parts: list[Part]) -> list[str]:
    """Link every part's files into `root`, with one entry file listing all their languages.
    Files found in several parts (Pagefind's scripts, the same for every run) are linked
    once."""
    entry: dict = {}
    done: set[str] = set()
    for part in parts:
        for folder, _, names in os.walk(part.folder):
            rel_folder = os.path.relpath(folder, part.folder)
            for name in names:
                rel = os.path.normpath(os.path.join(rel_folder, name)).replace(os.sep, "/")
                if rel == KEY or rel in done:
                    continue
                source = os.path.join(folder, name)
                if rel == ENTRY:
                    data = json.loads(Path(source).read_text(encoding="utf-8"))
                    languages = {**entry.get("languages", {}), **data.get("languages", {})}
                    entry = {**entry, **data, "languages": languages}
                    continue
                done.add(rel)
                target = root / rel
                if not link_new(source, target):  # (the bundle's folder is new)
                    os.makedirs(target.parent, exist_ok=True)
                    link_or_copy(source, target)
    if entry:
        # Sorted: Pagefind lists them in hash-map order, which changes from run to run.
        entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
        write_atomic(root / ENTRY, json.dumps(entry, ensure_ascii=False,
                                              separators=(",", ":")).encode("utf-8"))
        done.add(ENTRY)
    return sorted(f"{BUNDLE}/{rel}" for rel in done)


class SearchIndex:
    """The build's finisher (griot.core.atomic.Finisher) that writes /pagefind/.

    `signatures()` gives each output file's signature once every page is written (the
    writer's records), for keeping each language's bundle in `cache_dir`."""

    folder = BUNDLE

    def __init__(self, languages: Iterable[str], cache_dir: str | None = None,
                 signatures: Callable[[], Mapping[str, bytes | None]] | None = None):
        self.languages = tuple(languages)
        self.cache_dir = cache_dir
        self.signatures = signatures

    def run(self, site: Path, files: Collection[str] | None = None) -> None:
        signatures = self.signatures() if self.signatures is not None else {}
        index_site(site, self.languages, signatures, self.cache_dir,
                   progress=logger.info, site_files=files)
