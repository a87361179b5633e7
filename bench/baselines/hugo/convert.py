"""Turns a benchmark corpus (CONTENT.md format) into a Hugo site; the harness does not time this.

Articles keep their path and `<slug>.<lang>.md` name (Hugo pairs translations by file name and
`translationKey`); headers become TOML front matter with the hashtag and region *keys* already
resolved, which is work Griot and the Pelican baseline do inside their timed build. Campaign,
region and author files become the `_index.<lang>.md` of their taxonomy term, so term pages carry
their title and description as in Griot.

    python3 -m bench.baselines.hugo.convert <corpus>/content <site-dir>
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

from bench.corpus import hashtag_key

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"^(?P<key>[a-z0-9-]+)\.(?P<lang>[a-z]{2,3})\.md$")
_SPLIT = re.compile(r"[,\s]+")


def install_config(site: Path) -> None:
    """Copy hugo.toml and layouts/ into the site, replacing older copies."""
    site.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "hugo.toml", site / "hugo.toml")
    if (site / "layouts").exists():
        shutil.rmtree(site / "layouts")
    shutil.copytree(HERE / "layouts", site / "layouts")


def convert(content: Path, site: Path) -> int:
    """Write site/content from the corpus at `content`; returns the number of files written."""
    content, target = Path(content), Path(site) / "content"
    if target.exists():
        shutil.rmtree(target)
    install_config(Path(site))
    region_keys = _region_keys(content / "regions")
    spellings: dict[str, Counter[str]] = {}
    written = 0
    for path in sorted((content / "articles").rglob("*.md")):
        name = _name(path)
        header, body = _read(path)
        front = {
            "title": header["title"],
            "date": _toml_date(header["date"], path),
            "slug": name["key"],
            "translationKey": header.get("translation_key", name["key"]),
        }
        authors = header.get("authors") or header.get("author") or ""
        front["authors"] = [a.strip() for a in authors.split(",") if a.strip()]
        tags = [
            tag.lstrip("#") for tag in _SPLIT.split(header.get("hashtags", "")) if tag.strip("#")
        ]
        front["hashtags"] = []
        for tag in tags:
            key = hashtag_key(tag)
            spellings.setdefault(key, Counter())[tag] += 1
            if key not in front["hashtags"]:
                front["hashtags"].append(key)
        regions = header.get("regions") or header.get("region") or ""
        front["regions"] = [
            region_keys.get(_fold(name), name) for name in regions.split(",") if name.strip()
        ]
        if "summary" in header:
            front["summary"] = header["summary"]
        if "content_warning" in header:
            front["content_warning"] = header["content_warning"]
        _write(target / path.relative_to(content), front, body)
        written += 1

    campaigns = {}
    for path in sorted((content / "campaigns").glob("*.md")):
        header, body = _read(path)
        key = hashtag_key(header["hashtag"])
        campaigns[key] = header["hashtag"]
        front = {"title": header["title"], "hashtag": header["hashtag"]}
        _write(target / "hashtags" / key / f"_index.{_name(path)['lang']}.md", front, body)
        written += 1
    langs = sorted({_name(p)["lang"] for p in (content / "articles").rglob("*.md")})
    for key, counts in sorted(spellings.items()):
        if key in campaigns:
            continue
        # Display form: the most used spelling, ties broken by the first in sort order.
        display = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        for lang in langs:
            _write(target / "hashtags" / key / f"_index.{lang}.md", {"title": display}, "")
            written += 1
    for folder in ("regions", "authors"):
        for path in sorted((content / folder).glob("*.md")):
            name = _name(path)
            header, body = _read(path)
            front = {"title": header["title"]}
            for extra in ("latitude", "longitude"):
                if extra in header:
                    front[extra] = float(header[extra])
            _write(target / folder / name["key"] / f"_index.{name['lang']}.md", front, body)
            written += 1
    # Static pages live at the root: a `pages` section would add listing pages Griot does not have.
    for path in sorted((content / "pages").glob("*.md")):
        header, body = _read(path)
        _write(target / path.name, {"title": header["title"]}, body)
        written += 1
    return written


def _name(path: Path) -> re.Match[str]:
    match = _NAME.match(path.name)
    if not match:
        raise ValueError(f"{path}: expected a <key>.<lang>.md file name")
    return match


def _read(path: Path) -> tuple[dict[str, str], str]:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    header = {}
    for number, line in enumerate(head.split("\n"), start=1):
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path}:{number}: header line is not 'Key: value': {line!r}")
        header[key.strip().lower()] = value.strip()
    return header, body


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _region_keys(folder: Path) -> dict[str, str]:
    keys = {}
    for path in sorted(folder.glob("*.md")):
        key = _name(path)["key"]
        keys[_fold(key)] = key
        keys[_fold(_read(path)[0]["title"])] = key
    return keys


def _toml_date(value: str, path: Path) -> str:
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?", value)
    if not match:
        raise ValueError(f"{path}: Date {value!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM")
    # Mali is UTC+0, the site's local time.
    return f"{match[1]}T{match[2] or '00:00'}:00Z"


def _toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, float):
        return repr(value)
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def _write(path: Path, front: dict[str, object], body: str) -> None:
    lines = ["+++"]
    for key, value in front.items():
        rendered = value if key == "date" else _toml_value(value)
        lines.append(f"{key} = {rendered}")
    lines.append("+++")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path, help="the corpus's content/ folder")
    parser.add_argument("site", type=Path, help="the Hugo site folder to write")
    args = parser.parse_args()
    print(f"{convert(args.content, args.site)} files written to {args.site / 'content'}")


if __name__ == "__main__":
    main()
