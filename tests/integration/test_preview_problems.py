"""The live preview shows a failed build's problems in the open page, clears them when fixed,
marks scheduled articles, and says in one line when its port is taken."""

from __future__ import annotations

import socket

import pytest

from griot.core.errors import BuildError
from griot.core.problems import Problem, T
from griot.preview import cli
from griot.preview.push import ReloadChannel
from tests.htmlparse import page as parse_page


def test_a_failed_build_s_lines_reach_open_pages_and_a_good_build_clears_them():
    channel = ReloadChannel()
    version, build_id, problems = channel.next_state(None, 0.1)
    assert problems == ()
    error = BuildError([Problem("content/a.fr.md", T("is empty"), "", 2)], "fr")
    failed = cli.run_reporting(lambda: (_ for _ in ()).throw(error))
    assert isinstance(failed, cli.Failed)
    assert failed.lines[1] == "content/a.fr.md:2: erreur: est vide"  # invoke check's line
    channel.report(failed.lines)
    version2, same_id, shown = channel.next_state(version, 0.1)
    assert same_id == build_id and shown == tuple(failed.lines)
    channel.publish()
    _, new_id, cleared = channel.next_state(version2, 0.1)
    assert new_id != build_id and cleared == ()


def test_a_busy_port_is_one_line_naming_the_option(monkeypatch):
    monkeypatch.setenv("GRIOT_MESSAGES_LANG", "en")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(cli.PortBusy) as err:
            cli.serve(".", "127.0.0.1", port)
    message = str(err.value)
    assert "\n" not in message
    assert message == (f"port {port} is already in use (another preview?): choose another with "
                       f"--port {port + 1}, e.g. invoke livereload --port {port + 1}")


def test_scheduled_articles_carry_a_badge_in_the_preview(sample_preview):
    article = parse_page(sample_preview, "fr/2027/bilan-16-jours-2026/")
    assert [b.text() for b in article.css("strong.scheduled")] == ["Programmé"]
    home = parse_page(sample_preview, "fr/")
    assert len(home.css("strong.scheduled")) == 1  # the home lists it once, badged
    published = parse_page(sample_preview, "fr/2025/radio-contre-les-violences/")
    assert published.css("strong.scheduled") == []
