"""One line per problem, in the blogger's language, from the `griot` gettext domain."""

from __future__ import annotations

import logging
import pickle

from babel.messages.extract import extract_from_dir

from griot.core import problems
from griot.core.problems import Problem, T, annotation, line_in, localize, message_language


def test_every_message_in_the_code_has_a_french_translation():
    ids = {message for _, _, message, *_ in extract_from_dir(
        str(problems.LOCALE_DIR.parent), method_map=[("**.py", "python")],
        keywords={"T": None}) if isinstance(message, str)}
    french = problems.catalog("fr")
    assert len(ids) > 100
    assert sorted(ids - set(french)) == []
    for msgid in ids:  # the same fields, so a translation can never fail to format
        assert sorted(_fields(msgid)) == sorted(_fields(french[msgid])), msgid


def _fields(template: str) -> list[str]:
    import string
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_a_text_is_its_english_and_translates_with_its_values():
    text = T("unknown region '{value}'", value="Tombouctu")
    assert text == "unknown region 'Tombouctu'"
    assert localize(text, "fr") == "région inconnue «\u00a0Tombouctu\u00a0»"
    assert localize(text, "en") == text
    assert localize(pickle.loads(pickle.dumps(text)), "fr") == localize(text, "fr")


def test_a_problem_is_its_old_text_and_prints_as_one_line():
    problem = Problem("content/a.fr.md", T("is empty"), T("write true or false"), 3)
    assert problem == "content/a.fr.md:3: is empty\n    fix: write true or false"
    assert line_in(problem, "en") == "content/a.fr.md:3: error: is empty (write true or false)"
    assert line_in(problem, "fr") == ("content/a.fr.md:3: erreur: est vide "
                                      "(écrivez true ou false)")
    assert pickle.loads(pickle.dumps(problem)).line == 3


def test_annotations_escape_what_github_reads():
    problem = Problem("content/a,b.fr.md", "100% sure\nreally", "", 2, "warning")
    assert annotation(problem, "en") == "::warning file=content/a%2Cb.fr.md,line=2::100%25 sure " \
                                        "really"
    assert annotation(Problem("", "no file"), "en") == "::error::no file"


def test_the_language_of_messages():
    assert message_language(environ={}) == "fr"
    assert message_language(environ={"LANG": "en_US.UTF-8"}) == "en"
    assert message_language(environ={"LANG": "C.UTF-8"}, site_languages=["en"]) == "en"
    assert message_language("fr", environ={"LANG": "en_US.UTF-8"}) == "fr"
    assert message_language(environ={"LC_ALL": "fr_ML", "LANG": "en_US"}) == "fr"
    assert message_language(environ={"GRIOT_MESSAGES_LANG": "en", "LANG": "fr_FR"}) == "en"


def test_a_warning_is_printed_every_time_even_in_a_long_preview(capsys):
    """Pelican's LimitFilter drops a message seen before; Griot's problems never are."""
    import pelican.log  # noqa: F401 (installs Pelican's logger class and its filter)

    for _ in range(3):
        problems.warn(Problem("content/a.fr.md", T("is empty"), "", 1), "en")
    assert capsys.readouterr().err.splitlines() == [
        "content/a.fr.md:1: warning: is empty"] * 3
    assert not any(type(f).__name__ == "LimitFilter"
                   for f in logging.getLogger(problems.LOGGER).filters)
