"""The live-reload side of the benchmark: one long-lived process that builds the site, watches
its content like `invoke livereload`, and updates the output after each save.

    python3 -m bench.edit --content DIR --output DIR --cache DIR

It prints one JSON line per event on stdout: {"event": "ready"} after the first (full) build,
then {"event": "updated", "done": <time.monotonic() once the output is written>, ...} after
each change. bench.run saves an article, notes time.monotonic() just before, and reads the
difference: save to correct output on disk, the watcher's delay included.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from griot.core.errors import GriotError  # noqa: E402
from griot.preview.cli import make_pelican, watch_changes  # noqa: E402
from griot.preview.incremental import LiveSite  # noqa: E402


def say(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.edit",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--settings", default=str(REPO / "publishconf.py"))
    args = parser.parse_args(argv)
    pelican, settings = make_pelican(args.settings, {
        "PATH": str(args.content.resolve()), "OUTPUT_PATH": str(args.output.resolve()),
        "CACHE_PATH": str(args.cache.resolve())})
    site = LiveSite(pelican)
    started = time.perf_counter()
    outcome = site.build()
    seconds = time.perf_counter() - started

    def ready() -> None:
        say("ready", seconds=seconds, kind=outcome.kind)

    for changes in watch_changes([settings["PATH"]], ready):
        try:
            outcome = site.update(changes)
        except GriotError as exc:
            say("failed", done=time.monotonic(), message=str(exc))
            continue
        done = time.monotonic()
        say("updated", done=done, kind=outcome.kind, seconds=outcome.seconds,
            written=outcome.written, removed=outcome.removed, paths=list(outcome.paths),
            reason=outcome.reason)
        site.collect()  # as livereload does, once the output is written
    return 0


if __name__ == "__main__":
    sys.exit(main())
