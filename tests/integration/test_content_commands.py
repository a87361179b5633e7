"""invoke new, invoke status and invoke publish's checks, as a blogger or an editor runs them."""

from __future__ import annotations

import io
import subprocess

import pytest

from griot.core.problems import line_in
from griot.preview.content import new, status
from griot.preview.publish import preflight
from tests.conftest import PREVIEW, article, build, write_tree

N = "\u00a0"


def run(command, *args, **kwargs) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = command(PREVIEW, *args, out=out, **kwargs)
    return code, out.getvalue().splitlines()


def test_new_creates_the_article_and_its_translation_dated_by_the_site_clock(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIOT_NOW", "2026-03-08 09:15")
    code, lines = run(new, "Journée des femmes à Ségou", "fr", "en", "MaliSansVBG, #AntiDiscri",
                      "segou", "mariam", content="content")
    assert code == 0
    assert lines[:2] == ["content/articles/2026/journee-des-femmes-a-segou.fr.md",
                         "content/articles/2026/journee-des-femmes-a-segou.en.md"]
    french = (tmp_path / lines[0]).read_text(encoding="utf-8")
    assert french.splitlines()[:8] == [
        "Titre: Journée des femmes à Ségou", "Date: 2026-03-08 09:15", "Auteur: mariam",
        "Hashtags: #MaliSansVBG, #AntiDiscri", "Région: segou", "Statut: brouillon",
        "Clé_Traduction: journee-des-femmes-a-segou", ""]
    english = (tmp_path / lines[1]).read_text(encoding="utf-8")
    assert "Status: draft" in english and "Translation_Key: journee-des-femmes-a-segou" in english
    # The files build: a draft pair in the preview, nothing in production.
    out = build(tmp_path, settings_file=PREVIEW)
    assert (out / "fr/2026/journee-des-femmes-a-segou/index.html").is_file()
    assert (out / "en/2026/journee-des-femmes-a-segou/index.html").is_file()
    out = build(tmp_path, tmp_path / "published")
    assert not (out / "fr/2026/journee-des-femmes-a-segou").exists()


def test_new_refuses_a_file_that_exists_and_a_language_the_site_lacks(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.chdir(tmp_path)
    assert run(new, "Un titre", content="content")[0] == 0
    before = (tmp_path / "content/articles/2026/un-titre.fr.md").read_text(encoding="utf-8")
    assert run(new, "Un titre", content="content", message_lang="fr")[0] == 1
    assert capsys.readouterr().err.strip() == (
        f"content/articles/2026/un-titre.fr.md existe déjà{N}: choisissez un autre titre, ou "
        "ouvrez-le")
    assert (tmp_path / "content/articles/2026/un-titre.fr.md").read_text("utf-8") == before
    assert run(new, "Another", "de", content="content", message_lang="en")[0] == 1
    assert capsys.readouterr().err.strip() == "'de' is not one of the site's languages (fr, en)"


STATUS_SITE = {
    "content/authors/mariam.fr.md": "Title: Mariam\n\nBio.\n",
    "content/campaigns/malisansvbg.fr.md": "Hashtag: MaliSansVBG\nTitle: Mali sans VBG\n\nx\n",
    "content/campaigns/malisansvbg.en.md": "Hashtag: MaliSansVBG\nTitle: Mali without GBV\n\nx\n",
    "content/articles/a.fr.md": article("Original", "2025-01-10", Modified="2025-03-01"),
    "content/articles/a.en.md": article("Stale translation", "2025-01-10",
                                        Modified="2025-02-01"),
    "content/articles/b.fr.md": article("Brouillon", "2025-02-01", Status="draft"),
    "content/articles/c.fr.md": article("Programmé", "2027-01-15 08:00"),
    "content/articles/d.fr.md": article("Seul", "2025-02-02",
                                        body="Premier.\n\nRejoignez #MaliSansVGB."),
}


def test_status_lists_drafts_scheduled_missing_and_outdated_translations_and_near_misses(
        tmp_path, monkeypatch):
    write_tree(tmp_path, STATUS_SITE)
    monkeypatch.chdir(tmp_path)
    code, lines = run(status, "content", "fr")
    assert code == 0
    assert lines == [
        f"Brouillons (1){N}:",
        "  content/articles/b.fr.md: Brouillon",
        f"Programmés (1){N}:",
        "  content/articles/c.fr.md: 15 janvier 2027 08:00 — Programmé",
        f"Traductions manquantes (3){N}:",
        "  content/articles/b.fr.md: pas encore de version anglaise de cet article",
        "  content/articles/c.fr.md: pas encore de version anglaise de cet article",
        "  content/articles/d.fr.md: pas encore de version anglaise de cet article",
        f"Traductions plus anciennes que leur original (1){N}:",
        "  content/articles/a.en.md (1 février 2025 00:00) est plus ancien que "
        "content/articles/a.fr.md (1 mars 2025 00:00)",
        f"Hashtags à une ou deux lettres d’une campagne (1){N}:",
        "  content/articles/d.fr.md:7: avertissement: #MaliSansVGB est à une ou deux lettres du "
        "hashtag de campagne #MaliSansVBG (écrivez #MaliSansVBG si vous pensiez à la campagne "
        "(GRIOT_STRICT en fait une erreur))",
    ]
    _, english = run(status, "content", "en")
    assert english[2:4] == ["Scheduled (1):",
                            "  content/articles/c.fr.md: 15 January 2027 08:00 — Programmé"]


def test_status_reads_the_git_history(tmp_path, monkeypatch):
    """The translation was edited in git after its header's Modified: git says it is newer."""
    write_tree(tmp_path, STATUS_SITE)
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "add", "."], check=True)
    env = {"GIT_COMMITTER_DATE": "2025-04-01T10:00:00+00:00",
           "GIT_AUTHOR_DATE": "2025-04-01T10:00:00+00:00"}
    subprocess.run([*git, "commit", "-qm", "all"], check=True,
                   env={**__import__("os").environ, **env})
    _, lines = run(status, "content", "en")
    assert "Translations older than their original (0):" in lines


