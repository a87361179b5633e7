"""The live preview's reload push: open pages hold one server-sent-events stream
(`/_griot/events`) and reload as soon as a build has written its output, instead of asking
every second whether one did (up to a second lost on every save).

Plain `http.server` (one thread per connection, as ThreadingHTTPServer gives): no extra
dependency; a preview serves one editor's few tabs.
"""

from __future__ import annotations

import http.server
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
        self.closed = False

    def publish(self, build_id: str | None = None) -> None:
        """A build has finished writing: tell every open page."""
        with self._changed:
            self.build_id = build_id or str(time.time_ns())
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


def stream(handler: http.server.BaseHTTPRequestHandler, channel: ReloadChannel) -> None:
    """Answer an events request: the current build id at once, then each new one."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
    handler.send_header("Cache-Control", "no-store")
    handler.send_header("Connection", "keep-alive")
    handler.end_headers()
    handler.close_connection = True  # the stream ends the connection
    seen = None
    try:
        # retry: EventSource reconnects after 500 ms when the preview restarts.
        handler.wfile.write(b"retry: 500\n\n")
        while not channel.closed:
            build_id = channel.next_id(seen, _KEEPALIVE_S)
            if build_id is None:
                handler.wfile.write(b": keep-alive\n\n")
            else:
                handler.wfile.write(f"event: build\ndata: {build_id}\n\n".encode())
                seen = build_id
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        logger.debug("a page closed its reload stream")
