"""A reader on a 360x740 phone (device scale 1, 2 and 3), in Debian's Chromium: the quick exit
is always there and Back never shows the article again; covers fit the first screen and the
phone's density; search finds articles of the page's language; share links are real URLs;
everything navigates without JavaScript; and the page weight stays within budget."""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.browser import harness
from tests.htmlparse import html_files, url_of

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PORTRAIT = "fr/2025/radio-contre-les-violences/"  # its cover is a portrait photo (1800x2400)
TRANSFER_BUDGET = 80 * 1024  # everything the heaviest article transfers at 2x, images included
SCREENS = {"home": "fr/", "article": PORTRAIT, "search": "fr/search/?q=radio",
           "404": "404.html"}


@contextmanager
def phone(browser, scale: float = 1, js: bool = True, **options):
    """A page in a fresh 360x740 browser context, closed (with its context) afterwards."""
    page = harness.new_page(browser, js=js, viewport=PHONE, device_scale_factor=scale,
                            **options)
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        page.context.close()


def articles(out) -> list[str]:
    return [url_of(out, f) for f in html_files(out)
            if len(f.relative_to(out).parts) == 4 and f.relative_to(out).parts[1].isdigit()]


# ------------------------------------------------------------------------------ quick exit

@pytest.mark.parametrize("scale", [1, 2, 3])
def test_quick_exit_and_help_stay_in_view_at_the_bottom(served, browser, scale):
    base_url, _ = served
    with phone(browser, scale) as page:
        page.goto(f"{base_url}/{PORTRAIT}")
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        assert page.evaluate("() => window.scrollY") > 740  # really scrolled
        for selector in ("a.quick-exit", "a.help-link"):
            box = page.locator(selector).bounding_box()
            assert box and 0 <= box["y"] < 5 and box["height"] >= 44, (selector, box)
        assert page.locator("a.help-link").get_attribute("href").endswith("/fr/aide/")


def test_shift_three_times_leaves_and_shift_a_does_not(served, browser, exit_site):
    base_url, _ = served
    with phone(browser) as page:
        page.goto(f"{base_url}/{PORTRAIT}")
        for _ in range(3):
            page.keyboard.press("Shift+A")
        page.wait_for_timeout(200)
        assert page.url == f"{base_url}/{PORTRAIT}"
        exit_link = page.locator("a.quick-exit")
        page.keyboard.press("Shift")
        assert exit_link.get_attribute("data-presses") == "1"
        assert page.locator(".exit-presses").is_visible()  # the press is shown...
        status = page.locator("[data-exit-status]")
        assert "2" in status.inner_text()  # ...and announced ("press it 2 more times")
        assert status.get_attribute("aria-live") == "polite"
        page.keyboard.press("Shift")
        assert exit_link.get_attribute("data-presses") == "2"
        with page.expect_navigation(url=exit_site):
            page.keyboard.press("Shift")


def test_back_after_leaving_shows_neither_the_article_nor_its_card(served, browser, exit_site):
    """Home, then the article (its card is on the home page), then the quick exit, then Back:
    the reader must land on the neutral page again, never on the home page showing the card."""
    base_url, out = served
    with phone(browser) as page:
        page.goto(f"{base_url}/fr/")
        card = page.locator("article.card h2 a").first
        heading = card.inner_text()
        card.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == heading
        with page.expect_navigation(url=exit_site):
            page.locator("a.quick-exit").click()
        seen: list[str] = []
        page.on("framenavigated", lambda frame: seen.append(frame.url))
        page.go_back(wait_until="commit")
        page.wait_for_url(exit_site)
        page.wait_for_load_state("load")
        assert page.url == exit_site
        assert heading not in page.content() and heading not in page.title()
        # The home page may be fetched again, but it never stays: it is replaced before paint.
        assert seen[-1] == exit_site


def test_quick_exit_is_not_printed_and_links_show_their_url(served, browser):
    base_url, _ = served
    with phone(browser) as page:
        page.goto(f"{base_url}/fr/2025/atelier-ecrire-sans-nuire/")
        page.emulate_media(media="print")
        for selector in (".exit-bar", "nav.menu", ".share", ".republish"):
            assert not page.locator(selector).is_visible(), selector
        after = page.evaluate("""() => getComputedStyle(document.querySelector(
            '.body a[href^="http"], .body a[href^="/"]'), '::after').content""")
        assert "http" in after or "/" in after


# ------------------------------------------------------------------------------ navigation

def test_menu_is_one_line_with_tap_targets(served, browser):
    base_url, _ = served
    with phone(browser) as page:
        for url in ("fr/", "en/", PORTRAIT, "fr/regions/"):
            page.goto(f"{base_url}/{url}")
            items = page.locator("nav.menu a")
            assert items.count() == 4
            boxes = [items.nth(i).bounding_box() for i in range(4)]
            assert len({round(b["y"]) for b in boxes}) == 1, (url, boxes)  # one line
            assert all(b["height"] >= 44 and b["x"] + b["width"] <= 360 for b in boxes), boxes
            for selector in ("ul.terms a", ".share a", ".campaigns a", "footer.site-footer a"):
                for i in range(page.locator(selector).count()):
                    box = page.locator(selector).nth(i).bounding_box()
                    assert box["height"] >= 44, (url, selector, i, box)


