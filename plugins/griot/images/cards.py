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

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, ImageOps

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


@lru_cache(maxsize=8)
def _levels(first: int) -> list[int]:
    """Coverage 0-255 to palette index: background, or ink `first` at its anti-aliasing step."""
    return [0] + [first + min(LEVELS - 1, a * LEVELS // 256) for a in range(1, 256)]


_COVERED = [0] + [255] * 255


def _inked(text: str, size: int, font_path: Path, first: int) -> tuple[Image.Image, Image.Image]:
    """The text over its inked box, as palette indexes from ink index `first`, and the mask of
    the pixels it covers. The box's corner is where TextBlock.box says."""
    coverage = _coverage(_font(font_path, size), text)
    return coverage.point(_levels(first)), coverage.point(_COVERED)


def _coverage(font: ImageFont.FreeTypeFont, text: str) -> Image.Image:
    left, top, right, bottom = font.getbbox(text)
    coverage = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, font=font, fill=255)
    return coverage


def _flat_card(blocks: list[TextBlock], font_path: Path, colours: Colours) -> bytes:
    canvas = _draw_flat(blocks, font_path, colours)
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=1)  # flat colours: the fastest pass is small enough
    if out.tell() > MAX_CARD_BYTES:
        out = io.BytesIO()
        canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _draw_flat(blocks: list[TextBlock], font_path: Path, colours: Colours) -> Image.Image:
    """The card as palette indexes."""
    fills = {"note": colours.accent, "title": colours.text, "hashtag": colours.accent,
             "site": colours.muted}
    inks = tuple(dict.fromkeys((colours.text, colours.accent, colours.muted)))
    canvas = Image.new("P", CARD_SIZE, 0)
    canvas.putpalette(_palette(colours.background, inks))
    accent = 1 + inks.index(colours.accent) * LEVELS + LEVELS - 1
    ImageDraw.Draw(canvas).rectangle((0, 0, CARD_SIZE[0], 11), fill=accent)
    drawn: list[TextBlock] = []
    for block in blocks:
        first = 1 + inks.index(fills[block.role]) * LEVELS
        face = _face(font_path, block.size)
        glyphs = face.place(block)
        if glyphs is None:
            # Two letters' ink meet (a rare pair, or a combining accent): only FreeType's own
            # blending of the whole line gives the right pixels there.
            index, covered = _inked(block.text, block.size, font_path, first)
            canvas.paste(index, block.box[:2], covered)
            drawn.append(block)
            continue
        # Letters pasted whole (background included) only where nothing is drawn yet: lines
        # of tall accented capitals (Ǖ, Ȥ) can reach into the line above.
        alone = not any(_meet(block.box, other.box) for other in drawn)
        for x, y, ch, masked in glyphs:
            index, covered = face.picture(ch, first)
            canvas.paste(index, (x, y), covered if masked or not alone else None)
        drawn.append(block)
    return canvas


