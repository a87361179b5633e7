"""Responsive, metadata-free images: validate a photo, plan its variants, then encode them.

No original ever reaches the output. Every published file is built from bare pixels (EXIF
orientation applied, colours converted to sRGB) into a fresh Pillow image, so nothing the camera,
the phone or an editing app wrote (GPS, serial numbers, dates, comments, XMP, IPTC, ICC text)
can travel with it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from griot.core import links
from griot.core.errors import GriotError
from griot.core.problems import Problem, T
from griot.core.workers import ChunkPool, cpu_count
from griot.images.cache import EXTENSIONS, Cache
from griot.images.settings import ImageSettings

log = logging.getLogger(__name__)

# Formats bloggers may use. GIF: only its first frame is published.
SUPPORTED = ("JPEG", "PNG", "WEBP", "GIF")
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
ORIENTATION = 0x0112
# EXIF orientations that turn the picture a quarter: width and height swap once upright.
_QUARTER_TURNS = (5, 6, 7, 8)
# A width not in GRIOT_IMAGE_WIDTHS is added for the original only when it brings this much more.
_EXTRA_WIDTH_GAIN = 1.2
_PLACEHOLDER_SIDE = 64
_FACTS_VERSION = 1

_FIX_FORMAT = "Export it as JPEG (photos) or PNG (drawings, screenshots) and replace the file."


class ImageError(GriotError):
    """An image a page uses cannot be published; the message says which and what to do."""

    def __init__(self, path: str, message: str, where: str = ""):
        self.path = path
        self.message = message
        self.where = where
        super().__init__(path, message, where)

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}image {self.path}: {self.message}"

    def problem(self) -> Problem:
        """The same error as a Problem naming the file that uses the image (or the image)."""
        return Problem(self.where or self.path,
                       T("image {path}: {message}", path=self.path, message=self.message))

    def within(self, where: str) -> ImageError:
        """The same error, naming the page (article file) that uses the image."""
        return ImageError(self.path, self.message, where)


@dataclass(frozen=True)
class Variant:
    format: str  # "webp", "avif", "jpeg" or "png"
    width: int
    height: int
    url: str  # relative to the output root, no leading slash: "images/marche-1a2b3c4d5e-640.webp"

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class ImagePlan:
    source: Path
    rel: str  # the path bloggers know, e.g. "images/2025/marche.jpg"; used in messages
    digest: str  # first 10 hex digits of the sha256 of the source bytes
    width: int  # upright size of the source (EXIF orientation applied)
    height: int
    has_alpha: bool  # some pixel is not fully opaque
    placeholder: str  # "#rrggbb", the dominant colour
    variants: tuple[Variant, ...]  # every srcset candidate, by format then ascending width
    fallback: Variant  # the small plain <img src>

    @property
    def outputs(self) -> tuple[Variant, ...]:
        """Every distinct file to publish."""
        seen = dict.fromkeys(self.variants)
        seen.setdefault(self.fallback)
        return tuple(seen)

    def srcset(self, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == fmt)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.format for v in self.variants))

    @property
    def largest(self) -> Variant:
        return max(self.srcset(self.fallback.format), key=lambda v: v.width)


# --------------------------------------------------------------------------------------------
# Planning: cheap, so every build can plan every image; decoding happens only on a cache miss.


def plan(source: Path, rel: str, settings: ImageSettings, cache: Cache | None = None) -> ImagePlan:
    """Validate source and decide its published files; with a cache, known photos aren't decoded."""
    # Absolute: worker processes may not share the current directory.
    source = Path(source).absolute()
    stat = _stat(source, rel, settings)
    # A file whose size, time and inode did not change is not read again: hashing gigabytes of
    # photos would dominate a rebuild after a one-word edit.
    digest = cache.known_digest(source, stat) if cache is not None else None
    data = None
    if digest is None:
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        if cache is not None:
            cache.remember_digest(source, stat, digest)
    facts = cache.facts(digest) if cache is not None else None
    if facts is None or facts.get("version") != _FACTS_VERSION:
        facts = _probe(source.read_bytes() if data is None else data, rel, settings)
        if cache is not None:
            cache.put_facts(digest, facts)
    else:
        _check_pixels(facts["stored_size"][0], facts["stored_size"][1], rel, settings)
    if facts["animated"]:
        log.warning("%s is animated: only its first frame is published.", rel)
    width, height = facts["upright_size"]
    has_alpha = facts["has_alpha"]
    stem = public_stem(Path(rel).stem)

    def variant(fmt: str, w: int) -> Variant:
        h = max(1, round(w * height / width))
        return Variant(fmt, w, h, f"{settings.output_dir}/{stem}-{digest}-{w}.{EXTENSIONS[fmt]}")

    fallback_format = settings.fallback_format
    if has_alpha and fallback_format == "jpeg":
        fallback_format = "png"
    widths = variant_widths(width, settings.widths)
    variants = tuple(
        variant(fmt, w) for fmt in (*settings.source_formats, fallback_format) for w in widths
    )
    fallback = variant(fallback_format, min(settings.fallback_width, width))
    return ImagePlan(
        source=source,
        rel=rel,
        digest=digest,
        width=width,
        height=height,
        has_alpha=has_alpha,
        placeholder=facts["placeholder"],
        variants=variants,
        fallback=fallback,
    )