def test_every_page_navigates_without_javascript(served, browser):
    base_url, _ = served
    with phone(browser, js=False) as page:
        page.goto(f"{base_url}/fr/")
        page.click("nav.menu >> text=Recherche")
        assert page.url == f"{base_url}/fr/search/"
        page.fill("#q", "radio")
        page.click("form.search-form button")  # no script: the form reloads the page...
        assert page.url.startswith(f"{base_url}/fr/search/?q=radio")
        page.click("ul.browse >> text=Régions")  # ...which lists the indexes
        assert page.url == f"{base_url}/fr/regions/"
        page.click("ul.terms a >> nth=0")
        assert "/fr/regions/" in page.url
        page.click("article.card h2 a >> nth=0")
        assert re.search(r"/fr/\d{4}/", page.url)
        page.click("footer.site-footer >> text=À propos")
        assert page.url == f"{base_url}/fr/a-propos/"
        page.goto(f"{base_url}/nulle-part/")
        page.goto(f"{base_url}/404.html")
        page.click('section[lang="en"] >> text=Get help')
        assert page.url == f"{base_url}/en/get-help/"


# ------------------------------------------------------------------------------ images

@pytest.mark.parametrize(("scale", "widest"), [(1, 480), (2, 800), (3, 1080)])
def test_portrait_cover_fits_the_first_screen_and_the_density(served, browser, scale, widest):
    base_url, _ = served
    with phone(browser, scale) as page:
        page.goto(f"{base_url}/{PORTRAIT}")
        page.wait_for_load_state("networkidle")
        cover = page.locator(".cover img")
        box = cover.bounding_box()
        assert box["height"] <= box["width"] * 3 / 4 + 1  # never taller than 4:3
        picked = page.evaluate("() => document.querySelector('.cover img').currentSrc")
        width = int(re.search(r"-(\d+)\.\w+$", picked).group(1))
        assert width <= widest, picked
        first = page.locator(".entry .body p").first.bounding_box()
        assert first["y"] < 740, first


# ------------------------------------------------------------------------------ search

def test_search_loads_the_index_only_when_used_and_stays_in_its_language(served, browser):
    base_url, _ = served
    with phone(browser) as page:
        log = harness.RequestLog().attach(page.context)
        page.goto(f"{base_url}/fr/search/")
        page.wait_for_load_state("networkidle")
        assert not [u for u in log.urls if "/pagefind/" in u]  # nothing until a search
        page.fill("#q", "violences")
        page.click("form.search-form button")
        page.wait_for_selector("[data-search-results] li")
        hrefs = [urlsplit(a).path for a in page.eval_on_selector_all(
            "[data-search-results] a", "els => els.map(a => a.href)")]
        assert hrefs and all(h.startswith("/fr/") for h in hrefs), hrefs
        assert "/fr/2025/radio-contre-les-violences/" in hrefs
        assert [u for u in log.urls if "/pagefind/" in u]
        assert log.foreign(base_url) == []
        page.goto(f"{base_url}/en/search/?q=violences")
        page.wait_for_selector("[data-search-status]:not(:empty)")
        hrefs = [urlsplit(a).path for a in page.eval_on_selector_all(
            "[data-search-results] a", "els => els.map(a => a.href)")]
        assert all(h.startswith("/en/") for h in hrefs), hrefs


def test_drafts_are_not_in_the_index(served):
    _, out = served
    assert (out / "pagefind/pagefind-entry.json").is_file()
    assert not (out / "fr/2026/brouillon").exists()


# ------------------------------------------------------------------------------ sharing

def test_share_links_are_urls_holding_the_canonical_url(served, browser):
    base_url, out = served
    with phone(browser) as page:
        for url in articles(out)[:6]:
            page.goto(f"{base_url}/{url}")
            canonical = page.locator('link[rel="canonical"]').get_attribute("href")
            assert canonical == f"{base_url}/{url}"
            links = page.locator(".share a")
            assert links.first.get_attribute("class") == "share-whatsapp"
            for i in range(links.count()):
                href = links.nth(i).get_attribute("href")
                parts = urlsplit(href)
                assert parts.scheme in ("https", "mailto") and not parts.fragment, href
                values = [unquote(v) for vs in parse_qs(parts.query).values() for v in vs]
                assert any(canonical in v for v in values), href


# ------------------------------------------------------------------------------ weight

def test_heaviest_article_transfers_at_most_80_kb_at_2x(served, browser):
    base_url, out = served
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    try:
        totals = {}
        for url in articles(out):
            page = context.new_page()
            totals[url] = sum(harness.transferred(page, f"{base_url}/{url}").values())
            page.close()
    finally:
        context.close()
    heaviest = max(totals, key=totals.get)
    assert totals[heaviest] <= TRANSFER_BUDGET, (heaviest, totals[heaviest])


# ------------------------------------------------------------------------------ screenshots

@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screenshots_at_360_px(served, browser, artefacts, name):
    """What a person should look at: written to the artefacts folder for every run."""
    base_url, _ = served
    with phone(browser) as page:
        page.goto(f"{base_url}/{SCREENS[name]}")
        page.wait_for_load_state("networkidle")
        if name == "search":
            page.wait_for_selector("[data-search-results] li")
        path = artefacts / f"{name}-360.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 1000
