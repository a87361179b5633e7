"""Parsing helpers for tests: read built pages as trees, never as substrings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def page(out: Path, url: str) -> HTMLParser:
    """Parse the page served at a site-relative URL ("fr/2025/x/" or "/fr/")."""
    rel = url.lstrip("/")
    path = out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
    return HTMLParser(path.read_text(encoding="utf-8"))


def site_path(href: str, siteurl: str) -> str | None:
    """The site-relative path of an internal link, None for external or fragment links."""
    if href.startswith(siteurl):
        href = href[len(siteurl):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path


def html_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html"))


def url_of(out: Path, file: Path) -> str:
    rel = file.relative_to(out).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def hreflangs(doc: HTMLParser) -> dict[str, str]:
    return {n.attributes["hreflang"]: n.attributes["href"]
            for n in doc.css('head link[rel="alternate"][hreflang]')}