def variant_widths(original: int, widths: Sequence[int]) -> list[int]:
    """Configured widths up to the original's (never upscaled), plus the original width itself
    when it is noticeably larger than the biggest configured width it reaches."""
    kept = [w for w in sorted(widths) if w <= original]
    if not kept:
        return [original]
    if original < max(widths) and original >= kept[-1] * _EXTRA_WIDTH_GAIN:
        kept.append(original)
    return kept


_CAMERA_NAME = re.compile(
    r"^(img|dsc[nf]?|pxl|mvimg|vid|pict|sam|gopr|dji|wp|photo|image|screenshot|capture"
    r"|whatsapp|signal|telegram|fb|received)[-_]?\d"
    r"|\d{6,}|\d{4}-\d{2}-\d{2}",
)


def public_stem(stem: str) -> str:
    """The file name part of published URLs.

    Names a camera or messaging app gives ("IMG_20250312_143522", "WhatsApp Image 2025-03-12 at
    14.35.22") carry the moment the photo was taken: they become "image". Names bloggers chose are
    kept, as ASCII, for readable URLs.
    """
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")
    if not slug or _CAMERA_NAME.search(slug):
        return "image"
    if len(slug) > 48:
        slug = slug[:48].rsplit("-", 1)[0] or slug[:48]
    return slug


def _read(source: Path, rel: str, settings: ImageSettings) -> bytes:
    _stat(source, rel, settings)
    return source.read_bytes()


def _stat(source: Path, rel: str, settings: ImageSettings) -> os.stat_result:
    text = os.fspath(source)
    if text.endswith("/" + rel):  # source is <content folder>/rel
        root = text[: -len(rel) - 1]
        link = links.escaping_link(text, root)
        if link is not None:
            raise ImageError(rel, f"{links.link_message(link, root)}. Fix: {links.LINK_FIX}.")
    try:
        stat = source.stat()
    except FileNotFoundError:
        raise ImageError(
            rel,
            T("file not found ({source}). Check the spelling, upper and lower case included,"
              " and the folder; then add the file or fix the path.", source=str(source)),
        ) from None
    if not source.is_file():
        raise ImageError(rel, f"{source} is a folder, not an image file. Point to the image file.")
    if stat.st_size > settings.max_source_bytes:
        raise ImageError(
            rel,
            f"the file weighs {_mb(stat.st_size)}, more than the"
            f" {_mb(settings.max_source_bytes)} limit (GRIOT_IMAGE_MAX_SOURCE_BYTES). Resize it to"
            f" about {max(settings.widths)} pixels wide (the largest the site shows) and save it"
            " again.",
        )
    return stat


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


