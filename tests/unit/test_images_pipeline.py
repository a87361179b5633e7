"""griot.images.pipeline: nothing private leaves a photo, pixels stay upright, sizes are planned."""

from __future__ import annotations

import io
import random
import struct

import pytest
from PIL import Image, ImageCms

from griot.images import pipeline
from griot.images.cache import Cache
from griot.images.pipeline import ImageError, plan, render, render_many, variant_widths
from griot.images.settings import ImageSettings, load
from tests.unit.images_fixtures import (
    BLUE,
    CAMERA_MAKE,
    CAMERA_MODEL,
    COMMENT,
    GPS_DATUM,
    IPTC_TEXT,
    RED,
    SERIAL,
    TAKEN,
    XMP_NS,
    close_to,
    jpeg_segments,
    leaky_png,
    phone_jpeg,
    png_chunks,
    png_header_only,
    riff_chunks,
    two_tone,
)

SECRETS = [
    b"GPS",
    GPS_DATUM.encode(),
    CAMERA_MAKE.encode(),
    CAMERA_MODEL.encode(),
    SERIAL.encode(),
    TAKEN.encode(),
    COMMENT,
    XMP_NS,
    b"adobe:ns:meta",
    b"Photoshop 3.0",
    IPTC_TEXT,
    b"Exif\x00\x00",
    b"ICC_PROFILE",
    b"acsp",  # the signature inside every ICC profile
]


@pytest.fixture
def settings():
    return ImageSettings()


@pytest.fixture
def cache(tmp_path, settings):
    return Cache(tmp_path / "cache", settings.fingerprint)


def publish(source, rel, settings, cache, out):
    p = plan(source, rel, settings, cache)
    return p, render(p, settings, out, cache)


def assert_no_metadata(path):
    data = path.read_bytes()
    if data[:2] == b"\xff\xd8":
        markers = [m for m, _ in jpeg_segments(data)]
        app_or_comment = [m for m in markers if 0xE0 <= m <= 0xEF or m == 0xFE]
        assert app_or_comment == [0xE0], f"{path.name}: segments {[hex(m) for m in markers]}"
        app0 = next(payload for m, payload in jpeg_segments(data) if m == 0xE0)
        assert app0.startswith(b"JFIF\x00")
    elif data[:4] == b"RIFF":
        chunks = riff_chunks(data)
        kinds = {kind for kind, _ in chunks}
        assert kinds <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, f"{path.name}: {kinds}"
        for kind, payload in chunks:
            if kind == b"VP8X":
                assert payload[0] & 0b00101100 == 0, "VP8X announces ICC, EXIF or XMP"
    elif data[:4] == b"\x89PNG":
        kinds = {kind for kind, _ in png_chunks(data)}
        assert kinds <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, f"{path.name}: {kinds}"
    else:
        pytest.fail(f"{path.name}: unexpected file type {data[:12]!r}")
    for secret in SECRETS:
        assert secret not in data, f"{path.name} contains {secret!r}"


def test_phone_photo_input_really_carries_the_metadata(tmp_path):
    # Guards the privacy test below: it proves something only if the input leaks.
    data = phone_jpeg(tmp_path / "p.jpg").read_bytes()
    markers = {m for m, _ in jpeg_segments(data)}
    assert {0xE1, 0xE2, 0xED, 0xFE} <= markers
    for secret in SECRETS:
        assert secret in data, secret
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (300, 400)
        assert im.getexif()[0x0112] == 6


