"""Draw the sample site's illustrations, with the metadata a real phone photo would carry.

The pictures are flat-colour illustrations, but each file is written the way a phone writes a
photo (camera make/model/serial, GPS position, capture time, a JPEG comment; one stored sideways
with EXIF Orientation=6; one with an embedded ICC profile), so that the image pipeline's
metadata stripping and orientation handling are exercised by the demo content itself.

Run from the repository root:  python scripts/make_sample_images.py
Output is deterministic: same Pillow, same bytes.
"""

from __future__ import annotations

import logging
import math
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFont

log = logging.getLogger(__name__)

OUT_DIR = Path(__file__).resolve().parent.parent / "content" / "images" / "2025"
SIZE = (2400, 1800)  # a 4:3 phone photo, upright
QUALITY = 90
SEED = 20251125  # the first of the 16 Days, 2025

# EXIF tag numbers (see the EXIF 2.32 spec); spelled out so the script needs no lookup tables.
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_ORIENTATION = 0x0112
TAG_SOFTWARE = 0x0131
TAG_DATETIME = 0x0132
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003
TAG_BODY_SERIAL = 0xA431
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4

# Mali's palette on the site: earth, river, the orange of the 16 Days.
SAND = (236, 214, 170)
OCHRE = (196, 120, 52)
ORANGE = (245, 124, 0)
DEEP_ORANGE = (214, 84, 0)
RIVER = (44, 110, 160)
SKY = (150, 200, 230)
GREEN = (38, 120, 70)
INK = (34, 30, 28)
WHITE = (250, 248, 242)
GREY = (90, 90, 96)


@dataclass(frozen=True)
class Photo:
    name: str
    draw: Callable[[random.Random], Image.Image]
    make: str
    model: str
    serial: str
    taken: str  # EXIF "YYYY:MM:DD HH:MM:SS"
    lat: float
    lon: float
    comment: str
    sideways: bool = False  # store rotated, with Orientation=6, like a phone held upright
    icc: bool = False


def font(size: int) -> ImageFont.FreeTypeFont:
    # DejaVu Sans has the accents French needs (Pillow's bundled font has none); Debian ships
    # it as fonts-dejavu-core. Without it, fall back to the bundled font and lose the accents.
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        log.warning("DejaVuSans.ttf not found: install fonts-dejavu-core for accented text")
        return ImageFont.load_default(size=size)


def grain(img: Image.Image, rng: random.Random, dots: int = 9000) -> None:
    """Sprinkle faint specks so the JPEG looks less synthetic, from the seeded generator."""
    px = img.load()
    w, h = img.size
    for _ in range(dots):
        x, y = rng.randrange(w), rng.randrange(h)
        r, g, b = px[x, y]
        d = rng.randint(-14, 14)
        px[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))


def centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill, width: int) -> None:
    f = font(size)
    left, _, right, _ = draw.textbbox((0, 0), text, font=f)
    draw.text(((width - (right - left)) // 2, y), text, font=f, fill=fill)


def draw_workshop(rng: random.Random) -> Image.Image:
    """A poster pinned on a wall for a writing workshop in Bamako."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, SAND)
    d = ImageDraw.Draw(img)
    for i in range(0, w, 120):  # brick courses of the wall
        for j in range(0, h, 60):
            off = 60 if (j // 60) % 2 else 0
            d.rectangle([i + off, j, i + off + 116, j + 56], fill=(226, 198, 150))
    d.rectangle([560, 180, 1840, 1620], fill=WHITE, outline=GREY, width=6)
    d.rectangle([560, 180, 1840, 460], fill=ORANGE)
    centred(d, 230, "ATELIER D'ÉCRITURE", 110, WHITE, w)
    centred(d, 360, "Raconter sans nuire", 70, WHITE, w)
    for k, line in enumerate(
        [
            "1. Le consentement d'abord",
            "2. Aucun nom, aucun visage",
            "3. Des mots justes",
            "4. Où trouver de l'aide",
        ]
    ):
        d.text((660, 560 + k * 150), line, font=font(76), fill=INK)
    centred(d, 1440, "Bamako · 25 novembre 2025 · #MaliSansVBG", 46, DEEP_ORANGE, w)
    for x, y in [(600, 220), (1800, 220)]:  # drawing pins
        d.ellipse([x - 22, y - 22, x + 22, y + 22], fill=(200, 30, 30))
    grain(img, rng)
    return img


def draw_microphone(rng: random.Random) -> Image.Image:
    """A community radio studio microphone with an ON AIR light."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, (40, 44, 60))
    d = ImageDraw.Draw(img)
    for i in range(0, w, 80):  # acoustic foam panels
        for j in range(0, 1300, 80):
            shade = 52 + ((i // 80 + j // 80) % 2) * 10
            d.rectangle([i + 4, j + 4, i + 76, j + 76], fill=(shade, shade + 4, shade + 18))
    d.rectangle([0, 1300, w, h], fill=(120, 78, 44))  # the desk
    d.rounded_rectangle([1700, 160, 2200, 340], radius=40, fill=(220, 30, 30))
    centred_x = 1950
    f = font(90)
    left, _, right, _ = d.textbbox((0, 0), "ON AIR", font=f)
    d.text((centred_x - (right - left) // 2, 195), "ON AIR", font=f, fill=WHITE)
    d.rectangle([1150, 900, 1250, 1420], fill=(70, 70, 74))  # stand
    d.ellipse([900, 1380, 1500, 1520], fill=(60, 60, 64))
    d.rounded_rectangle([980, 300, 1420, 980], radius=220, fill=(170, 172, 178))  # capsule
    for y in range(360, 940, 36):  # grille
        d.line([1010, y, 1390, y], fill=(120, 122, 128), width=10)
    d.rectangle([960, 640, 1440, 700], fill=ORANGE)
    grain(img, rng)
    return img


def draw_school(rng: random.Random) -> Image.Image:
    """A village school under a big sky, with a mango tree and a flag."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, SKY)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 1250, w, h], fill=OCHRE)
    d.ellipse([1900, 150, 2150, 400], fill=(255, 236, 160))
    d.rectangle([500, 700, 1900, 1300], fill=(232, 206, 160), outline=INK, width=6)
    d.polygon([(440, 720), (1200, 420), (1960, 720)], fill=(150, 60, 40))
    for x in (620, 920, 1480, 1700):  # windows
        d.rectangle([x, 840, x + 160, 1020], fill=RIVER, outline=INK, width=5)
    d.rectangle([1120, 900, 1280, 1300], fill=(100, 60, 30))  # door
    centred(d, 760, "ÉCOLE FONDAMENTALE", 64, INK, w)
    d.rectangle([2050, 650, 2070, 1280], fill=GREY)  # flag: green, gold, red
    for k, c in enumerate([(20, 150, 70), (250, 210, 0), (210, 30, 40)]):
        d.rectangle([2070 + k * 90, 660, 2160 + k * 90, 840], fill=c)
    d.rectangle([230, 900, 300, 1300], fill=(96, 62, 30))  # mango tree
    d.ellipse([60, 560, 470, 980], fill=GREEN)
    d.ellipse([150, 480, 420, 800], fill=(48, 140, 82))
    for k in range(7):  # satchels left on the path
        x = 900 + k * 110
        d.ellipse(
            [x, 1400 + (k % 2) * 40, x + 70, 1470 + (k % 2) * 40],
            fill=[ORANGE, RIVER, WHITE][k % 3],
        )
    grain(img, rng)
    return img


def draw_river(rng: random.Random) -> Image.Image:
    """The Niger at Gao at dusk: dunes, the river, a pinasse."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, (250, 190, 120))
    d = ImageDraw.Draw(img)
    for k in range(10):  # sky bands towards dusk
        d.rectangle([0, k * 80, w, k * 80 + 80], fill=(250 - k * 4, 190 - k * 9, 120 + k * 6))
    d.ellipse([1500, 420, 1800, 720], fill=(255, 220, 140))
    pts = [(0, 900)] + [(x, 860 - int(70 * math.sin(x / 260))) for x in range(0, w + 1, 40)]
    d.polygon(pts + [(w, 1000), (0, 1000)], fill=(222, 176, 110))  # dunes on the far bank
    d.rectangle([0, 1000, w, 1450], fill=RIVER)
    for _ in range(60):  # glints on the water
        x, y = rng.randrange(w), rng.randrange(1020, 1430)
        d.line([x, y, x + rng.randint(30, 120), y], fill=(170, 210, 235), width=4)
    d.rectangle([0, 1450, w, h], fill=SAND)
    d.polygon([(700, 1180), (1500, 1180), (1400, 1260), (800, 1260)], fill=(90, 50, 30))  # pinasse
    d.rectangle([880, 1090, 1320, 1180], fill=(230, 120, 40))
    d.line([1500, 1180, 1650, 1000], fill=INK, width=8)  # the pole
    for x in (300, 2000, 2150):  # palms on the near bank
        d.rectangle([x, 1350, x + 26, 1650], fill=(110, 80, 50))
        d.ellipse([x - 120, 1270, x + 150, 1400], fill=GREEN)
    grain(img, rng)
    return img


def draw_banner(rng: random.Random) -> Image.Image:
    """The orange banner of the 16 Days of Activism, hung between two poles."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, (250, 236, 214))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 1500, w, h], fill=OCHRE)
    for x in (180, 2190):
        d.rectangle([x, 200, x + 30, 1560], fill=GREY)
    d.rectangle([210, 360, 2190, 1240], fill=ORANGE)
    d.rectangle([210, 360, 2190, 400], fill=DEEP_ORANGE)
    d.rectangle([210, 1200, 2190, 1240], fill=DEEP_ORANGE)
    centred(d, 470, "16 JOURS D'ACTIVISME", 150, WHITE, w)
    centred(d, 690, "contre les violences basées sur le genre", 84, WHITE, w)
    centred(d, 880, "25 novembre – 10 décembre", 96, (255, 240, 220), w)
    centred(d, 1060, "#MaliSansVBG", 90, INK, w)
    for k in range(18):  # bunting
        x = 240 + k * 110
        d.polygon(
            [(x, 250), (x + 90, 250), (x + 45, 330)], fill=[ORANGE, WHITE, DEEP_ORANGE][k % 3]
        )
    d.line([200, 250, 2200, 250], fill=INK, width=4)
    grain(img, rng)
    return img


PHOTOS = [
    Photo(
        "atelier-bamako.jpg",
        draw_workshop,
        "SAMSUNG",
        "Galaxy A14",
        "R58T41ABC2Z",
        "2025:11:25 09:42:10",
        12.6392,
        -8.0029,
        "Atelier d'écriture, Bamako",
    ),
    Photo(
        "radio-micro.jpg",
        draw_microphone,
        "TECNO",
        "Spark 10 Pro",
        "TKSP10-0042-7781",
        "2025:04:03 17:05:44",
        14.4469,
        -11.4456,
        "Studio radio communautaire",
        sideways=True,
    ),
    Photo(
        "ecole-kayes.jpg",
        draw_school,
        "Xiaomi",
        "Redmi Note 12",
        "RN12-8823-1190-MK",
        "2024:10:08 08:15:02",
        14.4412,
        -11.4501,
        "Ecole, region de Kayes",
        icc=True,
    ),
    Photo(
        "fleuve-gao.jpg",
        draw_river,
        "itel",
        "A70",
        "ITA70-55120-GAO",
        "2025:02:14 18:31:57",
        16.2717,
        -0.0447,
        "Le fleuve Niger a Gao",
    ),
    Photo(
        "banniere-16-jours.jpg",
        draw_banner,
        "Apple",
        "iPhone 11",
        "F2LZK1ABN72Q",
        "2025:12:10 11:20:33",
        12.6530,
        -7.9864,
        "Banniere 16 jours, Bamako",
    ),
]


def dms(value: float) -> tuple[float, float, float]:
    """Degrees, minutes, seconds as EXIF rationals (Pillow turns floats into IFDRational)."""
    value = abs(value)
    deg = int(value)
    minutes_full = (value - deg) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 2)
    return (float(deg), float(minutes), seconds)


def exif_for(photo: Photo) -> Image.Exif:
    exif = Image.Exif()
    exif[TAG_MAKE] = photo.make
    exif[TAG_MODEL] = photo.model
    exif[TAG_SOFTWARE] = f"{photo.model} camera 1.0"
    exif[TAG_DATETIME] = photo.taken
    exif[TAG_ORIENTATION] = 6 if photo.sideways else 1
    sub = exif.get_ifd(TAG_EXIF_IFD)
    sub[TAG_DATETIME_ORIGINAL] = photo.taken
    sub[TAG_BODY_SERIAL] = photo.serial
    gps = exif.get_ifd(TAG_GPS_IFD)
    gps[0] = b"\x02\x02\x00\x00"  # GPSVersionID 2.2.0.0
    gps[GPS_LAT_REF] = "N" if photo.lat >= 0 else "S"
    gps[GPS_LAT] = dms(photo.lat)
    gps[GPS_LON_REF] = "E" if photo.lon >= 0 else "W"
    gps[GPS_LON] = dms(photo.lon)
    return exif


def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile, with its creation time pinned so the output is reproducible."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # ICC header bytes 24-35: dateTimeNumber (six big-endian uint16: year, month, day, h, m, s).
    profile[24:36] = struct.pack(">6H", 2025, 11, 25, 0, 0, 0)
    return bytes(profile)


def make(photo: Photo, out_dir: Path) -> Path:
    rng = random.Random(f"{SEED}:{photo.name}")
    img = photo.draw(rng)
    if photo.sideways:
        # Orientation 6 means "rotate 90° clockwise to display": store the upright picture
        # turned 90° counter-clockwise, exactly as a phone held upright does.
        img = img.transpose(Image.Transpose.ROTATE_90)
    options = {
        "quality": QUALITY,
        "exif": exif_for(photo).tobytes(),
        "comment": photo.comment.encode("utf-8"),
    }
    if photo.icc:
        options["icc_profile"] = srgb_profile()
    path = out_dir / photo.name
    img.save(path, "JPEG", **options)
    log.info("wrote %s (%d bytes)", path, path.stat().st_size)
    return path


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for photo in PHOTOS:
        make(photo, OUT_DIR)


if __name__ == "__main__":
    main()