@contextmanager
def _open(data: bytes, rel: str, settings: ImageSettings) -> Iterator[Image.Image]:
    """Open (headers only) one of the supported formats within the pixel limit, or explain."""
    with warnings.catch_warnings():
        # Our own limit (GRIOT_IMAGE_MAX_PIXELS) applies below; Pillow's warning adds nothing.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data), formats=SUPPORTED)
        except Image.DecompressionBombError as exc:
            raise ImageError(
                rel,
                f"{exc}. Resize it to at most {max(settings.widths)} pixels wide and replace it.",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageError(rel, _unreadable(data)) from None
    try:
        _check_pixels(im.width, im.height, rel, settings)
        yield im
    finally:
        im.close()


def _check_pixels(width: int, height: int, rel: str, settings: ImageSettings) -> None:
    if width * height > settings.max_pixels:
        raise ImageError(
            rel,
            f"{width}x{height} pixels is {width * height / 1e6:.1f} megapixels, more than the"
            f" {settings.max_pixels / 1e6:g} megapixel limit (GRIOT_IMAGE_MAX_PIXELS), which"
            " protects the build from decompression bombs. Resize it to at most"
            f" {max(settings.widths)} pixels wide and replace the file.",
        )


def _unreadable(data: bytes) -> str:
    """Say what the file is when it is an image of the wrong kind, else that it is damaged."""
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return T(
            "is a HEIC photo (the iPhone's default format), which browsers cannot show."
            " Send it again as JPEG (iPhone: Settings > Camera > Formats > Most Compatible)"
            " or convert it, and replace the file."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as other:
                kind = other.format
    except Exception:  # any failure here just means: not an image Pillow knows
        kind = None
    if kind:
        return f"is a {kind} image; the site publishes JPEG, PNG, WebP and GIF. {_FIX_FORMAT}"
    return (
        "is not a readable image: the file is damaged, or is not an image despite its name."
        f" Open it on your computer; if it shows, {_FIX_FORMAT[0].lower()}{_FIX_FORMAT[1:]}"
    )


def _probe(data: bytes, rel: str, settings: ImageSettings) -> dict:
    """Facts a plan needs that headers alone do not give: real transparency and a placeholder."""
    with _open(data, rel, settings) as im:
        stored_size = im.size
        orientation = im.getexif().get(ORIENTATION, 1)
        animated = bool(getattr(im, "is_animated", False))
        alpha = _may_have_alpha(im)
        if im.format == "JPEG":
            # DCT scaling: decodes at 1/8 size, which is all a placeholder needs.
            im.draft("RGB", (_PLACEHOLDER_SIDE, _PLACEHOLDER_SIDE))
        _load(im, rel)
        if alpha:
            # Checked at full size: one transparent pixel would vanish in a thumbnail.
            alpha = im.convert("RGBA").getchannel("A").getextrema()[0] < 255
        small = _srgb(im, rel)
        colour = _dominant(small)
    upright = stored_size[::-1] if orientation in _QUARTER_TURNS else stored_size
    return {
        "version": _FACTS_VERSION,
        "stored_size": list(stored_size),
        "upright_size": list(upright),
        "has_alpha": alpha,
        "animated": animated,
        "placeholder": colour,
    }


def placeholder(source: Path) -> str:
    """The dominant colour of an image as "#rrggbb", shown while the image loads."""
    data = Path(source).read_bytes()
    return _probe(data, str(source), ImageSettings())["placeholder"]


def _may_have_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info


def _dominant(im: Image.Image) -> str:
    im = _flatten(im.convert("RGBA")) if _may_have_alpha(im) else im.convert("RGB")
    im.thumbnail((_PLACEHOLDER_SIDE, _PLACEHOLDER_SIDE), Image.Resampling.BOX)
    quantized = im.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    count, index = max(quantized.getcolors())
    r, g, b = quantized.getpalette()[3 * index : 3 * index + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def _flatten(rgba: Image.Image) -> Image.Image:
    """Lay transparent pixels on white, as a page would show them."""
    white = Image.new("RGB", rgba.size, (255, 255, 255))
    white.paste(rgba, mask=rgba.getchannel("A"))
    return white


def _load(im: Image.Image, rel: str) -> None:
    try:
        im.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(
            rel,
            T("the file is damaged and cannot be decoded ({reason}). Copy it again from the"
              " original device, or open it and export it again, then replace the file.",
              reason=str(exc)),
        ) from None


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _srgb(im: Image.Image, rel: str) -> Image.Image:
    """Pixels as RGB or RGBA in sRGB, converted through the embedded ICC profile if any."""
    icc = im.info.get("icc_profile")
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    has_alpha = _may_have_alpha(im)
    if im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA" if has_alpha else "RGB")
    alpha = im.convert("RGBA").getchannel("A") if has_alpha else None
    colour_mode = {"CMYK": "CMYK", "L": "L", "LA": "L", "1": "L"}.get(im.mode, "RGB")
    colour = im.convert(colour_mode) if im.mode != colour_mode else im
    converted = None
    if icc:
        try:
            converted = ImageCms.profileToProfile(
                colour,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            log.warning("%s: colour profile ignored (%s); colours may look slightly off.", rel, exc)
    if converted is None:
        converted = colour.convert("RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


# --------------------------------------------------------------------------------------------
# Rendering: one decode per photo, a fresh metadata-free image per published file.


def render(plan: ImagePlan, settings: ImageSettings, out_root: Path, cache: Cache) -> list[Path]:
    """Publish every file of plan under out_root, encoding only what the cache lacks."""
    if cache.fingerprint != settings.fingerprint:
        raise ValueError("render() needs a Cache made with these settings' fingerprint")
    missing = [v for v in plan.outputs if not cache.has(plan.digest, v)]
    if missing:
        data = _read(plan.source, plan.rel, settings)
        if hashlib.sha256(data).hexdigest()[:10] != plan.digest:
            raise ImageError(plan.rel, "the file changed during the build. Build again.")
        # Decoded for the largest of all the plan's files, not of the missing ones: JPEG's
        # reduced decoding would otherwise make a small file's bytes depend on which sizes
        # the cache already had.
        largest = max(plan.outputs, key=lambda v: v.width)
        base = _decode(data, plan.rel, settings, (largest.width, largest.height), plan.has_alpha)
        # Formats of one width share one resize: resizing costs as much as encoding.
        frames: dict[tuple[int, int], Image.Image] = {}
        for v in missing:
            size = (v.width, v.height)
            if size not in frames:
                frames[size] = base if base.size == size else resized(base, size)
            cache.put(plan.digest, v, encode(frames[size], v, settings))
    return [cache.install(plan.digest, v, Path(out_root) / v.url) for v in plan.outputs]


def load_pixels(
    source: Path,
    rel: str,
    settings: ImageSettings,
    needed: tuple[int, int] | None = None,
    keep_alpha: bool = True,
) -> Image.Image:
    """Validated, upright, sRGB pixels of an image, without any of its metadata.

    needed: the largest upright size the caller will make; lets big JPEGs decode faster.
    """
    return _decode(_read(Path(source), rel, settings), rel, settings, needed, keep_alpha)


def _decode(
    data: bytes,
    rel: str,
    settings: ImageSettings,
    needed: tuple[int, int] | None,
    keep_alpha: bool,
) -> Image.Image:
    with _open(data, rel, settings) as im:
        if im.format == "JPEG" and needed:
            # Decode big photos at 1/2, 1/4... of their size when that still leaves twice the
            # pixels of the largest variant: much faster, with no visible loss after LANCZOS.
            turned = im.getexif().get(ORIENTATION, 1) in _QUARTER_TURNS
            w, h = needed[::-1] if turned else needed
            im.draft(None, (2 * w, 2 * h))
        _load(im, rel)
        upright = ImageOps.exif_transpose(im)
        pixels = _srgb(upright, rel)
    if pixels.mode == "RGBA" and not keep_alpha:
        pixels = _flatten(pixels)
    return pixels_only(pixels)


def pixels_only(im: Image.Image) -> Image.Image:
    """A new image holding only pixels: Pillow copies `info` (comment, EXIF, XMP, ICC) along
    with most operations, and some encoders write what they find there."""
    clean = Image.frombytes(im.mode, im.size, im.tobytes())
    assert not clean.info
    return clean


def resized(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    return im.resize(size, Image.Resampling.LANCZOS)


def encode(base: Image.Image, variant: Variant, settings: ImageSettings) -> bytes:
    """Encode one variant of metadata-free upright sRGB pixels."""
    size = (variant.width, variant.height)
    frame = base if base.size == size else resized(base, size)
    if variant.format == "jpeg" and frame.mode != "RGB":
        frame = _flatten(frame) if frame.mode == "RGBA" else frame.convert("RGB")
    frame = pixels_only(frame)
    out = io.BytesIO()
    if variant.format == "jpeg":
        frame.save(
            out,
            "JPEG",
            quality=settings.quality_for("jpeg"),
            optimize=True,
            progressive=True,
            exif=b"",
            comment=b"",
        )
    elif variant.format == "webp":
        frame.save(out, "WEBP", quality=settings.quality_for("webp"), method=6, exif=b"", xmp=b"")
    elif variant.format == "avif":
        # One thread: the pool already uses every core, and threads could vary the bytes.
        frame.save(out, "AVIF", quality=settings.quality_for("avif"), max_threads=1)
    elif variant.format == "png":
        frame.save(out, "PNG", optimize=True)
    else:
        raise ValueError(f"unknown image format {variant.format!r}")
    return out.getvalue()


def render_many(
    plans: Sequence[ImagePlan],
    settings: ImageSettings,
    out_root: Path,
    cache: Cache,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """render() every plan, across processes; cached plans are installed without decoding.

    progress(done, total) is called as plans finish. Returns the published paths, in plan order.
    """
    out_root = Path(out_root).absolute()
    cache = Cache(cache.root.absolute(), cache.fingerprint)
    total = len(plans)
    done = 0
    results: dict[int, list[Path]] = {}

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    # Plans of the same photo (one file used under two names) go to the same job: encoded once.
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(plans):
        if cache.complete(p):
            results[i] = render(p, settings, out_root, cache)
            advance(1)
        else:
            groups.setdefault(p.digest, []).append(i)

    workers = workers or cpu_count()
    jobs = list(groups.values())
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            for i in job:
                results[i] = render(plans[i], settings, out_root, cache)
            advance(len(job))
    else:
        # Each job carries its plans: a worker is sent only what it encodes.
        pool = ChunkPool(_render_chunk, [(job, [plans[i] for i in job]) for job in jobs],
                         settings, out_root, cache, workers=workers)
        for chunk, chunk_paths in pool.results():
            for (job, _), paths in zip(chunk, chunk_paths, strict=True):
                for i, p in zip(job, paths, strict=True):
                    results[i] = p
            advance(sum(len(job) for job, _ in chunk))
    return [path for i in range(total) for path in results[i]]


def _render_chunk(
    chunk: list[tuple[list[int], list[ImagePlan]]], settings: ImageSettings, out_root: Path,
    cache: Cache,
) -> list[list[list[Path]]]:
    return [[render(p, settings, out_root, cache) for p in job] for _, job in chunk]
