"""Full builds write a file only when its bytes changed, and still publish atomically: unchanged
files keep their inode and mtime (rsync and the web server see nothing new), a changed site is
swapped in whole, and a build that changes nothing leaves the published folder untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import build as build_site
from tests.conftest import tree_digest


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sample(sample_copy, image_cache):
    """A copy of the sample content, and build(out=None, **settings) -> its output folder."""

    def build(out: Path | None = None, **overrides) -> Path:
        return build_site(sample_copy, out, GRIOT_IMAGE_CACHE_DIR=str(image_cache), **overrides)

    return sample_copy, build


def test_an_identical_build_touches_nothing(sample):
    site, build = sample
    out = build()
    before, folder = stats(out), out.stat().st_ino
    assert len(before) > 100  # pages, feeds, images, cards, theme files
    build()
    assert stats(out) == before  # every file: same inode, same mtime
    assert out.stat().st_ino == folder  # and the folder was not even swapped
    assert not list(site.glob(".output-*"))


def test_without_the_manifest_equal_bytes_are_still_kept(sample):
    site, build = sample
    out = build()
    before = stats(out)
    (site / "output-cache" / "griot-output.pickle").unlink()  # every page is rendered again
    build()
    assert stats(out) == before


def test_an_edit_replaces_the_folder_and_only_the_files_it_changes(sample, tmp_path):
    site, build = sample
    out = build()
    before, folder = stats(out), out.stat().st_ino
    article = site / "content/articles/2025/esclavage-par-ascendance.fr.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Title: Esclavage par ascendance", "Title: Esclavage par ascendance, encore", 1),
        encoding="utf-8")
    build()
    after = stats(out)
    assert out.stat().st_ino != folder  # swapped in whole
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "fr/2025/esclavage-par-ascendance/index.html" in changed
    assert "theme/css/griot.css" not in changed and "en/index.html" not in changed
    assert len(changed) < len(after) // 4
    # The old social card of the renamed article, and the French search index's old files
    # (Pagefind names its files by their content: a changed page gives new names).
    gone = set(before) - set(after)
    assert any(rel.startswith("images/cards/article-fr-esclavage") for rel in gone)
    assert all(rel.startswith(("images/cards/article-fr-esclavage", "pagefind/")) for rel in gone)
    assert not any(rel.startswith("pagefind/") and "/en_" in rel for rel in gone)
    for rel in set(after) - changed:
        assert after[rel] == before[rel]
    clean = build(tmp_path / "clean", CACHE_PATH=str(tmp_path / "clean-cache"))
    assert tree_digest(out) == tree_digest(clean)


def test_a_file_edited_by_hand_in_the_output_is_written_again(sample):
    _, build = sample
    out = build()
    page = out / "fr/index.html"
    good = page.read_bytes()
    os.chmod(page, 0o644)
    page.write_bytes(b"vandalised")
    (out / "stray.html").write_text("left by someone", encoding="utf-8")
    build()
    assert page.read_bytes() == good
    assert not (out / "stray.html").exists()  # the output holds what the build produces
