"""The content repository's CI and pre-commit hook (examples/content-repo/), run for real where
they can be: the hook through the pre-commit framework on a scratch repository, the workflow's
commands on the example layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "content-repo"


@pytest.fixture
def content_repo(tmp_path):
    """A copy of the example content repository, Griot linked in as its griot/ submodule."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    (repo / "griot").symlink_to(ROOT)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GRIOT_MESSAGES_LANG": "fr", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.t"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "content", ".pre-commit-config.yaml"], cwd=repo, check=True,
                   env=env)
    return repo, env


def pre_commit(repo, env, *args):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_hook_configurations_are_valid_for_pre_commit():
    for config in (ROOT / ".pre-commit-config.yaml", EXAMPLE / ".pre-commit-config.yaml"):
        result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config",
                                 str(config)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_hook_passes_good_content_and_stops_a_broken_file_naming_its_line(content_repo):
    repo, env = content_repo
    result = pre_commit(repo, env, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = repo / "content/articles/2026/casse.fr.md"
    broken.write_text("Titre: Cassé\nDate: 28/11/2025\nAuteur: Awa Diarra\n\nx\n",
                      encoding="utf-8")
    subprocess.run(["git", "add", str(broken)], cwd=repo, check=True, env=env)
    result = pre_commit(repo, env, "run", "--files", "content/articles/2026/casse.fr.md")
    assert result.returncode != 0
    assert ("content/articles/2026/casse.fr.md:2: erreur: «\u00a0Date\u00a0» «\u00a028/11/2025"
            "\u00a0» n’est pas une date") in result.stdout


def test_the_workflow_checks_pull_requests_builds_with_cache_deploys_main_and_runs_daily():
    workflow = yaml.safe_load((EXAMPLE / ".github/workflows/site.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] == [{"cron": "15 0 * * *"}]
    jobs = workflow["jobs"]
    check_steps = [s.get("run", "") for s in jobs["check"]["steps"]]
    assert "python -m invoke -r griot check --content content" in check_steps
    build = jobs["build"]
    assert build["needs"] == "check" and "pull_request" in build["if"]
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "cache"
    assert any("preview --content content --output output --cache cache" in s.get("run", "")
               for s in build["steps"])
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_the_workflow_commands_work_on_the_example_layout(content_repo):
    repo, env = content_repo
    env = {**env, "GITHUB_ACTIONS": "true", "GRIOT_SITEURL": "https://voixdumali.ml"}
    check = subprocess.run([sys.executable, "-m", "invoke", "-r", "griot", "check", "--content",
                            "content"], cwd=repo, env=env, capture_output=True, text=True,
                           timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    build = subprocess.run([sys.executable, "-m", "invoke", "-r", "griot", "preview",
                            "--content", "content", "--output", "output", "--cache", "cache"],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (repo / "output/fr/2026/bienvenue/index.html").is_file()
    assert (repo / "output/en/2026/welcome/index.html").is_file()
    assert (repo / "cache").is_dir()
