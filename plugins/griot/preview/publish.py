"""`invoke publish`: everything it needs is checked before anything is built (rsync, the
target, the site's address), it says what it will do, and it refuses content with errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from griot.core.problems import Problem, T

EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")


@dataclass(frozen=True)
class Plan:
    target: str
    siteurl: str


def preflight(target: str | None, environ: Mapping[str, str],
              which: Callable[[str], str | None] | None = None) -> tuple[Plan | None, list]:
    """The publication plan, or every reason it cannot go ahead (all of them at once)."""
    which = which or shutil.which
    problems = []
    target = target or environ.get("GRIOT_RSYNC_TARGET", "")
    siteurl = environ.get("GRIOT_SITEURL", "").strip()
    if which("rsync") is None:
        problems.append(Problem("", T("rsync is not installed, so nothing can be uploaded"),
                                T("install it (Debian, Ubuntu: sudo apt-get install rsync), "
                                  "or publish with the GitHub Actions workflow")))
    if not target:
        problems.append(Problem("", T("no upload target is set"),
                                T("set GRIOT_RSYNC_TARGET (e.g. user@host:/var/www/site/) or "
                                  "pass --target")))
    if not siteurl:
        problems.append(Problem("", T("GRIOT_SITEURL is not set: every link and feed would "
                                      "point at the example domain"),
                                T("set GRIOT_SITEURL to the site's address, e.g. "
                                  "https://voixdumali.ml")))
    else:
        parts = urlsplit(siteurl)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            problems.append(Problem("", T("GRIOT_SITEURL '{url}' is not an address",
                                          url=siteurl),
                                    T("write it as https://name.domain, without a trailing /")))
        elif host in EXAMPLE_HOSTS or host.endswith(tuple("." + h for h in EXAMPLE_HOSTS)):
            problems.append(Problem("", T("GRIOT_SITEURL '{url}' is the example domain",
                                          url=siteurl),
                                    T("set GRIOT_SITEURL to the site's real address")))
    if problems:
        return None, problems
    return Plan(target, siteurl.rstrip("/")), []


def announce(plan: Plan, output: str) -> T:
    return T("publishing: 1. check the content, 2. build it for {siteurl} (publishconf.py), "
             "3. upload {output}/ to {target} with rsync (files gone from the site are deleted "
             "there too)", siteurl=plan.siteurl, output=output, target=plan.target)
