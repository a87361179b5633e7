"""Bad input stops the build with a message naming the file and the fix, and never touches
the previous output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from griot.core.errors import BuildError, GriotError
from griot.core.writer import OutputWriter, WriteCollision
from tests.conftest import PUBLISH, ROOT, article, tree_digest

GOOD = {"content/articles/a.fr.md": article("Bonjour"),
        "content/articles/a.en.md": article("Hello")}


@pytest.mark.parametrize("rel, text, expected", [
    ("content/articles/b.md", article("Sans langue"), ["b.md", "does not say its language",
                                                       "b.fr.md"]),
    ("content/articles/b.de.md", article("Deutsch"), ["b.de.md", "'de' is not one of"]),
    ("content/articles/b.fr.md", "Date: 2025-01-01\nAuthor: m\n\nx", ["b.fr.md:1",
                                                                   "no 'Title'"]),
    ("content/articles/b.fr.md", "Title: T\nDate: 2025-31-12\nAuthor: m\n\nx",
     ["b.fr.md:2", "is not a real date", "YYYY-MM-DD"]),
    ("content/articles/2024/a.fr.md", article("Doublon"), ["a.fr.md", "same slug and language",
                                                          "rename one"]),
])
def test_bad_input_stops_the_build_and_keeps_the_old_site(make_site, build_site, rel, text,
                                                          expected):
    site = make_site(GOOD)
    out = build_site(site)
    before = tree_digest(out)
    assert "fr/index.html" in before

    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build_site(site)
    message = str(err.value)
    for fragment in expected:
        assert fragment in message
    assert tree_digest(out) == before  # not one byte of the previous site changed
    assert not list(out.parent.glob(".output-staging-*"))  # no half-written site left behind


def test_every_problem_is_listed_at_once(make_site, build_site):
    site = make_site({**GOOD, "content/articles/b.fr.md": "Title: T\nAuthor: m\n\nx",
                      "content/articles/c.fr.md": "Title: T\nDate: hier\nAuthor: m\n\nx"})
    with pytest.raises(BuildError) as err:
        build_site(site)
    assert len(err.value.problems) == 2
    assert not (site / "output").exists()


def test_the_pelican_command_fails_too_and_keeps_the_old_site(make_site, build_site):
    site = make_site(GOOD)
    out = build_site(site)
    before = tree_digest(out)
    (site / "content/articles/b.fr.md").write_text("Title: T\nAuthor: m\n\nx", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(site / "content"), "-s", PUBLISH, "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    shown = " ".join((result.stdout + result.stderr).split())  # the console wraps lines
    assert "b.fr.md" in shown and "no 'Date'" in shown
    assert "Traceback" not in shown  # the message is the whole story: file, line, fix
    assert tree_digest(out) == before


def test_strict_mode_turns_warnings_into_errors(make_site, build_site):
    site = make_site({"content/articles/a.fr.md": article("T", Sumary="typo")})
    with pytest.raises(BuildError, match="unknown header key 'Sumary'"):
        build_site(site)  # publishconf sets GRIOT_STRICT
    out = build_site(site, GRIOT_STRICT=False)
    assert (out / "fr/2025/a/index.html").exists()


def test_the_writer_refuses_to_write_a_path_twice(tmp_path):
    writer = OutputWriter(tmp_path)
    writer.write("fr/index.html", "a", "content/pages/index.fr.md")
    with pytest.raises(WriteCollision) as err:
        writer.write("fr/index.html", "b", "home of fr")
    assert "content/pages/index.fr.md" in str(err.value) and "home of fr" in str(err.value)
    with pytest.raises(GriotError, match="outside the output folder"):
        writer.write("../escape.html", "x", "test")
    assert (tmp_path / "fr/index.html").read_text() == "a"


def test_cards_failing_in_the_background_stop_the_build_and_keep_the_old_site(
        make_site, build_site, monkeypatch):
    from griot.images.social import CardRun

    site = make_site(GOOD)
    out = build_site(site, GRIOT_WORKERS=2)
    before = tree_digest(out)
    for i in range(3):  # three new cards to draw: drawn in the background
        (site / f"content/articles/n{i}.fr.md").write_text(article(f"Nouveau {i}"), "utf-8")
    finished = []
    real_finish = CardRun.finish

    def disk_full(self, progress=None):
        finished.append(self.pool is not None)
        self.cancel()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(CardRun, "finish", disk_full)
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=2)
    assert finished == [True]  # the cards were drawing while the pages were written
    assert "social cards" in str(err.value) and "No space left" in str(err.value)
    assert "CACHE_PATH" in str(err.value)
    assert tree_digest(out) == before
    assert not list(out.parent.glob(".output-staging-*"))

    monkeypatch.setattr(CardRun, "finish", real_finish)
    build_site(site, GRIOT_WORKERS=2)
    assert any("/n2/" in rel for rel in tree_digest(out))  # and the next build goes through
