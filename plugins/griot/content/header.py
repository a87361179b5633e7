"""Reads a content file's `Key: value` header and normalises every key in one table.

Pure: no Pelican import. The reader turns the result into Pelican metadata; every other plugin
reads the frozen `Header` it produces, never raw strings.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from griot.core.errors import ContentError

KINDS = {
    "articles": "article",
    "pages": "page",
    "campaigns": "campaign",
    "regions": "region",
    "authors": "author",
}
STATUSES = ("published", "draft", "hidden")
# A page's `Role`: the page the site links from every page. French spellings accepted.
ROLES = {"help": "help", "aide": "help", "about": "about", "a-propos": "about",
         "apropos": "about"}
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_ -]*?)\s*:\s?(.*)$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
# Invisible characters that change what a title seems to say: bidi overrides and isolates
# (U+202A-U+202E, U+2066-U+2069: "‮gpj.exe" reads "exe.jpg") and zero-width characters that
# split a word or a hashtag without showing. The joiners (U+200C, U+200D) belong inside emoji
# sequences and some scripts: refused only beside ASCII or at either end of the value.
_INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e]"
    "|(?:^|(?<=[\x00-\x7f]))[\u200c\u200d]|[\u200c\u200d](?=[\x00-\x7f]|$)")


@dataclass(frozen=True)
class Field:
    value: str
    line: int
    name: str = ""  # the key as the blogger typed it, for messages


@dataclass(frozen=True)
class Header:
    """Everything a content file's name and header say, normalised."""

    kind: str
    path: str  # relative to the content folder, POSIX separators
    slug: str
    lang: str
    title: str
    translation_key: str
    date: datetime | None = None
    modified: datetime | None = None
    status: str = "published"
    authors: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()  # spellings as written, without '#'
    regions: tuple[str, ...] = ()
    summary: str | None = None
    cover: str | None = None
    cover_alt: str | None = None
    content_warning: str | None = None
    license: str | None = None
    translation: bool = False
    hashtag: str | None = None  # campaign files
    start: date | None = None
    end: date | None = None
    partners: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    avatar: str | None = None
    role: str | None = None  # pages: "help" or "about" (ROLES)
    cover_position: str | None = None  # "top", "center" or "bottom": what a 4:3 crop keeps
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)


# ---------------------------------------------------------------- file names


def suggest_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "my-article"


def identify(rel_path: str, languages: tuple[str, ...]) -> tuple[str, str, str]:
    """(kind, slug, lang) from a path relative to the content folder, or a ContentError."""
    path = PurePosixPath(rel_path)
    kind = KINDS.get(path.parts[0]) if len(path.parts) > 1 else None
    if kind is None:
        raise ContentError(
            rel_path,
            "this file is not in a known content folder",
            "move it under one of: " + ", ".join(f"content/{k}/" for k in KINDS),
        )
    if kind != "article" and len(path.parts) != 2:
        raise ContentError(
            rel_path,
            f"{path.parts[0]}/ has no sub-folders",
            f"move it to {path.parts[0]}/{path.name}",
        )
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    slug, dot, lang = stem.rpartition(".")
    langs = ", ".join(languages)
    if not dot:
        examples = " or ".join(f"{suggest_slug(stem)}.{lang_}{path.suffix}" for lang_ in languages)
        raise ContentError(
            rel_path,
            f"the file name does not say its language (site languages: {langs})",
            f"rename it to {examples}",
        )
    if lang not in languages:
        close = difflib.get_close_matches(lang, languages, n=1)
        hint = f"did you mean .{close[0]}? " if close else ""
        raise ContentError(
            rel_path,
            f"'{lang}' is not one of the site's languages ({langs})",
            f"{hint}rename it to {suggest_slug(slug)}.{close[0] if close else languages[0]}"
            f"{path.suffix} (a new site language is added by an editor, in the settings)",
        )
    if not SLUG_RE.fullmatch(slug):
        raise ContentError(
            rel_path,
            f"'{slug}' cannot be a slug: use lowercase ASCII letters, digits and hyphens",
            f"rename it to {suggest_slug(slug)}.{lang}{path.suffix}",
        )
    return kind, slug, lang


