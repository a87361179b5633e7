"""Proves each check in harness.py works and can fail, on tiny pages written here."""

from __future__ import annotations

import gzip
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.harness import (
    RequestLog,
    format_axe,
    format_vnu,
    js_enabled,
    page_resources,
    page_weight,
    page_weight_detail,
    serve,
)

pytestmark = pytest.mark.browser

FOREIGN_SCRIPT = "http://198.51.100.7/x.js"  # TEST-NET-2: documentation range, never a real host


def html(body: str, head: str = "", lang: str = "fr", title: str = "Griot") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


CLEAN_BODY = "<main>\n<h1>Bonjour</h1>\n<p>Un texte.</p>\n</main>"


# ---------------------------------------------------------------------------- serve


def test_serve_gives_index_and_404_then_stops(tmp_path: Path) -> None:
    write(tmp_path / "fr" / "index.html", html(CLEAN_BODY))
    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "/fr/", timeout=5) as response:
            assert b"<h1>Bonjour</h1>" in response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/en/", timeout=5)
        assert missing.value.code == 404
        missing.value.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/fr/", timeout=5)


def test_serve_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="nothing-here"), serve(tmp_path / "nothing-here"):
        pass


# ---------------------------------------------------------------------------- Nu Html Checker


def test_vnu_passes_valid_page_and_names_the_invalid_one(tmp_path: Path, vnu) -> None:
    good = write(tmp_path / "good.html", html(CLEAN_BODY))
    bad = write(
        tmp_path / "sub dir" / "bad.html",
        html('<p id="x">un</p>\n<p id="x">deux</p>\n<div>jamais fermé\n'),
    )
    errors = vnu([good, bad])
    report = format_vnu(errors, root=tmp_path)
    assert errors, "the checker found nothing wrong in an invalid page"
    assert {e["file"] for e in errors} == {bad.resolve()}, report
    assert all(e["type"] == "error" for e in errors), report
    messages = " | ".join(e["message"] for e in errors)
    assert "Duplicate ID" in messages, report
    assert "Unclosed element" in messages or "open elements" in messages, report
    duplicate = next(e for e in errors if "Duplicate ID" in e["message"])
    second_x = line_of(bad, '<p id="x">deux</p>')
    assert duplicate["line"] == second_x, report
    assert f"sub dir/bad.html:{second_x}:" in report


def test_vnu_warnings_only_on_request(tmp_path: Path, vnu) -> None:
    # A duplicate id also gives a warning pointing at the first occurrence.
    page = write(tmp_path / "dup.html", html('<p id="x">un</p>\n<p id="x">deux</p>'))
    with_warnings = vnu([page], warnings=True)
    kinds = {m["type"] for m in with_warnings}
    assert kinds == {"error", "warning"}, format_vnu(with_warnings)
    first = next(m for m in with_warnings if m["type"] == "warning")
    assert first["line"] == line_of(page, '<p id="x">un</p>'), format_vnu(with_warnings)
    assert "first occurrence" in first["message"]


def test_vnu_refuses_missing_file(tmp_path: Path, vnu) -> None:
    # The checker itself would skip it silently and report a clean run.
    with pytest.raises(FileNotFoundError, match="absent.html"):
        vnu([tmp_path / "absent.html"])
    assert vnu([]) == []


# ---------------------------------------------------------------------------- axe-core


def test_axe_finds_image_without_alt_and_passes_clean_page(tmp_path: Path, page, axe) -> None:
    write(tmp_path / "clean" / "index.html", html(CLEAN_BODY))
    write(
        tmp_path / "dirty" / "index.html",
        html('<main>\n<h1>Photo</h1>\n<img src="/p.png" class="cover">\n</main>'),
    )
    with serve(tmp_path) as base:
        page.goto(base + "/clean/")
        assert axe(page) == []
        page.goto(base + "/dirty/")
        violations = axe(page)
    ids = {v["id"] for v in violations}
    assert "image-alt" in ids, format_axe(violations)
    image_alt = next(v for v in violations if v["id"] == "image-alt")
    assert image_alt["impact"] == "critical"
    assert image_alt["targets"] == [".cover"] or image_alt["targets"] == ["img"], image_alt


def test_axe_respects_tags(page, axe) -> None:
    # A missing lang attribute is a WCAG 2 A failure (html-has-lang), invisible to a 'best-practice'
    # run: the tags argument reaches axe.
    page.set_content(
        "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"
    )
    assert "html-has-lang" in {v["id"] for v in axe(page)}
    assert "html-has-lang" not in {v["id"] for v in axe(page, tags=("best-practice",))}


# ---------------------------------------------------------------------------- requests


def test_request_log_catches_foreign_host(tmp_path: Path, page) -> None:
    write(
        tmp_path / "index.html",
        html(CLEAN_BODY, head=f'<script src="{FOREIGN_SCRIPT}"></script>\n'),
    )
    with serve(tmp_path) as base:
        log = RequestLog(page)
        page.goto(base + "/")
    assert log.urls[0] == base + "/"
    assert log.foreign(base) == [FOREIGN_SCRIPT]
    # Chromium was pointed at a closed local proxy: the request never left the machine.
    failures = dict(log.failed)
    assert "PROXY" in failures.get(FOREIGN_SCRIPT, ""), log.failed