@pytest.mark.parametrize("environ, tools, expected", [
    ({}, {}, ["error: rsync is not installed", "error: no upload target is set",
              "error: GRIOT_SITEURL is not set"]),
    ({"GRIOT_RSYNC_TARGET": "me@host:/srv/", "GRIOT_SITEURL": "https://voixdumali.example.org"},
     {"rsync": "/usr/bin/rsync"}, ["error: GRIOT_SITEURL 'https://voixdumali.example.org' is "
                                   "the example domain"]),
    ({"GRIOT_RSYNC_TARGET": "me@host:/srv/", "GRIOT_SITEURL": "voixdumali.ml"},
     {"rsync": "/usr/bin/rsync"}, ["error: GRIOT_SITEURL 'voixdumali.ml' is not an address"]),
])
def test_publish_checks_tools_and_settings_before_building(environ, tools, expected):
    plan, problems = preflight(None, environ, tools.get)
    assert plan is None
    lines = [line_in(p, "en") for p in problems]
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), line


def test_publish_says_what_it_will_do():
    from griot.core.problems import localize
    from griot.preview.publish import announce

    plan, problems = preflight("me@host:/srv/", {"GRIOT_SITEURL": "https://voixdumali.ml/"},
                               {"rsync": "/usr/bin/rsync"}.get)
    assert problems == [] and plan.siteurl == "https://voixdumali.ml"
    assert localize(announce(plan, "output"), "fr") == (
        f"publication{N}: 1. vérifier le contenu, 2. le construire pour https://voixdumali.ml "
        "(publishconf.py), 3. envoyer output/ vers me@host:/srv/ avec rsync (les fichiers "
        "retirés du site y sont supprimés aussi)")


def test_publish_refuses_content_with_errors_and_builds_nothing(tmp_path, monkeypatch, capsys):
    import shutil

    from invoke import Context, Exit

    import tasks

    write_tree(tmp_path, {"content/articles/a.fr.md": "Titre: T\nAuteur: m\n\nx\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIOT_SITEURL", "https://voixdumali.ml")
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(tasks, "_build", lambda *a: pytest.fail("built content with errors"))
    with pytest.raises(Exit):
        tasks.publish(Context(), target=str(tmp_path / "dest"), lang="en")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("publishing: 1. check the content")
    assert "content/articles/a.fr.md:1: error: the header has no 'Date'" in out
    assert not (tmp_path / "dest").exists()
