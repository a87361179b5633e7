"""Command-line entry points behind the invoke tasks: build, serve, live preview.

`python -m griot.preview.cli --help` (with plugins/ on sys.path) lists them; tasks.py calls them
in-process so a failed build prints the problems, not a traceback.
"""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import logging
import os
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from pelican.log import init as init_logging

from griot.core.errors import GriotError
from griot.core.problems import T, localize, message_language
from griot.engine.runner import GriotPelican
from griot.preview.content import status_page
from griot.preview.pelican import make_pelican
from griot.preview.push import EVENTS_PATH, ReloadChannel, stream

from .incremental import LiveSite

logger = logging.getLogger(__name__)


def build(settings_file: str, overrides: dict | None = None) -> float:
    """Build once; raise GriotError (with every problem listed) on bad content."""
    started = time.perf_counter()
    pelican, _ = make_pelican(settings_file, overrides)
    pelican.run()
    return time.perf_counter() - started


# The live preview's status page (`invoke status` as HTML): made on each request, served by
# the preview only, never written to the output (a production build cannot publish it).
STATUS_PATH = "/_griot/status/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    channel: ReloadChannel | None = None  # the live preview's: pages reload on its pushes
    status_page = None  # the live preview's: () -> HTML of STATUS_PATH
    prepare = None  # the live preview's: (site path) -> None, before a file is served

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        if self.prepare is not None:
            self.prepare(path)
        if self.channel is not None and path == EVENTS_PATH:
            stream(self, self.channel)
        elif self.status_page is not None and path == STATUS_PATH:
            body = self.status_page().encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - keep the console for build messages
        logger.debug(format, *args)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(output: str, bind: str = "127.0.0.1", port: int = 8000,
          channel: ReloadChannel | None = None, status_page=None, prepare=None
          ) -> http.server.HTTPServer:
    """Serve the output folder on localhost (in a thread); survives the atomic folder swap
    because the folder is looked up by path on every request. With a channel, open pages
    hold a stream on it (EVENTS_PATH) and reload on each `channel.publish()`; with
    `status_page` (a callable returning HTML), STATUS_PATH is the site's status; `prepare(path)`
    runs before each file is served (the live preview writes a page it left for later)."""
    handler_class = type("Handler", (_Handler,), {
        "channel": channel, "status_page": staticmethod(status_page) if status_page else None,
        "prepare": staticmethod(prepare) if prepare else None})
    handler = functools.partial(handler_class, directory=str(Path(output).resolve()))
    try:
        server = http.server.ThreadingHTTPServer((bind, port), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise PortBusy(localize(T(
            "port {port} is already in use (another preview?): choose another with --port "
            "{other}, e.g. invoke livereload --port {other}", port=port, other=port + 1),
            message_language())) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]  # port 0: the one the system chose
    say(T("Serving {output} at http://{host}:{port}/ (Ctrl-C to stop)", output=output,
          host=host, port=port))
    return server


def watch_paths(settings: dict, settings_file: str) -> list[str]:
    return [settings["PATH"], settings["THEME"], settings_file]  # code changes need a restart


def livereload(settings_file: str, bind: str, port: int, overrides: dict | None = None,
               serving: bool = True) -> None:
    """Build, serve, and rebuild on every change; pages reload themselves after a build.

    A saved article or page is read again alone and only what it changes is written again
    (griot.preview.incremental); anything else gets a full, atomic build.
    """
    overrides = {"GRIOT_LIVERELOAD": serving, **(overrides or {})}
    pelican, settings = make_pelican(settings_file, overrides)
    site = live_site(pelican)
    channel = ReloadChannel()
    building = threading.Lock()  # the status page reads the content between builds, not during
    if serving:
        def status() -> str:
            with building:
                return status_page(settings_file, os.path.relpath(settings["PATH"]))

        # A busy port stops us first.
        serve(settings["OUTPUT_PATH"], bind, port, channel, status,
              lambda path: finish_before_serving(site, building, path))
    with building:
        built = run_reporting(site.build if site else pelican.run)
    if isinstance(built, Failed):
        channel.report(built.lines)
    def idle() -> None:
        if site:
            # The pages left for later, then the previous model, once the output is written
            # and served: spent while the editor reads, not between a save and its page.
            with building:
                finish_reporting(site, site.idle)

    for changes in watch_changes(watch_paths(settings, settings_file), idle=idle):
        names = ", ".join(sorted({Path(p).name for p in changes}))
        say(T("changed: {names}", names=names))
        with building:
            if any(Path(p).resolve() == Path(settings_file).resolve() for p in changes):
                pelican, settings = make_pelican(settings_file, overrides)  # new settings
                site = live_site(pelican)
                built = run_reporting(site.build if site else pelican.run)
            else:
                built = run_reporting(functools.partial(site.update, changes) if site
                                      else pelican.run)
        if built in ("full", "incremental"):
            channel.publish()  # open pages reload now (and drop the problems they showed)
        elif isinstance(built, Failed):
            channel.report(built.lines)  # shown over the last good site until fixed


