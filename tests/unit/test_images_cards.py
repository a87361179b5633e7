"""griot.images.cards: 1200x630 social cards, light, reproducible, text inside the frame."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont

from griot.images import cards
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


# --- Drawing from cached glyphs, and the hand-written PNG, against FreeType's own answers.

KERNED = "AVTYWLPFJfry.,'\"«»:;!?…ƝɲɛɔŊŋǕȤĴ\u0301\u0300\u202f "
MEASURED = st.text(
    alphabet=st.one_of(
        st.sampled_from(KERNED),
        st.characters(codec="latin-1", categories=["L", "N", "P", "Zs"]),
    ),
    max_size=60,
)
# Overhangs (Ɲ, J), a note line, kerning (AV, Te), a pair whose ink meets at size 76 (ry), a
# combining accent, tall capitals reaching into the line above, long words, an ellipsis.
DRAWN = [
    (TITLE, "MaliSansVBG", "Griot", "fr", None),
    ("Ɲɛnajɛ ni kɔnɔnafili: musow ka kuma", "#MaliSansVBG", "Griot", "bm", "Avertissement : viol"),
    ("Terry et Jeunes de Tombouctou : J'accuse « AVATAR » au fjord", None,
     "Griot — Blogueurs du Mali", "fr", None),
    ("Cafe\u0301 Tyrannie VAWATA ÇĴŴ ǕȤǛǗ ǕȤǛǗ ǕȤǛǗ ǕȤǛǗ ǕȤǛǗ ǕȤǛǗ ǕȤǛǗ", "x", "G", "en", None),
    (LONG, LONG_TAG, "Réseau des blogueuses et blogueurs du Mali pour l'égalité", "fr",
     "Content warning: violence, " * 6),
]


def freetype_indexes(blocks) -> tuple[bytes, list[int]]:
    """The card as drawn before the glyph cache: each block rendered whole by FreeType, mapped
    to palette indexes and pasted through the mask of its inked pixels."""
    colours = cards.Colours()
    fills = {"note": colours.accent, "title": colours.text, "hashtag": colours.accent,
             "site": colours.muted}
    inks = tuple(dict.fromkeys((colours.text, colours.accent, colours.muted)))
    canvas = Image.new("P", CARD_SIZE, 0)
    canvas.putpalette(cards._palette(colours.background, inks))
    accent = 1 + inks.index(colours.accent) * cards.LEVELS + cards.LEVELS - 1
    ImageDraw.Draw(canvas).rectangle((0, 0, CARD_SIZE[0], 11), fill=accent)
    for block in blocks:
        font = ImageFont.truetype(str(FONT), block.size, layout_engine=ImageFont.Layout.BASIC)
        left, top, right, bottom = font.getbbox(block.text)
        coverage = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(coverage).text((-left, -top), block.text, font=font, fill=255)
        first = 1 + inks.index(fills[block.role]) * cards.LEVELS
        index = coverage.point(
            [0] + [first + min(cards.LEVELS - 1, a * cards.LEVELS // 256) for a in range(1, 256)]
        )
        canvas.paste(index, block.box[:2], coverage.point([0] + [255] * 255))
    return canvas.tobytes(), canvas.getpalette()


def decoded(data: bytes) -> tuple[bytes, list[int]]:
    with Image.open(io.BytesIO(data)) as im:
        assert (im.mode, im.size) == ("P", CARD_SIZE)
        return im.tobytes(), im.getpalette()


def exact_width(face, text, run=None) -> float:
    left, _, right, _ = face.font.getbbox(text)
    return max(face.font.getlength(text), right) + max(0, -left)


@pytest.mark.parametrize("size", [76, 52, 36, 30])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MEASURED)
def test_glyph_by_glyph_measures_are_freetypes(size, text):
    face = cards._face(FONT, size)
    assert face.bbox(text) == face.font.getbbox(text)
    assert face.measure(text)[0] == round(face.font.getlength(text) * 64)
    assert face.width(text) == exact_width(face, text)


def test_a_right_edge_left_open_is_asked_of_freetype():
    # A letter alone reports max(pen line, ink right): at the pen line its ink's right is only
    # bounded, and when that bound could be the line's right edge, FreeType gives the answer.
    face = cards._face(FONT, 76)
    pos, left, right, _, top, bottom, last = face.measure("Ab")
    open_run = (pos, left, right, max(right, (pos + 32) >> 6) + 1, top, bottom, last)
    assert face.bbox("J'ai", open_run) == face.font.getbbox("J'ai")
    assert face.bbox("Ab", face.measure("Ab")) == face.font.getbbox("Ab")


@pytest.mark.parametrize("entry", DRAWN, ids=["french", "bambara", "kerning", "accents", "long"])
def test_layout_is_the_one_exact_measures_give(entry, monkeypatch):
    title, hashtag, site, lang, note = entry
    quick = layout(title, hashtag, site, lang, FONT, note=note)
    monkeypatch.setattr(cards._Face, "width", exact_width)
    monkeypatch.setattr(cards._Face, "bbox", lambda face, text, run=None: face.font.getbbox(text))
    assert layout(title, hashtag, site, lang, FONT, note=note) == quick


@pytest.mark.parametrize("entry", DRAWN, ids=["french", "bambara", "kerning", "accents", "long"])
def test_card_pixels_are_the_ones_freetype_draws(entry, tmp_path):
    title, hashtag, site, lang, note = entry
    blocks = layout(title, hashtag, site, lang, FONT, note=note)
    out = social_card(title, hashtag, site, lang, tmp_path / "c", FONT, note=note)
    assert decoded(out.read_bytes()) == freetype_indexes(blocks)


def test_both_ways_of_drawing_a_block_are_used():
    blocks = layout(DRAWN[2][0], None, "Griot", "fr", FONT)
    placed = {b.text: cards._face(FONT, b.size).place(b) for b in blocks}
    assert any(p is None for t, p in placed.items() if "ry" in t), placed  # ink of r and y meet
    assert any(p for p in placed.values())
    masked = [m for p in placed.values() if p for *_, m in p]
    assert True in masked and False in masked


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=MEASURED.filter(str.strip), note=st.none() | MEASURED)
def test_any_card_has_freetypes_pixels(title, note):
    blocks = layout(title, "Égalité", "Griot", "fr", FONT, note=note)
    assert decoded(cards._flat_card(blocks, FONT, cards.Colours())) == freetype_indexes(blocks)


def test_bytes_do_not_depend_on_what_was_drawn_before(tmp_path):
    first = social_card(DRAWN[2][0], "MaliSansVBG", "Griot", "fr", tmp_path / "a", FONT)
    for i, (title, hashtag, site, lang, note) in enumerate(DRAWN):
        social_card(title, hashtag, site, lang, tmp_path / f"other{i}", FONT, note=note)
    cards._face.cache_clear()
    again = social_card(DRAWN[2][0], "MaliSansVBG", "Griot", "fr", tmp_path / "b", FONT)
    assert again.read_bytes() == first.read_bytes()


def test_an_oversized_png_is_optimized_by_pillow_with_the_same_pixels(monkeypatch):
    blocks = layout(TITLE, "MaliSansVBG", "Griot", "fr", FONT)
    quick = cards._flat_card(blocks, FONT, cards.Colours())
    monkeypatch.setattr(cards, "MAX_CARD_BYTES", 0)
    optimized = cards._flat_card(blocks, FONT, cards.Colours())
    assert optimized != quick
    assert decoded(optimized) == decoded(quick) == freetype_indexes(blocks)
