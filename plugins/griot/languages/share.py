"""Share links and structured data for an article page. Pure: no Pelican import.

Share links are plain links to each service's public share address: nothing from another host
is loaded until the reader taps one. Every value is percent-encoded whole (`quote(safe="")`),
so a title holding `&`, `#`, `?` or quotes stays inside its parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup


@dataclass(frozen=True)
class ShareLink:
    service: str  # stable id, used as a CSS class and in tests
    label: str  # the service's own name (not translated)
    url: str


def _q(value: str) -> str:
    return quote(value, safe="")


def share_links(url: str, title: str, hashtags: Sequence[str] = (),
                email_label: str = "E-mail") -> list[ShareLink]:
    """WhatsApp first (what readers in Mali use), then Facebook, X, Telegram and e-mail."""
    text = f"{title} {url}"
    x_url = f"https://x.com/intent/post?text={_q(title)}&url={_q(url)}"
    tags = [tag.lstrip("#") for tag in hashtags if tag.strip("#")]
    if tags:
        x_url += f"&hashtags={_q(','.join(tags))}"
    return [
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={_q(text)}"),
        ShareLink("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}"),
        ShareLink("x", "X", x_url),
        ShareLink("telegram", "Telegram", f"https://t.me/share/url?url={_q(url)}&text={_q(title)}"),
        ShareLink("email", email_label, f"mailto:?subject={_q(title)}&body={_q(text)}"),
    ]


def json_ld(data: dict) -> Markup:
    """`data` as the text of a <script type="application/ld+json">, safe whatever it holds:
    `<`, `>` and `&` are written as JSON escapes, so no field can close the script (`</script>`)
    or open or close a comment (`<!--`, `-->`). JSON parsers read the escapes back."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # U+2028/2029 are valid in JSON but end a line in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def blog_posting(*, url: str, headline: str, lang: str, authors: Sequence[str],
                 published: str, modified: str | None, keywords: Sequence[str],
                 image: str | None, publisher: str, description: str = "",
                 license_url: str = "") -> dict:
    """schema.org BlogPosting of an article, as search engines read it."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": url,
        "url": url,
        "headline": headline,
        "inLanguage": lang,
        "author": [{"@type": "Person", "name": name} for name in authors],
        "datePublished": published,
        "dateModified": modified or published,
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if description:
        data["description"] = description
    if keywords:
        data["keywords"] = list(keywords)
    if image:
        data["image"] = image
    if license_url:
        data["license"] = license_url
    return data
