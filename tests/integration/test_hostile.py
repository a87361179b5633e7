"""A blogger's file can harm no reader: a hostile corpus (one small file per attack) built with
the production settings. Strict, the build stops naming each file and line; with the warnings
let through (GRIOT_STRICT off), every HTML and feed file is checked for what must never reach a
reader."""

from __future__ import annotations

import logging
import os
import re

import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from griot.core.errors import BuildError
from tests.conftest import SITEURL, article

EVIL = "https://evil.example"
# One file per attack of issue 14; each in a different kind of content where it makes sense.
ATTACKS = {
    "script": "<script>alert(document.cookie)</script>",
    "onerror": f'<img src="{EVIL}/x.png" onerror="alert(1)">',
    "svg-onload": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "iframe": f'<iframe src="{EVIL}/"></iframe>',
    "object": f'<object data="{EVIL}/x.swf"></object><embed src="{EVIL}/y.swf">',
    "form": f'<form action="{EVIL}/"><input name="mot-de-passe"><button>OK</button></form>',
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url={EVIL}/">',
    "style": "<style>body{display:none}</style>\n\n<p style=\"position:fixed\">x</p>",
    "javascript-link": "[cliquez](javascript:alert(1))",
    "mixed-case-link": '[cliquez](JaVaScRiPt:alert(1)) <a href="java&#x09;script:alert(2)">b</a>',
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    "base-link": f'<base href="{EVIL}/"><link rel="stylesheet" href="{EVIL}/x.css">',
    "event-on-p": '<p onclick="alert(1)" onmouseover="alert(2)">survol</p>',
}


def corpus() -> dict[str, str]:
    files = {
        "content/pages/aide.fr.md": "Title: Aide\n\n"
                                    f"Aide. {ATTACKS['meta-refresh']}\n",
        "content/campaigns/malisansvbg.fr.md": "Title: Mali sans VBG\nHashtag: MaliSansVBG\n\n"
                                               f"Campagne.\n\n{ATTACKS['script']}\n",
        "content/regions/kayes.fr.md": f"Title: Kayes\n\nRégion.\n\n{ATTACKS['event-on-p']}\n",
        "content/authors/mariam.fr.md": f"Title: Mariam\n\nBio.\n\n{ATTACKS['iframe']}\n",
    }
    for name, attack in ATTACKS.items():
        files[f"content/articles/{name}.fr.md"] = article(
            f"Article {name}", Hashtags="#MaliSansVBG", Region="kayes",
            body=f"Premier paragraphe.\n\n{attack}\n\nFin.")
    return files


SITE_SCRIPTS = {f"{SITEURL}/theme/js/{name}" for name in ("griot.js", "exit-guard.js",
                                                           "search.js")}


