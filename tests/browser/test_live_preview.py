"""The live preview in Chromium: an open page reloads itself when the preview pushes a build
(server-sent events), and not before."""

from __future__ import annotations

import pytest

from griot.preview import cli
from griot.preview.incremental import LiveSite
from griot.preview.push import ReloadChannel
from tests.conftest import PUBLISH, article, write_tree

pytestmark = pytest.mark.browser


def test_an_open_page_shows_a_saved_edit_once_the_preview_pushes_it(tmp_path, page):
    write_tree(tmp_path, {"content/articles/2025/radio.fr.md": article("Radio Kayira")})
    out = tmp_path / "output"
    channel = ReloadChannel()
    pelican, _ = cli.make_pelican(PUBLISH, {
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(out), "SITEURL": "",
        "CACHE_PATH": str(tmp_path / "cache"), "GRIOT_LIVERELOAD": True})
    site = LiveSite(pelican)
    site.build()
    server = cli.serve(str(out), "127.0.0.1", 0, channel)
    try:
        host, port = server.server_address[:2]
        with page.expect_response(lambda r: r.url.endswith("/_griot/events")):
            page.goto(f"http://{host}:{port}/fr/2025/radio/")
        assert page.locator("h1").first.inner_text() == "Radio Kayira"
        source = tmp_path / "content/articles/2025/radio.fr.md"
        source.write_text(article("Radio Kayira, nouvelle saison"), encoding="utf-8")
        assert site.update([source]).kind == "incremental"
        # Written, not pushed yet: the page shows what it loaded.
        assert page.locator("h1").first.inner_text() == "Radio Kayira"
        with page.expect_navigation():
            channel.publish()
        assert page.locator("h1").first.inner_text() == "Radio Kayira, nouvelle saison"
    finally:
        channel.close()
        server.shutdown()
        server.server_close()
