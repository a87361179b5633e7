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
from griot.core.problems import T, Text

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
# A key is letters (accented ones too: bloggers write `Résumé:`), digits, `_`, `-` or spaces.
_KEY_LINE = re.compile(r"^([^\W\d_][\w -]*?)\s*:\s?(.*)$")
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
    # The links of the file's text (griot.checks.links.Link), found once when it is read and
    # kept with the reading in the content cache; None: not looked for (read the file).
    links: tuple | None = field(default=None, compare=False)

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
            T("this file is not in a known content folder, so it is not published"),
            T("move it under one of: {folders}",
              folders=", ".join(f"content/{k}/" for k in KINDS)),
        )
    if kind != "article" and len(path.parts) != 2:
        raise ContentError(
            rel_path,
            T("{folder}/ has no sub-folders", folder=path.parts[0]),
            T("move it to {path}", path=f"{path.parts[0]}/{path.name}"),
        )
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    slug, dot, lang = stem.rpartition(".")
    langs = ", ".join(languages)
    if not dot:
        examples = " | ".join(f"{suggest_slug(stem)}.{lang_}{path.suffix}" for lang_ in languages)
        raise ContentError(
            rel_path,
            T("the file name does not say its language (site languages: {languages})",
              languages=langs),
            T("rename it to {names}", names=examples),
        )
    if lang not in languages:
        close = difflib.get_close_matches(lang, languages, n=1)
        raise ContentError(
            rel_path,
            T("'{lang}' is not one of the site's languages ({languages})", lang=lang,
              languages=langs),
            T("rename it to {name} (a new site language is added by an editor, in the "
              "settings)",
              name=f"{suggest_slug(slug)}.{close[0] if close else languages[0]}{path.suffix}"),
        )
    if not SLUG_RE.fullmatch(slug):
        raise ContentError(
            rel_path,
            T("'{slug}' cannot be a slug: use lowercase ASCII letters, digits and hyphens",
              slug=slug),
            T("rename it to {name}", name=f"{suggest_slug(slug)}.{lang}{path.suffix}"),
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
                T("this header line is not 'Key: value': {text}", text=repr(raw.strip()[:60])),
                T("put one blank line between the header and the text, "
                  "and write each header line as 'Key: value'"),
                line=index + 1,
            )
        key = canonical_key(match.group(1))
        if key in fields:
            raise ContentError(
                path,
                T("'{key}' appears twice in the header (first on line {line})",
                  key=match.group(1), line=fields[key].line),
                T("keep one of the two lines"),
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
        self.message = message
        self.fix = fix


def _text(value: str, _ctx) -> str:
    if not value:
        raise _Bad(T("is empty"), T("write a value after the colon, or remove the line"))
    return value


def _datetime(value: str, ctx) -> datetime:
    match = _DATE_RE.match(value)
    guess = _guess_date(value)
    fix = (T("write the date as YYYY-MM-DD: {date}", date=guess) if guess else
           T("write the date as YYYY-MM-DD or YYYY-MM-DD HH:MM, for example 2025-11-25 09:30"))
    if not match:
        raise _Bad(T("'{value}' is not a date", value=value), fix)
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=ctx["tz"])
    except ValueError as exc:
        raise _Bad(T("'{value}' is not a real date ({reason})", value=value,
                     reason=_date_reason(str(exc))), fix) from None


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:h](\d{2}))?$")


def _guess_date(value: str) -> str | None:
    """`28/11/2025` (as French speakers write dates) -> `2025-11-28`, when it is a real date."""
    match = _DAY_FIRST.match(value.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups()[:3])
    try:
        date(year, month, day)
    except ValueError:
        return None
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(4):
        text += f" {int(match.group(4)):02d}:{match.group(5)}"
    return text


def _date_reason(reason: str) -> str:
    known = {"month must be in 1..12": T("month must be in 1..12"),
             "day is out of range for month": T("day is out of range for month")}
    return known.get(reason, reason)


def _date(value: str, ctx) -> date:
    return _datetime(value, ctx).date()


def _list(value: str, _ctx) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    if not items:
        raise _Bad(T("is empty"), T("write at least one value, separated by commas"))
    return items


def _hashtags(value: str, ctx) -> tuple[str, ...]:
    try:
        return tuple(ctx["parse_hashtags"](value))
    except ValueError as exc:
        raise _Bad(T("has a problem: {reason}", reason=str(exc)),
                   T("write hashtags like '#MaliSansVBG, #AntiDiscri'")) from None


# French statuses (CONTENT.md): `Statut: brouillon` means `Status: draft`.
STATUS_ALIASES = {"brouillon": "draft", "publie": "published", "cache": "hidden",
                  "masque": "hidden"}


