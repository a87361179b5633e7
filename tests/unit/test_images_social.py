"""griot.images.social: card keys, the card cache, Open Graph locales."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from griot.core import files, workers
from griot.images import cards, social
from griot.images.settings import ImageSettings
from griot.images.social import CardSpec, og_locale, start_cards
from tests.unit.images_fixtures import two_tone

FONT = Path(__file__).resolve().parents[2] / "themes/griot/fonts/DejaVuSans-Bold.ttf"


@pytest.mark.parametrize("lang, locale", [("fr", "fr_FR"), ("en", "en_US"), ("bm", "bm_ML")])
def test_og_locale(lang, locale):
    assert og_locale(lang) == locale


def test_the_key_follows_the_text_and_the_cover_bytes_not_its_place():
    spec = CardSpec("article-fr-a", "Titre", "MaliSansVBG", "Voix du Mali", "fr",
                    cover="/a/photo.jpg", cover_digest="0123456789")
    assert spec.key("f") == CardSpec(**{**spec.__dict__, "name": "x", "cover": "/b.jpg"}).key("f")
    for change in ({"title": "Autre"}, {"lang": "en"}, {"note": "Note : x"},
                   {"cover_digest": "9876543210"}, {"hashtag": None}):
        assert spec.key("f") != CardSpec(**{**spec.__dict__, **change}).key("f")
    assert spec.key("f") != spec.key("other font")
    assert spec.extension == "jpg"
    assert CardSpec(**{**spec.__dict__, "note": "Note : x"}).extension == "png"


def test_cards_are_drawn_once_and_installed(tmp_path, monkeypatch):
    cover = tmp_path / "cover.jpg"
    two_tone((800, 600)).save(cover)
    specs = [
        CardSpec("article-fr-a", "Un titre", "MaliSansVBG", "Voix du Mali", "fr"),
        CardSpec("article-en-a", "A title", None, "Voix du Mali", "en", "Content note: x"),
        CardSpec("campaign-fr-b", "Campagne", "B", "Voix du Mali", "fr",
                 cover=str(cover), cover_digest="abc"),
        CardSpec("campaign-en-b", "Campagne", "B", "Voix du Mali", "fr",
                 cover=str(cover), cover_digest="abc"),  # same text: drawn once
    ]
    settings = ImageSettings()
    run = start_cards(specs, FONT, tmp_path / "out", "images", tmp_path / "cache", settings,
                      workers=2)
    urls, drawn = run.urls, run.finish()
    assert drawn == 3
    assert urls["article-fr-a"].startswith("images/cards/article-fr-a-")
    assert urls["campaign-fr-b"].endswith(".jpg") and urls["article-en-a"].endswith(".png")
    for url in urls.values():
        with Image.open(tmp_path / "out" / url) as im:
            assert im.size == (1200, 630)

    def fail(*args, **kwargs):
        raise AssertionError("a cached card was drawn again")

    monkeypatch.setattr(cards, "social_card", fail)
    run = start_cards(specs, FONT, tmp_path / "out2", "images", tmp_path / "cache", settings)
    again, drawn = run.urls, run.finish()
    assert drawn == 0 and again == urls
    assert (tmp_path / "out2" / urls["article-fr-a"]).read_bytes() == (
        tmp_path / "out" / urls["article-fr-a"]).read_bytes()


def _specs(n: int) -> list[CardSpec]:
    return [CardSpec(f"article-fr-a{i}", f"Titre {i}", "MaliSansVBG", "Voix du Mali", "fr")
            for i in range(n)]


def test_cards_start_in_the_background_and_are_published_by_finish(tmp_path):
    run = start_cards(_specs(6), FONT, tmp_path / "out", "images", tmp_path / "cache",
                      ImageSettings(), workers=2)
    assert run.pool is not None  # drawing already under way
    assert set(run.urls) == {f"article-fr-a{i}" for i in range(6)}  # URLs known before
    # (The workers publish each card once drawn, so some may be there already on a busy
    # machine: only finish() says they all are.)
    seen = []
    assert run.finish(lambda done, total: seen.append((done, total))) == 6
    assert seen[-1] == (6, 6)
    for url in run.urls.values():
        with Image.open(tmp_path / "out" / url) as im:
            assert im.size == (1200, 630)


def _broken_draw_chunk(chunk, font, settings):
    raise OSError("No space left on device")


def test_a_card_that_cannot_be_drawn_fails_finish(tmp_path, monkeypatch):
    # fork, so the worker sees the broken drawing function put in place of the real one.
    monkeypatch.setattr(workers, "start_method", lambda: "fork")
    monkeypatch.setattr(social, "_draw_chunk", _broken_draw_chunk)
    run = start_cards(_specs(6), FONT, tmp_path / "out", "images", tmp_path / "cache",
                      ImageSettings(), workers=2)
    with pytest.raises(OSError, match="No space left"):
        run.finish()
    assert not (tmp_path / "out").exists()


def _square(chunk, factor):
    return [x * x * factor for x in chunk]


def test_chunk_pool_runs_every_job_once_in_chunks():
    pool = workers.ChunkPool(_square, list(range(50)), 2, workers=2, chunks_per_worker=3)
    results = {}
    for chunk, squares in pool.results():
        assert len(chunk) <= 9  # 50 jobs, 2 workers x 3 chunks: chunks of 9
        results.update(zip(chunk, squares, strict=True))
    assert results == {x: 2 * x * x for x in range(50)}


def _fail_on_13(chunk):
    if 13 in chunk:
        raise ValueError("job 13")
    return chunk


def test_chunk_pool_raises_the_first_failure_and_stops():
    pool = workers.ChunkPool(_fail_on_13, list(range(40)), workers=2, chunks_per_worker=2)
    with pytest.raises(ValueError, match="job 13"):
        list(pool.results())
    assert pool._pool._shutdown_thread  # closed: nothing left running


def test_a_copied_card_is_known_again_and_not_copied_twice(tmp_path, monkeypatch):
    # Cache and output on two file systems: os.link fails, cards are copied. The live preview
    # publishes into the folder it reads (published == out): a card copied before is kept.
    def no_link(*args, **kwargs):
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(files.os, "link", no_link)  # griot.core.files places every card
    out = tmp_path / "out"
    run = start_cards(_specs(2), FONT, out, "images", tmp_path / "cache", ImageSettings())
    run.finish()
    copies = []
    real_copy = files.shutil.copyfile
    monkeypatch.setattr(files.shutil, "copyfile",
                        lambda a, b: copies.append(b) or real_copy(a, b))
    run = start_cards(_specs(2), FONT, out, "images", tmp_path / "cache", ImageSettings(),
                      published=out)
    assert run.finish() == 0 and copies == []
    # A card changed in the output (not the cached one) is copied again.
    changed = out / run.urls["article-fr-a0"]
    changed.write_bytes(b"not a card")
    run = start_cards(_specs(2), FONT, out, "images", tmp_path / "cache", ImageSettings(),
                      published=out)
    run.finish()
    assert [Path(p).name for p in copies] == [f".{changed.name}.{files.os.getpid()}.tmp"]
    with Image.open(changed) as im:
        assert im.size == (1200, 630)
