"""The live preview on a generated corpus (bench.corpus: its many spellings of one hashtag,
listings of many pages, translations and single-language articles): each edit the bench times
patches the last model, and the output is then a clean build's, byte for byte."""

from __future__ import annotations

import pytest

from bench import corpus
from bench.run import GRIOT_EDITS, apply_edit, edited_article
from tests.integration.test_incremental import assert_same_as_clean, built_live_site

KINDS = [kind for kind in GRIOT_EDITS.values() if "Chromium" not in kind]


@pytest.fixture
def corpus_site(tmp_path, image_cache):
    root = tmp_path / "corpus"
    corpus.generate(root, 60, seed=3)
    return root, built_live_site(root, image_cache)


def test_every_bench_edit_is_a_patch_and_gives_a_clean_builds_bytes(corpus_site, image_cache):
    root, site = corpus_site
    article, page = edited_article(root / "content")
    assert set(KINDS) == {"text", "title", "hashtag added", "hashtag removed", "new article",
                          "article deleted"}
    new = article.parent / "bench-nouvel-article-1.fr.md"  # what the two last edits save
    for n, kind in enumerate(KINDS, 1):
        check = apply_edit(kind, 1, article, page, root / "output")
        outcome = site.update([new if "article" in kind else article])
        assert (kind, outcome.kind, outcome.patched) == (kind, "incremental", True)
        assert check() is None, kind
        assert_same_as_clean(site, image_cache, f"clean-{n}")
