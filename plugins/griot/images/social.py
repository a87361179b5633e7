"""Social cards for a whole site: what each card says, a cache keyed by that, parallel drawing.

A card depends only on its text, its cover's bytes, the font and the drawing code, so it is keyed
by their hash and drawn once across builds. Never imports Pelican.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import math
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cache, lru_cache
from pathlib import Path

from babel.core import get_global
from PIL import __version__ as PILLOW_VERSION

from griot.images import cards
from griot.images.settings import ImageSettings

log = logging.getLogger(__name__)

CARD_WIDTH, CARD_HEIGHT = cards.CARD_SIZE
_CARDS_DIR = "cards-v1"


@dataclass(frozen=True)
class CardSpec:
    """The text of one card; name is the start of its file name ("article-fr-mon-slug")."""

    name: str
    title: str
    hashtag: str | None
    site_name: str
    lang: str
    note: str | None = None  # content note, already in lang, label included
    cover: str | None = None  # absolute path of the cover photo
    cover_digest: str | None = None  # its content digest (the key must follow its bytes)

    @property
    def photo(self) -> bool:
        # cards.social_card leaves the cover out under a content note (warning first).
        return self.cover is not None and not self.note

    @property
    def extension(self) -> str:
        return "jpg" if self.photo else "png"

    def key(self, font_digest: str) -> str:
        return _card_key(self, font_digest)

    def _key(self, font_digest: str) -> str:
        fields = {f.name: getattr(self, f.name) for f in dataclass_fields(self)}  # all plain
        fields.pop("name")
        fields.pop("cover")  # its digest stands for it: moving a photo changes nothing
        payload = {"card": fields, "font": font_digest, "code": _code_digest(),
                   "pillow": PILLOW_VERSION}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def url(self, output_dir: str, font_digest: str) -> str:
        return self.url_for(output_dir, self.key(font_digest))

    def url_for(self, output_dir: str, key: str) -> str:
        return f"{output_dir}/cards/{self.name}-{key[:10]}.{self.extension}"


@lru_cache(maxsize=1 << 16)  # the live preview asks again for every card after each save
def _card_key(spec: CardSpec, font_digest: str) -> str:
    return spec._key(font_digest)


@cache
def _code_digest() -> str:
    """Editing the drawing code gives new cards, and new URLs: no social site keeps an old one."""
    return hashlib.sha256(Path(cards.__file__).read_bytes()).hexdigest()[:16]


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


@cache
def og_locale(lang: str) -> str:
    """Open Graph's language_TERRITORY for a site language, by CLDR's likely subtags:
    fr -> fr_FR, en -> en_US, bm -> bm_ML."""
    likely = get_global("likely_subtags").get(lang.replace("-", "_"))
    if not likely:
        return lang.replace("-", "_")
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() or p.isdigit()), None)
    return f"{parts[0]}_{territory}" if territory else parts[0]


class CardCache:
    """Drawn cards by key, under root/cards-v1; installed into the output by hard link or copy."""

    def __init__(self, root: Path):
        self.root = Path(root) / _CARDS_DIR

    def path(self, key: str, extension: str) -> Path:
        return self.root / key[:2] / f"{key}.{extension}"

    def install(self, cached: Path, dest: Path) -> None:
        if _same_inode(cached, dest):
            return  # renaming a link over another link to the same file would do nothing
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        try:
            os.link(cached, tmp)
        except OSError:
            shutil.copyfile(cached, tmp)
        os.replace(tmp, dest)


def render_cards(
    specs: Sequence[CardSpec],
    font: Path,
    out_root: Path,
    output_dir: str,
    cache_root: Path,
    settings: ImageSettings,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    published: Path | None = None,
) -> tuple[dict[str, str], int]:
    """Publish every card under out_root; draw only the ones the cache lacks.

    `published` is the output folder this build replaces, when out_root is a staging folder:
    a card already published there from the same cached file is not linked again.
    Returns ({spec name: URL relative to the output root}, number of cards drawn).
    """
    store = CardCache(cache_root)
    font_digest = file_digest(font)
    urls: dict[str, str] = {}
    keys: dict[str, str] = {}
    todo: dict[str, tuple[CardSpec, Path]] = {}
    # Plain strings and one stat per card: a site has thousands, and the live preview asks
    # for all of them after each save.
    store_root = str(store.root)
    cached_files: dict[str, str] = {}
    inodes: dict[str, tuple[int, int]] = {}  # cached file -> its inode, when it exists
    for spec in specs:
        key = keys[spec.name] = spec.key(font_digest)
        urls[spec.name] = spec.url_for(output_dir, key)
        cached = cached_files[key] = f"{store_root}/{key[:2]}/{key}.{spec.extension}"
        if key in todo or cached in inodes:
            continue
        try:
            source = os.stat(cached)
        except OSError:
            todo[key] = (spec, Path(cached))
        else:
            inodes[cached] = (source.st_ino, source.st_dev)
    jobs = list(todo.values())
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, len(jobs))

    if workers <= 1 or len(jobs) <= 2:
        for spec, cached in jobs:
            _draw(spec, cached, str(font), settings)
            advance(1)
    else:
        per_chunk = max(1, math.ceil(len(jobs) / (workers * 3)))
        chunks = [jobs[k : k + per_chunk] for k in range(0, len(jobs), per_chunk)]
        context = multiprocessing.get_context(_start_method())
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=min(workers, len(chunks)), mp_context=context
        ) as pool:
            futures = [pool.submit(_draw_chunk, chunk, str(font), settings) for chunk in chunks]
            for future in concurrent.futures.as_completed(futures):
                advance(future.result())
    out_root = Path(out_root)
    for spec in specs:
        cached = cached_files[keys[spec.name]]
        url = urls[spec.name]
        if published is not None:
            try:
                st = os.stat(f"{published}/{url}")
            except OSError:
                pass
            else:
                if cached not in inodes:
                    source = os.stat(cached)
                    inodes[cached] = (source.st_ino, source.st_dev)
                if (st.st_ino, st.st_dev) == inodes[cached]:
                    continue  # already published from this very file
        store.install(Path(cached), out_root / url)
    return urls, len(jobs)


def _same_inode(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev)


def _draw_chunk(chunk: list[tuple[CardSpec, Path]], font: str, settings: ImageSettings) -> int:
    for spec, cached in chunk:
        _draw(spec, cached, font, settings)
    return len(chunk)


def _draw(spec: CardSpec, cached: Path, font: str, settings: ImageSettings) -> None:
    # Drawn beside its place in the cache, then renamed: a killed build leaves no half card.
    tmp = cached.with_name(f".{cached.stem}.{os.getpid()}.tmp")
    written = cards.social_card(
        spec.title,
        spec.hashtag,
        spec.site_name,
        spec.lang,
        tmp,
        Path(font),
        Path(spec.cover) if spec.photo else None,
        note=spec.note,
        settings=settings,
    )
    os.replace(written, cached)


def _start_method() -> str:
    # As the image pipeline: fork only while no other thread exists (live-reload server).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"