def _status(value: str, _ctx) -> str:
    status = _fold(value)
    status = STATUS_ALIASES.get(status, status)
    if status not in STATUSES:
        names = [*STATUSES, "brouillon", "publié", "caché"]
        close = difflib.get_close_matches(_fold(value), [_fold(n) for n in names], n=1)
        shown = {_fold(n): n for n in names}
        raise _Bad(
            T("'{value}' is not a status", value=value),
            T("use one of: {statuses} (did you mean {close}?)",
              statuses=", ".join(names), close=shown[close[0]]) if close else
            T("use one of: {statuses}", statuses=", ".join(names)),
        )
    return status


def _role(value: str, _ctx) -> str:
    plain = unicodedata.normalize("NFKD", value.strip().lower()).encode("ascii", "ignore")
    key = re.sub(r"[\s_]+", "-", plain.decode())
    if key not in ROLES:
        close = difflib.get_close_matches(key, sorted(ROLES), n=1)
        raise _Bad(T("'{value}' is not a page role (did you mean '{close}'?)", value=value,
                     close=close[0]) if close else
                   T("'{value}' is not a page role", value=value),
                   T("write 'Role: help' for the Get help page or 'Role: about' for the About "
                     "page"))
    return ROLES[key]


POSITIONS = {"top": "top", "haut": "top", "center": "center", "centre": "center",
             "middle": "center", "milieu": "center", "bottom": "bottom", "bas": "bottom"}


def _position(value: str, _ctx) -> str:
    key = value.strip().lower()
    if key not in POSITIONS:
        raise _Bad(T("'{value}' is not a position", value=value),
                   T("write 'Cover_Position: top', 'center' or 'bottom' (haut, centre, bas): the "
                     "part of a tall photo kept when the article page shows it at 4:3"))
    return POSITIONS[key]


def _key(value: str, _ctx) -> str:
    if not SLUG_RE.fullmatch(value):
        raise _Bad(
            T("'{value}' is not a key", value=value),
            T("use lowercase ASCII letters, digits and hyphens, e.g. {example}",
              example=suggest_slug(value)),
        )
    return value


def _bool(value: str, _ctx) -> bool:
    lowered = value.lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise _Bad(T("'{value}' is not true or false", value=value), T("write true or false"))


def _coordinate(limit: float) -> Callable[[str, dict], float]:
    def parse(value: str, _ctx) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise _Bad(T("'{value}' is not a number", value=value),
                       T("write decimal degrees, e.g. 16.7735")) from None
        if not -limit <= number <= limit:
            raise _Bad(T("{number} is out of range", number=number),
                       T("use a value between -{limit} and {limit}", limit=limit))
        return number

    return parse