# ---------------------------------------------------------------- header lines


def split(text: str, path: str) -> tuple[dict[str, Field], str, int]:
    """Split a file into its header fields (lowercased keys) and its body.

    The header is the run of `Key: value` lines at the top, ending at the first blank line;
    an indented line continues the previous value. Returns (fields, body, body_first_line).
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    fields: dict[str, Field] = {}
    last: str | None = None
    index = 0
    for index, raw in enumerate(lines):
        if not raw.strip():
            break
        if raw[:1] in (" ", "\t") and last is not None:
            prev = fields[last]
            fields[last] = Field(f"{prev.value} {raw.strip()}".strip(), prev.line, prev.name)
            continue
        match = _KEY_LINE.match(raw)
        if not match:
            if not fields:
                return {}, text, 1  # no header at all
            raise ContentError(
                path,
                f"this header line is not 'Key: value': {raw.strip()[:60]!r}",
                "put one blank line between the header and the text, "
                "and write each header line as 'Key: value'",
                line=index + 1,
            )
        key = re.sub(r"[\s-]+", "_", match.group(1).strip()).lower()
        if key in fields:
            raise ContentError(
                path,
                f"'{match.group(1)}' appears twice in the header "
                f"(first on line {fields[key].line})",
                "keep one of the two lines",
                line=index + 1,
            )
        fields[key] = Field(match.group(2).strip(), index + 1, match.group(1).strip())
        last = key
    else:
        index = len(lines)
    body = "\n".join(lines[index + 1 :])
    return fields, body, index + 2


# ---------------------------------------------------------------- value parsers


class _Bad(ValueError):
    """A value parser's complaint; `normalise` adds the file, line and key."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def _text(value: str, _ctx) -> str:
    if not value:
        raise _Bad("is empty", "write a value after the colon, or remove the line")
    return value


def _datetime(value: str, ctx) -> datetime:
    match = _DATE_RE.match(value)
    fix = "write the date as YYYY-MM-DD or YYYY-MM-DD HH:MM, for example 2025-11-25 09:30"
    if not match:
        raise _Bad(f"'{value}' is not a date", fix)
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=ctx["tz"])
    except ValueError as exc:
        raise _Bad(f"'{value}' is not a real date ({exc})", fix) from None


def _date(value: str, ctx) -> date:
    return _datetime(value, ctx).date()


def _list(value: str, _ctx) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    if not items:
        raise _Bad("is empty", "write at least one value, separated by commas")
    return items


def _hashtags(value: str, ctx) -> tuple[str, ...]:
    try:
        return tuple(ctx["parse_hashtags"](value))
    except ValueError as exc:
        raise _Bad(f"has a problem: {exc}",
                   "write hashtags like '#MaliSansVBG, #AntiDiscri'") from None


STATUS_ALIASES = {"brouillon": "draft", "publié": "published", "publie": "published",
                  "caché": "hidden", "cache": "hidden", "masqué": "hidden"}


def _status(value: str, _ctx) -> str:
    status = value.lower()
    if status in STATUS_ALIASES:
        raise _Bad(f"'{value}' is not a status",
                   f"write 'Status: {STATUS_ALIASES[status]}' (statuses are written in English)")
    if status not in STATUSES:
        close = difflib.get_close_matches(status, STATUSES, n=1)
        raise _Bad(
            f"'{value}' is not a status",
            f"use one of: {', '.join(STATUSES)}"
            + (f" (did you mean {close[0]}?)" if close else ""),
        )
    return status


