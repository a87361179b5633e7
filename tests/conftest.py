"""Shared fixtures: small real sites built by a real Pelican run, and the sample site."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from griot.preview.cli import make_pelican  # noqa: E402

PREVIEW = str(ROOT / "pelicanconf.py")
PUBLISH = str(ROOT / "publishconf.py")
SITEURL = "https://example.org"

# The one clock of every build the tests run (griot.core.clock reads GRIOT_NOW), subprocesses
# included: no test depends on the day it runs. The sample site's scheduled article
# (2027-01-15) is in this moment's future.
TEST_NOW = "2026-11-21 12:00"
os.environ["GRIOT_NOW"] = TEST_NOW
# Problems are printed in the blogger's language (French unless the terminal says otherwise).
# Tests read them in English unless they ask for French (griot.core.problems.ENV, or lang=...).
os.environ["GRIOT_MESSAGES_LANG"] = "en"

# No timing assertions (the house rule): hypothesis's 200 ms deadline per example failed
# property tests when the shared machine was busy.
hypothesis_settings.register_profile("griot", deadline=None)
hypothesis_settings.load_profile("griot")


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {relative path: text} under root; text is dedented so tests read naturally."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


def build(src: Path, out: Path | None = None, settings_file: str = PUBLISH, **overrides) -> Path:
    """Run one real Griot/Pelican build of src/content into out (default src/output)."""
    out = out or src / "output"
    settings = {"PATH": str(src / "content"), "OUTPUT_PATH": str(out), "SITEURL": SITEURL,
                "CACHE_PATH": str(out.parent / f"{out.name}-cache"), **overrides}
    pelican, _ = make_pelican(settings_file, settings)
    pelican.run()
    return out


@pytest.fixture
def make_site(tmp_path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """make_site({"content/articles/a.fr.md": "..."}) -> the site folder (tmp_path)."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)

    return make


@pytest.fixture
def build_site() -> Callable[..., Path]:
    """build_site(site_folder, settings_file=PUBLISH, **overrides) -> output folder."""
    return build


def article(title: str, date: str = "2025-11-25", author: str = "mariam", body: str = "Texte.",
            **keys: str) -> str:
    """A content file's text: the header (Title, Date, Author, then keys) and the body."""
    lines = [f"Title: {title}", f"Date: {date}", f"Author: {author}"]
    lines += [f"{key.replace('_', ' ').title().replace(' ', '_')}: {value}"
              for key, value in keys.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site in content/, built once with the production settings."""
    out = tmp_path_factory.mktemp("sample") / "output"
    settings = {"OUTPUT_PATH": str(out), "SITEURL": SITEURL, "CACHE_PATH": str(out) + "-cache"}
    pelican, _ = make_pelican(PUBLISH, settings)
    pelican.run()
    return out


@pytest.fixture(scope="session")
def sample_preview(tmp_path_factory) -> Path:
    """The sample site built with the local preview settings (drafts visible)."""
    out = tmp_path_factory.mktemp("preview") / "output"
    pelican, _ = make_pelican(PREVIEW, {"OUTPUT_PATH": str(out), "CACHE_PATH": str(out) + "-cache"})
    pelican.run()
    return out


@pytest.fixture(scope="session")
def image_cache(tmp_path_factory) -> Path:
    """One image cache for every build of the sample content in a test process: encoding
    photos is the slow part, and the cache is content-addressed."""
    return tmp_path_factory.mktemp("images")


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A copy of the sample content in tmp_path/content, for tests that edit it; tmp_path."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_theme(dest: Path) -> Path:
    shutil.copytree(ROOT / "themes" / "griot", dest, ignore=shutil.ignore_patterns("*.mo"))
    return dest
