"""griot.images.cards: 1200x630 social cards, light, reproducible, text inside the frame."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from griot.images.cards import CARD_SIZE, MARGIN, MAX_CARD_BYTES, layout, social_card
from tests.unit.images_fixtures import CAMERA_MODEL, COMMENT, jpeg_segments, phone_jpeg, png_chunks

FONT = Path(__file__).resolve().parents[2] / "themes" / "griot" / "fonts" / "DejaVuSans-Bold.ttf"
TITLE = "Violences conjugales : pourquoi les femmes de Tombouctou brisent le silence ?"
LONG = " ".join(["Anticonstitutionnellement"] * 40)
LONG_TAG = "ÉgalitéFemmesHommesAuMaliMaintenantEtPourToujoursEtEncoreEtEncore"


def inside_margins(box) -> bool:
    left, top, right, bottom = box
    w, h = CARD_SIZE
    return left >= MARGIN and right <= w - MARGIN and top >= MARGIN and bottom <= h - MARGIN


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_card_is_1200_by_630_png_under_budget(tmp_path):
    out = social_card(TITLE, "MaliSansVBG", "Griot", "fr", tmp_path / "card", FONT)
    assert out == tmp_path / "card.png"
    assert out.stat().st_size < MAX_CARD_BYTES
    with Image.open(out) as im:
        assert im.format == "PNG"
        assert im.size == CARD_SIZE
    assert {k for k, _ in png_chunks(out.read_bytes())} <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def test_same_input_same_bytes(tmp_path):
    a = social_card(TITLE, "MaliSansVBG", "Griot", "fr", tmp_path / "a", FONT)
    b = social_card(TITLE, "MaliSansVBG", "Griot", "fr", tmp_path / "b", FONT)
    assert a.read_bytes() == b.read_bytes()
    c = social_card(TITLE + "!", "MaliSansVBG", "Griot", "fr", tmp_path / "c", FONT)
    assert a.read_bytes() != c.read_bytes()


def test_cover_card_is_a_clean_jpeg_under_budget(tmp_path):
    cover = phone_jpeg(tmp_path / "cover.jpg", upright=(1600, 1000))
    out = social_card(TITLE, "MaliSansVBG", "Griot", "fr", tmp_path / "card", FONT, cover=cover)
    assert out.suffix == ".jpg"
    data = out.read_bytes()
    assert len(data) < MAX_CARD_BYTES
    assert [m for m, _ in jpeg_segments(data) if 0xE0 <= m <= 0xEF or m == 0xFE] == [0xE0]
    assert CAMERA_MODEL.encode() not in data and COMMENT not in data
    with Image.open(out) as im:
        assert im.size == CARD_SIZE
    again = social_card(TITLE, "MaliSansVBG", "Griot", "fr", tmp_path / "again", FONT, cover=cover)
    assert again.read_bytes() == data


def test_content_warning_replaces_the_cover(tmp_path):
    cover = phone_jpeg(tmp_path / "cover.jpg", upright=(1600, 1000))
    out = social_card(
        TITLE, None, "Griot", "fr", tmp_path / "cw", FONT, cover=cover, note="Avertissement"
    )
    assert out.suffix == ".png"
    roles = [b.role for b in layout(TITLE, None, "Griot", "fr", FONT, note="Avertissement")]
    assert roles[0] == "note"
    assert "hashtag" not in roles


@pytest.mark.parametrize(
    ("title", "hashtag", "site"),
    [
        (TITLE, "MaliSansVBG", "Griot — Blogueurs du Mali"),
        (LONG, LONG_TAG, "Réseau des blogueuses et blogueurs du Mali pour l'égalité"),
        ("Court", None, "G"),
        ("Ɲɛnajɛ ni kɔnɔnafili: musow ka kuma", "#MaliSansVBG", "Griot"),
    ],
    ids=["french", "too-long", "short", "bambara"],
)
def test_layout_stays_inside_and_does_not_overlap(title, hashtag, site):
    blocks = layout(title, hashtag, site, "fr", FONT, note="Avertissement : violences")
    assert blocks
    for block in blocks:
        assert inside_margins(block.box), block
    for i, a in enumerate(blocks):
        for b in blocks[i + 1 :]:
            assert not overlaps(a.box, b.box), (a, b)


def test_long_title_is_shortened_with_an_ellipsis():
    titles = [b for b in layout(LONG, "x", "Griot", "en", FONT) if b.role == "title"]
    assert 1 <= len(titles) <= 5
    assert titles[-1].text.endswith("…")


def test_french_punctuation_stays_on_its_line():
    blocks = layout("Pourquoi " + "la parole " * 12 + "?", None, "Griot", "fr", FONT)
    assert all(not b.text.lstrip().startswith("?") for b in blocks)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(
        alphabet=st.characters(codec="latin-1", categories=["L", "N", "P", "Zs"]),
        min_size=1,
        max_size=300,
    ),
    hashtag=st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉé0123456789", max_size=80),
)
def test_any_title_fits(title, hashtag):
    for block in layout(title, hashtag or None, "Griot", "fr", FONT):
        assert inside_margins(block.box), block


def test_no_ink_in_the_margins(tmp_path):
    out = social_card(LONG, LONG_TAG, "Réseau des blogueurs du Mali", "fr", tmp_path / "c", FONT)
    with Image.open(out) as im:
        rgb = im.convert("RGB")
    background = rgb.getpixel((5, CARD_SIZE[1] // 2))
    w, h = CARD_SIZE
    inset = MARGIN - 4  # a few pixels of slack for anti-aliasing

    def ink(box) -> int:
        region = rgb.crop(box)
        diff = ImageChops.difference(region, Image.new("RGB", region.size, background))
        return sum(diff.convert("L").point(lambda v: 255 if v else 0).histogram()[255:])

    # The accent bar (12 px at the top) is the only thing in the margins.
    for box in [(0, 12, inset, h), (w - inset, 12, w, h), (0, 12, w, inset), (0, h - inset, w, h)]:
        assert ink(box) == 0, box
    assert ink((MARGIN, MARGIN, w - MARGIN, h - MARGIN)) > 10_000  # and there is text at all