def _role(value: str, _ctx) -> str:
    plain = unicodedata.normalize("NFKD", value.strip().lower()).encode("ascii", "ignore")
    key = re.sub(r"[\s_]+", "-", plain.decode())
    if key not in ROLES:
        close = difflib.get_close_matches(key, sorted(ROLES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise _Bad(f"'{value}' is not a page role{hint}",
                   "write 'Role: help' for the Get help page or 'Role: about' for the About page")
    return ROLES[key]


POSITIONS = {"top": "top", "haut": "top", "center": "center", "centre": "center",
             "middle": "center", "milieu": "center", "bottom": "bottom", "bas": "bottom"}


def _position(value: str, _ctx) -> str:
    key = value.strip().lower()
    if key not in POSITIONS:
        raise _Bad(f"'{value}' is not a position",
                   "write 'Cover_Position: top', 'center' or 'bottom' (haut, centre, bas): the "
                   "part of a tall photo kept when the article page shows it at 4:3")
    return POSITIONS[key]


def _key(value: str, _ctx) -> str:
    if not SLUG_RE.fullmatch(value):
        raise _Bad(
            f"'{value}' is not a key",
            f"use lowercase ASCII letters, digits and hyphens, e.g. {suggest_slug(value)}",
        )
    return value


def _bool(value: str, _ctx) -> bool:
    lowered = value.lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise _Bad(f"'{value}' is not true or false", "write true or false")


def _coordinate(limit: float) -> Callable[[str, dict], float]:
    def parse(value: str, _ctx) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise _Bad(f"'{value}' is not a number",
                       "write decimal degrees, e.g. 16.7735") from None
        if not -limit <= number <= limit:
            raise _Bad(f"{number} is out of range", f"use a value between -{limit} and {limit}")
        return number

    return parse


def _path(value: str, _ctx) -> str:
    cleaned = value.strip().lstrip("/")
    for prefix in ("{static}/", "{attach}/", "{static}", "{attach}"):
        cleaned = cleaned.removeprefix(prefix)
    if ".." in PurePosixPath(cleaned).parts or not cleaned:
        raise _Bad(
            f"'{value}' is not a path inside content/",
            "write the path relative to content/, e.g. images/2025/photo.jpg",
        )
    return cleaned


# key -> (Header attribute, parser). The one table of header keys.
FIELDS: dict[str, tuple[str, Callable]] = {
    "title": ("title", _text),
    "date": ("date", _datetime),
    "modified": ("modified", _datetime),
    "author": ("authors", _list),
    "authors": ("authors", _list),
    "hashtags": ("hashtags", _hashtags),
    "region": ("regions", _list),
    "regions": ("regions", _list),
    "summary": ("summary", _text),
    "cover": ("cover", _path),
    "cover_alt": ("cover_alt", _text),
    "content_warning": ("content_warning", _text),
    "status": ("status", _status),
    "translation_key": ("translation_key", _key),
    "translation": ("translation", _bool),
    "license": ("license", _text),
    "hashtag": ("hashtag", _text),
    "start": ("start", _date),
    "end": ("end", _date),
    "partners": ("partners", _list),
    "latitude": ("latitude", _coordinate(90)),
    "longitude": ("longitude", _coordinate(180)),
    "avatar": ("avatar", _path),
    "role": ("role", _role),
    "cover_position": ("cover_position", _position),
}
_COMMON = {"title", "status", "translation_key", "translation", "summary", "modified"}
ALLOWED: dict[str, set[str]] = {
    "article": _COMMON | {
        "date", "author", "authors", "hashtags", "region", "regions", "cover", "cover_alt",
        "content_warning", "license", "cover_position",
    },
    "page": _COMMON | {"date", "cover", "cover_alt", "content_warning", "license", "role",
                       "cover_position"},
    "campaign": {"title", "hashtag", "start", "end", "partners", "cover", "cover_alt", "summary"},
    "region": {"title", "latitude", "longitude", "summary"},
    "author": {"title", "region", "avatar", "summary"},
}
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("title",), ("date",), ("author", "authors")),
    "page": (("title",),),
    "campaign": (("title",), ("hashtag",)),
    "region": (("title",),),
    "author": (("title",),),
}
# Keys Pelican users write out of habit; the file name already says them.
IGNORED = {"slug": "the file name gives the slug", "lang": "the file name gives the language"}


