"""The live preview's reload push: open pages hold one server-sent-events stream
(`/_griot/events`) and reload as soon as a build has written its output, instead of asking
every second whether one did (up to a second lost on every save).

Plain `http.server` (one thread per connection, as ThreadingHTTPServer gives): no extra
dependency; a preview serves one editor's few tabs.
"""

from __future__ import annotations

import http.server
import json
import logging
import threading
import time

logger = logging.getLogger(__name__)

EVENTS_PATH = "/_griot/events"
# A comment line now and then: a stream that stays silent is dropped by some proxies, and a
# write is how the server learns that a tab was closed.
_KEEPALIVE_S = 15.0


class ReloadChannel:
    """The id of the last build that finished, and the streams waiting for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        # Unique per process: a tab that reconnects to a restarted preview gets a new id, so
        # it reloads (the site was built again).
        self.build_id = str(time.time_ns())
        self.problems: tuple[str, ...] = ()  # lines of the last build, () once it succeeds
        self.version = 0  # changes with each build id or list of problems
        self.closed = False

    def publish(self, build_id: str | None = None) -> None:
        """A build has finished writing: tell every open page."""
        with self._changed:
            self.build_id = build_id or str(time.time_ns())
            self.problems = ()
            self.version += 1
            self._changed.notify_all()

    def report(self, problems: list[str]) -> None:
        """A build failed: open pages show these lines over the last good site (the same lines
        as `invoke check`), until a build succeeds."""
        with self._changed:
            self.problems = tuple(problems)
            self.version += 1
            self._changed.notify_all()

    def close(self) -> None:
        """Let every stream end (the preview stops)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def next_id(self, seen: str | None, timeout: float) -> str | None:
        """The build id once it differs from `seen`; None after `timeout` or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.build_id != seen, timeout)
            if self.closed or self.build_id == seen:
                return None
            return self.build_id

    def next_state(self, seen: int | None, timeout: float) -> tuple[int, str, tuple] | None:
        """(version, build id, problems) once the version differs from `seen`; None after
        `timeout` or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.version != seen, timeout)
            if self.closed or self.version == seen:
                return None
            return self.version, self.build_id, self.problems


def stream(handler: http.server.BaseHTTPRequestHandler, channel: ReloadChannel) -> None:
    """Answer an events request: the current build id at once, then each new one."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
    handler.send_header("Cache-Control", "no-store")
    handler.send_header("Connection", "keep-alive")
    handler.end_headers()
    handler.close_connection = True  # the stream ends the connection
    seen = None
    sent_id, sent_problems = None, ()  # a page starts with no problems shown
    try:
        # retry: EventSource reconnects after 500 ms when the preview restarts.
        handler.wfile.write(b"retry: 500\n\n")
        while not channel.closed:
            state = channel.next_state(seen, _KEEPALIVE_S)
            if state is None:
                handler.wfile.write(b": keep-alive\n\n")
            else:
                seen, build_id, problems = state
                if build_id != sent_id:
                    handler.wfile.write(f"event: build\ndata: {build_id}\n\n".encode())
                    sent_id = build_id
                if problems != sent_problems:  # one JSON line: [] clears the page's box
                    data = json.dumps(list(problems), ensure_ascii=False)
                    handler.wfile.write(f"event: problems\ndata: {data}\n\n".encode())
                    sent_problems = problems
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        logger.debug("a page closed its reload stream")
