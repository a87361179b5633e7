"""Build into a staging folder and swap it in only when the whole build succeeded."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def staged_output(final: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty staging folder beside `final`; on success it replaces `final`.

    On any exception the staging folder is removed and `final` is left exactly as it was.
    The swap is two renames on one filesystem, so readers of `final` see the old site or the
    new one, never a half-written one.
    """
    final = Path(final).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}-staging-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-staging-", dir=final.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)  # mkdtemp's 0700 would follow the site to the web server
    old = final.parent / f".{final.name}-old-{os.getpid()}"
    if final.exists():
        os.rename(final, old)
    os.rename(staging, final)
    shutil.rmtree(old, ignore_errors=True)
