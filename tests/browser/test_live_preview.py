"""The live preview in Chromium: an open page reloads itself when the preview pushes a build
(server-sent events), and not before; a save that breaks the build shows its problems (the lines
of `invoke check`) over the page until a save fixes it."""

from __future__ import annotations

import functools
import io

import pytest

from griot.preview import check, cli
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


def test_a_save_that_breaks_the_build_shows_its_problems_in_the_open_page_until_fixed(
        tmp_path, page, monkeypatch):
    write_tree(tmp_path, {"content/articles/2025/radio.fr.md": article("Radio Kayira")})
    monkeypatch.chdir(tmp_path)  # paths shown as a blogger typed them: content/...
    monkeypatch.setenv("GRIOT_MESSAGES_LANG", "fr")
    out = tmp_path / "output"
    channel = ReloadChannel()
    pelican, _ = cli.make_pelican(PUBLISH, {
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(out), "SITEURL": "",
        "CACHE_PATH": str(tmp_path / "cache"), "GRIOT_LIVERELOAD": True, "GRIOT_WORKERS": 1})
    site = LiveSite(pelican)
    site.build()
    server = cli.serve(str(out), "127.0.0.1", 0, channel)
    source = tmp_path / "content/articles/2025/radio.fr.md"
    try:
        host, port = server.server_address[:2]
        with page.expect_response(lambda r: r.url.endswith("/_griot/events")):
            page.goto(f"http://{host}:{port}/fr/2025/radio/")
        assert page.locator("#griot-problems").count() == 0
        source.write_text(article("Radio Kayira", date="28/11/2025"), encoding="utf-8")
        failed = cli.run_reporting(functools.partial(site.update, [source]))
        assert isinstance(failed, cli.Failed)
        channel.report(failed.lines)
        box = page.locator("#griot-problems")
        box.wait_for(state="visible", timeout=5000)
        shown = box.inner_text().splitlines()
        said = io.StringIO()
        assert check.main(PUBLISH, "content", "fr", out=said) == 1
        check_lines = said.getvalue().splitlines()[:-1]  # without the count
        assert check_lines and all(line.startswith("content/articles/2025/radio.fr.md:2: ")
                                   for line in check_lines)
        assert [line for line in shown if line.startswith("content/")] == check_lines
        # The last good site is still the page under the box.
        assert page.locator("h1").first.inner_text() == "Radio Kayira"
        source.write_text(article("Radio Kayira, réparée"), encoding="utf-8")
        assert cli.run_reporting(functools.partial(site.update, [source])) == "incremental"
        with page.expect_navigation():
            channel.publish()
        assert page.locator("h1").first.inner_text() == "Radio Kayira, réparée"
        assert page.locator("#griot-problems").count() == 0
    finally:
        channel.close()
        server.shutdown()
        server.server_close()
