"""Test helpers for built pages: serve a folder on loopback, drive Debian's Chromium, run the
Nu Html Checker and axe-core, and weigh a page as a reader downloads it.

Pure Python (no pytest import) so that scripts and any test folder can reuse it:

    from tests.browser.harness import serve, launch_chromium, new_page, RequestLog, ...

The tools come from scripts/setup.sh: /usr/bin/chromium and java from Debian, vnu-jar and
axe-core from package-lock.json into node_modules/. Nothing here downloads anything.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import html.parser
import http.server
import json
import logging
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
SETUP_HINT = "run `bash scripts/setup.sh` from the repository root"

# Chromium's own background traffic (updates, sync, safe browsing...) would be refused by this
# machine's closed network, noisily and slowly: switch all of it off.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",  # we run as root on CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    # Every request to a host other than loopback goes to a closed local port and fails at once:
    # a page that references a foreign host is recorded by RequestLog, but no packet ever leaves
    # the machine. Chromium always bypasses proxies for localhost and 127.0.0.0/8.
    "--proxy-server=http://127.0.0.1:9",
)

DEFAULT_AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# C1-only JIT with a serial GC starts the checker ~40% faster; C1 frames are bigger, hence -Xss
# (the checker itself asks for at least 512k).
_VNU_JAVA_OPTS = ("-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
_VNU_BATCH = 500  # files per JVM: keeps the command line far below ARG_MAX


class ToolMissing(RuntimeError):
    """A test tool (Chromium, java, vnu.jar, axe-core) is not installed."""


# --------------------------------------------------------------------------------------------
# Serving a folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: `/dir/` gives `/dir/index.html`; logs nothing."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(directory: str | Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yield its base URL without a trailing slash
    (e.g. ``http://127.0.0.1:41234``). The server stops when the block exits."""
    root = Path(directory).resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"serve(): {root} is not a folder; build the site into it first")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------------------------
# Chromium


def chromium_available() -> bool:
    return CHROMIUM.is_file()


def launch_chromium(playwright: Any, **launch_options: Any) -> Any:
    """Launch Debian's headless Chromium through Playwright (`playwright` is the object from
    `sync_playwright().start()`). Never downloads a browser. Extra keyword arguments go to
    `playwright.chromium.launch` (e.g. ``slow_mo=``)."""
    if not chromium_available():
        raise ToolMissing(f"{CHROMIUM} not found: {SETUP_HINT} (installs Debian's chromium)")
    args = list(CHROMIUM_ARGS) + list(launch_options.pop("args", ()))
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=args, **launch_options
    )


def new_page(browser: Any, js: bool = True, **context_options: Any) -> Any:
    """Open a page in a fresh context (own cookies and cache). ``js=False`` gives a reader
    without JavaScript. Close it with ``page.context.close()``. Extra keyword arguments go to
    `browser.new_context` (e.g. ``viewport={"width": 360, "height": 740}``, ``locale="fr-FR"``).

    Without JavaScript, ``page.evaluate`` still runs synchronous functions, but one that returns
    a promise never settles (hangs until the timeout): read the DOM with locators instead.
    """
    context = browser.new_context(java_script_enabled=js, **context_options)
    return context.new_page()


