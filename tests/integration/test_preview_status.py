"""`invoke status` as a page of the live preview (/_griot/status/): served by the preview, linked
from its footer, French first; never in a production build."""

from __future__ import annotations

import urllib.request

from griot.preview import cli
from tests.conftest import PREVIEW, PUBLISH, article, build, write_tree
from tests.htmlparse import HTMLParser as HTML
from tests.htmlparse import page


def _tiny(tmp_path):
    return write_tree(tmp_path, {
        "content/articles/2025/radio.fr.md": article("Radio Kayira"),
        "content/articles/2025/brouillon.fr.md": article("Sans titre encore", Status="draft"),
        "content/articles/2027/plus-tard.fr.md": article("Plus tard", date="2027-01-15 10:00"),
    })


def test_the_live_preview_serves_the_status_report_as_a_page(tmp_path, monkeypatch, capsys):
    root = _tiny(tmp_path)
    servers = []

    def recording_serve(*args, **kwargs):
        servers.append(serve(*args, **kwargs))
        return servers[-1]

    serve = cli.serve
    monkeypatch.setattr(cli, "serve", recording_serve)
    monkeypatch.setattr(cli, "watch_changes", lambda paths, **_: iter(()))  # one build, then return
    monkeypatch.setenv("GRIOT_MESSAGES_LANG", "fr")
    monkeypatch.chdir(root)
    cli.livereload(PREVIEW, "127.0.0.1", 0, {
        "PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
        "CACHE_PATH": str(root / "cache"), "GRIOT_WORKERS": 1})
    (server,) = servers
    try:
        host, port = server.server_address[:2]
        with urllib.request.urlopen(f"http://{host}:{port}/_griot/status/") as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            status = HTML(response.read().decode("utf-8"))
        with urllib.request.urlopen(f"http://{host}:{port}/fr/") as response:
            home = HTML(response.read().decode("utf-8"))
    finally:
        server.shutdown()
        server.server_close()
    capsys.readouterr()
    assert status.css("html")[0].attributes["lang"] == "fr"
    assert status.css("h1")[0].text() == "État du site"
    headings = [h.text() for h in status.css("h2")]
    assert headings[:2] == ["Brouillons (1)\u00a0:", "Programmés (1)\u00a0:"]
    items = [li.text() for li in status.css("li")]
    # The lines of `invoke status`, one item each.
    assert "content/articles/2025/brouillon.fr.md: Sans titre encore" in items
    assert any(i.startswith("content/articles/2027/plus-tard.fr.md: 15 janvier 2027 10:00")
               for i in items)
    links = [a.attributes.get("href") for a in home.css("footer a")]
    assert "/_griot/status/" in links


def test_a_production_build_has_no_status_page_nor_link(tmp_path):
    root = _tiny(tmp_path)
    out = build(root, root / "output", PUBLISH)
    assert (out / "fr" / "index.html").is_file() and not (out / "_griot").exists()
    preview = build(root, root / "preview", PREVIEW)  # drafts shown, not served: no link
    for site in (out, preview):
        hrefs = [a.attributes.get("href") or "" for a in page(site, "fr/").css("a")]
        assert hrefs and not any("_griot" in h for h in hrefs)
