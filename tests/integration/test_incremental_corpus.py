"""The live preview on a generated corpus (bench.corpus: its many spellings of one hashtag,
listings of many pages, translations and single-language articles): each edit the bench times
patches the last model, and the output is then a clean build's, byte for byte."""

from __future__ import annotations

import pytest

from bench import corpus
from bench.run import GRIOT_EDITS, apply_edit, edited_article
from griot.preview.cli import make_pelican
from griot.preview.incremental import LiveSite
from tests.conftest import PUBLISH, SITEURL, build, tree_digest

KINDS = [kind for kind in GRIOT_EDITS.values() if "Chromium" not in kind]


@pytest.fixture
def corpus_site(tmp_path, image_cache):
    root = tmp_path / "corpus"
    corpus.generate(root, 60, seed=3)
    pelican, _ = make_pelican(PUBLISH, {
        "PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
        "SITEURL": SITEURL, "CACHE_PATH": str(root / "cache"),
        "GRIOT_IMAGE_CACHE_DIR": str(image_cache)})
    site = LiveSite(pelican)
    assert site.build().kind == "full"
    return root, site


def test_every_bench_edit_is_a_patch_and_gives_a_clean_builds_bytes(corpus_site, image_cache):
    root, site = corpus_site
    out = root / "output"
    article, page = edited_article(root / "content")
    assert set(KINDS) == {"text", "title", "hashtag added", "hashtag removed", "new article",
                          "article deleted"}
    new = article.parent / "bench-nouvel-article-1.fr.md"  # what the two last edits save
    for n, kind in enumerate(KINDS, 1):
        check = apply_edit(kind, 1, article, page, out)
        saved = new if "article" in kind else article
        outcome = site.update([saved])
        assert (kind, outcome.kind, outcome.patched) == (kind, "incremental", True)
        assert check() is None, kind
        site.finish()
        clean = build(root, root / f"clean-{n}", GRIOT_IMAGE_CACHE_DIR=str(image_cache),
                      GRIOT_CONTENT_CACHE=False, GRIOT_SEARCH=False)
        expected, actual = tree_digest(clean), tree_digest(out)
        assert sorted(actual) == sorted(expected), kind
        assert [rel for rel in expected if actual[rel] != expected[rel]] == [], kind
