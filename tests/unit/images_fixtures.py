"""Test helpers for griot.images: photos made with Pillow, and byte-level readers of the outputs.

The readers walk every segment (JPEG markers, RIFF chunks, PNG chunks) instead of trusting
Pillow's view of the file: a leak Pillow does not parse must still be seen.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageCms, PngImagePlugin

RED = (220, 20, 30)
BLUE = (20, 40, 200)
CAMERA_MAKE = "SecretMakerCorp"
CAMERA_MODEL = "EOS SecretCam 5D"
SERIAL = "SN-99887766-BODY"
TAKEN = "2025:03:12 14:35:22"
GPS_DATUM = "WGS-84-SECRET-DATUM"
COMMENT = b"Photo taken at the safehouse in Gao"
XMP_NS = b"http://ns.adobe.com/xap/1.0/"
XMP_PACKET = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="LeakyEditor 9"'
    b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Gao"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
IPTC_TEXT = b"Byline: Aminata T."
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def two_tone(size: tuple[int, int], top=RED, bottom=BLUE, mode="RGB") -> Image.Image:
    """An upright picture: top half one colour, bottom half the other."""
    w, h = size
    im = Image.new(mode, size, bottom if mode == "RGB" else (*bottom, 255))
    im.paste(top if mode == "RGB" else (*top, 255), (0, 0, w, h // 2))
    return im


def leaky_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x0112] = orientation
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = TAKEN  # DateTimeOriginal
    exif_ifd[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (16.0, 16.0, 37.5)  # Gao
    gps[3] = "W"
    gps[4] = (0.0, 2.0, 36.0)
    gps[0x12] = GPS_DATUM  # GPSMapDatum
    gps[0x1B] = b"ASCII\x00\x00\x00GPS fix"  # GPSProcessingMethod, as Android writes it
    return exif


def phone_jpeg(path: Path, upright: tuple[int, int] = (400, 300)) -> Path:
    """A JPEG as a phone writes it: stored sideways with Orientation=6, EXIF with GPS and
    serial number, a COM comment, an XMP packet, an IPTC block and an ICC profile."""
    # Orientation 6 means "turn 90 degrees clockwise to view": store it turned anticlockwise.
    stored = two_tone(upright).transpose(Image.Transpose.ROTATE_90)
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=95, exif=leaky_exif(6), icc_profile=SRGB_ICC, comment=COMMENT)
    data = buf.getvalue()
    xmp = b"\xff\xe1" + struct.pack(">H", 2 + len(XMP_NS) + 1 + len(XMP_PACKET))
    xmp += XMP_NS + b"\x00" + XMP_PACKET
    iptc_block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(IPTC_TEXT)) + IPTC_TEXT
    iptc = b"\xff\xed" + struct.pack(">H", 2 + 14 + len(iptc_block)) + b"Photoshop 3.0\x00"
    iptc += iptc_block
    path.write_bytes(data[:2] + xmp + iptc + data[2:])
    return path


def leaky_png(path: Path, size: tuple[int, int] = (300, 200)) -> Path:
    """A transparent PNG carrying tEXt, iTXt (XMP), eXIf and iCCP chunks."""
    im = two_tone(size, mode="RGBA")
    alpha = Image.new("L", size, 255)
    alpha.paste(0, (0, 0, size[0] // 4, size[1]))  # a fully transparent band on the left
    im.putalpha(alpha)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    info.add_text("Author", CAMERA_MAKE)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    im.save(path, "PNG", pnginfo=info, exif=leaky_exif(1), icc_profile=SRGB_ICC)
    return path


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """Every marker of a JPEG with its payload, entropy-coded data skipped; asserts that nothing
    follows the end-of-image marker (trailers can hide metadata too)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i = 2
    found: list[tuple[int, bytes]] = [(0xD8, b"")]
    while True:
        assert data[i] == 0xFF, f"expected a marker at byte {i}"
        while data[i] == 0xFF:
            i += 1
        marker = data[i]
        i += 1
        if marker == 0xD9:
            found.append((marker, b""))
            assert i == len(data), f"{len(data) - i} bytes after the end of the image"
            return found
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            found.append((marker, b""))
            continue
        (length,) = struct.unpack(">H", data[i : i + 2])
        found.append((marker, data[i + 2 : i + length]))
        i += length
        if marker == 0xDA:  # start of scan: skip to the next real marker
            while not (data[i] == 0xFF and data[i + 1] != 0 and not 0xD0 <= data[i + 1] <= 0xD7):
                i += 1


def riff_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP file"
    (size,) = struct.unpack("<I", data[4:8])
    assert size + 8 == len(data), "RIFF size does not match the file"
    chunks = []
    i = 12
    while i < len(data):
        fourcc = data[i : i + 4]
        (n,) = struct.unpack("<I", data[i + 4 : i + 8])
        chunks.append((fourcc, data[i + 8 : i + 8 + n]))
        i += 8 + n + (n & 1)
    assert i == len(data)
    return chunks


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks = []
    i = 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        chunks.append((kind, data[i + 8 : i + 8 + n]))
        i += 12 + n
        if kind == b"IEND":
            break
    assert i == len(data), f"{len(data) - i} bytes after IEND"
    return chunks


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims a huge size: opening it must not allocate the pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def close_to(actual, expected, tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=False))
