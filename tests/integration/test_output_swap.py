"""The output swap cannot lose the site: one build at a time per output folder, a swap that
leaves the old or the new site at every instant, recovery after a crash, and no worker left
running once a build is killed."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from griot.core import atomic
from griot.core.errors import SettingsError
from tests.conftest import ROOT, article, build, tree_digest, write_tree

FILES = {f"content/articles/a{i}.fr.md": article(f"Article {i}", body=f"Texte {i}.")
         for i in range(4)}
FILES["content/articles/a0.en.md"] = article("Article 0", body="Text.")


def _site(tmp_path: Path, files=FILES) -> Path:
    return write_tree(tmp_path / "site", files)


def _others(out: Path) -> list[str]:
    """What builds leave beside the output folder (the lock file aside)."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}") and not p.name.endswith(".lock"))


def test_the_swap_is_one_exchange_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's; elsewhere the documented fallback is used")
    assert atomic.exchange(a, b) is True
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_a_crash_between_the_fallback_renames_is_recovered(tmp_path, monkeypatch):
    site = _site(tmp_path)
    out = build(site, GRIOT_WORKERS=1)
    before = tree_digest(out)
    # As a build killed between `output -> .output-old-<pid>` and `staging -> output` leaves it.
    os.rename(out, out.parent / ".output-old-4242")
    (out.parent / ".output-staging-xyz").mkdir()
    (out.parent / ".output-staging-xyz" / "half.html").write_text("half")
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)  # and the fallback again
    (site / "content/articles/a1.fr.md").write_text(article("Nouveau titre"), encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.staged_output(out):
        assert tree_digest(out) == before  # back before anything else ran
        raise RuntimeError("this build fails too")
    assert tree_digest(out) == before
    assert _others(out) == []
    build(site, GRIOT_WORKERS=1)
    assert "Nouveau titre" in (out / "fr/2025/a1/index.html").read_text(encoding="utf-8")
    assert _others(out) == []


def test_an_output_folder_that_is_a_mount_point_is_refused_up_front(tmp_path, monkeypatch):
    site = _site(tmp_path)
    out = build(site, GRIOT_WORKERS=1)
    real = os.path.ismount
    monkeypatch.setattr(atomic.os.path, "ismount", lambda p: str(p) == str(out) or real(p))
    (site / "content/articles/a1.fr.md").write_text(article("Autre"), encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        build(site, GRIOT_WORKERS=1)
    assert "is a mount point" in str(err.value) and "OUTPUT_PATH" in str(err.value)
    assert str(out / "site") in str(err.value)
    assert _others(out) == []


def _builds(site: str, out: str, name: str, count: int) -> None:
    for _ in range(count):
        build(Path(site), Path(out), SITENAME=name, GRIOT_WORKERS=1)


def test_two_builds_into_one_output_never_lose_the_site(tmp_path):
    site = _site(tmp_path)
    references = [tree_digest(build(site, tmp_path / f"ref-{name}", SITENAME=name,
                                    GRIOT_WORKERS=1)) for name in ("Un", "Deux")]
    out = build(site, GRIOT_WORKERS=1, SITENAME="Un")
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            if not (out / "fr/index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    fork = multiprocessing.get_context("fork")
    # Twenty builds in all, two at a time, each changing every page (the site's name).
    workers = [fork.Process(target=_builds, args=(str(site), str(out), name, 10))
               for name in ("Un", "Deux")]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
    finally:
        done.set()
        watcher.join()
    assert [w.exitcode for w in workers] == [0, 0]
    assert missing == []
    assert tree_digest(out) in references  # one build's whole site, never a mix of two
    assert _others(out) == []


BUILD_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from tests.conftest import build
build(Path(sys.argv[2]), Path(sys.argv[3]), SITENAME=sys.argv[4],
      GRIOT_WORKERS=int(sys.argv[5]))
"""


def _start(site: Path, out: Path, name: str, workers: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(ROOT), str(site), str(out), name,
         str(workers)], cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _group(pgid: int) -> list[int]:
    """Processes of a process group still alive (zombies aside)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path):
    site = _site(tmp_path)
    references = {name: tree_digest(build(site, tmp_path / f"ref-{name}", SITENAME=name,
                                          GRIOT_WORKERS=1)) for name in ("Un", "Deux")}
    out = build(site, GRIOT_WORKERS=1, SITENAME="Un")
    moments = random.Random(14)
    for i in range(8):
        name = ("Deux", "Un")[i % 2]
        process = _start(site, out, name)
        time.sleep(moments.uniform(0.3, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert tree_digest(out) in references.values(), i  # whole: one site or the other
    build(site, GRIOT_WORKERS=1, SITENAME="Deux")
    assert tree_digest(out) == references["Deux"]
    assert _others(out) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_no_worker_outlives_a_killed_build(tmp_path):
    # Enough files for the content cache to convert them on worker processes.
    files = {f"content/articles/w{i}.fr.md": article(f"Article {i}", body="Texte. " * 200)
             for i in range(60)}
    site = _site(tmp_path, files)
    process = _start(site, tmp_path / "site/output", "Un", workers=2)
    try:
        deadline = time.monotonic() + 60
        while len(_group(process.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)  # the build and at least two workers
        assert len(_group(process.pid)) >= 3, "the build started no workers"
        # Only the main process is killed, as a crash or the OOM killer does.
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while _group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group(process.pid) == []
    finally:
        for pid in _group(process.pid):
            os.kill(pid, signal.SIGKILL)


class _Recorder:
    """A finisher that notes the files it is given and the files really staged."""

    folder = "found"

    def __init__(self):
        self.given: set[str] = set()
        self.staged: set[str] = set()

    def run(self, site: Path, files) -> None:
        self.given = set(files)
        self.staged = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        (site / self.folder).mkdir()
        (site / self.folder / "index.txt").write_text(str(len(self.given)))


def test_finishers_are_given_every_file_of_the_staged_site(tmp_path):
    """Written, rewritten with the same bytes, kept from the published site, gone: the list
    a finisher (the search index) reads instead of walking the site must be the site."""
    final = tmp_path / "out"
    with atomic.staged_output(final) as stage:
        for rel in ("fr/a/index.html", "fr/b/index.html", "en/a/index.html", "old.html"):
            (stage.path / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage.path / rel).write_text(rel)
        stage.commit([], [_Recorder()])
    recorder = _Recorder()
    with atomic.staged_output(final) as stage:
        (stage.path / "fr/a").mkdir(parents=True)
        (stage.path / "fr/a/index.html").write_text("fr/a/index.html")  # the same bytes
        (stage.path / "fr/c").mkdir(parents=True)
        (stage.path / "fr/c/index.html").write_text("new")
        # fr/b and en/a kept (produced, not written); old.html no longer produced.
        stage.commit(["fr/b/index.html", "en/a/index.html"], [recorder])
    assert recorder.given == recorder.staged == {
        "fr/a/index.html", "fr/b/index.html", "fr/c/index.html", "en/a/index.html"}
    assert sorted(p.relative_to(final).as_posix() for p in final.rglob("*.html")) == [
        "en/a/index.html", "fr/a/index.html", "fr/b/index.html", "fr/c/index.html"]