def test_request_log_clean_for_self_contained_page(tmp_path: Path, page) -> None:
    write(tmp_path / "theme" / "site.css", "body { color: #111; }\n")
    write(tmp_path / "theme" / "site.js", "document.documentElement.dataset.ok = '1';\n")
    write(
        tmp_path / "fr" / "index.html",
        html(
            CLEAN_BODY + '\n<img src="../photo.png" alt="Une photo">',
            head='<link rel="stylesheet" href="/theme/site.css">\n'
            '<script src="/theme/site.js" defer></script>\n',
        ),
    )
    with serve(tmp_path) as base:
        log = RequestLog().attach(page.context)
        page.goto(base + "/fr/")
        page.wait_for_load_state("load")
    # The log did see the page's own requests, so an empty foreign list means something.
    assert {
        base + "/fr/",
        base + "/theme/site.css",
        base + "/theme/site.js",
        base + "/photo.png",
    } <= set(log.urls)
    assert log.foreign(base) == []


def test_request_log_foreign_rules() -> None:
    log = RequestLog()
    log.urls = [
        "http://127.0.0.1:8000/a.css",
        "data:image/png;base64,AAAA",
        "http://127.0.0.1:9000/other-server.js",
        "https://127.0.0.1:8000/other-scheme",
        "https://fonts.example/f.woff2",
        "ws://127.0.0.1:8000/live",
    ]
    assert log.foreign("http://127.0.0.1:8000") == [
        "http://127.0.0.1:9000/other-server.js",
        "https://127.0.0.1:8000/other-scheme",
        "https://fonts.example/f.woff2",
    ]


# ---------------------------------------------------------------------------- page weight


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_page_weight_counts_html_and_linked_css_js_not_images(tmp_path: Path) -> None:
    css = write(
        tmp_path / "theme" / "css" / "site.css", "@import 'print.css';\nbody{margin:0}\n" * 20
    )
    printed = write(
        tmp_path / "theme" / "css" / "print.css", "@media print { nav { display: none } }\n"
    )
    js = write(tmp_path / "fr" / "2024" / "un-article" / "menu.js", "console.log('menu');\n" * 10)
    write(tmp_path / "images" / "big.png", os.urandom(50_000))
    write(tmp_path / "theme" / "unused.css", "p{color:red}\n" * 500)
    page = write(
        tmp_path / "fr" / "2024" / "un-article" / "index.html",
        html(
            CLEAN_BODY
            + '\n<img src="/images/big.png" alt="x">\n<picture><source srcset="/images/big.png">'
            '<img src="../../../images/big.png" alt="y"></picture>',
            head='<link rel="stylesheet" href="../../../theme/css/site.css?v=3">\n'
            '<link rel="stylesheet" href="/theme/css/site.css">\n'  # same file twice: counted once
            # Not ours, so not weighed (RequestLog's job):
            '<link rel="stylesheet" href="https://cdn.example/x.css">\n'
            '<link rel="icon" href="/images/big.png">\n'
            '<script src="menu.js"></script>\n',
        ),
    )
    expected = gz(page) + gz(css) + gz(printed) + gz(js)
    assert page_weight(tmp_path, "/fr/2024/un-article/") == expected
    assert page_weight(tmp_path, "/fr/2024/un-article/index.html") == expected
    assert page_weight(tmp_path, "/fr/2024/un-article/", include=("html",)) == gz(page)
    assert page_weight(tmp_path, "/fr/2024/un-article/", include=("css",)) == gz(css) + gz(printed)
    assert [kind for kind, _ in page_resources(tmp_path, "/fr/2024/un-article/")] == [
        "html",
        "css",
        "js",
        "css",
    ]
    detail = page_weight_detail(tmp_path, "/fr/2024/un-article/")
    assert set(detail) == {page.resolve(), css.resolve(), printed.resolve(), js.resolve()}

    # It can fail a budget: heavier CSS makes a heavier page.
    write(css, css.read_text() + "".join(f".c{i}{{width:{i}px}}\n" for i in range(2000)))
    assert page_weight(tmp_path, "/fr/2024/un-article/") > expected + 2000


def test_page_weight_names_missing_asset(tmp_path: Path) -> None:
    write(
        tmp_path / "index.html", html(CLEAN_BODY, head='<link rel="stylesheet" href="gone.css">\n')
    )
    with pytest.raises(FileNotFoundError, match="gone.css"):
        page_weight(tmp_path, "/")
    with pytest.raises(FileNotFoundError, match="nowhere"):
        page_weight(tmp_path, "/nowhere/")


# ---------------------------------------------------------------------------- without JavaScript


def test_pages_without_javascript(tmp_path: Path, page, page_nojs, axe) -> None:
    write(tmp_path / "app.js", "document.title = 'script ran';\n")
    write(
        tmp_path / "index.html",
        html(
            '<main>\n<h1>Sans JS</h1>\n<noscript><img src="/fallback.png"></noscript>\n</main>',
            head='<script src="/app.js"></script>\n',
            title="static title",
        ),
    )
    with serve(tmp_path) as base:
        scripted_log, plain_log = RequestLog(page), RequestLog(page_nojs)
        page.goto(base + "/")
        page_nojs.goto(base + "/")
        assert js_enabled(page) and not js_enabled(page_nojs)
        assert page.title() == "script ran"
        assert page_nojs.title() == "static title"
        assert base + "/app.js" in scripted_log.urls
        assert base + "/app.js" not in plain_log.urls
        # The <noscript> image exists only for the reader without JavaScript, and so does its
        # missing alt text.
        assert "image-alt" not in {v["id"] for v in axe(page)}
        nojs_violations = axe(page_nojs)
        assert "image-alt" in {v["id"] for v in nojs_violations}, format_axe(nojs_violations)
        assert page_nojs.locator("h1").inner_text() == "Sans JS"  # still usable afterwards