def _check_html(doc: LexborHTMLParser, where: str) -> list[str]:
    bad = []
    for node in doc.css("script"):
        src = (node.attributes.get("src") or "").split("?")[0]
        # An article's JSON-LD, in <head>: data, never run (and escaped: tests/unit/test_share).
        if not src and node.attributes.get("type") == "application/ld+json" \
                and node.parent.tag == "head":
            continue
        if src not in SITE_SCRIPTS:
            bad.append(f"{where}: <script src={src!r}>")
    for tag in ("iframe", "object", "embed", "base", "svg", "style"):
        bad += [f"{where}: <{tag}>" for _ in doc.css(tag)]
    # The only forms: the site's own search (search pages, 404), sent to its search page.
    for form in doc.css("form"):
        action = form.attributes.get("action") or ""
        if "search-form" not in (form.attributes.get("class") or "") \
                or not (action.startswith(SITEURL + "/") and action.endswith("/search/")):
            bad.append(f"{where}: <form action={action!r}>")
    for node in doc.css("meta[http-equiv]"):
        if node.attributes["http-equiv"].lower() != "content-security-policy":
            bad.append(f"{where}: <meta http-equiv={node.attributes['http-equiv']}>")
    for node in doc.css("link[rel=stylesheet]"):
        if not (node.attributes.get("href") or "").startswith(f"{SITEURL}/theme/"):
            bad.append(f"{where}: stylesheet {node.attributes.get('href')}")
    for node in doc.css("*"):
        for name, value in node.attributes.items():
            if name.lower().startswith("on"):
                bad.append(f"{where}: {name}= on <{node.tag}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if squeezed.startswith(("javascript:", "data:", "vbscript:")):
                bad.append(f"{where}: {name}={value!r}")
    return bad


def _feed_bodies(path) -> list[str]:
    tree = etree.parse(str(path))
    texts = tree.xpath("//*[local-name()='content' or local-name()='summary' "
                       "or local-name()='description' or local-name()='encoded']/text()")
    return [t for t in texts if "<" in t]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from tests.conftest import build, write_tree

    site = write_tree(tmp_path_factory.mktemp("hostile"), corpus())
    return build(site, GRIOT_STRICT=False, GRIOT_WORKERS=1)


def test_nothing_hostile_reaches_any_page_or_feed(hostile):
    html = sorted(hostile.rglob("*.html"))
    feeds = sorted(hostile.rglob("*.atom")) + sorted(hostile.rglob("*.rss"))
    assert len(html) > 20 and len(feeds) > 10
    bad = []
    for path in html:
        text = path.read_text(encoding="utf-8")
        bad += _check_html(LexborHTMLParser(text), str(path.relative_to(hostile)))
    for path in feeds:
        for body in _feed_bodies(path):
            bad += _check_html(LexborHTMLParser(body), str(path.relative_to(hostile)))
    assert bad == []
    # The harmless text around each attack is still published.
    doc = LexborHTMLParser((hostile / "fr/2025/script/index.html").read_text(encoding="utf-8"))
    assert [p.text() for p in doc.css(".body p")][:1] == ["Premier paragraphe."]
    region = (hostile / "fr/regions/kayes/index.html").read_text(encoding="utf-8")
    assert "survol" in region


def test_every_page_carries_the_content_security_policy(hostile):
    for path in sorted(hostile.rglob("*.html")):
        doc = LexborHTMLParser(path.read_text(encoding="utf-8"))
        metas = doc.css('head meta[http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, path
        policy = dict(part.strip().split(" ", 1) for part in
                      metas[0].attributes["content"].split(";"))
        assert policy["default-src"] == "'none'"
        # WebAssembly may be compiled (the search index, Pagefind), JavaScript never evaluated.
        assert policy["script-src"] == f"'self' {SITEURL} 'wasm-unsafe-eval'"
        assert "unsafe-inline" not in policy["script-src"]
        # Before anything it governs: a <meta> policy applies only to what follows it.
        second = doc.css("head > *")[1]
        assert second.attributes.get("http-equiv") == "Content-Security-Policy", path


def test_production_stops_naming_each_file_and_line(make_site, build_site):
    site = make_site(corpus())
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=1)
    message = str(err.value)
    for name in ATTACKS:
        if name == "meta-refresh":
            continue
        # article(): 3 header lines, a blank line, the first paragraph, a blank, the attack.
        assert f"content/articles/{name}.fr.md:9: " in message, name
    assert "content/pages/aide.fr.md:3: error: <meta> was removed" in message
    assert "content/campaigns/malisansvbg.fr.md:6: error: <script> was removed" in message
    assert "content/regions/kayes.fr.md:5: error: onclick= (an event) was removed" in message
    assert "content/authors/mariam.fr.md:5: error: <iframe> was removed" in message
    assert "a javascript: link was removed" in message
    assert "bloggers' guide" in message
    assert not (site / "output").exists()


def test_a_warning_in_the_preview(make_site, build_site, caplog):
    from tests.conftest import PREVIEW

    site = make_site({"content/articles/a.fr.md": article("A", body=ATTACKS["onerror"])})
    with caplog.at_level(logging.WARNING):
        out = build_site(site, settings_file=PREVIEW)
    assert any("a.fr.md:5: onerror= (an event) was removed" in r.getMessage()
               for r in caplog.records)
    doc = LexborHTMLParser((out / "fr/2025/a/index.html").read_text(encoding="utf-8"))
    assert [img.attributes for img in doc.css(".body img")] == [{"src": f"{EVIL}/x.png"}]


# ------------------------------------------------------------------ symbolic links

SECRET = "Title: mot de passe bancaire 0000\nclé privée: hunter2\n"


@pytest.mark.parametrize("kind", ["file", "folder", "image"])
def test_symbolic_links_out_of_content_are_refused(make_site, build_site, tmp_path, kind,
                                                   capfd, caplog):
    site = make_site({"content/articles/a.fr.md": article("A", body="![Une photo](/images/p.png)"
                                                          if kind == "image" else "Texte.")})
    private = tmp_path / "private"
    private.mkdir()
    (private / "secret.fr.md").write_text(SECRET, encoding="utf-8")
    from PIL import Image
    Image.new("RGB", (400, 300), "red").save(private / "p.png")
    links = {
        "file": (site / "content/articles/secret.fr.md", private / "secret.fr.md"),
        "folder": (site / "content/articles/prive", private),
        "image": (site / "content/images/p.png", private / "p.png"),
    }
    link, target = links[kind]
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    with caplog.at_level(logging.DEBUG), pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=1)
    message = str(err.value)
    assert "symbolic link that leads out of the content folder" in message
    assert f"content/{link.relative_to(site / 'content')}" in message
    logged = capfd.readouterr()
    everything = message + logged.out + logged.err + "\n".join(
        r.getMessage() for r in caplog.records)
    assert "hunter2" not in everything and "bancaire" not in everything
    assert str(private) not in message


def test_symbolic_links_inside_content_still_work(make_site, build_site):
    site = make_site({"content/articles/a.fr.md": article("Original")})
    (site / "content/articles/2025").mkdir()
    os.symlink(site / "content/articles/a.fr.md", site / "content/articles/2025/b.fr.md")
    out = build_site(site, GRIOT_WORKERS=1)
    assert (out / "fr/2025/b/index.html").is_file()


