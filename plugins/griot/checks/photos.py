"""Photos that give away where they were taken: the site publishes only clean re-encodes, but a
file committed to a public repository is published, GPS and all, in its git history.

Pure: Pillow only, no Pelican import."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from griot.core.problems import WARNING, Problem, T

SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}
_GPS_IFD = 0x8825


def has_gps(path: Path) -> bool:
    """Whether the file's EXIF holds a position (read from the headers: fast)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                gps = im.getexif().get_ifd(_GPS_IFD)
    except Exception:  # unreadable files are the images plugin's to report
        return False
    return any(key in gps for key in (1, 2, 3, 4))  # latitude/longitude and their refs


def gps_warnings(content_root: Path, show) -> Iterator[Problem]:
    root = content_root / "images"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if (path.suffix.lower() in SUFFIXES and path.is_file()
                and not any(p.startswith(".") for p in path.relative_to(root).parts)
                and has_gps(path)):
            yield Problem(
                show(str(path)),
                T("this photo records where it was taken (GPS position): the site publishes "
                  "it without, but anyone can download the original from the repository's "
                  "history"),
                T("remove the position before committing (phone: share without location; "
                  "computer: exiftool -gps:all= FILE), or keep the repository private"),
                severity=WARNING, strict=False)  # the published copy is clean