def _meet(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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
        line = _ellipsize(_typeset(note, lang), _face(font_path, NOTE_SIZE), inner)
        block = _block("note", line, NOTE_SIZE, MARGIN, top, font_path)
        blocks.append(block)
        top = block.box[3] + GAP

    footer = _face(font_path, FOOTER_SIZE)
    footer_top = height - MARGIN - _line_height(footer.font)
    tag = "#" + hashtag.lstrip("#") if hashtag else ""
    # The hashtag may take up to half the line; the site name gets the rest.
    tag_room = min(round(footer.width(tag)), inner // 2) + GAP if tag else 0
    site = _ellipsize(site_name, footer, inner - tag_room)
    site_width = math.ceil(footer.width(site))
    site_block = _block(
        "site", site, FOOTER_SIZE, width - MARGIN - site_width, footer_top, font_path
    )
    blocks.append(site_block)
    if tag:
        room = site_block.box[0] - MARGIN - GAP
        blocks.append(
            _block(
                "hashtag",
                _ellipsize(tag, footer, room),
                FOOTER_SIZE,
                MARGIN,
                footer_top,
                font_path,
            )
        )

    room = footer_top - GAP - top
    text = _typeset(title, lang)
    for size in TITLE_SIZES:
        face = _face(font_path, size)
        lines = _wrap(text, face, inner, most=TITLE_MAX_LINES)
        if len(lines) <= TITLE_MAX_LINES and len(lines) * _line_height(face.font) <= room:
            break
    else:
        fitting = max(1, min(TITLE_MAX_LINES, room // _line_height(face.font)))
        if len(lines) > fitting:
            lines = lines[:fitting]
            lines[-1] = _ellipsize(lines[-1] + ELLIPSIS, face, inner, force=True)
    y = top
    for line in lines:
        blocks.append(_block("title", line, size, MARGIN, y, font_path))
        y += _line_height(face.font)
    return blocks


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * LINE_SPACING)


# A line's measure as it grows letter by letter: pen position (1/64 px), then, in pixels, the
# box's left, right and a bound on what the right may still be (see _Face.extend), top, bottom,
# and the last letter (for kerning). EMPTY is the measure of "".
_Run = tuple[int, int, int, float, float, float, str]
EMPTY: _Run = (0, 0, 0, -math.inf, math.inf, -math.inf, "")


class _Face:
    """One font at one size, measured and drawn letter by letter from cached glyphs.

    FreeType renders and measures text one glyph at a time, each at a whole-pixel place (Pillow's
    basic layout: hinted advances, pair kerning); asking it again for every candidate line, and
    rendering every title from scratch, was most of a card's CPU. The rules here repeat what
    Pillow computes (src/_imagingft.c: text_layout_fallback, bounding_box_and_anchors,
    font_render), from what FreeTypeFont tells of single letters and pairs; the tests hold them
    to Pillow's own answers. Where a case is ambiguous the exact FreeType call is made instead.
    """

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        # letter -> advance (1/64 px), then getbbox of the letter alone: left, top, right, bottom
        self._glyphs: dict[str, tuple[int, int, int, int, int]] = {}
        self._kerns: dict[str, int] = {}  # pair of letters -> kerning added to the first's advance
        self._ink: dict[str, tuple[int, int, int, int] | None] = {}
        self._coverages: dict[str, Image.Image] = {}  # letter -> its coverage, cropped to ink
        self._pictures: dict[tuple[str, int], tuple[Image.Image, Image.Image]] = {}
        self._touching: dict[tuple[str, str, int], bool] = {}
        self._runs: dict[str, _Run] = {}  # words and lines measured lately

    def glyph(self, ch: str) -> tuple[int, int, int, int, int]:
        found = self._glyphs.get(ch)
        if found is None:
            advance = round(self.font.getlength(ch) * 64)
            found = self._glyphs[ch] = (advance, *self.font.getbbox(ch))
        return found

    def kern(self, pair: str) -> int:
        found = self._kerns.get(pair)
        if found is None:
            whole = round(self.font.getlength(pair) * 64)
            found = self._kerns[pair] = whole - self.glyph(pair[0])[0] - self.glyph(pair[1])[0]
        return found

    def extend(self, run: _Run, text: str) -> _Run:
        """The measure of run's text followed by `text`."""
        pos, left, right, bound, top, bottom, last = run
        glyphs, kerns = self._glyphs, self._kerns
        for ch in text:
            advance, g_left, g_top, g_right, g_bottom = glyphs.get(ch) or self.glyph(ch)
            if last:
                kern = kerns.get(last + ch)
                pos += self.kern(last + ch) if kern is None else kern
                # The previous letter's pen line, now that its kerning is known.
                pen = (pos + 32) >> 6
                if pen > right:
                    right = pen
            px = (pos + 32) >> 6
            if g_left < 0:
                if px + g_left < left:
                    left = px + g_left
            elif px < 0:
                bound = math.inf  # ink left of the letter's origin is unknown: ask FreeType
            # A letter alone reports max(its pen line, its ink's right): above the pen line it
            # is the ink; at it, the ink may end anywhere short of it, hence only a bound.
            if g_right > (advance + 32) >> 6:
                if px + g_right > right:
                    right = px + g_right
            elif px + g_right > bound:
                bound = px + g_right
            if g_top < top:
                top = g_top
            if g_bottom > bottom:
                bottom = g_bottom
            pos += advance
            last = ch
        return pos, left, right, bound, top, bottom, last

    def measure(self, text: str) -> _Run:
        found = self._runs.get(text)
        if found is None:
            if len(self._runs) >= 1024:
                self._runs.clear()
            found = self._runs[text] = self.extend(EMPTY, text)
        return found

    def remember(self, text: str, run: _Run) -> None:
        """Keep the measure of a line just laid out, which its block measures again."""
        if len(self._runs) < 1024:
            self._runs[text] = run

    def bbox(self, text: str, run: _Run | None = None) -> tuple[int, int, int, int]:
        """font.getbbox(text); run, when given, is the measure of text."""
        if not text:
            return 0, 0, 0, 0
        pos, left, right, bound, top, bottom, _ = self.measure(text) if run is None else run
        right = max(right, (pos + 32) >> 6)
        if bound > right:
            return self.font.getbbox(text)
        return left, top, right, bottom

    def width(self, text: str, run: _Run | None = None) -> float:
        """Room the text takes: its advance, or its ink when a last letter overhangs."""
        run = self.measure(text) if run is None else run
        left, _, right, _ = self.bbox(text, run)
        return max(run[0] / 64, right) + max(0, -left)

    def place(self, block: TextBlock) -> list[tuple[int, int, str, bool]] | None:
        """Where each inked letter of the block goes on the canvas (as _inked would draw it),
        and whether it must be pasted through its mask: only when its ink box meets an
        earlier letter's; elsewhere the canvas under it is background (blocks never overlap).
        None when FreeType must draw the block: two letters' ink meet (it blends those
        pixels), or a letter's ink leaves the block's box (it clips it)."""
        if "\n" in block.text:
            return None  # ImageDraw.text would lay it out as several lines
        placed: list[tuple[int, int, str, bool]] = []
        reach: list[int] = []  # the rightmost ink box edge of placed[: i + 1]
        left, top, right, bottom = block.box
        glyphs, kerns, inks = self._glyphs, self._kerns, self._ink
        pos, last, far = 0, "", -math.inf
        for ch in block.text:
            if last:
                kern = kerns.get(last + ch)
                pos += self.kern(last + ch) if kern is None else kern
            last = ch
            px = block.x + ((pos + 32) >> 6)
            pos += (glyphs.get(ch) or self.glyph(ch))[0]
            ink = inks.get(ch, False)
            if ink is False:
                ink = self.ink(ch)
            if ink is None:
                continue
            dx, dy, width, height = ink
            gx, gy = px + dx, block.y + dy
            if gx < left or gy < top or gx + width > right or gy + height > bottom:
                return None
            masked = far > gx
            i = len(placed) - 1
            while i >= 0 and reach[i] > gx:
                if self._touch(placed[i][2], ch, gx - placed[i][0]):
                    return None
                i -= 1
            placed.append((gx, gy, ch, masked))
            if gx + width > far:
                far = gx + width
            reach.append(far)
        return placed

    def ink(self, ch: str) -> tuple[int, int, int, int] | None:
        """Where the letter's ink box sits from the point the text is drawn at, and its size;
        None for a letter without ink."""
        if ch not in self._ink:
            left, top, _, _ = self.font.getbbox(ch)
            coverage = _coverage(self.font, ch)
            box = coverage.getbbox()
            if box is None:
                self._ink[ch] = None
            else:
                self._coverages[ch] = coverage.crop(box)
                self._ink[ch] = (left + box[0], top + box[1], box[2] - box[0], box[3] - box[1])
        return self._ink[ch]

    def picture(self, ch: str, first: int) -> tuple[Image.Image, Image.Image]:
        """The letter's ink as palette indexes from ink `first`, and the mask of its pixels."""
        found = self._pictures.get((ch, first))
        if found is None:
            coverage = self._coverages[ch]
            # Already in "P" (the indexes kept): an "L" picture is converted at every paste.
            found = self._pictures[ch, first] = (
                coverage.point(_levels(first)).convert("P"),
                coverage.point(_COVERED, "1"),
            )
        return found

    def _touch(self, a: str, b: str, dx: int) -> bool:
        """Does b's ink, dx pixels right of a's, cover any pixel a's ink covers?"""
        key = (a, b, dx)
        found = self._touching.get(key)
        if found is None:
            oy = self._ink[b][1] - self._ink[a][1]
            pa, pb = self._coverages[a], self._coverages[b]
            # The overlap of the two ink boxes, in a's coordinates.
            x0, y0 = max(0, dx), max(0, oy)
            x1, y1 = min(pa.width, dx + pb.width), min(pa.height, oy + pb.height)
            found = False
            if x0 < x1 and y0 < y1:
                # min, not multiply: 60 * 1 // 255 would hide a shared pixel.
                both = ImageChops.darker(
                    pa.crop((x0, y0, x1, y1)), pb.crop((x0 - dx, y0 - oy, x1 - dx, y1 - oy))
                )
                found = both.getbbox() is not None
            self._touching[key] = found
        return found


@lru_cache(maxsize=64)
def _face(path: Path, size: int) -> _Face:
    return _Face(_font(path, size))


def _block(role: str, text: str, size: int, x: int, y: int, font_path: Path) -> TextBlock:
    left, top, right, bottom = _face(font_path, size).bbox(text)
    # Some letters (Ɲ, J) reach left of their origin: keep their ink inside the margin too.
    x += max(0, -left)
    return TextBlock(role, text, size, x, y, (x + left, y + top, x + right, y + bottom))


def _typeset(text: str, lang: str) -> str:
    text = " ".join(text.split())
    if lang.split("-")[0].lower() in _FRENCH_SPACING:
        # "Pourquoi ?" must not leave its "?" alone at the start of a line.
        text = re.sub(r" ([:;!?»])", "\u202f\\1", text)
        text = re.sub(r"« ", "«\u202f", text)
    return text


def _wrap(text: str, face: _Face, width: int, most: int | None = None) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut between letters.

    With `most`, stops once it has more than `most` lines: a card shows a few lines, and laying
    out the rest of a 100,000-letter title (cutting one long word line by line measured what was
    left of it each time) made the cost grow with the square of its length."""
    words = _glue(text.split(" "))
    lines: list[str] = []
    current, run = "", EMPTY
    for word in words:
        if most is not None and len(lines) > most:
            return lines
        if current:
            candidate, grown = f"{current} {word}", face.extend(run, " " + word)
        else:
            candidate, grown = word, face.measure(word)
        if face.width(candidate, grown) <= width:
            current, run = candidate, grown
            continue
        if current:
            lines.append(current)
            face.remember(current, run)
        while True:  # the longest prefix that fits is the whole word when the word fits
            cut = _longest_prefix(word, face, width)
            if cut >= len(word):
                break
            lines.append(word[:cut])
            word = word[cut:]
            if most is not None and len(lines) > most:
                return lines
        current, run = word, face.measure(word)
    if current:
        lines.append(current)
        face.remember(current, run)
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


def _longest_prefix(word: str, face: _Face, width: int) -> int:
    cut, run = 1, face.extend(EMPTY, word[0])
    while cut < len(word):
        grown = face.extend(run, word[cut])
        if face.width(word[: cut + 1], grown) > width:
            break
        cut, run = cut + 1, grown
    return cut


def _ellipsize(text: str, face: _Face, width: int, force: bool = False) -> str:
    if face.width(text) <= width and not (force and not text.endswith(ELLIPSIS)):
        return text
    base = text.removesuffix(ELLIPSIS)
    runs = [EMPTY]  # runs[k] measures base[:k]
    for ch in base:
        runs.append(face.extend(runs[-1], ch))
    while base:
        kept = base.rstrip()
        if face.width(kept + ELLIPSIS, face.extend(runs[len(kept)], ELLIPSIS)) <= width:
            break
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
