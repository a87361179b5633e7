"""Image benchmark: bytes a phone downloads against the originals, and cold and warm build times.

    python3 -m bench.images                    # content/images/**/*.jpg|jpeg|png
    python3 -m bench.images --generate 12      # twelve synthetic 2400x1800 phone photos

"What a phone downloads" is the WebP candidate Chromium picks from the srcset for a 360 CSS px
wide screen at device pixel ratio 2, given the `sizes` attribute Griot writes (Chrome for Android
is what most readers in Mali use). The strict column is the smallest candidate at least as wide
as the device pixels, what a browser that never upscales would take.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "plugins") not in sys.path:
    sys.path.insert(0, str(REPO / "plugins"))

from PIL import Image, ImageChops, ImageDraw, ImageFilter  # noqa: E402

from griot.images.cache import Cache  # noqa: E402
from griot.images.markup import DEFAULT_SIZES  # noqa: E402
from griot.images.pipeline import ImagePlan, Variant, plan, render_many  # noqa: E402
from griot.images.settings import ImageSettings, load  # noqa: E402

ROOT_FONT_PX = 16  # what rem and em mean in `sizes`


def measure(
    sources: list[Path],
    settings: ImageSettings,
    workdir: Path,
    *,
    viewport: int = 360,
    dpr: float = 2.0,
    sizes: str = DEFAULT_SIZES,
    workers: int | None = None,
) -> dict:
    """Build every source twice (empty cache, then warm) and count bytes. workdir is emptied."""
    workdir = Path(workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    cache = Cache(workdir / "cache", settings.fingerprint)

    def build(out: Path) -> tuple[list[ImagePlan], list[Path], float]:
        start = time.perf_counter()
        plans = [plan(s, _rel(s), settings, cache) for s in sources]
        paths = render_many(plans, settings, out, cache, workers=workers)
        return plans, paths, time.perf_counter() - start

    plans, paths, cold = build(workdir / "out-cold")
    _, _, warm = build(workdir / "out-warm")

    slot = slot_width(sizes, viewport)
    out = workdir / "out-cold"
    modern = settings.source_formats[0] if settings.source_formats else None
    per_image = []
    for source, p in zip(sources, plans, strict=True):
        candidates = p.srcset(modern or p.fallback.format)
        chosen = chromium_pick(candidates, slot, dpr)
        strict = strict_pick(candidates, slot, dpr)
        fallback = chromium_pick(p.srcset(p.fallback.format), slot, dpr)
        per_image.append(
            {
                "source": str(source),
                "original_bytes": source.stat().st_size,
                "original_size": [p.width, p.height],
                "phone_variant": chosen.url,
                "phone_bytes": (out / chosen.url).stat().st_size,
                "phone_bytes_strict": (out / strict.url).stat().st_size,
                "phone_fallback_bytes": (out / fallback.url).stat().st_size,
            }
        )
    original = sum(i["original_bytes"] for i in per_image)
    phone = sum(i["phone_bytes"] for i in per_image)
    return {
        "images": len(sources),
        "viewport_css_px": viewport,
        "dpr": dpr,
        "sizes": sizes,
        "slot_css_px": slot,
        "format": modern or "fallback",
        "original_bytes": original,
        "phone_bytes": phone,
        "phone_bytes_strict": sum(i["phone_bytes_strict"] for i in per_image),
        "phone_fallback_bytes": sum(i["phone_fallback_bytes"] for i in per_image),
        "saved_bytes": original - phone,
        "saved_ratio": (original - phone) / original if original else 0.0,
        "published_files": len(set(paths)),
        "published_bytes": sum(p.stat().st_size for p in set(paths)),
        "cold_seconds": cold,
        "warm_seconds": warm,
        "workers": workers,
        "per_image": per_image,
    }


def _rel(source: Path) -> str:
    parts = source.parts
    return "/".join(parts[parts.index("images") :]) if "images" in parts else source.name


def slot_width(sizes: str, viewport: int) -> float:
    """The CSS width `sizes` gives an image on a viewport (media features: min/max-width)."""
    for entry in sizes.split(","):
        entry = entry.strip()
        match = re.fullmatch(r"(?:\((min|max)-width:\s*([\d.]+)(px|rem|em)\)\s+)?(\S+|calc\(.*\))",
                             entry)
        if not match:
            raise ValueError(f"unsupported sizes entry: {entry!r}")
        kind, number, unit, length = match.groups()
        if kind:
            limit = float(number) * (1 if unit == "px" else ROOT_FONT_PX)
            if (kind == "max" and viewport > limit) or (kind == "min" and viewport < limit):
                continue
        return _length(length, viewport)
    return float(viewport)  # no entry matched: 100vw, as browsers do


def _length(length: str, viewport: int) -> float:
    calc = re.fullmatch(r"calc\(\s*(\S+)\s+([-+])\s+(\S+)\s*\)", length)
    if calc:  # calc(100vw - 2rem): the one form Griot's sizes use
        left, right = _length(calc[1], viewport), _length(calc[3], viewport)
        return left - right if calc[2] == "-" else left + right
    match = re.fullmatch(r"([\d.]+)(px|rem|em|vw)", length)
    if not match:
        raise ValueError(f"unsupported length in sizes: {length!r}")
    number, unit = float(match[1]), match[2]
    return number * {"px": 1, "rem": ROOT_FONT_PX, "em": ROOT_FONT_PX, "vw": viewport / 100}[unit]


def chromium_pick(candidates: Sequence[Variant], slot: float, dpr: float) -> Variant:
    """The candidate Chromium's srcset selection takes (HTMLSrcsetParser, SelectionLogic): walk
    up the densities; between the last one below the device ratio and the first at or above it,
    take the higher only if the ratio reaches their geometric mean (always, on 1x screens)."""
    ordered = sorted(candidates, key=lambda v: v.width)
    densities = [v.width / slot for v in ordered]
    for i in range(len(ordered) - 1):
        if densities[i + 1] < dpr:
            continue
        mean = math.sqrt(densities[i] * densities[i + 1])
        if (dpr <= 1.0 and dpr > densities[i]) or dpr >= mean:
            return ordered[i + 1]
        return ordered[i]
    return ordered[-1]


def strict_pick(candidates: Sequence[Variant], slot: float, dpr: float) -> Variant:
    ordered = sorted(candidates, key=lambda v: v.width)
    return next((v for v in ordered if v.width >= slot * dpr), ordered[-1])


def synthetic_photos(folder: Path, count: int, size=(2400, 1800), seed: int = 1) -> list[Path]:
    """Photo-like JPEGs as a phone saves them (quality 92): smooth light, hard edges, texture at
    several scales (foliage, fabric, walls) that survives downscaling, and sensor grain. Pure
    noise or flat colour would compress unrealistically badly or well."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        rng = random.Random(seed * 1000 + n)
        small = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3))
        im = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(40))
        draw = ImageDraw.Draw(im)
        for _ in range(25):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            w, h = rng.randrange(40, 600), rng.randrange(40, 600)
            colour = tuple(rng.randrange(256) for _ in range(3))
            shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
            shape((x, y, x + w, y + h), fill=colour)
        im = im.filter(ImageFilter.GaussianBlur(1.2))
        # (scale, amplitude): texture of 16 px and 4 px features, then per-pixel grain.
        for scale, amplitude in ((16, 48), (4, 24), (1, 12)):
            w, h = size[0] // scale, size[1] // scale
            noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
            noise = noise.resize(size, Image.Resampling.BICUBIC).point(
                lambda v, a=amplitude: v * a // 255
            )
            offset = Image.new("L", size, amplitude // 2)
            im = Image.merge(
                "RGB", [ImageChops.subtract(ImageChops.add(b, noise), offset) for b in im.split()]
            )
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=92)
        path = folder / f"IMG_2025031{n % 10}_{n:06d}.jpg"
        path.write_bytes(buf.getvalue())
        paths.append(path)
    return paths


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def report(result: dict) -> str:
    original, phone = result["original_bytes"], result["phone_bytes"]
    rows = [
        ("images", str(result["images"])),
        ("originals", _kb(original)),
        (
            "published (every file)",
            f"{_kb(result['published_bytes'])} in {result['published_files']} files",
        ),
        (
            f"phone {result['viewport_css_px']} px @{result['dpr']:g}x, {result['format']}"
            " (Chromium's pick)",
            f"{_kb(phone)}  ({100 * result['saved_ratio']:.1f}% less than the originals)",
        ),
        ("same, smallest candidate >= device px", _kb(result["phone_bytes_strict"])),
        ("same, browsers without WebP", _kb(result["phone_fallback_bytes"])),
        ("cold build (empty cache)", f"{result['cold_seconds']:.2f} s"),
        ("warm build (cache full)", f"{result['warm_seconds']:.3f} s"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines.append("")
    lines.append(f"{'image':<40} {'original':>10} {'phone':>10}  variant")
    for i in result["per_image"]:
        name = Path(i["source"]).name
        variant = Path(i["phone_variant"]).name.rsplit("-", 1)[-1]
        lines.append(
            f"{name[:40]:<40} {_kb(i['original_bytes']):>10} {_kb(i['phone_bytes']):>10}  {variant}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--content", type=Path, default=REPO / "content" / "images")
    parser.add_argument("--generate", type=int, metavar="N", help="use N synthetic photos")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "images")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)

    if args.generate:
        sources = synthetic_photos(args.work.parent / "images-synthetic" / "images", args.generate)
    else:
        sources = sorted(
            p
            for p in args.content.rglob("*")
            if p.suffix.lower() in (".jpg", ".jpeg", ".png") and p.is_file()
        )
    if not sources:
        print(f"no images under {args.content}; try --generate 12", file=sys.stderr)
        return 1
    result = measure(sources, load({}), args.work, workers=args.workers)
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