def test_no_output_carries_metadata_and_pixels_are_upright(tmp_path, settings, cache):
    source = phone_jpeg(tmp_path / "IMG_20250312_143522.jpg", upright=(400, 300))
    p, paths = publish(source, "images/IMG_20250312_143522.jpg", settings, cache, tmp_path / "out")

    assert (p.width, p.height) == (400, 300)
    assert {v.format for v in p.outputs} == {"webp", "jpeg"}
    assert len(paths) == len(p.outputs) >= 4
    for path in paths:
        assert_no_metadata(path)
        with Image.open(path) as im:
            assert im.width > im.height, f"{path.name} is still sideways"
            rgb = im.convert("RGB")
            w, h = rgb.size
            assert close_to(rgb.getpixel((w // 2, h // 4)), RED), path.name
            assert close_to(rgb.getpixel((w // 2, 3 * h // 4)), BLUE), path.name
    # The camera's file name carries the moment the photo was taken: not in the URLs.
    assert all("20250312" not in v.url for v in p.outputs)


def test_transparent_png_loses_its_chunks_and_falls_back_to_png(tmp_path, settings, cache):
    source = leaky_png(tmp_path / "logo.png")
    assert {b"tEXt", b"iTXt", b"eXIf", b"iCCP"} <= {k for k, _ in png_chunks(source.read_bytes())}
    p, paths = publish(source, "images/logo.png", settings, cache, tmp_path / "out")

    assert p.has_alpha
    assert p.fallback.format == "png"
    assert {v.format for v in p.outputs} == {"webp", "png"}
    for path in paths:
        assert_no_metadata(path)
        with Image.open(path) as im:
            rgba = im.convert("RGBA")
            assert rgba.getpixel((2, rgba.height // 2))[3] == 0, "transparency lost"
            assert rgba.getpixel((rgba.width - 3, rgba.height // 2))[3] == 255


def test_opaque_png_with_alpha_channel_gets_a_jpeg_fallback(tmp_path, settings, cache):
    source = tmp_path / "screenshot.png"
    two_tone((200, 100), mode="RGBA").save(source)
    p, paths = publish(source, "images/screenshot.png", settings, cache, tmp_path / "out")
    assert not p.has_alpha
    assert p.fallback.format == "jpeg"
    assert all(path.suffix in (".webp", ".jpg") for path in paths)


def test_icc_profile_is_converted_not_copied(tmp_path, settings, cache):
    # A Lab-to-sRGB check would need a wide-gamut profile; sRGB in must give the same colours out.
    source = tmp_path / "srgb.jpg"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    two_tone((320, 200)).save(source, quality=95, icc_profile=icc)
    _, paths = publish(source, "images/srgb.jpg", settings, cache, tmp_path / "out")
    for path in paths:
        with Image.open(path) as im:
            assert "icc_profile" not in im.info
            assert close_to(im.convert("RGB").getpixel((10, 10)), RED, 25)


def test_gif_first_frame_only(tmp_path, settings, cache, caplog):
    source = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (120, 80), c) for c in (RED, BLUE)]
    frames[0].save(source, save_all=True, append_images=frames[1:], comment=b"secret gif")
    p, paths = publish(source, "images/anim.gif", settings, cache, tmp_path / "out")
    assert "only its first frame" in caplog.text
    for path in paths:
        assert b"secret gif" not in path.read_bytes()
        with Image.open(path) as im:
            assert close_to(im.convert("RGB").getpixel((5, 5)), RED, 30)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (200, [200]),
        (320, [320]),
        (700, [320, 640]),
        (800, [320, 640, 800]),
        (1100, [320, 640, 1024]),
        (1500, [320, 640, 1024, 1500]),
        (1600, [320, 640, 1024, 1600]),
        (5000, [320, 640, 1024, 1600]),
    ],
)
def test_variant_widths_never_upscale(original, expected):
    assert variant_widths(original, (320, 640, 1024, 1600)) == expected


def test_variants_are_written_with_planned_sizes(tmp_path, settings, cache):
    source = tmp_path / "wide.jpg"
    two_tone((1500, 1000)).save(source)
    p, paths = publish(source, "images/wide.jpg", settings, cache, tmp_path / "out")
    widths = [160, 240, 360, 480, 720, 1080, 1440]
    assert [v.width for v in p.srcset("webp")] == widths
    assert [v.width for v in p.srcset("jpeg")] == widths
    assert (p.fallback.format, p.fallback.width, p.fallback.height) == ("jpeg", 480, 320)
    for v, path in zip(p.outputs, paths, strict=True):
        assert path == tmp_path / "out" / v.url
        assert v.url.startswith("images/wide-" + p.digest)
        with Image.open(path) as im:
            assert im.size == (v.width, v.height)
            assert im.format == {"jpeg": "JPEG", "webp": "WEBP"}[v.format]
            assert im.width <= p.width


def test_small_image_is_not_upscaled(tmp_path, settings, cache):
    source = tmp_path / "tiny.png"
    Image.new("RGB", (150, 90), BLUE).save(source)
    p, paths = publish(source, "images/tiny.png", settings, cache, tmp_path / "out")
    assert {(v.width, v.height) for v in p.outputs} == {(150, 90)}
    assert p.fallback.width == 150
    assert len(paths) == 2  # one WebP, one JPEG


def test_placeholder_is_the_dominant_colour(tmp_path, settings):
    source = tmp_path / "mostly-blue.jpg"
    im = Image.new("RGB", (400, 300), BLUE)
    im.paste(RED, (0, 0, 400, 60))
    im.save(source, quality=95)
    colour = pipeline.placeholder(source)
    assert close_to(bytes.fromhex(colour[1:]), BLUE, 30)
    assert plan(source, "images/mostly-blue.jpg", settings).placeholder == colour


@pytest.mark.parametrize(
    ("stem", "public"),
    [
        ("IMG_20250312_143522", "image"),
        ("PXL_20250101_101010123", "image"),
        ("WhatsApp Image 2025-03-12 at 14.35.22", "image"),
        ("DSC0042", "image"),
        ("Marché de Gao", "marche-de-gao"),
        ("photo-atelier", "photo-atelier"),
        ("___", "image"),
    ],
)
def test_public_stem_drops_camera_names(stem, public):
    assert pipeline.public_stem(stem) == public


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("grey16.png", lambda: Image.new("I;16", (60, 40), 40000), (156, 156, 156)),
        ("grey.jpg", lambda: Image.new("L", (60, 40), 90), (90, 90, 90)),
        ("cmyk.jpg", lambda: Image.new("CMYK", (60, 40), (0, 255, 255, 0)), (255, 0, 0)),
        ("palette.png", lambda: Image.new("RGB", (60, 40), BLUE).quantize(4), BLUE),
    ],
)
def test_other_colour_modes_become_rgb(tmp_path, settings, cache, name, make, expected):
    source = tmp_path / name
    make().save(source)
    _, paths = publish(source, f"images/{name}", settings, cache, tmp_path / "out")
    for path in paths:
        with Image.open(path) as im:
            assert im.mode == "RGB"
            assert close_to(im.getpixel((30, 20)), expected, 12), path.name


# ---- bad input: every message names the image and says what to do ----


def _bmp(path):
    Image.new("RGB", (10, 10)).save(path, "BMP")


def _text(path):
    path.write_text("this is not a photo\n")


def _random(path):
    path.write_bytes(random.Random(4).randbytes(5000))


def _truncated(path):
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def _heic(path):
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100)


@pytest.mark.parametrize(
    ("name", "make", "expected", "fix"),
    [
        ("missing.jpg", None, "file not found", "fix the path"),
        ("scan.jpg", _bmp, "is a BMP image", "Export it as JPEG"),
        ("notes.jpg", _text, "not a readable image", "export"),
        ("noise.jpg", _random, "not a readable image", "export"),
        ("cut.jpg", _truncated, "damaged and cannot be decoded", "export it again"),
        ("iphone.jpg", _heic, "HEIC", "Most Compatible"),
    ],
)
def test_bad_files_are_explained(tmp_path, settings, name, make, expected, fix):
    source = tmp_path / name
    if make:
        make(source)
    with pytest.raises(ImageError) as caught:
        plan(source, f"images/{name}", settings)
    message = str(caught.value)
    assert f"images/{name}" in message
    assert expected in message
    assert fix in message


def test_decompression_bomb_is_refused_by_our_limit(tmp_path):
    source = tmp_path / "big.png"
    two_tone((200, 100)).save(source)
    with pytest.raises(ImageError) as caught:
        plan(source, "images/big.png", ImageSettings(max_pixels=10_000))
    message = str(caught.value)
    assert "images/big.png" in message
    assert "GRIOT_IMAGE_MAX_PIXELS" in message
    assert "Resize it" in message


def test_decompression_bomb_beyond_pillows_limit_is_refused_before_decoding(tmp_path, settings):
    source = png_header_only(tmp_path / "bomb.png", 20_000, 20_000)
    with pytest.raises(ImageError) as caught:
        plan(source, "images/bomb.png", settings)
    assert "images/bomb.png" in str(caught.value)
    assert "Resize it" in str(caught.value)


def test_file_over_the_size_limit_is_refused(tmp_path):
    source = tmp_path / "heavy.jpg"
    Image.effect_noise((300, 300), 80).convert("RGB").save(source, quality=100)
    with pytest.raises(ImageError) as caught:
        plan(source, "images/heavy.jpg", ImageSettings(max_source_bytes=1000))
    message = str(caught.value)
    assert "images/heavy.jpg" in message
    assert "GRIOT_IMAGE_MAX_SOURCE_BYTES" in message
    assert "Resize it" in message


def test_error_can_name_the_article(tmp_path, settings):
    with pytest.raises(ImageError) as caught:
        plan(tmp_path / "nope.jpg", "images/nope.jpg", settings)
    located = caught.value.within("articles/2025/marche.fr.md")
    assert str(located).startswith("articles/2025/marche.fr.md: image images/nope.jpg:")


# ---- parallel rendering ----


def test_render_many_in_parallel_gives_the_same_bytes(tmp_path, settings):
    sources = []
    for i, colour in enumerate([RED, BLUE, (30, 160, 60)]):
        path = tmp_path / f"photo-{i}.jpg"
        im = Image.effect_noise((700, 500), 40).convert("RGB")
        im.paste(colour, (0, 0, 350, 250))
        im.save(path, quality=90)
        sources.append(path)
    plans = [plan(s, f"images/{s.name}", settings) for s in sources]
    plans.append(plans[0])  # one photo used by two pages

    seen = []
    cache_par = Cache(tmp_path / "cache-par", settings.fingerprint)
    parallel = render_many(
        plans,
        settings,
        tmp_path / "par",
        cache_par,
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    cache_seq = Cache(tmp_path / "cache-seq", settings.fingerprint)
    sequential = render_many(plans, settings, tmp_path / "seq", cache_seq, workers=1)

    assert seen[-1] == (4, 4)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert [p.relative_to(tmp_path / "par") for p in parallel] == [
        p.relative_to(tmp_path / "seq") for p in sequential
    ]
    for a, b in zip(parallel, sequential, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_render_many_reports_the_broken_image(tmp_path, settings):
    good = tmp_path / "good.jpg"
    two_tone((400, 300)).save(good)
    bad = tmp_path / "bad.jpg"
    _truncated(bad)
    other = tmp_path / "other.jpg"
    two_tone((400, 300), top=BLUE, bottom=RED).save(other)
    p_good = plan(good, "images/good.jpg", settings)
    # plan() already refuses a damaged file: here it was replaced between planning and rendering.
    p_bad = plan(other, "images/bad.jpg", settings)
    p_bad = pipeline.ImagePlan(**{**p_bad.__dict__, "source": bad})
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    with pytest.raises(ImageError) as caught:
        render_many([p_good, p_bad], settings, tmp_path / "out", cache, workers=2)
    assert "images/bad.jpg" in str(caught.value)


def isobmff_boxes(data: bytes) -> dict[bytes, bytes]:
    boxes = {}
    i = 0
    while i < len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[i + 8 : i + 16])
            header = 16
        elif size == 0:
            size = len(data) - i
        boxes[kind] = data[i + header : i + size]
        i += size
    assert i == len(data)
    return boxes


def test_avif_variants_carry_no_metadata(tmp_path):
    settings = load({"GRIOT_IMAGE_FORMATS": ["avif", "webp", "jpeg"]})
    cache = Cache(tmp_path / "cache", settings.fingerprint)
    source = phone_jpeg(tmp_path / "p.jpg", upright=(400, 300))
    p, paths = publish(source, "images/p.jpg", settings, cache, tmp_path / "out")
    assert p.formats == ("avif", "webp", "jpeg")
    avifs = [path for path in paths if path.suffix == ".avif"]
    assert len(avifs) == 3  # 160, 240 and 360 px (never upscaled)
    for path in avifs:
        data = path.read_bytes()
        boxes = isobmff_boxes(data)
        assert boxes[b"ftyp"][:4] == b"avif"
        meta = boxes[b"meta"]  # item list and properties; mdat holds only coded pixels
        for item in (b"Exif", b"mime", b"prof", b"rICC", b"xml "):
            assert item not in meta, f"{path.name}: {item!r} in meta"
        for secret in SECRETS:
            assert secret not in data, f"{path.name} contains {secret!r}"
        with Image.open(path) as im:
            rgb = im.convert("RGB")
            assert rgb.width > rgb.height
            assert close_to(rgb.getpixel((rgb.width // 2, rgb.height // 4)), RED)
