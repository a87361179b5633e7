"""Signatures of what each page and feed is made from: equal signatures, equal bytes.

A page whose signature matches the one recorded when its file was written is not rendered
again. Pure: no Pelican import. A signature covers:
  - the build-wide inputs (`global_token`): Griot's code, the theme's templates and catalogs,
    the settings, library versions, and what stages offer templates (`Build.signature_parts`);
  - the page's own description (template, URL, language, alternates, feed links, social card);
  - its variables, where an entry counts by its own data (`own_token`: header, body, summaries,
    URL, resolved terms) and the entry a page is about also by the own data of the entries it
    links to (translations, related, previous, next).
Templates must not reach further than that (an entry's related entries' related entries, a
listing's full list of entries): what they would read there is not in the signature.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

from . import fingerprint

_PRIMITIVES = (str, int, float, bool, type(None), bytes, date, datetime)


class Unsigned(Exception):
    """A value whose content cannot be described: the page is always rendered."""


def digest(value) -> bytes:
    """A 16-byte digest of a value made of plain data (texts, numbers, dates, tuples, frozen
    dataclasses). Pickled with the memo off, so that equal values give equal bytes whatever
    objects they happen to share (nothing here is cyclic); far faster than repr on long texts.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


def text_digest(text: str | bytes) -> bytes:
    """digest() of a long text (or its UTF-8 bytes). Pickling a str would leave a UTF-8 copy of
    every non-ASCII text attached to it for the rest of the build (CPython caches it): tens of
    MB on a large site; encoding makes a copy that is freed at once."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


def join_digest(parts: Iterable[bytes]) -> bytes:
    """digest() of a sequence of digests, without pickling them."""
    return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


def _files_token(paths: Iterable[Path], root: Path) -> list[tuple[str, bytes]]:
    return [(path.relative_to(root).as_posix(), hashlib.blake2b(path.read_bytes(),
             digest_size=16).digest()) for path in sorted(paths) if path.is_file()]


def theme_token(theme: str | Path) -> list[tuple[str, bytes]]:
    """Templates and UI catalogs (static files are linked by path, so they do not count)."""
    root = Path(theme)
    paths = [*(root / "templates").rglob("*"), *(root / "translations").rglob("*")]
    return _files_token(paths, root)


def settings_token(settings: Mapping) -> list[tuple[str, str]]:
    """Every setting (upper-case keys), each as a stable text: an object shown by its address
    is shown by its type instead, so the token stays the same from one run to the next."""
    items = []
    for key in sorted(k for k in settings if isinstance(k, str) and k.isupper()):
        text = repr(settings[key])
        if " at 0x" in text:
            text = f"<{type(settings[key]).__qualname__}>"
        items.append((key, text))
    return items


def global_token(settings: Mapping, theme: str | Path) -> bytes:
    """What every page and feed depends on: Griot's code, the libraries' versions (the one
    fingerprint's parts, griot.core.fingerprint), the theme and every setting."""
    return digest((fingerprint.code_files(), theme_token(theme), settings_token(settings),
                   fingerprint.library_versions()))


class Signer:
    """Signatures for one build. `parts` maps each template global and provider (picture,
    social, enclosure) to a token of what it depends on, or is missing it: unknown inputs make
    every signature None (always render)."""

    def __init__(self, base: bytes, parts: Mapping[str, object], template_globals: Iterable[str],
                 memo: dict | None = None, track: bool = False):
        # memo: kept by the live preview from one update to the next, where most entries keep
        # their header and texts (the same objects, or equal texts).
        self.memo = memo if memo is not None else {}
        # `track` (the live preview): what read each entry's own data, id(entry) -> {id(page
        # or feed spec): it}, for the updates that patch the model (griot.preview.patch), and
        # how many pages and feeds could not be signed (their inputs are unknown).
        self.readers: dict[int, dict[int, object]] | None = {} if track else None
        self._retired: list[tuple[list, list]] = []  # forgotten by settle()
        self.unsigned = 0
        self._reading: list | None = None
        self.parts = dict(parts)
        self.base = digest((base, sorted(self.parts.items())))
        missing = [name for name in template_globals if name not in self.parts]
        self.enabled = not missing
        self._own: dict[int, tuple[object, bytes]] = {}
        self._frozen: dict[int, tuple[object, bytes]] = {}  # feed links, cards: shared by pages

    # ------------------------------------------------------------ entries

    def own_token(self, entry) -> bytes:
        """An entry's own data: what a page listing or linking to it can show."""
        if self._reading is not None:
            self._reading.append(entry)
        cached = self._own.get(id(entry))
        if cached is not None and cached[0] is entry:
            return cached[1]
        # The body as stored (UTF-8 bytes): the memo must not keep a decoded copy of every one.
        meta, texts = entry.meta, (entry.stored_body, entry.summary_html, entry.summary_text)
        known = self.memo.get(id(meta))
        if known is not None and known[0] is meta and known[1] == texts:
            read = known[2]
        else:
            read = join_digest([digest(meta), *(text_digest(text) for text in texts)])
            self.memo[id(meta)] = (meta, texts, read)
        terms = [(taxonomy, [self._frozen_repr(ref) for ref in refs])
                 for taxonomy, refs in entry.terms.items()]
        token = digest((read, entry.url, terms))
        self._own[id(entry)] = (entry, token)
        return token

    def forget(self, entry) -> None:
        """`entry` was patched in place (its texts or header): its own data is read again."""
        self._own.pop(id(entry), None)

    def retire(self, pages: list, plans: list) -> None:
        """Pages and feed plans ((spec, entries chosen) pairs) the model dropped: no longer
        any entry's readers, once settle() has run. A patch retires every page of the
        listings an article joins or leaves (tens of thousands of entries to forget at 30,000
        pairs): the live preview settles while the editor reads, and before the next patch
        looks at `readers` (the patch that retires them filters them out itself)."""
        self._retired.append((pages, plans))

    def settle(self) -> None:
        """Forget what retire() was given."""
        readers, retired, self._retired = self.readers, self._retired, []
        if readers is None:
            return
        for pages, plans in retired:
            for page in pages:
                for other in [*page.vars.get("articles", ()), page.vars.get("entry")]:
                    if other is not None:
                        readers.get(id(other), {}).pop(id(page), None)
            for spec, chosen in plans:
                for held in chosen:
                    for other in [held, *held.translations.values()]:
                        readers.get(id(other), {}).pop(id(spec), None)

    def _track(self, key, sign: Callable[[], bytes]) -> bytes | None:
        """sign(), recording which entries' own data it read (when tracking) under `key`."""
        reading = self._reading = [] if self.readers is not None else None
        try:
            signature = sign()
        except Unsigned:
            self.unsigned += 1
            return None
        finally:
            self._reading = None
        for entry in reading or ():
            self.readers.setdefault(id(entry), {})[id(key)] = key
        return signature

    def entry_token(self, entry) -> bytes:
        """The entry a page is about: its own data and that of every entry it links to."""
        own = self.own_token
        # Fixed-size tokens, each group marked, so that no two link patterns join alike.
        return join_digest([
            own(entry),
            b"T", *(lang.encode() + b"=" + own(other)
                    for lang, other in entry.translations.items()),
            b"R", *(own(other) for other in entry.related),
            b"P", own(entry.previous) if entry.previous is not None else b"-",
            b"N", own(entry.next) if entry.next is not None else b"-",
        ])

    # ------------------------------------------------------------ values

    def describe(self, value):
        """A value as nested tuples of plain data; raises Unsigned for what it cannot read."""
        if isinstance(value, _PRIMITIVES):
            return value
        kind = type(value)
        if kind is list or kind is tuple:
            return tuple([self.describe(item) for item in value])
        name = kind.__name__
        if name == "Entry":
            return self.own_token(value)
        if name == "Listing":
            # Templates show a listing's heading and count; its entries come as `articles`.
            return ("Listing", value.kind, value.key, value.lang, value.url, value.title,
                    value.description, len(value.entries))
        if isinstance(value, Mapping):
            return tuple([(key, self.describe(item)) for key, item in value.items()])
        return self._frozen_repr(value)

    def _frozen_repr(self, value, remember: bool = True) -> bytes:
        """Frozen dataclasses (term views, pagers, links, cards...) hold plain data: the digest
        of their generated repr, which names the class and every field (kept as a digest: the
        repr of a term view holds the term's whole text). `remember=False` for a value that
        only one page shows (its social card): not worth a place in the memo."""
        cached = self._frozen.get(id(value))
        if cached is not None and cached[0] is value:
            return cached[1]
        params = getattr(type(value), "__dataclass_params__", None)
        if params is None or not params.frozen:
            raise Unsigned(f"cannot describe a {type(value).__name__}")
        token = text_digest(repr(value))
        if remember:
            self._frozen[id(value)] = (value, token)
        return token

    # ------------------------------------------------------------ pages and feeds

    def page(self, page, social: Callable | None = None) -> bytes | None:
        """The signature of a PageOut (griot.core.pages), or None: render it."""
        if not self.enabled:
            return None
        return self._track(page, lambda: self._page(page, social))

    def _page(self, page, social: Callable | None) -> bytes:
        variables = []
        for key, value in page.vars.items():
            if key == "entry":
                variables.append((key, self.entry_token(value)))
            elif key == "articles":  # a listing's chunk: entries, shown by their own data
                variables.append((key, [self.own_token(entry) for entry in value]))
            else:
                variables.append((key, self.describe(value)))
        frozen = self._frozen_repr
        card = social(page) if social is not None else None
        card = frozen(card, remember=False) if card is not None else None
        return digest((self.base, page.template, page.url, page.lang,
                       tuple(page.alternates.items()), page.untranslated_note,
                       page.x_default, [frozen(link) for link in page.feeds], variables,
                       card))

    def feed(self, spec, entries: Iterable, extra=()) -> bytes | None:
        """The signature of one feed: its description and, for each entry it holds, the entry's
        own data and that of its translations (their links and titles are in the feed)."""
        if not self.enabled:
            return None
        own = self.own_token
        return self._track(spec, lambda: digest((
            self.base, "feed", self.describe(spec), self.describe(extra),
            [(own(e), [(lang, own(t)) for lang, t in e.translations.items()])
             for e in entries])))
