"""A blogger's file can make no build crawl: limits with clear errors (and settings to raise
them), and a build whose cost grows linearly with what it is given."""

from __future__ import annotations

import resource

import pytest

from griot.core.errors import BuildError
from tests.conftest import article

BASE = {f"content/articles/a{i}.fr.md": article(f"Article {i}", Hashtags="#MaliSansVBG")
        for i in range(3)}


@pytest.mark.parametrize("text, expected", [
    (article("T" * 301), ["a.fr.md:1: error: 'Title' is 301 characters long; the limit is 300",
                          "GRIOT_MAX_TITLE_LENGTH"]),
    (article("T", Summary="s" * 2001), ["a.fr.md:4: error: 'Summary' is 2001 characters long",
                                        "GRIOT_MAX_HEADER_LENGTH"]),
    (article("T", Hashtags=" ".join(f"#t{i}" for i in range(31))),
     ["a.fr.md:4: error: this article has 31 hashtags", "the limit is 30", "GRIOT_MAX_HASHTAGS"]),
    (article("T", body=" ".join(f"#t{i}" for i in range(31))),
     ["this article has 31 hashtags (in its header and text)"]),
    (article("T", body="x" * 1_000_001), ["a.fr.md: error: the file is 1,000,0",
                                          "the limit is 1,000,000", "GRIOT_MAX_FILE_BYTES"]),
    (article("T", body="Début.\n\n" + "> " * 100 + "x"),
     ["a.fr.md:7: error: the text is nested too deeply"]),
    (article("T", body="\n".join("    " * i + "- x" for i in range(400))),
     ["a.fr.md:70: error: the text is nested too deeply"]),
])
def test_limits_stop_the_build_with_a_clear_message(make_site, build_site, text, expected):
    site = make_site({**BASE, "content/articles/a.fr.md": text})
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=1)
    for part in expected:
        assert part in str(err.value)
    assert "pelican --debug" not in str(err.value)


def test_the_settings_raise_the_limits(make_site, build_site):
    site = make_site({**BASE, "content/articles/a.fr.md": article(
        "T" * 400, Hashtags=" ".join(f"#t{i}" for i in range(40)))})
    out = build_site(site, GRIOT_WORKERS=1, GRIOT_MAX_TITLE_LENGTH=500, GRIOT_MAX_HASHTAGS=50)
    assert (out / "fr/hashtags/t39/index.html").is_file()


def test_a_bad_limit_setting_is_refused(make_site, build_site):
    from griot.core.errors import SettingsError

    with pytest.raises(SettingsError) as err:
        build_site(make_site(BASE), GRIOT_MAX_HASHTAGS=0)
    assert "GRIOT_MAX_HASHTAGS: Expected a whole number of at least 1, but received: 0" in str(
        err.value)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (workers, the search indexer):
    unlike wall time, it hardly moves when other work shares the machine's cores."""
    own, children = (resource.getrusage(who)
                     for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _fastest(build_site, site, runs: int = 2, **settings) -> float:
    best = float("inf")
    for run in range(runs):
        out = site / f"out-{run}"  # a cold build each time: its own output and caches
        started = _cpu_seconds()
        build_site(site, out, GRIOT_WORKERS=1, **settings)
        best = min(best, _cpu_seconds() - started)
    return best


def test_a_huge_title_and_body_cost_a_few_normal_builds(tmp_path, build_site):
    """A 100 KB title without a space (the social card's line breaking was quadratic: 12,000
    letters took 28 s) and a 1 MB body, with the limits raised, against the same site at a
    tenth of that size and against a normal site: ratios of CPU time measured in this run, never an
    absolute time. Linear costs give about 10 between the two scales (less, as every build has
    fixed costs); quadratic ones gave 100 and more."""
    from tests.conftest import write_tree

    para = ("Les femmes du Mali s'organisent contre les violences, et les radios locales "
            "relaient leurs voix. ") * 10 + "\n\n"

    def site(name: str, title: str, body: str):
        return write_tree(tmp_path / name, {**BASE, "content/articles/huge.fr.md": article(
            title, Hashtags="#MaliSansVBG", body=body)})

    normal = site("normal", "Titre", para)
    tenth = site("tenth", "T" * 10_000, para * (100_000 // len(para)))
    huge = site("huge", "T" * 100_000, para * (1_000_000 // len(para)))
    limits = {"GRIOT_MAX_TITLE_LENGTH": 200_000, "GRIOT_MAX_FILE_BYTES": 2_000_000}
    _fastest(build_site, normal, runs=1)  # imports, fonts, templates: paid once, before timing
    base = _fastest(build_site, normal, **limits)
    small = _fastest(build_site, tenth, **limits)
    big = _fastest(build_site, huge, **limits)
    assert big < 15 * small, f"{big:.2f} s at full size, {small:.2f} s at a tenth"
    # Most of what is left is Python-Markdown converting 1 MB (about 2 s a megabyte here).
    assert big < 12 * base, f"{big:.2f} s against {base:.2f} s for a normal site"
    page = (huge / "out-0/fr/2025/huge/index.html").read_text(encoding="utf-8")
    assert "T" * 100_000 in page
    assert list((huge / "out-0").rglob("*.jpg")) or list((huge / "out-0").rglob("*.png"))