class RequestLog:
    """Records the URL of every request a page or browser context makes, including those that
    fail (a foreign host is unreachable here, and the request is still recorded).

        log = RequestLog(page)            # or RequestLog().attach(context)
        page.goto(base_url + "/fr/")
        assert log.foreign(base_url) == []
    """

    # Schemes that never reach a network.
    LOCAL_SCHEMES = frozenset({"data", "blob", "about", "javascript"})

    def __init__(self, target: Any = None) -> None:
        self.urls: list[str] = []
        self.failed: list[tuple[str, str]] = []  # (url, Chromium's error text)
        if target is not None:
            self.attach(target)

    def attach(self, target: Any) -> RequestLog:
        """Listen on a Page or BrowserContext (a context also sees its popups and workers)."""
        target.on("request", self._on_request)
        target.on("requestfailed", self._on_failed)
        return self

    def _on_request(self, request: Any) -> None:
        self.urls.append(request.url)

    def _on_failed(self, request: Any) -> None:
        self.failed.append((request.url, request.failure or ""))

    def foreign(self, base_url: str) -> list[str]:
        """URLs (in request order) that go to any host other than the one `base_url` names.
        Another port on the same address counts as foreign: it is another server."""
        served = urlsplit(base_url)
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in self.LOCAL_SCHEMES:
                continue
            if (parts.scheme, parts.netloc) not in {
                (served.scheme, served.netloc),
                ("ws" if served.scheme == "http" else "wss", served.netloc),
            }:
                out.append(url)
        return out

    def clear(self) -> None:
        self.urls.clear()
        self.failed.clear()


# --------------------------------------------------------------------------------------------
# Nu Html Checker


@functools.cache
def vnu_jar() -> Path:
    """Path of vnu.jar inside node_modules/vnu-jar, as the package declares it."""
    package_dir = NODE_MODULES / "vnu-jar"
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise ToolMissing(f"{manifest} not found: {SETUP_HINT} (npm ci installs vnu-jar)")
    declared = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    jars = [package_dir / f for f in declared if f.endswith("vnu.jar")]
    jar = jars[0] if jars else package_dir / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        raise ToolMissing(f"{jar} not found: {SETUP_HINT}")
    return jar


def java_available() -> bool:
    return shutil.which("java") is not None


def vnu_available() -> bool:
    try:
        vnu_jar()
    except ToolMissing:
        return False
    return java_available()


def vnu_check(
    paths: Iterable[str | Path], *, warnings: bool = False, css: bool = False
) -> list[dict[str, Any]]:
    """Validate HTML files with the Nu Html Checker, one JVM for all of them (start-up is the
    slow part: pass every page at once).

    Returns one dict per message: ``{"file": Path, "line": int | None, "column": int | None,
    "type": "error" | "warning", "message": str, "extract": str}``, errors only unless
    ``warnings=True``. ``css=True`` also checks .css files given in `paths`.
    Raises FileNotFoundError for a missing file (the checker would silently skip it) and
    RuntimeError if the checker cannot read a document or crashes."""
    files = [Path(p).resolve() for p in paths]
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(f"vnu_check(): {f} does not exist (build the site first?)")
    if not files:
        return []
    if not java_available():
        raise ToolMissing(f"java not found: {SETUP_HINT} (installs default-jre-headless)")
    command = ["java", *_VNU_JAVA_OPTS, "-jar", str(vnu_jar()), "--format", "json"]
    command += ["--exit-zero-always"] + (["--also-check-css"] if css else [])
    messages: list[dict[str, Any]] = []
    for start in range(0, len(files), _VNU_BATCH):
        batch = files[start : start + _VNU_BATCH]
        proc = subprocess.run(
            command + [str(f) for f in batch], capture_output=True, text=True, timeout=900
        )
        messages += _parse_vnu(proc, warnings)
    return messages


def _parse_vnu(proc: subprocess.CompletedProcess[str], warnings: bool) -> list[dict[str, Any]]:
    # The checker writes its JSON report on stderr.
    try:
        report = json.loads(proc.stderr)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"Nu Html Checker gave no JSON report (exit {proc.returncode}):\n"
            f"{proc.stderr[-2000:]}{proc.stdout[-2000:]}"
        ) from None
    out = []
    for m in report.get("messages", []):
        kind = m.get("type")
        if kind == "info" and m.get("subType") == "warning":
            kind = "warning"
        if kind == "non-document-error":
            raise RuntimeError(
                f"Nu Html Checker could not check {m.get('url')}: {m.get('message')}"
            )
        if kind == "error" or (warnings and kind == "warning"):
            out.append(
                {
                    "file": Path(unquote(urlsplit(m.get("url", "")).path)),
                    "line": m.get("lastLine", m.get("firstLine")),
                    "column": m.get("firstColumn"),
                    "type": kind,
                    "message": m.get("message", ""),
                    "extract": m.get("extract", ""),
                }
            )
    return out


