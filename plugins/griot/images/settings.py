"""Image settings: defaults, and `load()` turning Pelican's settings into checked ImageSettings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from PIL import Image, features
from PIL import __version__ as PILLOW_VERSION

from griot.core.errors import SettingsError
from griot.core.fingerprint import fingerprint
from griot.core.settings import Checks

PREFIX = "GRIOT_IMAGE_"

# Formats browsers pick from <source type=...>: modern, small, not universally supported.
SOURCE_FORMATS = ("avif", "webp")
# Formats of the plain <img>: every browser reads them. "jpeg" becomes "png" for transparent images.
FALLBACK_FORMATS = ("jpeg", "png")

DEFAULT_QUALITY = MappingProxyType({"avif": 55, "webp": 70, "jpeg": 78})

DEFAULTS: Mapping[str, object] = MappingProxyType(
    {
        "GRIOT_IMAGE_WIDTHS": (160, 240, 360, 480, 720, 1080, 1440),
        "GRIOT_IMAGE_QUALITY": dict(DEFAULT_QUALITY),
        "GRIOT_IMAGE_FORMATS": ("webp", "jpeg"),
        "GRIOT_IMAGE_MAX_SOURCE_BYTES": 25 * 1024 * 1024,
        "GRIOT_IMAGE_MAX_PIXELS": 50_000_000,
        "GRIOT_IMAGE_FALLBACK_WIDTH": 480,
        "GRIOT_IMAGE_OUTPUT_DIR": "images",
        "GRIOT_IMAGE_CACHE_DIR": "cache/images",
    }
)

# Bump when the pixels or bytes produced for the same input and settings change, so caches
# built by an older Griot are not reused.
PIPELINE_VERSION = 1

# Pillow refuses to open anything above twice its own limit before we can check ours.
# Pillow refuses (DecompressionBombError) images of more than twice its MAX_IMAGE_PIXELS.
_PILLOW_HARD_LIMIT = 2 * Image.MAX_IMAGE_PIXELS if Image.MAX_IMAGE_PIXELS else None


class ImageSettingsError(SettingsError, ValueError):
    """A GRIOT_IMAGE_* setting has a value Griot cannot use."""

    def __init__(self, key: str, value: object, expected: str):
        self.key = key
        self.value = value
        self.expected = expected
        super().__init__(f"Invalid setting {key} (pelicanconf.py): "
                         f"Expected {expected} but received: {value!r}")

    def __reduce__(self):
        return (ImageSettingsError, (self.key, self.value, self.expected))


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = DEFAULTS["GRIOT_IMAGE_WIDTHS"]
    # Sorted (format, quality) pairs: a tuple keeps the dataclass hashable.
    quality: tuple[tuple[str, int], ...] = tuple(sorted(DEFAULT_QUALITY.items()))
    formats: tuple[str, ...] = DEFAULTS["GRIOT_IMAGE_FORMATS"]
    max_source_bytes: int = DEFAULTS["GRIOT_IMAGE_MAX_SOURCE_BYTES"]
    max_pixels: int = DEFAULTS["GRIOT_IMAGE_MAX_PIXELS"]
    fallback_width: int = DEFAULTS["GRIOT_IMAGE_FALLBACK_WIDTH"]
    output_dir: str = DEFAULTS["GRIOT_IMAGE_OUTPUT_DIR"]
    cache_dir: str = DEFAULTS["GRIOT_IMAGE_CACHE_DIR"]
    fingerprint: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", _fingerprint(self))

    def quality_for(self, fmt: str) -> int:
        return dict(self.quality)[fmt]

    @property
    def source_formats(self) -> tuple[str, ...]:
        """Formats offered in <source> elements, best first."""
        return self.formats[:-1]

    @property
    def fallback_format(self) -> str:
        """Format of the <img> for an opaque image ("png" replaces "jpeg" under transparency)."""
        return self.formats[-1]


def _fingerprint(s: ImageSettings) -> str:
    """Everything besides the source bytes and the variant that changes an encoded file."""
    libraries = ("jpg", "webp", "avif", "zlib", "littlecms2")
    encoders = {name: features.version(name) for name in libraries}
    payload = {
        "pipeline": PIPELINE_VERSION,
        "pillow": PILLOW_VERSION,
        "encoders": encoders,
        "quality": s.quality,
    }
    # The image cache's key: the pipeline's own version stands for Griot's code (editing the
    # stage must not re-encode every photo), plus every library's version.
    return fingerprint(code=(), extra=json.dumps(payload, sort_keys=True))


def _max_pixels(key: str, value: object) -> int:
    value = _positive_int(key, value)
    if _PILLOW_HARD_LIMIT is not None and value > _PILLOW_HARD_LIMIT:
        raise ImageSettingsError(
            key, value, f"a number of pixels up to {_PILLOW_HARD_LIMIT} (Pillow's own hard limit)")
    return value


def load(settings: Mapping[str, object]) -> ImageSettings:
    """Read GRIOT_IMAGE_* keys from Pelican's settings; raise ImageSettingsError on a bad value
    (SettingsError listing every one when several are bad)."""

    def get(key: str) -> object:
        return settings.get(key, DEFAULTS[key])

    checks = Checks()

    def check(parse, key: str, value: object):
        return checks.run(parse, key, value, fallback=DEFAULTS.get(key))

    widths = check(_widths, "GRIOT_IMAGE_WIDTHS", get("GRIOT_IMAGE_WIDTHS"))
    formats = check(_formats, "GRIOT_IMAGE_FORMATS", get("GRIOT_IMAGE_FORMATS"))
    quality = checks.run(_quality, "GRIOT_IMAGE_QUALITY", settings.get("GRIOT_IMAGE_QUALITY", {}))
    max_bytes = check(_positive_int, "GRIOT_IMAGE_MAX_SOURCE_BYTES",
                      get("GRIOT_IMAGE_MAX_SOURCE_BYTES"))
    max_pixels = check(_max_pixels, "GRIOT_IMAGE_MAX_PIXELS", get("GRIOT_IMAGE_MAX_PIXELS"))
    fallback_width = check(_positive_int, "GRIOT_IMAGE_FALLBACK_WIDTH",
                           get("GRIOT_IMAGE_FALLBACK_WIDTH"))
    output_dir = check(_relative_dir, "GRIOT_IMAGE_OUTPUT_DIR", get("GRIOT_IMAGE_OUTPUT_DIR"))
    cache_dir = settings.get("GRIOT_IMAGE_CACHE_DIR")
    if cache_dir is None:
        # Beside Pelican's own cache (each build of the tests has its own CACHE_PATH).
        cache_path = settings.get("CACHE_PATH")
        cache_dir = f"{cache_path}/images" if cache_path else DEFAULTS["GRIOT_IMAGE_CACHE_DIR"]
    cache_dir = check(_dir, "GRIOT_IMAGE_CACHE_DIR", cache_dir)
    checks.done()
    return ImageSettings(
        widths=widths,
        quality=quality,
        formats=formats,
        max_source_bytes=max_bytes,
        max_pixels=max_pixels,
        fallback_width=fallback_width,
        output_dir=output_dir,
        cache_dir=cache_dir,
    )


def _is_int(value: object) -> bool:
    # bool is an int to Python, never to a blogger writing a setting.
    return isinstance(value, int) and not isinstance(value, bool)


def _positive_int(key: str, value: object) -> int:
    if not _is_int(value) or value <= 0:
        raise ImageSettingsError(key, value, "a positive whole number")
    return value


def _widths(key: str, value: object) -> tuple[int, ...]:
    expected = "a non-empty list of widths in pixels, whole numbers from 16 to 8192"
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple) or not value:
        raise ImageSettingsError(key, value, expected)
    if not all(_is_int(w) and 16 <= w <= 8192 for w in value):
        raise ImageSettingsError(key, value, expected)
    return tuple(sorted(set(value)))


@cache
def _encoder_available(fmt: str) -> bool:
    # Asking Pillow loads its codecs' modules: each reader of each generator loads these
    # settings, and the answer cannot change while the process runs.
    return features.check(fmt)


def _formats(key: str, value: object) -> tuple[str, ...]:
    available = [f for f in SOURCE_FORMATS if _encoder_available(f)]
    expected = (
        f"a list of zero or more of {available} followed by one of {list(FALLBACK_FORMATS)},"
        " e.g. ('webp', 'jpeg')"
    )
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple) or not value:
        raise ImageSettingsError(key, value, expected)
    *sources, fallback = value
    if fallback not in FALLBACK_FORMATS:
        raise ImageSettingsError(key, value, expected)
    if len(set(sources)) != len(sources) or any(s not in available for s in sources):
        raise ImageSettingsError(key, value, expected)
    return tuple(value)


def _quality(key: str, value: object) -> tuple[tuple[str, int], ...]:
    expected = (
        f"a dict mapping some of {sorted(DEFAULT_QUALITY)} to a quality from 1 to 100,"
        " e.g. {'webp': 70, 'jpeg': 78}"
    )
    if not isinstance(value, Mapping):
        raise ImageSettingsError(key, value, expected)
    merged = dict(DEFAULT_QUALITY)
    for fmt, q in value.items():
        if fmt not in DEFAULT_QUALITY or not _is_int(q) or not 1 <= q <= 100:
            raise ImageSettingsError(key, value, expected)
        merged[fmt] = q
    return tuple(sorted(merged.items()))


def _dir(key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ImageSettingsError(key, value, "a folder path such as 'cache/images'")
    return value


def _relative_dir(key: str, value: object) -> str:
    expected = "a folder inside the output, written without leading '/' or '..', e.g. 'images'"
    if not isinstance(value, str):
        raise ImageSettingsError(key, value, expected)
    parts = value.strip("/").split("/")
    if value.startswith("/") or "\\" in value or any(p in ("", ".", "..") for p in parts):
        raise ImageSettingsError(key, value, expected)
    return "/".join(parts)
