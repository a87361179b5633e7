"""Fixtures for browser tests: one Playwright and one Debian Chromium per test session, pages with
and without JavaScript, and the Nu Html Checker and axe-core as callables.

A missing tool skips these tests on a developer's machine (with the fix in the reason), but FAILS
them when the CI variable is set: CI must never pass by skipping its browser checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser import harness


def _require(available: bool, what: str) -> None:
    if available:
        return
    message = f"{what} is not installed: {harness.SETUP_HINT}"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set, so a missing test tool is an error: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    _require(harness.chromium_available(), str(harness.CHROMIUM))
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    browser = harness.launch_chromium(playwright_instance)
    try:
        yield browser
    finally:
        browser.close()


def _page(browser: Any, js: bool) -> Iterator[Any]:
    page = harness.new_page(browser, js=js)
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page with JavaScript, in its own context (closed after the test)."""
    yield from _page(browser, js=True)


@pytest.fixture
def page_nojs(browser: Any) -> Iterator[Any]:
    """A page as a reader without JavaScript gets it."""
    yield from _page(browser, js=False)


@pytest.fixture(scope="session")
def vnu() -> Callable[..., list[dict[str, Any]]]:
    """`harness.vnu_check`, once java and vnu.jar are known to be there."""
    _require(harness.java_available(), "java (Debian's default-jre-headless)")
    _require(harness.vnu_available(), "node_modules/vnu-jar (npm ci)")
    return harness.vnu_check


@pytest.fixture(scope="session")
def axe() -> Callable[..., list[dict[str, Any]]]:
    """`harness.axe_check`, once node_modules/axe-core is known to be there."""
    _require(harness.axe_available(), "node_modules/axe-core (npm ci)")
    return harness.axe_check


EXIT_PAGE = "<!doctype html><html lang=en><title>Weather</title><p>Sunny in Bamako.</p></html>"


@pytest.fixture(scope="session")
def exit_site(tmp_path_factory) -> Iterator[str]:
    """A neutral page on another origin (another port): where the quick exit leads in tests."""
    root = tmp_path_factory.mktemp("exit")
    (root / "index.html").write_text(EXIT_PAGE, encoding="utf-8")
    with harness.serve(root) as base_url:
        yield base_url + "/"


@pytest.fixture(scope="session")
def served(tmp_path_factory, exit_site) -> Iterator[tuple[str, Any]]:
    """The sample site built with the production settings for the URL it is served at (so every
    link stays on this host), its quick exit leading to `exit_site`. (base URL, output folder)."""
    from tests.conftest import PUBLISH, ROOT, build

    root = tmp_path_factory.mktemp("served")
    out = root / "output"
    out.mkdir()
    with harness.serve(out) as base_url:
        build(ROOT, out, PUBLISH, PATH=str(ROOT / "content"), SITEURL=base_url,
              CACHE_PATH=str(root / "cache"), GRIOT_QUICK_EXIT_URL=exit_site)
        yield base_url, out


@pytest.fixture(scope="session")
def artefacts() -> Any:
    """Where browser tests leave what a person should look at (screenshots): $GRIOT_ARTEFACTS,
    else artefacts/ at the repository root (ignored by git; CI keeps it)."""
    from pathlib import Path

    folder = Path(os.environ.get("GRIOT_ARTEFACTS") or harness.REPO_ROOT / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
