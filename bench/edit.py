"""The live-reload side of the benchmark: one long-lived process that builds the site, watches
its content like `invoke livereload`, and updates the output after each save.

    python3 -m bench.edit --content DIR --output DIR --cache DIR [--serve]

It prints one JSON line per event on stdout: {"event": "ready"} after the first (full) build
(with --serve, its "url": the output served as `invoke livereload` serves it, open pages
reloaded by a push after each update), then {"event": "updated", "done": <time.monotonic()
once the output is written>, ...} after
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
from griot.preview.cli import make_pelican, serve, watch_changes  # noqa: E402
from griot.preview.incremental import LiveSite  # noqa: E402
from griot.preview.push import ReloadChannel  # noqa: E402


def say(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.edit",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--settings", default=str(REPO / "publishconf.py"))
    parser.add_argument("--serve", action="store_true",
                        help="serve the output on a free port and push reloads to open pages")
    args = parser.parse_args(argv)
    overrides = {"PATH": str(args.content.resolve()), "OUTPUT_PATH": str(args.output.resolve()),
                 "CACHE_PATH": str(args.cache.resolve())}
    channel, url = ReloadChannel(), None
    if args.serve:
        # The site built for the URL it is served at (its links stay on this host), with the
        # live preview's reload script, as `invoke livereload` serves it.
        args.output.mkdir(parents=True, exist_ok=True)
        server = serve(str(args.output), "127.0.0.1", 0, channel)
        url = "http://{}:{}".format(*server.server_address[:2])
        overrides.update(SITEURL=url, GRIOT_LIVERELOAD=True)
    pelican, settings = make_pelican(args.settings, overrides)
    site = LiveSite(pelican)
    started = time.perf_counter()
    outcome = site.build()
    seconds = time.perf_counter() - started

    def ready() -> None:
        say("ready", seconds=seconds, kind=outcome.kind, url=url)

    for changes in watch_changes([settings["PATH"]], ready, idle=site.idle):
        try:
            outcome = site.update(changes)
        except GriotError as exc:
            say("failed", done=time.monotonic(), message=str(exc))
            continue
        done = time.monotonic()
        if outcome.kind != "unchanged":
            channel.publish()
        say("updated", done=done, kind=outcome.kind, seconds=outcome.seconds,
            written=outcome.written, removed=outcome.removed, paths=list(outcome.paths),
            reason=outcome.reason, later=len(site.deferred))
    return 0


if __name__ == "__main__":
    sys.exit(main())
