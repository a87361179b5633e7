"""Process pools for image work: a safe way to start workers, and jobs run in chunks.

Both image encoding and social cards cut thousands of small jobs into chunks (one process call
per job would cost more than the job) and run them on every core. Cards are started early and
collected late, while the main process renders pages: `ChunkPool` starts working as soon as it
is made, and `results()` waits for it.
"""

from __future__ import annotations

import concurrent.futures
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any


def start_method() -> str:
    """fork is fastest and needs no importable __main__, but is unsafe once threads exist
    (a live-reload server, a progress bar): then start workers from a clean process."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def end_with_parent(parent: int) -> None:
    """A worker's initializer: end the worker as soon as the build that started it is gone.

    A build killed with SIGKILL runs no clean-up, and its workers would go on with their
    chunks, and with forkserver wait forever for work. A thread of the worker looks at its
    parent five times a second: once the parent process is gone (the worker was handed to
    init or a subreaper, or the build's pid no longer exists) it exits at once."""
    start = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.2)
            if os.getppid() != start or not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, name="griot-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_pool(workers: int, context=None) -> concurrent.futures.ProcessPoolExecutor:
    """The one way Griot starts worker processes: they end when the build does."""
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context or multiprocessing.get_context(start_method()),
        initializer=end_with_parent, initargs=(os.getpid(),))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def worker_count(settings: Mapping) -> int:
    """Processes for Markdown, images and cards: GRIOT_WORKERS, else every core this process
    may use."""
    return int(settings.get("GRIOT_WORKERS") or 0) or cpu_count()


class ChunkPool:
    """`fn(chunk, *args)` for every chunk of `jobs`, on up to `workers` processes, from now on.

    chunks_per_worker trades process-call overhead for progress steps and load balance: more
    chunks give finer progress and let the pool share the machine with a busy main process.
    """

    def __init__(self, fn: Callable[..., Any], jobs: Sequence, *args: Any, workers: int,
                 chunks_per_worker: int = 4):
        per_chunk = max(1, math.ceil(len(jobs) / (max(1, workers) * chunks_per_worker)))
        chunks = [jobs[k : k + per_chunk] for k in range(0, len(jobs), per_chunk)]
        self._pool = process_pool(max(1, min(workers, len(chunks))))
        self._futures = {self._pool.submit(fn, chunk, *args): chunk for chunk in chunks}

    def results(self) -> Iterator[tuple[Sequence, Any]]:
        """(chunk, fn's result) as chunks finish. The first failure is raised; then, or when the
        caller stops early, chunks not yet started are cancelled and the pool is shut down."""
        try:
            for future in concurrent.futures.as_completed(self._futures):
                yield self._futures[future], future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Cancel the chunks not started, wait for those running (they write whole files only)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
