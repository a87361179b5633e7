"""griot.preview.push: the live preview's reload stream, read over real HTTP."""

from __future__ import annotations

import http.client
import threading

from griot.core.errors import BuildError
from griot.core.problems import T
from griot.preview import cli
from griot.preview.push import EVENTS_PATH, ReloadChannel


def _events(response, count: int) -> list[dict[str, str]]:
    """The next `count` events of a text/event-stream response (comments skipped)."""
    events, fields = [], {}
    while len(events) < count:
        line = response.fp.readline().decode().rstrip("\n")
        if line == "":
            if "data" in fields:
                events.append(fields)
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(": ")
            fields[name] = value
    return events


def test_a_page_gets_the_current_build_then_each_new_one(tmp_path):
    (tmp_path / "index.html").write_text("<p>x</p>")
    channel = ReloadChannel()
    server = cli.serve(str(tmp_path), "127.0.0.1", 0, channel)
    try:
        host, port = server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", EVENTS_PATH)
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type").startswith("text/event-stream")
        first = _events(response, 1)[0]
        assert first == {"event": "build", "data": channel.build_id}
        channel.publish("second")
        assert _events(response, 1) == [{"event": "build", "data": "second"}]
        # The rest of the folder is served as before.
        other = http.client.HTTPConnection(host, port, timeout=10)
        other.request("GET", "/index.html")
        assert other.getresponse().read() == b"<p>x</p>"
    finally:
        channel.close()
        server.shutdown()
        server.server_close()


def test_a_closed_channel_ends_its_waiting_streams():
    channel = ReloadChannel()
    got = []
    waiter = threading.Thread(target=lambda: got.append(channel.next_id(channel.build_id, 30)))
    waiter.start()
    channel.close()
    waiter.join(timeout=10)
    assert not waiter.is_alive() and got == [None]


def test_only_a_build_that_wrote_something_is_pushed(capsys):
    class Outcome:
        kind, written, removed, reason = "unchanged", 0, 0, ""

    def broken():
        raise BuildError(["content/articles/a.fr.md:1: 'Title' is missing"])

    assert isinstance(cli.run_reporting(broken), cli.Failed)  # pages keep the last good build
    assert "previous site is still being served" in capsys.readouterr().err
    assert cli.run_reporting(lambda: Outcome()) == "unchanged"
    Outcome.kind = "incremental"
    assert cli.run_reporting(lambda: Outcome()) == "incremental"


def test_the_watcher_reports_idle_moments_between_changes(monkeypatch):
    """The live preview frees the previous model when the watcher is idle (200 ms without a
    change), not between a save and its page."""
    import watchfiles

    ticks = [set(), {(1, "/c/a.md")}, set(), set()]  # a timeout, a change, two timeouts
    monkeypatch.setattr(watchfiles, "watch", lambda *paths, **options: iter(ticks))
    seen = []
    changes = list(cli.watch_changes(["/c"], ready=lambda: seen.append("ready"),
                                     idle=lambda: seen.append("idle")))
    assert changes == [["/c/a.md"]]
    # The first idle moment (a full collection after the first build) before ready(): a
    # save made right after ready() does not wait for it.
    assert seen == ["idle", "ready", "idle", "idle"]
    ticks[:] = [{(1, "/c/b.md")}, set()]  # a change as soon as it runs: ready, no idle first
    seen.clear()
    changes = list(cli.watch_changes(["/c"], ready=lambda: seen.append("ready"),
                                     idle=lambda: seen.append("idle")))
    assert changes == [["/c/b.md"]] and seen == ["ready", "idle"]


def test_the_preview_says_what_it_did_in_french_first(capsys, monkeypatch):
    class Outcome:
        kind, written, removed, reason = "incremental", 3, 1, ""

    monkeypatch.setenv("GRIOT_MESSAGES_LANG", "fr")
    cli.run_reporting(lambda: Outcome())
    cli.run_reporting(lambda: (_ for _ in ()).throw(BuildError(["a.fr.md:1: vide"])))
    Outcome.kind, Outcome.reason = "full", T("the last build did not finish")
    cli.run_reporting(lambda: Outcome())
    captured = capsys.readouterr()
    assert "3 fichier(s) mis à jour, 1 supprimé(s) en " in captured.out
    assert "(le site précédent est toujours servi)" in captured.err
    assert "(construction complète\u00a0: la dernière construction n’a pas abouti)" in (
        captured.out)
    Outcome.kind, Outcome.reason = "incremental", ""
    monkeypatch.setenv("GRIOT_MESSAGES_LANG", "en")
    cli.run_reporting(lambda: Outcome())
    assert "updated 3 file(s), removed 1 in " in capsys.readouterr().out
