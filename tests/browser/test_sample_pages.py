"""The sample site in a real Chromium: valid HTML, accessible, light, private, and usable
without JavaScript; the quick exit and the language chooser behave as designed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import harness
from tests.conftest import PUBLISH, article, build, write_tree
from tests.htmlparse import html_files, url_of

pytestmark = pytest.mark.browser

KEY_PAGES = ["", "fr/", "en/", "fr/aide/", "en/get-help/", "404.html", "fr/search/", "en/search/",
             "fr/regions/", "fr/a-propos/",
             "fr/2025/bilan-16-jours-2025/", "en/2024/albinism-breaking-the-myths/",
             "fr/2025/loi-des-30-pour-cent-tombouctou/", "fr/hashtags/", "fr/hashtags/malisansvbg/",
             "en/hashtags/egalitefemmeshommes/", "en/regions/tombouctou/", "fr/authors/mariam/"]
BUDGET = 20 * 1024  # an article page, gzip: HTML + CSS + JS, images aside


def existing(out: Path, urls: list[str]) -> list[str]:
    def file(url: str) -> Path:
        return out / (url + "index.html" if url == "" or url.endswith("/") else url)

    return [url for url in urls if file(url).exists()]


def test_every_page_is_valid_html(served, vnu):
    _, out = served
    errors = vnu(html_files(out))
    assert errors == [], harness.format_vnu(errors, out)


@pytest.mark.parametrize(("js", "scheme"), [(True, "light"), (False, "light"), (True, "dark")],
                         ids=["js", "nojs", "dark"])
def test_key_pages_are_accessible(served, browser, axe, js, scheme):
    base_url, out = served
    page = harness.new_page(browser, js=js, color_scheme=scheme,
                            viewport={"width": 360, "height": 740})
    try:
        for url in existing(out, KEY_PAGES[1:]):  # the chooser redirects with JS: checked below
            page.goto(f"{base_url}/{url}")
            violations = axe(page)
            assert violations == [], f"/{url}: " + harness.format_axe(violations)
    finally:
        page.context.close()


def test_no_request_to_another_host_and_no_cookie(served, browser):
    base_url, out = served
    page = harness.new_page(browser, js=True)
    log = harness.RequestLog().attach(page)
    try:
        for url in existing(out, KEY_PAGES):
            page.goto(f"{base_url}/{url}")
            page.wait_for_load_state("networkidle")
        assert log.urls, "the log must have seen the pages' own requests"
        assert log.foreign(base_url) == []
        assert page.context.cookies() == []
        assert page.evaluate("document.cookie") == ""
    finally:
        page.context.close()


def test_article_pages_fit_the_budget(served):
    base_url, out = served
    articles = [url_of(out, f) for f in html_files(out)
                if len(f.relative_to(out).parts) == 4 and f.relative_to(out).parts[1].isdigit()]
    assert len(articles) >= 20
    # The site links its CSS and JS with its absolute URL: they count, not only the HTML.
    kinds = {kind for kind, _ in harness.page_resources(out, "/" + articles[0], base_url)}
    assert kinds == {"html", "css", "js"}
    weights = {url: harness.page_weight(out, "/" + url, site_url=base_url) for url in articles}
    assert max(weights.values()) <= BUDGET, sorted(weights.items(), key=lambda kv: -kv[1])[:3]


def test_pages_work_without_javascript(served, page_nojs, exit_site):
    base_url, _ = served
    page_nojs.goto(f"{base_url}/")
    assert page_nojs.url == f"{base_url}/"  # no script: the chooser stays, with its links
    page_nojs.click('ul.chooser a[hreflang="en"]')
    assert page_nojs.url == f"{base_url}/en/"
    page_nojs.click("article.card h2 a >> nth=0")
    assert "/en/20" in page_nojs.url
    exit_link = page_nojs.locator("a.quick-exit")
    assert exit_link.get_attribute("href") == exit_site
    box = exit_link.bounding_box()
    assert box and box["y"] < 10  # first thing on the page


def test_quick_exit_blanks_the_page_then_leaves(served, page, exit_site):
    base_url, _ = served
    EXIT_HOST = exit_site  # noqa: N806 - the neutral page on another origin
    page.goto(f"{base_url}/fr/aide/")
    assert page.locator("a.quick-exit").inner_text() == "Quitter la page"
    with page.expect_navigation():
        page.click("a.quick-exit")
    assert page.url.startswith(EXIT_HOST)
    page.goto(f"{base_url}/fr/aide/")
    with page.expect_navigation():
        for _ in range(3):
            page.keyboard.press("Shift")
    assert page.url.startswith(EXIT_HOST)
    # location.replace: Back does not return to the page the reader left.
    page.go_back()
    assert not page.url.endswith("/fr/aide/")


def test_the_chooser_follows_the_browser_language(served, browser):
    base_url, _ = served
    for locale, expected in (("en-GB", f"{base_url}/en/"), ("fr-ML", f"{base_url}/fr/"),
                             ("de-DE", f"{base_url}/")):
        page = harness.new_page(browser, js=True, locale=locale)
        try:
            page.goto(f"{base_url}/")
            page.wait_for_load_state("load")
            assert page.url == expected, locale
        finally:
            page.context.close()


CSP_LOG = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_the_content_security_policy_blocks_nothing_of_the_sites_own(served, browser):
    """Every page's policy allows the site's own script, style and images (and the chooser's
    redirect, which is in griot.js), and nothing a page of the sample site needs is refused."""
    base_url, out = served
    page = harness.new_page(browser, js=True, locale="en-GB")
    page.add_init_script(CSP_LOG)
    try:
        for url in existing(out, KEY_PAGES[1:]):
            page.goto(f"{base_url}/{url}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], url
            assert page.evaluate("getComputedStyle(document.body).margin") != "8px", url
        # An inline script, as a body smuggled past the sanitiser would carry, does not run.
        page.goto(f"{base_url}/fr/")
        ran = page.evaluate("""() => { const s = document.createElement("script");
            s.textContent = "window.__ran = true"; document.body.appendChild(s);
            return window.__ran === true; }""")
        assert ran is False
        assert any("script-src" in v for v in page.evaluate("window.__csp"))
    finally:
        page.context.close()


def test_the_live_reload_script_runs_under_the_policy(tmp_path, browser):
    site = write_tree(tmp_path, {"content/articles/a.fr.md": article("Bonjour"),
                                 "content/pages/aide.fr.md": "Title: Aide\n\nAide.\n"})
    out = tmp_path / "output"
    out.mkdir()
    with harness.serve(out) as base_url:
        build(site, out, PUBLISH, SITEURL=base_url, GRIOT_LIVERELOAD=True, GRIOT_WORKERS=1)
        page = harness.new_page(browser, js=True)
        page.add_init_script(CSP_LOG)
        try:
            # The script runs (connect-src allows its own site's event stream).
            with page.expect_request(f"{base_url}/_griot/events"):
                page.goto(f"{base_url}/fr/")
            assert page.evaluate("window.__csp") == []
        finally:
            page.context.close()
