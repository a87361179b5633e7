"""Share links stay one valid URL whatever the title holds; JSON-LD cannot leave its script."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from griot.languages.share import blog_posting, json_ld, share_links

URL = "https://example.org/fr/2025/radio/"


def test_whatsapp_first_then_the_others():
    links = share_links(URL, "Titre", ["MaliSansVBG", "16Jours"])
    assert [link.service for link in links] == ["whatsapp", "facebook", "x", "telegram", "email"]
    x = parse_qs(urlsplit(links[2].url).query)
    assert x["hashtags"] == ["MaliSansVBG,16Jours"] and x["url"] == [URL]


@given(st.text(min_size=1, max_size=40))
def test_every_link_keeps_the_title_and_url_inside_their_parameters(title):
    for link in share_links(URL, title, ["A&B"]):
        parts = urlsplit(link.url)
        assert parts.fragment == "" and " " not in link.url and '"' not in link.url
        values = [v for vs in parse_qs(parts.query, keep_blank_values=True).values() for v in vs]
        assert any(URL in v for v in values), link
        assert any(title.strip() and title in v for v in values) or link.service == "facebook" \
            or not title.strip()


@given(st.text(max_size=30))
def test_json_ld_stays_in_its_script(evil):
    data = blog_posting(url=URL, headline=f"</script><!-- {evil} -->", lang="fr",
                        authors=[f"-->{evil}"], published="2025-01-01T00:00:00+00:00",
                        modified=None, keywords=["</SCRIPT>"], image=None, publisher="S")
    page = f'<html><head><script type="application/ld+json">{json_ld(data)}</script></head></html>'
    scripts = HTMLParser(page).css("script")
    assert len(scripts) == 1
    text = scripts[0].text()
    assert "</script" not in text.lower() and "<!--" not in text and "-->" not in text
    assert json.loads(text)["headline"] == f"</script><!-- {evil} -->"
