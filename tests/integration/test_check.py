"""`invoke check` on a broken copy of the sample site: one line per problem, in French by
default and in English on demand, paths as typed and exact lines; the build says the same."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from griot.core.errors import BuildError
from griot.preview.check import main as check
from tests.broken import break_sample
from tests.conftest import PREVIEW, PUBLISH, ROOT, build

N = "\u00a0"  # French typography: a no-break space before : ? and inside « »

FRENCH = {
    "titre": f"erreur: l’en-tête n’a pas de «{N}Titre{N}» (ajoutez une ligne comme «{N}Titre"
             f"{N}: Mon titre{N}» en haut du fichier)",
    "date": f"erreur: «{N}Date{N}» «{N}28/11/2025{N}» n’est pas une date (écrivez la date sous "
            f"la forme AAAA-MM-JJ{N}: 2025-11-28)",
    "hashtag": "avertissement: #MaliSansVGB est à une ou deux lettres du hashtag de campagne "
               "#MaliSansVBG",
    "region": f"erreur: région inconnue «{N}Tombouctu{N}» (le plus proche connu{N}: tombouctou)",
    "author": f"erreur: auteur inconnu «{N}aminata{N}»",
    "site-path": "erreur: le lien /fr/2025/nexiste-pas/ ne mène à aucune page du site",
    "filename": "erreur: le lien {filename}/articles/nope.fr.md ne mène à aucun fichier "
                "(content/articles/nope.fr.md n’existe pas)",
    "suffix": f"avertissement: ce fichier est ignoré{N}: son nom ne finit pas par .md "
              "(renommez-le en x.fr.md)",
    "folder": f"avertissement: ce fichier est ignoré{N}: content/article/ n’est pas un dossier "
              "de contenu (déplacez-le vers content/articles/mauvais-dossier.fr.md)",
    "alt": f"erreur: «{N}Couverture{N}» (images/2025/fleuve-gao.jpg) demande un texte "
           f"alternatif (ajoutez «{N}Couverture_Alt: <ce que montre l’image>{N}» à l’en-tête)",
    "heic": f"erreur: image images/2025/iphone.jpg{N}: est une photo HEIC",
    "key": f"avertissement: clé d’en-tête inconnue «{N}Avertisement{N}» dans le fichier d’un "
           f"article. Vouliez-vous dire «{N}Avertissement{N}» (Content_Warning){N}?",
}
ENGLISH = {
    "titre": "error: the header has no 'Title' (add a line such as 'Title: My title' at the "
             "top of the file)",
    "date": "error: 'Date' '28/11/2025' is not a date (write the date as YYYY-MM-DD: "
            "2025-11-28)",
    "hashtag": "warning: #MaliSansVGB is one or two letters away from the campaign hashtag "
               "#MaliSansVBG",
    "region": "error: unknown region 'Tombouctu' (closest known: tombouctou)",
    "author": "error: unknown author 'aminata'",
    "site-path": "error: the link /fr/2025/nexiste-pas/ leads to no page of the site",
    "filename": "error: the link {filename}/articles/nope.fr.md leads to no file "
                "(content/articles/nope.fr.md does not exist)",
    "suffix": "warning: this file is ignored: its name does not end in .md (rename it to "
              "x.fr.md)",
    "folder": "warning: this file is ignored: content/article/ is not a content folder (move "
              "it to content/articles/mauvais-dossier.fr.md)",
    "alt": "error: 'Cover' (images/2025/fleuve-gao.jpg) needs a text alternative (add "
           "'Cover_Alt: <what the image shows>' to the header)",
    "heic": "error: image images/2025/iphone.jpg: is a HEIC photo",
    "key": "warning: unknown header key 'Avertisement' in an article file. Did you mean "
           "'Avertissement' (Content_Warning)?",
}


@pytest.fixture
def broken(sample_copy, monkeypatch):
    """The broken sample in tmp_path/content, tmp_path the working folder."""
    cases = break_sample(sample_copy)
    monkeypatch.chdir(sample_copy)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return sample_copy, cases


def run_check(*args, **kwargs) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = check(PREVIEW, *args, out=out, **kwargs)
    return code, out.getvalue().splitlines()


def line_for(lines: list[str], path: str, line: int | None, text: str) -> str:
    where = f"{path}:{line}: " if line else f"{path}: "
    found = [x for x in lines if x.startswith(where + text)]
    assert len(found) == 1, (where + text, lines)
    return found[0]


def test_every_bad_input_gets_one_line_in_french_at_its_file_and_line(broken, monkeypatch):
    monkeypatch.delenv("GRIOT_MESSAGES_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language: the site's first, French
    _, cases = broken
    code, lines = run_check("content")
    assert code == 1
    for case, (path, line) in cases.items():
        line_for(lines, path, line, FRENCH[case])
    assert not any("content/content" in x for x in lines)
    paths = [x.split(": ", 1)[0].rsplit(":", 1)[0] if x.split(": ", 1)[0][-1].isdigit()
             else x.split(": ", 1)[0] for x in lines[:-1]]
    assert paths == sorted(paths)  # file by file, in a stable order
    assert lines[-1].startswith("8 erreur(s), ")
    assert all("\n" not in x and "fix:" not in x for x in lines)


def test_english_with_lang_and_with_the_terminal_s_language(broken, monkeypatch):
    _, cases = broken
    monkeypatch.delenv("GRIOT_MESSAGES_LANG")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    _, english = run_check("content", lang="en")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    _, from_terminal = run_check("content")
    assert english == from_terminal
    for case, (path, line) in cases.items():
        line_for(english, path, line, ENGLISH[case])
    assert english[-1].startswith("8 error(s), ")


def test_the_path_is_the_one_the_blogger_typed(broken, monkeypatch, tmp_path):
    site, _ = broken
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    _, lines = run_check("../content")
    line_for(lines, "../content/articles/2025/date-francaise.fr.md", 2, ENGLISH["date"])
    _, lines = run_check(str(site / "content"))
    line_for(lines, f"{site}/content/articles/2025/date-francaise.fr.md", 2, ENGLISH["date"])


def test_a_link_to_nothing_never_suggests_its_own_page(broken):
    _, lines = run_check("content")
    [line] = [x for x in lines if x.startswith("content/articles/2025/liens-morts.fr.md:5: ")]
    assert "/fr/2025/liens-morts/" not in line


def test_github_actions_also_gets_annotations(broken, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, lines = run_check("content")
    annotations = [x for x in lines if x.startswith("::")]
    assert "::error file=content/articles/2025/date-francaise.fr.md,line=2::'Date' " \
           "'28/11/2025' is not a date (write the date as YYYY-MM-DD: 2025-11-28)" in annotations
    assert any(x.startswith("::warning file=content/articles/2025/x.fr.md.txt::") for x in
               annotations)
    plain = [x for x in lines if not x.startswith("::")][:-1]
    assert len(annotations) == len(plain)


def test_the_order_is_stable_and_nothing_is_said_twice(broken):
    _, first = run_check("content")
    _, second = run_check("content")
    assert first == second
    assert len(first) == len(set(first))


def test_only_the_files_asked_for_are_reported(broken):
    code, lines = run_check("content", files=["content/articles/2025/x.fr.md.txt"])
    assert code == 0 and len(lines) == 2 and lines[0].startswith("content/articles/2025/x.fr")


def test_the_sample_site_has_no_error():
    code, lines = run_check(str(ROOT / "content"))
    assert code == 0, lines
    assert lines[-1].startswith("0 error(s)")


def test_the_build_prints_the_same_lines(broken, capsys):
    site, cases = broken
    _, lines = run_check("content")
    with pytest.raises(BuildError) as err:
        build(site, settings_file=PREVIEW)
    errors = [x for x in lines if ": error: " in x]
    built = str(err.value).splitlines()[1:]
    assert built == errors
    warned = capsys.readouterr().err.splitlines()
    for case in ("hashtag", "suffix", "folder", "key"):
        path, line = cases[case]
        line_for(warned, path, line, ENGLISH[case])


def test_the_pelican_command_prints_one_unwrapped_line_per_problem(broken):
    site, cases = broken
    env = {**os.environ, "COLUMNS": "80", "GRIOT_MESSAGES_LANG": "fr"}
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", PUBLISH, "-o", str(site / "out")],
        cwd=site, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).splitlines()
    for case in ("titre", "date", "region", "author", "site-path", "filename", "alt"):
        path, line = cases[case]
        line_for(lines, path, line, FRENCH[case])
    assert not any(".py:" in x for x in lines), lines  # no Python file names in the margin
    assert not (site / "out").exists()