def _path(value: str, _ctx) -> str:
    cleaned = value.strip().lstrip("/")
    for prefix in ("{static}/", "{attach}/", "{static}", "{attach}"):
        cleaned = cleaned.removeprefix(prefix)
    if ".." in PurePosixPath(cleaned).parts or not cleaned:
        raise _Bad(
            T("'{value}' is not a path inside content/", value=value),
            T("write the path relative to content/, e.g. images/2025/photo.jpg"),
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
IGNORED = {"slug": T("the file name gives the slug"),
           "lang": T("the file name gives the language")}

KIND_NAMES = {"article": T("an article"), "page": T("a page"), "campaign": T("a campaign"),
              "region": T("a region"), "author": T("an author")}

# French names of the keys (CONTENT.md), accents and case removed: `Résumé:` is `Summary:`.
FRENCH = {
    "title": "Titre", "author": "Auteur", "authors": "Auteurs", "region": "Région",
    "regions": "Régions", "summary": "Résumé", "cover": "Couverture",
    "cover_alt": "Couverture_Alt", "content_warning": "Avertissement", "status": "Statut",
    "modified": "Modifié", "translation_key": "Clé_Traduction", "license": "Licence",
    "translation": "Traduction", "cover_position": "Couverture_Position", "role": "Rôle",
    "start": "Début", "end": "Fin", "partners": "Partenaires",
}


def _fold(text: str) -> str:
    """Lowercase without accents: how key names (and statuses) are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


ALIASES = {_fold(name): key for key, name in FRENCH.items()}


def canonical_key(name: str) -> str:
    """The table's key for a key name as written: `Région` -> `region`, `Clé Traduction` ->
    `translation_key`, `Titre` -> `title`."""
    folded = re.sub(r"[\s-]+", "_", _fold(name))
    return ALIASES.get(folded, folded)


def english_name(key: str) -> str:
    return "_".join(part.capitalize() for part in key.split("_"))


# Each key's name as messages show it: the catalogs give the French one (`Titre`).
KEY_NAMES = {
    "title": T("Title"), "date": T("Date"), "modified": T("Modified"), "author": T("Author"),
    "authors": T("Authors"), "hashtags": T("Hashtags"), "region": T("Region"),
    "regions": T("Regions"), "summary": T("Summary"), "cover": T("Cover"),
    "cover_alt": T("Cover_Alt"), "content_warning": T("Content_Warning"),
    "status": T("Status"), "translation_key": T("Translation_Key"),
    "translation": T("Translation"), "license": T("License"), "hashtag": T("Hashtag"),
    "start": T("Start"), "end": T("End"), "partners": T("Partners"),
    "latitude": T("Latitude"), "longitude": T("Longitude"), "avatar": T("Avatar"),
    "cover_position": T("Cover_Position"), "role": T("Role"),
}


def key_name(key: str) -> Text:
    """A key's name in the language of the message: `Title` in English, `Titre` in French."""
    return KEY_NAMES.get(key) or T(english_name(key))


def suggest_key(name: str, allowed: set[str]) -> tuple[str, str] | None:
    """The closest known key to a mistyped one, in either language, as (name as the blogger
    would write it, the same key in the other language): `Avertisement` -> (`Avertissement`,
    `Content_Warning`), `Sumary` -> (`Summary`, `Résumé`)."""
    spellings: dict[str, tuple[str, str]] = {}
    for key in sorted(allowed):
        english = english_name(key)
        french = FRENCH.get(key, english)
        spellings.setdefault(_fold(english), (english, french))
        spellings.setdefault(_fold(french), (french, english))
    typed = re.sub(r"[\s-]+", "_", _fold(name))
    close = difflib.get_close_matches(typed, list(spellings), n=1, cutoff=0.7)
    return spellings[close[0]] if close else None


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
            warn(ContentError(path, T("'{key}' is ignored here: {reason}", key=fld.name or key,
                                      reason=IGNORED[key]),
                              T("remove the line"), fld.line).problem("warning"))
            continue
        if key not in allowed:
            close = suggest_key(fld.name or key, allowed)
            message = (T("unknown header key '{key}' in {kind} file. Did you mean '{close}' "
                         "({other})?", key=fld.name or key, kind=KIND_NAMES[kind],
                         close=close[0], other=close[1]) if close else
                       T("unknown header key '{key}' in {kind} file", key=fld.name or key,
                         kind=KIND_NAMES[kind]))
            warn(ContentError(path, message, T(
                "correct or remove the line (the published site is built only when no such "
                "warning is left)"), fld.line).problem("warning"))
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
                T("'{key}' repeats what another line already said", key=fld.name or key),
                T("keep one of 'Author' and 'Authors' (or 'Region' and 'Regions')"),
                line=fld.line,
            )
        try:
            values[attr] = parse(fld.value, ctx)
        except _Bad as bad:
            raise ContentError(path, T("'{key}' {problem}", key=fld.name or key_name(key),
                                       problem=bad.message), bad.fix, line=fld.line) from None
        lines[attr] = fld.line
    for alternatives in REQUIRED[kind]:
        if not any(key in fields for key in alternatives):
            name = key_name(alternatives[0])
            typo = difflib.get_close_matches(alternatives[0], list(fields), n=1, cutoff=0.6)
            if typo:
                raise ContentError(
                    path, T("the header has no '{key}' ('{typo}' is not a key)", key=name,
                            typo=fields[typo[0]].name),
                    T("write '{key}:' instead of '{typo}:'", key=name,
                      typo=fields[typo[0]].name),
                    line=fields[typo[0]].line)
            example = {"title": T("Title: My title"), "date": T("Date: 2025-11-25"),
                       "author": T("Author: mariam"),
                       "hashtag": T("Hashtag: MaliSansVBG")}[alternatives[0]]
            raise ContentError(
                path,
                T("the header has no '{key}'", key=name),
                T("add a line such as '{example}' at the top of the file", example=example),
                line=1,
            )
    if values.get("cover") and not values.get("cover_alt"):
        raise ContentError(
            path,
            T("'{key}' ({image}) needs a text alternative", key=key_name("cover"),
              image=values["cover"]),
            T("add '{key}: <what the image shows>' to the header",
              key=key_name("cover_alt")),
            line=lines["cover"],
        )
    values.setdefault("translation_key", slug)
    return Header(kind=kind, path=path, slug=slug, lang=lang, lines=lines, **values)