def format_vnu(messages: Sequence[dict[str, Any]], root: str | Path | None = None) -> str:
    """One `file:line:column: type: message` line per message, for assertion messages."""
    lines = []
    for m in messages:
        f = m["file"]
        if root is not None:
            with contextlib.suppress(ValueError):
                f = f.relative_to(Path(root).resolve())
        lines.append(f"{f}:{m['line']}:{m['column']}: {m['type']}: {m['message']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# axe-core


def axe_script() -> Path:
    script = NODE_MODULES / "axe-core" / "axe.min.js"
    if not script.is_file():
        raise ToolMissing(f"{script} not found: {SETUP_HINT} (npm ci installs axe-core)")
    return script


def axe_available() -> bool:
    return (NODE_MODULES / "axe-core" / "axe.min.js").is_file()


_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map(n => n.target.flat(Infinity).join(" >>> ")),
  }));
}"""

# The DOM a reader without JavaScript gets, as markup a scripted page can load: scripts dropped,
# and <noscript> (whose children are real elements only when scripting is off) turned into an
# inline element that keeps them.
_NOJS_SNAPSHOT = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("script").forEach(s => s.remove());
  root.querySelectorAll("noscript").forEach(n => {
    const keep = document.createElement("griot-noscript");
    keep.append(...n.childNodes);
    n.replaceWith(keep);
  });
  const dt = document.doctype ? "<!DOCTYPE " + document.doctype.name + ">" : "";
  return dt + root.outerHTML;
}"""

# A <noscript> child is parsed as text only when scripting is on.
_JS_ENABLED = """() => { const d = document.createElement("div");
  d.innerHTML = "<noscript><i></i></noscript>"; return d.querySelector("i") === null; }"""


def js_enabled(page: Any) -> bool:
    """Whether scripts run in this page's document (False in a ``new_page(js=False)`` page)."""
    return bool(page.evaluate(_JS_ENABLED))


def axe_check(page: Any, tags: Sequence[str] = DEFAULT_AXE_TAGS) -> list[dict[str, Any]]:
    """Run axe-core on the page's current document; return its violations as
    ``{"id", "impact", "help", "helpUrl", "targets": [css selector, ...]}``.

    In a page without JavaScript, axe cannot run in place (no timer or promise ever settles
    there), so the no-JS DOM (with its <noscript> content) is loaded at the same URL in a
    scripted context of the same browser and viewport, and checked there."""
    if js_enabled(page):
        return _axe_run(page, tags)
    markup = page.evaluate(_NOJS_SNAPSHOT)
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        twin = context.new_page()
        url = page.url.split("#")[0]
        if url.startswith(("http:", "https:")):
            context.route(
                lambda u: u.split("#")[0] == url,
                lambda route: route.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=markup
                ),
            )
            twin.goto(url)
        else:  # a page made with set_content(): no URL to resolve against anyway
            twin.set_content(markup)
        return _axe_run(twin, tags)
    finally:
        context.close()


def _axe_run(page: Any, tags: Sequence[str]) -> list[dict[str, Any]]:
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        # Evaluated through the DevTools protocol: an added <script> tag would be refused by
        # the pages' Content-Security-Policy, which allows only the site's own scripts.
        page.evaluate(axe_script().read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN, list(tags))