# ------------------------------------------------------------------ invisible characters


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff"])
def test_bidi_and_zero_width_characters_in_headers(make_site, build_site, char, caplog):
    from tests.conftest import PREVIEW

    text = article(f"Rapport{char}gpj.exe", Summary=f"Un r{char}ésumé")
    site = make_site({"content/articles/a.fr.md": text})
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=1)
    assert f"a.fr.md:1: error: 'Title' contains an invisible character, U+{ord(char):04X}" in str(
        err.value)
    assert "a.fr.md:4: error: 'Summary' contains an invisible character" in str(err.value)
    with caplog.at_level(logging.WARNING):
        build_site(site, settings_file=PREVIEW, GRIOT_WORKERS=1)
    assert any("invisible character" in r.getMessage() for r in caplog.records)


def test_joiners_inside_emoji_are_kept(make_site, build_site):
    site = make_site({"content/articles/a.fr.md": article("Soignantes 👩\u200d⚕️ du Mali")})
    out = build_site(site, GRIOT_WORKERS=1)
    assert (out / "fr/2025/a/index.html").is_file()


# ------------------------------------------------------------------ Status: hidden


def test_a_hidden_article_contributes_to_nothing_but_its_own_page(make_site, build_site):
    site = make_site({
        "content/articles/pub.fr.md": article("Publié", Hashtags="#Commun"),
        "content/articles/sec.fr.md": article("Secret caché", Hashtags="#SecretTag #Commun",
                                              Status="hidden"),
        "content/articles/sec.en.md": article("Public translation", Hashtags="#Commun"),
    })
    out = build_site(site, GRIOT_WORKERS=1)
    own = out / "fr/2025/sec/index.html"
    assert own.is_file()
    leaks = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and path != own and path.suffix in (".html", ".xml", ".atom", ".rss"):
            text = path.read_text(encoding="utf-8")
            for needle in ("Secret caché", "secrettag", "SecretTag", "/fr/2025/sec/"):
                if needle in text:
                    leaks.append(f"{path.relative_to(out)}: {needle}")
    assert leaks == []
    assert not (out / "fr/hashtags/secrettag").exists()
    commun = LexborHTMLParser((out / "fr/hashtags/commun/index.html").read_text(encoding="utf-8"))
    assert [a.text() for a in commun.css("article.card h2 a")] == ["Publié"]
    # The published translation's switcher leads to the French home, not to the hidden page.
    en = LexborHTMLParser((out / "en/2025/sec/index.html").read_text(encoding="utf-8"))
    assert [a.attributes["href"] for a in en.css('nav.langs a[hreflang="fr"]')] == [
        f"{SITEURL}/fr/"]


# ------------------------------------------------------------------ published images


def _photo() -> bytes:
    import io

    from PIL import Image

    picture = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    picture.paste((180, 40, 40), (300, 200, 900, 700))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _photo_site(make_site):
    return make_site({"content/articles/a.fr.md": article(
        "Photo", Cover="images/photo.jpg", Cover_Alt="Un dégradé",
        body="![Un dégradé](/images/photo.jpg)"), "content/images/photo.jpg": _photo()})


def test_a_published_image_edited_in_place_is_not_trusted(make_site, build_site):
    from tests.conftest import tree_digest

    site = _photo_site(make_site)
    out = build_site(site, GRIOT_WORKERS=1)
    before = tree_digest(out)
    published = sorted((out / "images").glob("photo-*"))
    assert published
    for path in published:  # as `> file` or an editor saving in place would
        with open(path, "r+b") as handle:
            handle.truncate(10)
    (site / "content/articles/a.fr.md").write_text(article(
        "Photo, nouveau titre", Cover="images/photo.jpg", Cover_Alt="Un dégradé",
        body="![Un dégradé](/images/photo.jpg)"), encoding="utf-8")
    build_site(site, GRIOT_WORKERS=1)
    after = tree_digest(out)
    assert {rel: after[rel] for rel in before if rel.startswith("images/photo-")} == {
        rel: digest for rel, digest in before.items() if rel.startswith("images/photo-")}


def test_image_bytes_do_not_depend_on_what_the_cache_holds(make_site, build_site, tmp_path):
    from tests.conftest import tree_digest

    site = _photo_site(make_site)
    first = build_site(site, tmp_path / "one", GRIOT_WORKERS=1)
    cache = tmp_path / "one-cache"
    cached = sorted(p for p in cache.rglob("*") if p.is_file() and "-240x" in p.name)
    assert cached
    for path in cached:  # only the small sizes are missing now
        path.unlink()
    second = build_site(site, tmp_path / "two", GRIOT_WORKERS=1, CACHE_PATH=str(cache))
    images = {rel: d for rel, d in tree_digest(first).items() if rel.startswith("images/")}
    assert {rel: d for rel, d in tree_digest(second).items() if rel.startswith("images/")} \
        == images
