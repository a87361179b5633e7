"""The benchmark corpus follows CONTENT.md and is the same bytes for the same seed."""

import re
import unicodedata
from pathlib import Path

import pytest

from bench.corpus import LANGS, generate, hashtag_key

NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")


def read_header(path: Path) -> dict[str, str]:
    header = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            break
        key, sep, value = line.partition(": ")
        assert sep, f"{path}: header line without 'Key: value': {line!r}"
        header[key.lower()] = value
    return header


def split_list(value: str) -> list[str]:
    return [item for item in re.split(r"[,\s]+", value) if item]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return generate(root, pairs=10, seed=7)


def articles(corpus) -> list[Path]:
    return sorted((corpus.content / "articles").rglob("*.md"))


def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    again = generate(tmp_path, pairs=10, seed=7)
    assert snapshot(again.root) == snapshot(corpus.root)
    assert (again.words, again.markdown_files) == (corpus.words, corpus.markdown_files)


def test_another_seed_gives_another_corpus(corpus, tmp_path):
    other = generate(tmp_path, pairs=10, seed=8)
    assert snapshot(other.root) != snapshot(corpus.root)


def test_refuses_to_write_over_an_existing_corpus(corpus):
    with pytest.raises(FileExistsError, match="not empty"):
        generate(corpus.root, pairs=10, seed=7)


def test_every_file_is_named_slug_dot_lang_dot_md(corpus):
    paths = sorted(corpus.content.rglob("*.md"))
    assert len(paths) == corpus.markdown_files
    for path in paths:
        match = NAME.match(path.name)
        assert match, f"{path.name} is not <slug>.<lang>.md"
        assert match["lang"] in LANGS


def test_every_article_header_has_title_date_author(corpus):
    for path in articles(corpus):
        header = read_header(path)
        assert header.get("title"), path
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", header["date"]), path
        assert header.get("author") or header.get("authors"), path
        # Articles live under their year, as the URL /<lang>/<yyyy>/<slug>/ does.
        assert path.parent.name == header["date"][:4], path


def test_one_item_in_ten_has_a_single_language(corpus):
    langs_by_slug: dict[str, set[str]] = {}
    for path in articles(corpus):
        match = NAME.match(path.name)
        langs_by_slug.setdefault(match["slug"], set()).add(match["lang"])
    assert len(langs_by_slug) == 10
    singles = [langs for langs in langs_by_slug.values() if len(langs) == 1]
    assert len(singles) == 1
    assert corpus.single_language_items == 1
    assert corpus.article_files == 19 == len(articles(corpus))


def test_single_language_items_alternate_between_languages(tmp_path):
    big = generate(tmp_path, pairs=40)
    langs_by_slug: dict[str, set[str]] = {}
    for path in sorted((big.content / "articles").rglob("*.md")):
        match = NAME.match(path.name)
        langs_by_slug.setdefault(match["slug"], set()).add(match["lang"])
    single_langs = [next(iter(v)) for v in langs_by_slug.values() if len(v) == 1]
    assert sorted(single_langs) == ["en", "en", "fr", "fr"]


def test_hashtags_include_accented_spellings_and_case_variants(tmp_path):
    big = generate(tmp_path, pairs=120)
    spellings: dict[str, set[str]] = {}
    for path in sorted((big.content / "articles").rglob("*.md")):
        for tag in split_list(read_header(path)["hashtags"]):
            spellings.setdefault(hashtag_key(tag), set()).add(tag.lstrip("#"))
    assert min(len(split_list(read_header(p)["hashtags"])) for p in articles(big)) >= 2
    accented = {s for group in spellings.values() for s in group if not s.isascii()}
    assert "ÉgalitéFemmesHommes" in accented
    assert any(unicodedata.normalize("NFKD", s) != s for s in accented)
    # The same hashtag typed more than one way: the key must merge them.
    assert any(len(group) > 1 for group in spellings.values())
    assert len(spellings) >= 30


def test_every_referenced_author_and_region_has_a_file(corpus):
    region_names: dict[str, str] = {}
    for path in (corpus.content / "regions").glob("*.md"):
        key = NAME.match(path.name)["slug"]
        region_names[key] = key
        region_names[read_header(path)["title"]] = key
    assert len({key for key in region_names.values()}) == 11
    for path in articles(corpus):
        header = read_header(path)
        for author in split_list(header.get("author") or header["authors"]):
            for lang in LANGS:
                assert (corpus.content / "authors" / f"{author}.{lang}.md").is_file(), author
        for region in re.split(r",\s*", header.get("region") or header.get("regions") or ""):
            if region:
                assert region in region_names, f"{path.name}: unknown region {region!r}"


def test_campaign_files_carry_their_hashtag(corpus):
    campaigns = sorted((corpus.content / "campaigns").glob("*.md"))
    assert len(campaigns) == 5 * len(LANGS)
    for path in campaigns:
        header = read_header(path)
        assert hashtag_key(header["hashtag"]) == NAME.match(path.name)["slug"]
        assert header["title"]


def test_bodies_have_the_markdown_a_real_post_has(corpus):
    for path in articles(corpus):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
        assert 550 <= len(body.split()) <= 950, path
        assert re.search(r"^## \S", body, re.M), path
        assert re.search(r"^- \S", body, re.M), path
        assert re.search(r"^> \S", body, re.M), path
        assert re.search(r"\[[^\]]+\]\(https://[^)]+\)", body), path
        assert re.search(r"\*[^*\s][^*]*\*", body), path
        assert re.search(r"(?<![\w/])#\w", body), f"{path}: no inline hashtag"
