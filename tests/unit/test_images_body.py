"""griot.images.body: the reader's side of images (rewrite, record, detect stale cached HTML)."""

from __future__ import annotations

import os

import markdown
import pytest

from griot.images.body import CHECK_KEY, USED_KEY, BodyImages
from griot.images.pipeline import ImageError
from tests.unit.images_fixtures import BLUE, RED, two_tone


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "articles/2025").mkdir(parents=True)
    two_tone((800, 600)).save(root / "images/gao.jpg")
    two_tone((400, 300)).save(root / "articles/2025/local.jpg")
    return root


def helper(content, **settings):
    return BodyImages({"PATH": str(content), "SITEURL": "https://example.org",
                       "CACHE_PATH": str(content.parent / "cache"), **settings})


def convert(images: BodyImages, text: str, rel: str = "articles/2025/a.fr.md"):
    md = markdown.Markdown(extensions=[images.extension], output_format="html")
    images.begin(rel)
    html = md.convert(text)
    return html, images.metadata(html)


def test_used_images_are_recorded_once_in_order(content):
    images = helper(content)
    html, meta = convert(images, "![a](local.jpg)\n\n![b](/images/gao.jpg)\n\n![c](local.jpg)")
    assert html.count("<picture>") == 3
    assert meta[USED_KEY] == ("articles/2025/local.jpg", "images/gao.jpg")
    assert images.fresh(meta)
    # A second file starts from nothing.
    _, other = convert(images, "Pas d'image.", "articles/b.fr.md")
    assert other == {}
    assert images.fresh(other)


def test_a_changed_or_removed_image_makes_cached_html_stale(content):
    images = helper(content)
    _, meta = convert(images, "![b](/images/gao.jpg)")
    stat = os.stat(content / "images/gao.jpg")
    two_tone((800, 600), top=BLUE, bottom=RED).save(content / "images/gao.jpg")
    os.utime(content / "images/gao.jpg", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert not images.fresh(meta)
    _, meta = convert(images, "![b](/images/gao.jpg)")
    assert images.fresh(meta)
    (content / "images/gao.jpg").unlink()
    assert not images.fresh(meta)


def test_new_widths_make_cached_html_stale(content):
    _, meta = convert(helper(content), "![b](/images/gao.jpg)")
    assert helper(content).fresh(meta)
    assert not helper(content, GRIOT_IMAGE_WIDTHS=[300, 600]).fresh(meta)
    assert meta[CHECK_KEY][1][0][0] == "images/gao.jpg"


def test_raw_html_image_of_a_local_file_is_refused(content):
    images = helper(content)
    with pytest.raises(ImageError, match=r"HTML <img> tag.*!\[a short description\]"):
        convert(images, '<p><img src="/images/gao.jpg" alt="x"></p>')
    html, meta = convert(images, '<img src="https://example.net/a.png" alt="ailleurs">')
    assert "example.net" in html and meta == {}


def test_bad_settings_leave_images_alone(content):
    images = helper(content, GRIOT_IMAGE_WIDTHS="640")
    assert not images.enabled
    html, meta = convert(images, "![b](/images/gao.jpg)")
    assert "<picture>" not in html and meta == {}
