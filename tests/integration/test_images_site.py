"""Images through a real build: nothing private or original is published, every picture the
pages name exists, the cache makes a second build free, bad images stop the build."""

from __future__ import annotations

import gzip
import hashlib
import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from griot.core.errors import BuildError
from griot.images import cards, pipeline
from tests.conftest import PREVIEW, ROOT, SITEURL, article, tree_digest
from tests.htmlparse import html_files, page
from tests.unit.images_fixtures import BLUE, RED, close_to, leaky_png, phone_jpeg, two_tone
from tests.unit.test_images_pipeline import assert_no_metadata

PHOTO = "images/2025/IMG_20250312_143522.jpg"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")


def photo_site(make_site, **extra):
    """A French article with a phone photo as cover and inline, an English one with a
    transparent PNG kept beside it in the article folder."""
    site = make_site({
        "content/articles/2025/gao.fr.md": article(
            "Le fleuve à Gao", Cover=PHOTO, Cover_Alt="Le fleuve au coucher du soleil",
            body=f"Introduction.\n\n![Une pirogue sur le fleuve](/{PHOTO})\n\nSuite.",
            Hashtags="MaliSansVBG"),
        "content/articles/2025/logo.en.md": article(
            "A logo", body="Text.\n\n![The network's logo](logo.png)"),
        **extra,
    })
    (site / "content" / PHOTO).parent.mkdir(parents=True, exist_ok=True)
    phone_jpeg(site / "content" / PHOTO, upright=(800, 600))
    leaky_png(site / "content/articles/2025/logo.png")
    return site


def sources_of(site: Path) -> dict[str, str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p.name
            for p in (site / "content").rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}


def local(url: str) -> str:
    """Output-relative path of a URL the pages write."""
    return urlsplit(url).path.lstrip("/")


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]


def assert_pictures_exist(out: Path, doc) -> int:
    """Every <picture> is complete (srcset, sizes, width, height, alt) and names real files."""
    count = 0
    for picture in doc.css("picture"):
        count += 1
        img = picture.css_first("img")
        attrs = img.attributes
        for key in ("src", "srcset", "sizes", "width", "height", "alt"):
            assert key in attrs, f"<img> lacks {key}: {img.html}"
        assert attrs["decoding"] == "async"
        assert int(attrs["width"]) > 0 and int(attrs["height"]) > 0
        named = [attrs["src"], *srcset_urls(attrs["srcset"])]
        for source in picture.css("source"):
            assert source.attributes["type"] == "image/webp"
            assert source.attributes["sizes"]
            named += srcset_urls(source.attributes["srcset"])
        for url in named:
            assert url.startswith(f"{SITEURL}/images/"), url
            assert (out / local(url)).is_file(), url
    return count


