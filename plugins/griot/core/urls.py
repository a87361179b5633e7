"""The URLs of CONTENT.md, in one place. Pure. A URL here is site-relative without a leading
slash and ends with '/' for folders ("fr/2025/my-slug/"); its file is `output_file(url)`."""

from __future__ import annotations

from datetime import datetime


def home(lang: str, page: int = 1) -> str:
    return f"{lang}/" if page == 1 else f"{lang}/page/{page}/"


def article(lang: str, date: datetime, slug: str) -> str:
    return f"{lang}/{date:%Y}/{slug}/"


def page(lang: str, slug: str) -> str:
    return f"{lang}/{slug}/"


def search(lang: str) -> str:
    return f"{lang}/search/"


def term_index(lang: str, taxonomy: str) -> str:
    return f"{lang}/{taxonomy}/"


def term(lang: str, taxonomy: str, key: str, page: int = 1) -> str:
    base = f"{lang}/{taxonomy}/{key}/"
    return base if page == 1 else f"{base}page/{page}/"


def paged(first_page_url: str, number: int) -> str:
    """URL of page `number` of a listing whose first page is `first_page_url`."""
    return first_page_url if number == 1 else f"{first_page_url}page/{number}/"


def output_file(url: str) -> str:
    """The file written for a URL: folders get index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}"


def canonical(siteurl: str, url: str) -> str:
    """Canonical, hreflang and sitemap URLs must be absolute; in a local preview SITEURL is
    empty."""
    return f"{siteurl or 'http://localhost:8000'}/{url}"