def finish_before_serving(site, lock, path: str) -> None:
    """The server's `prepare`: a page the last update left for later is written (with the
    others) before it is served."""
    rel = deferred_file(path)
    if site and rel in site.deferred:
        with lock:
            finish_reporting(site, functools.partial(site.finish, only=rel))


def deferred_file(path: str) -> str:
    """The output file a request for site path `path` serves (a folder: its index.html)."""
    rel = urllib.parse.unquote(path).lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def live_site(pelican):
    """The incremental engine, when PELICAN_CLASS is Griot's (else every change rebuilds)."""
    return LiveSite(pelican) if isinstance(pelican, GriotPelican) else None


def watch_changes(paths: list[str], ready=None, idle=None):
    """Sets of changed paths, as soon as the file system is quiet for 50 ms. `ready()` is
    called once the watcher runs (a change saved before that would go unseen), `idle()` each
    time 200 ms pass without a change. When the watcher starts quiet, the first idle() comes
    before ready(): after a first build it is a full collection (seconds on a large site),
    and a save made during it is seen right after it, not lost."""
    from watchfiles import watch

    for changes in watch(*paths, step=50, debounce=1600, rust_timeout=200,
                         yield_on_timeout=True):
        if not changes and idle is not None:
            idle()
        if ready is not None:
            ready()
            ready = None
        if changes:
            yield sorted({path for _, path in changes})


@dataclass(frozen=True)
class Failed:
    """A build that stopped: its lines, as printed (the same as `invoke check`'s)."""

    lines: list[str]


class PortBusy(GriotError):
    pass


def run_reporting(build) -> str | Failed:
    """Run `build` (a LiveSite method or Pelican.run) and say what it did, or what failed:
    the kind of build ("full", "incremental", "unchanged"), None when it failed."""
    started = time.perf_counter()
    try:
        outcome = build()
    except GriotError as exc:
        say(f"\n{exc}\n", T("(the previous site is still being served)"), file=sys.stderr)
        return Failed(str(exc).splitlines())
    seconds = time.perf_counter() - started
    kind = getattr(outcome, "kind", "full")
    if kind == "incremental":
        say(T("updated {written} file(s), removed {removed} in {seconds} s",
              written=outcome.written, removed=outcome.removed, seconds=f"{seconds:.2f}"))
    elif kind == "unchanged":
        say(T("nothing to rebuild"))
    else:
        reason = getattr(outcome, "reason", "")
        say(T("built in {seconds} s (full build: {reason})", seconds=f"{seconds:.2f}",
              reason=reason) if reason else T("built in {seconds} s", seconds=f"{seconds:.2f}"))
    return kind


def say(*parts, file=None) -> None:
    """Print the preview's status lines in the editor's language (French first)."""
    lang = message_language()
    print("".join(localize(part, lang) for part in parts), file=file or sys.stdout)


def finish_reporting(site, finish) -> None:
    """Run `finish` (LiveSite.finish or idle) and say when the pages left for later are all
    written, or what failed (the next change then gets a full build)."""
    try:
        written = finish()
    except GriotError as exc:
        say(f"\n{exc}\n", T("(the next change rebuilds the site)"), file=sys.stderr)
        return
    if written and not site.deferred:
        say(T("the listing pages left for later are written"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="griot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build the site once"),
                       ("livereload", "build, serve and rebuild on every change")):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("-s", "--settings", default="pelicanconf.py",
                         help="settings file (pelicanconf.py: preview; publishconf.py: production)")
        cmd.add_argument("-o", "--output", help="output folder (default: OUTPUT_PATH)")
        cmd.add_argument("--content", help="content folder (default: PATH)")
        if name == "livereload":
            cmd.add_argument("--bind", default="127.0.0.1")
            cmd.add_argument("--port", type=int, default=8000)
            cmd.add_argument("--no-serve", action="store_true",
                             help="only rebuild on change (no server, no page reload)")
    serve_cmd = sub.add_parser("serve", help="serve the output folder")
    serve_cmd.add_argument("--output", default="output")
    serve_cmd.add_argument("--bind", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    if args.command == "serve":
        server = serve(args.output, args.bind, args.port)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            server.shutdown()
        return 0
    overrides = {}
    if args.output:
        overrides["OUTPUT_PATH"] = str(Path(args.output).resolve())
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    try:
        if args.command == "build":
            seconds = build(args.settings, overrides)
            say(T("built in {seconds} s", seconds=f"{seconds:.2f}"))
        else:
            livereload(args.settings, args.bind, args.port, overrides, not args.no_serve)
    except GriotError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