def format_axe(violations: Sequence[dict[str, Any]]) -> str:
    """One line per violation, for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}" for v in violations
    )


# --------------------------------------------------------------------------------------------
# Page weight

_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)


class _AssetParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "script" and a.get("src"):
            self.refs.append(("js", a["src"]))
        elif tag == "link" and a.get("href"):
            if "stylesheet" in rel or ("preload" in rel and a.get("as") == "style"):
                self.refs.append(("css", a["href"]))
            elif "modulepreload" in rel or ("preload" in rel and a.get("as") == "script"):
                self.refs.append(("js", a["href"]))


def _local_file(root: Path, page_url: str, ref: str, origin: str) -> Path | None:
    """The file under `root` that `ref` (seen in the document at `page_url`) names, or None
    when it points to another host (RequestLog's business, not weight)."""
    absolute = urljoin(page_url, ref)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = unquote(parts.path)
    if path.endswith("/"):
        path += "index.html"
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        raise ValueError(f"{page_url}: {ref!r} points outside the served folder {root}")
    return target


def page_resources(directory: str | Path, url_path: str,
                   site_url: str | None = None) -> list[tuple[str, Path]]:
    """The HTML file for `url_path` (``/fr/`` -> ``fr/index.html``) followed by the local CSS and
    JS files it loads (<link rel=stylesheet>, preloads, <script src>, and CSS @imports), each
    once, as ``(kind, path)``. Images, fonts and media are not included."""
    root = Path(directory).resolve()
    # A site built for the URL it is served at links its CSS and JS absolutely: that origin is
    # this folder.
    origin = site_url.rstrip("/") if site_url else "http://page-weight.invalid"
    page_url = urljoin(origin + "/", url_path)
    page_file = _local_file(root, page_url, page_url, origin)
    assert page_file is not None
    if not page_file.is_file():
        raise FileNotFoundError(f"page_weight(): no file {page_file} for URL path {url_path!r}")
    parser = _AssetParser()
    parser.feed(page_file.read_text(encoding="utf-8"))
    found: list[tuple[str, Path]] = [("html", page_file)]
    queue = [(kind, page_url, ref) for kind, ref in parser.refs]
    while queue:
        kind, base, ref = queue.pop(0)
        target = _local_file(root, base, ref, origin)
        if target is None or any(target == p for _, p in found):
            continue
        if not target.is_file():
            raise FileNotFoundError(f"{page_file}: {ref!r} resolves to {target}, which is missing")
        found.append((kind, target))
        if kind == "css":
            css_url = urljoin(base, ref)
            text = target.read_text(encoding="utf-8")
            queue += [("css", css_url, imp) for imp in _CSS_IMPORT.findall(text)]
    return found


def gzip_size(data: bytes) -> int:
    """Bytes after `gzip -9` (no file name, fixed mtime: the size depends on content only)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight_detail(
    directory: str | Path, url_path: str, include: Sequence[str] = ("html", "css", "js"),
    site_url: str | None = None,
) -> dict[Path, int]:
    """Compressed size of each file page_resources() lists, for the kinds in `include`."""
    return {
        path: gzip_size(path.read_bytes())
        for kind, path in page_resources(directory, url_path, site_url)
        if kind in include
    }


def page_weight(
    directory: str | Path, url_path: str, include: Sequence[str] = ("html", "css", "js"),
    site_url: str | None = None,
) -> int:
    """What a reader downloads for a page, in bytes: each of its HTML, CSS and JS files gzipped
    at level 9 (as a static host serves them, one by one), summed. Budget for an article page:
    20 KB (20 * 1024)."""
    return sum(page_weight_detail(directory, url_path, include, site_url).values())


# --------------------------------------------------------------------------------------------
# What a reader's phone downloads

_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
               "application/xml", "application/wasm")


def transferred(page: Any, url: str, scroll: bool = True) -> dict[str, int]:
    """Load `url` in `page` (whose context sets the viewport and device scale factor), scroll to
    the bottom so that lazy images load, and return {request URL: bytes on the wire} for every
    response: text gzipped at level 9 (as a static host serves it), images and other binary
    files as they are. The sum is what the reader pays for."""
    sizes: dict[str, int] = {}

    def on_finished(request: Any) -> None:
        response = request.response()
        if response is None:
            return
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        kind = (response.headers.get("content-type") or "").split(";")[0].strip()
        sizes[request.url] = gzip_size(body) if kind.startswith(_TEXT_TYPES) else len(body)

    page.on("requestfinished", on_finished)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if scroll:
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(100)
            page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", on_finished)
    return sizes
