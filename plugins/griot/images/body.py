"""Images in a content file's body, at read time: <img> of local files become <picture>s, and
what the HTML depends on is recorded so a cached conversion is dropped when an image changes.

Used by the content reader (and its worker processes); never imports Pelican.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

from griot.images.cache import Cache
from griot.images.mdext import ImagesExtension, is_external, local_path
from griot.images.pipeline import ImageError, ImagePlan, plan
from griot.images.settings import ImageSettings, ImageSettingsError, load

log = logging.getLogger(__name__)

# Pelican metadata keys the reader fills (and the content cache stores with the HTML).
USED_KEY = "images"  # tuple of image paths relative to content/, in order of appearance
CHECK_KEY = "images_check"  # (layout key, ((path, digest), ...)): is a cached body still valid

_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def layout_key(settings: ImageSettings) -> str:
    """What, besides the images themselves, changes the <picture> markup or the checks."""
    payload = [
        settings.widths,
        settings.formats,
        settings.fallback_width,
        settings.output_dir,
        settings.max_source_bytes,
        settings.max_pixels,
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:16]


def current_digest(source: Path, cache: Cache | None) -> str | None:
    """The digest plan() would give source now (None if unreadable); cheap when unchanged."""
    try:
        stat = os.stat(source)
    except OSError:
        return None
    if cache is not None:
        known = cache.known_digest(source, stat)
        if known is not None:
            return known
    try:
        data = Path(source).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest()[:10]
    if cache is not None:
        cache.remember_digest(source, stat, digest)
    return digest


class BodyImages:
    """One per reader: a Markdown extension whose resolver plans local images relative to the
    file being converted, and the metadata telling which images (and bytes) the HTML used."""

    def __init__(self, settings: Mapping[str, object]):
        self.content_root = Path(str(settings["PATH"])).resolve()
        self.siteurl = str(settings.get("SITEURL") or "").rstrip("/")
        try:
            self.settings: ImageSettings | None = load(settings)
        except ImageSettingsError:
            # The images generator reports the setting; bodies keep their plain <img> meanwhile.
            self.settings = None
        self.cache = (
            Cache(Path(self.settings.cache_dir), self.settings.fingerprint)
            if self.settings is not None
            else None
        )
        self.article_dir = ""
        self.extension = ImagesExtension(resolve=self.resolve, used=[], siteurl=self.siteurl)

    @property
    def enabled(self) -> bool:
        return self.settings is not None

    def begin(self, rel_path: str) -> None:
        """Before converting the file at rel_path (relative to content/)."""
        self.article_dir = posixpath.dirname(rel_path)
        self.extension.used.clear()

    def resolve(self, src: str) -> ImagePlan | None:
        if self.settings is None:
            return None
        path = local_path(src, self.article_dir, self.content_root)
        if path is None:
            return None
        rel = path.relative_to(self.content_root).as_posix()
        return plan(path, rel, self.settings, self.cache)

    def metadata(self, html: str) -> dict[str, object]:
        """After converting: the metadata to store, and a check that no local <img> was left
        (raw HTML images would point to files that are never published)."""
        used = list(self.extension.used)
        if self.settings is not None:
            ours = {f"{self.siteurl}/{v.url}" for p in used for v in p.outputs}
            for match in _IMG_SRC.finditer(html):
                src = next(g for g in match.groups() if g is not None)
                if is_external(src) or src in ours:
                    continue
                raise ImageError(
                    src,
                    "is written as an HTML <img> tag, which the site cannot publish (the original"
                    " file is never copied). Write it in Markdown instead:"
                    f" ![a short description]({src})",
                )
        if not used:
            return {}
        pairs = tuple(dict.fromkeys((p.rel, p.digest) for p in used))
        return {
            USED_KEY: tuple(rel for rel, _ in pairs),
            CHECK_KEY: (layout_key(self.settings), pairs),
        }

    def fresh(self, metadata: Mapping[str, object]) -> bool:
        """False when the images a cached body used changed (bytes, removal, settings)."""
        check = metadata.get(CHECK_KEY)
        if not check:
            return True
        if self.settings is None:
            return False
        layout, pairs = check
        if layout != layout_key(self.settings):
            return False
        return all(current_digest(self.content_root / rel, self.cache) == d for rel, d in pairs)