def default_hashtag_parser(value: str) -> list[str]:
    return [tok.lstrip("#") for tok in re.split(r"[,\s]+", value) if tok.strip("#")]


def normalise(
    fields: Mapping[str, Field],
    *,
    path: str,
    kind: str,
    slug: str,
    lang: str,
    timezone: ZoneInfo,
    parse_hashtags: Callable[[str], list[str]] = default_hashtag_parser,
    warn: Callable[[str], None] = lambda message: None,
    max_title: int | None = None,
    max_value: int | None = None,
) -> Header:
    """Check and convert raw header fields into a Header; raise ContentError naming the line.

    max_title and max_value bound the length of the title and of every other value."""
    ctx = {"tz": timezone, "parse_hashtags": parse_hashtags}
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    allowed = ALLOWED[kind]
    for key, fld in fields.items():
        if key in IGNORED:
            warn(f"{path}:{fld.line}: '{fld.name or key}' is ignored here: {IGNORED[key]}")
            continue
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" Did you mean '{close[0].title()}'?" if close else ""
            article = "an" if kind[0] in "aeiou" else "a"
            warn(f"{path}:{fld.line}: unknown header key '{fld.name or key}' in {article} "
                 f"{kind} file.{hint}\n    fix: correct or remove the line (the published "
                 "site is built only when no such warning is left)")
            continue
        limit, setting = ((max_title, "GRIOT_MAX_TITLE_LENGTH") if key == "title"
                          else (max_value, "GRIOT_MAX_HEADER_LENGTH"))
        if limit is not None and len(fld.value) > limit:
            raise ContentError(
                path,
                f"'{fld.name or key}' is {len(fld.value)} characters long; the limit is {limit}",
                "shorten it (an editor may raise the limit with the setting " + setting + ")",
                line=fld.line,
            )
        invisible = _INVISIBLE.search(fld.value)
        if invisible:
            char = invisible.group()
            warn(f"{path}:{fld.line}: '{fld.name or key}' contains an invisible character, "
                 f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL')}, which can make a "
                 "text read differently from what it says\n    fix: type the value again "
                 "(do not paste it), without that character")
        attr, parse = FIELDS[key]
        if attr in values:
            raise ContentError(
                path,
                f"'{key}' repeats what another line already said",
                "keep one of 'Author' and 'Authors' (or 'Region' and 'Regions')",
                line=fld.line,
            )
        try:
            values[attr] = parse(fld.value, ctx)
        except _Bad as bad:
            raise ContentError(path, f"'{key.title()}' {bad}", bad.fix, line=fld.line) from None
        lines[attr] = fld.line
    for alternatives in REQUIRED[kind]:
        if not any(key in fields for key in alternatives):
            name = alternatives[0].title()
            typo = difflib.get_close_matches(alternatives[0], list(fields), n=1, cutoff=0.6)
            if typo:
                raise ContentError(
                    path, f"the header has no '{name}' ('{fields[typo[0]].name}' is not a key)",
                    f"write '{name}:' instead of '{fields[typo[0]].name}:'",
                    line=fields[typo[0]].line)
            example = {"Title": "Title: My title", "Date": "Date: 2025-11-25",
                       "Author": "Author: mariam", "Hashtag": "Hashtag: MaliSansVBG"}[name]
            raise ContentError(
                path,
                f"the header has no '{name}'",
                f"add a line such as '{example}' at the top of the file",
                line=1,
            )
    if values.get("cover") and not values.get("cover_alt"):
        raise ContentError(
            path,
            f"'Cover' ({values['cover']}) needs a text alternative",
            "add 'Cover_Alt: <what the image shows>' to the header",
            line=lines["cover"],
        )
    values.setdefault("translation_key", slug)
    return Header(kind=kind, path=path, slug=slug, lang=lang, lines=lines, **values)
