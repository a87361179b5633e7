"""Social cards for a whole site: what each card says, a cache keyed by that, parallel drawing.

A card depends only on its text, its cover's bytes, the font and the drawing code, so it is keyed
by their hash and drawn once across builds. Never imports Pelican.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cache, lru_cache
from pathlib import Path

from babel.core import get_global
from PIL import __version__ as PILLOW_VERSION

from griot.core.files import link_or_copy, temp_beside
from griot.core.workers import ChunkPool
from griot.images import cards
from griot.images.cache import seal, sealed
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

    @staticmethod
    def install(cached: Path, dest: Path) -> None:
        if _same_file(cached, dest):
            return  # renaming a link over another link to the same file would do nothing
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Another file system (cache on disk, output on tmpfs): a copy with the cached file's
        # times, so that the next build knows it for the same card (_same_file).
        link_or_copy(cached, dest, keep_times=True)


def start_cards(
    specs: Sequence[CardSpec],
    font: Path,
    out_root: Path,
    output_dir: str,
    cache_root: Path,
    settings: ImageSettings,
    *,
    workers: int = 1,
    published: Path | None = None,
) -> CardRun:
    """Every card's URL at once; the cards the cache lacks start drawing in the background
    (with more than one worker) while the caller goes on. CardRun.finish() publishes them.

    `published` is the output folder this build replaces, when out_root is a staging folder:
    a card already published there from the same cached file is not linked again.
    """
    store = CardCache(cache_root)
    font_digest = file_digest(font)
    run = CardRun(store, Path(out_root), published, str(font), settings)
    todo: dict[str, tuple[CardSpec, Path, list[Path]]] = {}
    # Plain strings and one stat per card: a site has thousands, and the live preview asks
    # for all of them after each save.
    store_root = str(store.root)
    for spec in specs:
        key = spec.key(font_digest)
        url = run.urls[spec.name] = spec.url_for(output_dir, key)
        cached = f"{store_root}/{key[:2]}/{key}.{spec.extension}"
        if key in todo:
            todo[key][2].append(run.out_root / url)  # the same card under another name
            continue
        run.installs.append((cached, url))
        if cached in run.inodes:
            continue
        try:
            source = os.stat(cached)
            if not sealed(cached, source):
                raise FileNotFoundError(cached)
        except OSError:
            run.installs.pop()  # drawn, then published by whoever draws it
            todo[key] = (spec, Path(cached), [run.out_root / url])
        else:
            run.inodes[cached] = _identity(source)
    run.jobs = list(todo.values())
    if workers > 1 and len(run.jobs) > 2:
        # Many small chunks: the pool shares the machine with the main process rendering
        # pages, and when the pages are done no core should wait for one last long chunk.
        run.pool = ChunkPool(_draw_chunk, run.jobs, run.font, settings, workers=workers,
                             chunks_per_worker=24)
    return run


class CardRun:
    """Cards being drawn: their URLs are known, their files are published by finish()."""

    def __init__(self, store: CardCache, out_root: Path, published: Path | None, font: str,
                 settings: ImageSettings):
        self.store, self.out_root, self.published = store, out_root, published
        self.font, self.settings = font, settings
        self.urls: dict[str, str] = {}  # spec name -> URL relative to the output root
        self.installs: list[tuple[str, str]] = []  # (cached file, URL) of cards drawn before
        self.inodes: dict[str, tuple[int, int, int, int]] = {}  # cached file -> _identity()
        self.jobs: list[tuple[CardSpec, Path, list[Path]]] = []  # to draw: spec, cache, places
        self.pool: ChunkPool | None = None  # drawing in the background; else finish() draws

    def finish(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Wait for the drawing, publish every card under out_root; the number drawn."""
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, len(self.jobs))

        if self.pool is not None:
            for chunk, _ in self.pool.results():
                advance(len(chunk))
        else:
            _draw_chunk(self.jobs, self.font, self.settings)
            advance(len(self.jobs))
        for cached, url in self.installs:
            if self.published is not None and self._published_from(cached, url):
                continue
            self.store.install(Path(cached), self.out_root / url)
        return len(self.jobs)

    def cancel(self) -> None:
        """The build failed: stop drawing (cards already drawn stay in the cache)."""
        if self.pool is not None:
            self.pool.close()

    def _published_from(self, cached: str, url: str) -> bool:
        try:
            st = os.stat(f"{self.published}/{url}")
        except OSError:
            return False
        if cached not in self.inodes:
            self.inodes[cached] = _identity(os.stat(cached))
        known = self.inodes[cached]
        return _identity(st)[:2] == known[:2] or _copy_identity(st) == known[2:]


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns


def _copy_identity(st: os.stat_result) -> tuple[int, int]:
    """What a copy keeps of its cached card (install copies times): the card's URL holds its
    key, so a file there of the same size and time is that card. Without this the live
    preview copied every card again after each save when cache and output are on two file
    systems (5712 copies, 0.43 s of a 0.9 s edit at 3000 pairs)."""
    return st.st_size, st.st_mtime_ns


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return _identity(sa)[:2] == _identity(sb)[:2] or _copy_identity(sa) == _copy_identity(sb)


def _draw_chunk(chunk: list[tuple[CardSpec, Path, list[Path]]], font: str,
                settings: ImageSettings) -> int:
    """Draw each card into the cache and publish it: in the workers, so that no core waits
    for the main process to link thousands of new cards once they are drawn."""
    for spec, cached, places in chunk:
        _draw(spec, cached, font, settings)
        for place in places:
            CardCache.install(cached, place)
    return len(chunk)


def _draw(spec: CardSpec, cached: Path, font: str, settings: ImageSettings) -> None:
    # Drawn beside its place in the cache, then renamed: a killed build leaves no half card.
    tmp = Path(temp_beside(cached.with_name(cached.stem)))
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
    seal(written)
    os.replace(written, cached)
