"""Scheduled articles follow the build's clock (GRIOT_NOW), never the machine's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PREVIEW, ROOT, article, tree_digest

SITE = {
    "content/articles/ancien.fr.md": article("Ancien", "2026-01-10"),
    "content/articles/prevu.fr.md": article("Prévu", "2027-01-15 09:00"),
}


def urls(out) -> set[str]:
    return {p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")}


@pytest.mark.parametrize(("moment", "shown"), [
    ("2027-01-15 08:59", False), ("2027-01-15 09:00", True), ("2030-12-31", True),
])
def test_a_scheduled_article_appears_at_its_date(make_site, build_site, moment, shown):
    out = build_site(make_site(SITE), GRIOT_NOW=moment)
    assert "fr/2026/ancien" in urls(out)
    assert ("fr/2027/prevu" in urls(out)) is shown


def test_the_preview_shows_scheduled_articles_whatever_the_clock(make_site, build_site):
    out = build_site(make_site(SITE), settings_file=PREVIEW, GRIOT_NOW="2026-01-11")
    assert "fr/2027/prevu" in urls(out)


SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {plugins!r}]
from tests.conftest import build
from pathlib import Path
build(Path({src!r}), Path({out!r}))
"""


@pytest.mark.slow
def test_a_build_does_not_read_the_machine_clock(make_site, tmp_path):
    """The same GRIOT_NOW under two machine clocks, years apart, gives the same bytes
    (Debian's faketime, installed by scripts/setup.sh)."""
    src = make_site(SITE)
    outputs = []
    for wall in ("2026-12-03 10:00:00", "2029-07-14 23:00:00"):
        out = tmp_path / f"out-{wall[:4]}"
        code = SCRIPT.format(root=str(ROOT), plugins=str(ROOT / "plugins"), src=str(src),
                             out=str(out))
        env = {**os.environ, "GRIOT_NOW": "2026-12-01", "GRIOT_WORKERS": "1"}
        subprocess.run(["faketime", "-f", f"@{wall}", sys.executable, "-c", code], env=env,
                       check=True, capture_output=True, timeout=300)
        outputs.append(tree_digest(out))
    assert outputs[0] == outputs[1]
    assert "fr/2027/prevu/index.html" not in outputs[0]