def test_private_photo_is_published_clean_upright_and_responsive(make_site, build_site):
    site = photo_site(make_site)
    (site / "content/campaigns").mkdir(parents=True)
    (site / "content/campaigns/malisansvbg.fr.md").write_text(
        f"Title: Mali sans VBG\nHashtag: MaliSansVBG\nCover: {PHOTO}\nCover_Alt: Le fleuve\n\n"
        "Rejoignez-nous.\n\n![La banderole](../images/banner.png)\n", encoding="utf-8")
    two_tone((300, 200)).save(site / "content/images/banner.png")
    out = build_site(site, GRIOT_WORKERS=2)
    originals = sources_of(site)

    published = [p for p in out.rglob("*") if p.is_file()]
    images = [p for p in published if p.suffix in IMAGE_SUFFIXES]
    assert len(images) >= 10
    for path in published:
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
        assert path.name not in originals.values(), path
        assert "20250312" not in path.name, f"{path.name} tells when the photo was taken"
    for path in images:
        assert_no_metadata(path)

    doc = page(out, "fr/2025/gao/")
    cover = doc.css_first(".cover picture img")
    assert cover.attributes["fetchpriority"] == "high"
    assert "loading" not in cover.attributes
    assert cover.attributes["alt"] == "Le fleuve au coucher du soleil"
    inline = doc.css_first(".body picture img")
    assert inline.attributes["loading"] == "lazy"
    assert inline.attributes["alt"] == "Une pirogue sur le fleuve"
    assert assert_pictures_exist(out, doc) == 2

    # Upright: the phone stored it sideways (Orientation 6), red on top once turned.
    for url in srcset_urls(cover.attributes["srcset"]) + [cover.attributes["src"]]:
        with Image.open(out / local(url)) as im:
            assert im.width > im.height, url
            rgb = im.convert("RGB")
            assert close_to(rgb.getpixel((im.width // 2, im.height // 4)), RED), url
            assert close_to(rgb.getpixel((im.width // 2, 3 * im.height // 4)), BLUE), url

    logo = page(out, "en/2025/logo/")
    assert assert_pictures_exist(out, logo) == 1
    assert local(logo.css_first(".body picture img").attributes["src"]).endswith(".png")

    og = {n.attributes["property"]: n.attributes["content"]
          for n in doc.css("head meta[property^='og:']")}
    assert og["og:locale"] == "fr_FR" and og["og:type"] == "article"
    assert og["og:title"] == "Le fleuve à Gao"
    with Image.open(out / local(og["og:image"])) as card:
        assert card.size == (1200, 630)
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert doc.css_first("meta[name='twitter:card']").attributes["content"] == (
        "summary_large_image")

    campaign = page(out, "fr/hashtags/malisansvbg/")
    assert campaign.css_first(".cover picture img").attributes["fetchpriority"] == "high"
    assert campaign.css_first(".body picture img").attributes["alt"] == "La banderole"
    thumb = campaign.css_first("article.card .thumb picture img")  # the article's cover
    assert thumb.attributes["loading"] == "lazy" and thumb.attributes["alt"] == ""
    assert thumb.attributes["sizes"] == "6rem"  # as wide as the CSS shows it
    assert assert_pictures_exist(out, campaign) == 3
    card = campaign.css_first("meta[property='og:image']").attributes["content"]
    assert "/cards/campaign-fr-malisansvbg-" in card
    with Image.open(out / local(card)) as im:
        assert (im.format, im.size) == ("JPEG", (1200, 630))  # the cover behind the title

    # Feeds take the cover's JPEG as enclosure, with its real length.
    atom = (out / "fr/feed.atom").read_text(encoding="utf-8")
    enclosure = next(line for line in atom.split("<link") if 'rel="enclosure"' in line)
    href = enclosure.split('href="', 1)[1].split('"', 1)[0]
    length = int(enclosure.split('length="', 1)[1].split('"', 1)[0])
    assert href.endswith("-720.jpg") and (out / local(href)).stat().st_size == length


def counting(monkeypatch) -> dict[str, int]:
    calls = {"encode": 0, "card": 0}
    encode, social_card = pipeline.encode, cards.social_card

    def counted_encode(*args, **kwargs):
        calls["encode"] += 1
        return encode(*args, **kwargs)

    def counted_card(*args, **kwargs):
        calls["card"] += 1
        return social_card(*args, **kwargs)

    monkeypatch.setattr(pipeline, "encode", counted_encode)
    monkeypatch.setattr(cards, "social_card", counted_card)
    return calls


def test_second_build_renders_nothing_and_a_changed_image_is_seen(make_site, build_site,
                                                                  monkeypatch, tmp_path):
    site = photo_site(make_site)
    cache = str(tmp_path / "cache")
    calls = counting(monkeypatch)  # one worker: every call happens in this process
    first = build_site(site, tmp_path / "one", GRIOT_WORKERS=1, CACHE_PATH=cache)
    assert calls["encode"] >= 8 and calls["card"] >= 4

    calls.update(encode=0, card=0)
    second = build_site(site, tmp_path / "two", GRIOT_WORKERS=1, CACHE_PATH=cache)
    assert calls == {"encode": 0, "card": 0}
    assert tree_digest(first) == tree_digest(second)

    # Only the photo changes, not the article: its cached HTML must not keep the old URLs.
    two_tone((800, 600), top=BLUE, bottom=RED).save(site / "content" / PHOTO, quality=90)
    third = build_site(site, tmp_path / "three", GRIOT_WORKERS=1, CACHE_PATH=cache)
    doc = page(third, "fr/2025/gao/")
    assert assert_pictures_exist(third, doc) == 2
    old = {local(n.attributes["src"]) for n in page(first, "fr/2025/gao/").css("picture img")}
    new = {local(n.attributes["src"]) for n in doc.css("picture img")}
    assert old.isdisjoint(new)
    with Image.open(third / local(doc.css_first(".body picture img").attributes["src"])) as im:
        assert close_to(im.convert("RGB").getpixel((im.width // 2, 5)), BLUE)


def corrupt(site: Path) -> None:
    (site / "content" / PHOTO).write_bytes(b"\xff\xd8\xff\xe0 this is not a photo at all")


def truncated(site: Path) -> None:
    path = site / "content" / PHOTO
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def bmp(site: Path) -> None:
    path = site / "content" / PHOTO
    path.unlink()
    two_tone((64, 48)).save(path, "BMP")


@pytest.mark.parametrize("damage, expected", [
    (lambda s: (s / "content" / PHOTO).unlink(), "file not found"),
    (corrupt, "not a readable image"),
    (truncated, "damaged"),
    (bmp, "is a BMP image"),
])
def test_a_bad_image_stops_the_build_naming_article_and_image(make_site, build_site, damage,
                                                               expected):
    site = photo_site(make_site)
    damage(site)
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_WORKERS=2)
    message = str(err.value)
    assert "gao.fr.md" in message and PHOTO in message and expected in message


def test_a_too_large_image_is_refused(make_site, build_site):
    site = photo_site(make_site)
    with pytest.raises(BuildError) as err:
        build_site(site, GRIOT_IMAGE_MAX_SOURCE_BYTES=1000)
    message = str(err.value)
    assert "gao.fr.md" in message and PHOTO in message and "GRIOT_IMAGE_MAX_SOURCE_BYTES" in message


@pytest.mark.parametrize("text, expected", [
    (article("Sans texte", Cover=PHOTO), ["sans.fr.md", "Cover_Alt"]),
    (article("Sans alt", body=f"![](/{PHOTO})"), ["sans.fr.md", f"/{PHOTO}", "text alternative"]),
    (article("Absente", body="![Une photo](/images/absente.jpg)"),
     ["sans.fr.md", "images/absente.jpg", "file not found"]),
    (article("HTML", body=f'<img src="/{PHOTO}" alt="x">'),
     ["sans.fr.md", f"/{PHOTO}", "![a short description]"]),
])
def test_bad_image_references_name_the_article(make_site, build_site, text, expected):
    site = photo_site(make_site, **{"content/articles/2025/sans.fr.md": text})
    with pytest.raises(BuildError) as err:
        build_site(site, settings_file=PREVIEW)
    message = str(err.value)
    for fragment in expected:
        assert fragment in message, message


def test_an_unused_image_warns_in_preview_and_stops_production(make_site, build_site, caplog):
    site = photo_site(make_site, **{
        "content/articles/2025/brouillon.fr.md": article(
            "Brouillon", Status="draft", Cover="images/draft-only.jpg", Cover_Alt="Un brouillon"),
    })
    two_tone((64, 48)).save(site / "content/images/unused.jpg")
    two_tone((64, 48)).save(site / "content/images/draft-only.jpg")
    with caplog.at_level(logging.WARNING, logger="griot.images"):
        build_site(site, site / "preview", settings_file=PREVIEW)
    warned = [r.getMessage() for r in caplog.records if "no page uses this image" in r.getMessage()]
    assert len(warned) == 1 and "images/unused.jpg" in warned[0]

    with pytest.raises(BuildError) as err:
        build_site(site)  # production: GRIOT_STRICT
    message = str(err.value)
    assert "images/unused.jpg" in message and "draft-only" not in message
    (site / "content/images/unused.jpg").unlink()
    out = build_site(site)
    # A draft's cover is neither an unused image nor published.
    assert not any("draft-only" in p.name for p in out.rglob("*"))


# ------------------------------------------------------------------ the sample site


def test_no_sample_image_is_published_as_is(sample_site):
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name
                 for p in (ROOT / "content/images").rglob("*") if p.is_file()}
    assert len(originals) >= 5
    for path in sample_site.rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
            assert path.name not in originals.values(), path
    for path in (sample_site / "images").rglob("*"):
        if path.is_file():
            assert_no_metadata(path)


def test_every_image_a_sample_page_names_exists(sample_site):
    named = 0
    for file in html_files(sample_site):
        doc = page(sample_site, file.relative_to(sample_site).as_posix())
        assert_pictures_exist(sample_site, doc)
        for node in doc.css("img, source"):
            urls = srcset_urls(node.attributes.get("srcset") or "")
            urls += [node.attributes["src"]] if node.attributes.get("src") else []
            for url in urls:
                named += 1
                assert url.startswith(SITEURL), (file, url)
                assert (sample_site / local(url)).is_file(), (file, url)
    assert named > 50


def test_every_sample_article_has_a_social_card(sample_site):
    articles = [f for f in html_files(sample_site)
                if page(sample_site, f.relative_to(sample_site).as_posix())
                .css_first("meta[property='og:type'][content='article']")]
    assert len(articles) >= 20
    for file in articles:
        doc = page(sample_site, file.relative_to(sample_site).as_posix())
        image = doc.css_first("meta[property='og:image']").attributes["content"]
        assert image.startswith(f"{SITEURL}/images/cards/")
        with Image.open(sample_site / local(image)) as card:
            assert card.size == (1200, 630)
        assert doc.css_first("meta[property='og:locale']").attributes["content"] in (
            "fr_FR", "en_US")


def test_an_article_with_a_cover_stays_within_budget(sample_site):
    doc_path = sample_site / "en/2025/radio-against-violence/index.html"
    doc = page(sample_site, "en/2025/radio-against-violence/")
    assert doc.css_first(".cover picture")
    assets = [sample_site / local(n.attributes["href"])
              for n in doc.css("link[rel='stylesheet']")]
    assets += [sample_site / local(n.attributes["src"]) for n in doc.css("script[src]")
               if "livereload" not in n.attributes["src"]]
    compressed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in [doc_path, *assets])
    assert compressed <= 20 * 1024
