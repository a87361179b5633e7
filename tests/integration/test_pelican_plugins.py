"""A good Pelican citizen: another Pelican plugin, from PyPI, runs beside Griot and sees what it
would see with Pelican's own reader (pelican-readtime reads `article._content`)."""

from __future__ import annotations

from griot.content.model import BODY_KEY, body_text
from griot.preview.cli import make_pelican
from tests.conftest import PUBLISH, SITEURL, article
from tests.htmlparse import page

WORDS = " ".join(f"mot{i}" for i in range(600))  # "<p>mot0" counts as one word


def test_pelican_readtime_reads_the_body_griot_holds(make_site, tmp_path):
    site = make_site({
        "content/articles/long.fr.md": article("Long", body=WORDS),
        "content/articles/court.fr.md": article("Court", "2025-11-24", body="Trois mots."),
    })
    pelican, _ = make_pelican(PUBLISH, {
        "PATH": str(site / "content"), "OUTPUT_PATH": str(tmp_path / "out"), "SITEURL": SITEURL,
        "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": ["griot.engine", "pelican.plugins.readtime"]})
    pelican.run()
    articles = {a.slug: a for a in pelican.last_build.context["articles"]}
    long, short = articles["long"], articles["court"]
    assert type(long).__name__ == "Article"  # what readtime checks before it counts
    assert (long.readtime, long.readtime_with_seconds) == (3, (3, 0))
    assert long.readtime_string == "3 minutes"
    assert (short.readtime, short.readtime_with_seconds) == (0, (0, 0))
    # The text it counted is the body Griot publishes, read from the one copy Griot holds.
    assert long.content == long._content == body_text(long.metadata)
    assert long._content.startswith("<p>mot0 mot1 ") and "_content" not in vars(long)
    assert isinstance(long.metadata[BODY_KEY], bytes)
    assert page(tmp_path / "out", "fr/2025/long/").css_first("div.body p").text().startswith(
        "mot0 mot1")


def test_a_plugin_that_rewrites_the_body_is_published(make_site, tmp_path, monkeypatch):
    """What a plugin sets as `_content` is stored back as the model's bytes."""
    from pelican import signals

    def shout(generators):
        for generator in generators:
            for item in getattr(generator, "articles", ()):
                item._content = item._content.replace("calme", "CALME")

    signals.all_generators_finalized.connect(shout)
    try:
        site = make_site({"content/articles/a.fr.md": article("A", body="Un texte calme.")})
        pelican, _ = make_pelican(PUBLISH, {
            "PATH": str(site / "content"), "OUTPUT_PATH": str(tmp_path / "out"),
            "SITEURL": SITEURL, "CACHE_PATH": str(tmp_path / "cache")})
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(shout)
    [item] = pelican.last_build.context["articles"]
    assert item.metadata[BODY_KEY] == b"<p>Un texte CALME.</p>"
    assert page(tmp_path / "out", "fr/2025/a/").css_first("div.body p").text() == "Un texte CALME."
