"""Social cards: the 1200x630 picture shown when an article or campaign is shared (og:image).

Same input, same bytes: the font is shipped with the theme and laid out with Pillow's basic
engine (no system fonts, no shaping library that differs between machines).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from griot.images.pipeline import load_pixels, pixels_only
from griot.images.settings import ImageSettings

CARD_SIZE = (1200, 630)
MAX_CARD_BYTES = 100_000
MARGIN = 72
TITLE_SIZES = range(76, 39, -4)
TITLE_MAX_LINES = 5
LINE_SPACING = 1.18
FOOTER_SIZE = 36
NOTE_SIZE = 30
GAP = 28
ELLIPSIS = "…"

# Punctuation that must stay on the line of the word before it (French puts a space before it).
_CLOSING = ":;!?»)"
_OPENING = "«("
# Languages written with a space before high punctuation: it becomes a narrow no-break space.
_FRENCH_SPACING = {"fr", "bm"}


@dataclass(frozen=True)
class Colours:
    background: str = "#1b1f3b"
    text: str = "#ffffff"
    accent: str = "#ffb703"
    muted: str = "#c9cbe0"


@dataclass(frozen=True)
class TextBlock:
    role: str  # "note", "title", "hashtag" or "site"
    text: str
    size: int
    x: int
    y: int
    box: tuple[int, int, int, int]  # inked area on the canvas: left, top, right, bottom


def social_card(
    title: str,
    hashtag: str | None,
    site_name: str,
    lang: str,
    out: Path,
    font_path: Path,
    cover: Path | None = None,
    *,
    note: str | None = None,
    settings: ImageSettings | None = None,
    colours: Colours = Colours(),
) -> Path:
    """Write the card and return its path: out with ".png", or ".jpg" when a cover photo is used.

    lang is the page's language (title typography). note is the content warning, already in that
    language: it is printed above the title, and the cover is then left out, since a warning
    before a shocking photo would come too late.
    """
    blocks = layout(title, hashtag, site_name, lang, font_path, note=note)
    photo = cover is not None and not note
    if not photo:
        target = Path(out).with_suffix(".png")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_flat_card(blocks, font_path, colours))
        return target
    canvas = _cover_background(Path(cover), settings or ImageSettings())
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, CARD_SIZE[0], 11), fill=colours.accent)
    fills = {
        "note": colours.accent,
        "title": colours.text,
        "hashtag": colours.accent,
        "site": colours.text,
    }
    for block in blocks:
        draw.text(
            (block.x, block.y),
            block.text,
            font=_font(font_path, block.size),
            fill=fills[block.role],
        )
    target = Path(out).with_suffix(".jpg")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_encode_jpeg(canvas))
    return target


# A card without a photo has flat colours: it is drawn straight into a palette, each ink with
# LEVELS steps of anti-aliasing over the background. A site has thousands of these cards;
# drawing them in RGB, then quantizing and optimizing the PNG, cost ten times as much.
LEVELS = 16


@lru_cache(maxsize=8)
def _palette(background: str, inks: tuple[str, ...]) -> tuple[int, ...]:
    """Palette index 0 is the background; ink i, at coverage k/LEVELS, is 1 + i*LEVELS + k-1."""
    bg = ImageColor.getrgb(background)
    palette = list(bg)
    for ink in inks:
        rgb = ImageColor.getrgb(ink)
        for k in range(1, LEVELS + 1):
            palette += [round(b + (c - b) * k / LEVELS) for b, c in zip(bg, rgb, strict=True)]
    return tuple(palette)


def _inked(text: str, size: int, font_path: Path, first: int) -> tuple[Image.Image, Image.Image]:
    """The text over its inked box, as palette indexes from ink index `first`, and the mask of
    the pixels it covers. The box's corner is where TextBlock.box says."""
    font = _font(font_path, size)
    left, top, right, bottom = font.getbbox(text)
    coverage = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, font=font, fill=255)
    index = [0] + [first + min(LEVELS - 1, a * LEVELS // 256) for a in range(1, 256)]
    return coverage.point(index), coverage.point([0] + [255] * 255)


_inked_again = lru_cache(maxsize=64)(_inked)


def _flat_card(blocks: list[TextBlock], font_path: Path, colours: Colours) -> bytes:
    fills = {"note": colours.accent, "title": colours.text, "hashtag": colours.accent,
             "site": colours.muted}
    inks = tuple(dict.fromkeys((colours.text, colours.accent, colours.muted)))
    canvas = Image.new("P", CARD_SIZE, 0)
    canvas.putpalette(_palette(colours.background, inks))
    accent = 1 + inks.index(colours.accent) * LEVELS + LEVELS - 1
    ImageDraw.Draw(canvas).rectangle((0, 0, CARD_SIZE[0], 11), fill=accent)
    for block in blocks:
        # The site name and hashtags come back on card after card; titles never do (and their
        # pictures are large: a cache of them would hold tens of MB).
        ink = _inked if block.role == "title" else _inked_again
        index, covered = ink(block.text, block.size, font_path,
                             1 + inks.index(fills[block.role]) * LEVELS)
        canvas.paste(index, block.box[:2], covered)
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=1)  # flat colours: the fastest pass is small enough
    if out.tell() > MAX_CARD_BYTES:
        out = io.BytesIO()
        canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def layout(
    title: str,
    hashtag: str | None,
    site_name: str,
    lang: str,
    font_path: Path,
    *,
    note: str | None = None,
) -> list[TextBlock]:
    """Where each piece of text goes; every box stays inside the margins, nothing overlaps."""
    width, height = CARD_SIZE
    inner = width - 2 * MARGIN
    blocks: list[TextBlock] = []
    top = MARGIN

    if note:
        line = _ellipsize(_typeset(note, lang), _font(font_path, NOTE_SIZE), inner)
        block = _block("note", line, NOTE_SIZE, MARGIN, top, font_path)
        blocks.append(block)
        top = block.box[3] + GAP

    footer_font = _font(font_path, FOOTER_SIZE)
    footer_top = height - MARGIN - _line_height(footer_font)
    tag = "#" + hashtag.lstrip("#") if hashtag else ""
    # The hashtag may take up to half the line; the site name gets the rest.
    tag_room = min(round(_width(footer_font, tag)), inner // 2) + GAP if tag else 0
    site = _ellipsize(site_name, footer_font, inner - tag_room)
    site_width = math.ceil(_width(footer_font, site))
    site_block = _block(
        "site", site, FOOTER_SIZE, width - MARGIN - site_width, footer_top, font_path
    )
    blocks.append(site_block)
    if tag:
        room = site_block.box[0] - MARGIN - GAP
        blocks.append(
            _block(
                "hashtag",
                _ellipsize(tag, footer_font, room),
                FOOTER_SIZE,
                MARGIN,
                footer_top,
                font_path,
            )
        )

    room = footer_top - GAP - top
    text = _typeset(title, lang)
    for size in TITLE_SIZES:
        font = _font(font_path, size)
        lines = _wrap(text, font, inner)
        if len(lines) <= TITLE_MAX_LINES and len(lines) * _line_height(font) <= room:
            break
    else:
        fitting = max(1, min(TITLE_MAX_LINES, room // _line_height(font)))
        if len(lines) > fitting:
            lines = lines[:fitting]
            lines[-1] = _ellipsize(lines[-1] + ELLIPSIS, font, inner, force=True)
    y = top
    for line in lines:
        blocks.append(_block("title", line, size, MARGIN, y, font_path))
        y += _line_height(font)
    return blocks


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * LINE_SPACING)


def _block(role: str, text: str, size: int, x: int, y: int, font_path: Path) -> TextBlock:
    left, top, right, bottom = _font(font_path, size).getbbox(text)
    # Some letters (Ɲ, J) reach left of their origin: keep their ink inside the margin too.
    x += max(0, -left)
    return TextBlock(role, text, size, x, y, (x + left, y + top, x + right, y + bottom))


def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    """Room the text takes: its advance, or its ink when a last letter overhangs."""
    left, _, right, _ = font.getbbox(text)
    return max(font.getlength(text), right) + max(0, -left)


def _typeset(text: str, lang: str) -> str:
    text = " ".join(text.split())
    if lang.split("-")[0].lower() in _FRENCH_SPACING:
        # "Pourquoi ?" must not leave its "?" alone at the start of a line.
        text = re.sub(r" ([:;!?»])", "\u202f\\1", text)
        text = re.sub(r"« ", "«\u202f", text)
    return text


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut between letters."""
    words = _glue(text.split(" "))
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _width(font, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(font, word) > width:
            cut = _longest_prefix(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _glue(words: list[str]) -> list[str]:
    """Keep lone punctuation with its neighbour, whatever the language's spacing habits."""
    glued: list[str] = []
    for word in words:
        closing = bool(word) and word[0] in _CLOSING and len(word) <= 2
        if glued and (closing or glued[-1] in _OPENING):
            glued[-1] += " " + word
        elif word:
            glued.append(word)
    return glued


def _longest_prefix(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    cut = 1
    while cut < len(word) and _width(font, word[: cut + 1]) <= width:
        cut += 1
    return cut


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: int, force: bool = False) -> str:
    if _width(font, text) <= width and not (force and not text.endswith(ELLIPSIS)):
        return text
    base = text.removesuffix(ELLIPSIS)
    while base and _width(font, base.rstrip() + ELLIPSIS) > width:
        base = base[:-1]
    return base.rstrip() + ELLIPSIS


def _cover_background(cover: Path, settings: ImageSettings) -> Image.Image:
    """The cover, cropped to the card and darkened enough for white text to stay readable."""
    pixels = load_pixels(cover, str(cover), settings, needed=CARD_SIZE, keep_alpha=False)
    card = ImageOps.fit(pixels_only(pixels), CARD_SIZE, Image.Resampling.LANCZOS)
    shade = Image.linear_gradient("L").resize(CARD_SIZE).point(lambda v: 150 + v * 70 // 255)
    black = Image.new("RGB", CARD_SIZE, (0, 0, 0))
    return pixels_only(Image.composite(black, card, shade))


def _encode_jpeg(canvas: Image.Image) -> bytes:
    for quality in range(82, 29, -8):
        out = io.BytesIO()
        pixels_only(canvas).save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= MAX_CARD_BYTES:
            break
    return out.getvalue()
