"""griot.images.markup and .mdext: <picture> markup, and which Markdown images become one."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from griot.images.markup import DEFAULT_SIZES, picture_html
from griot.images.mdext import ImagesExtension, local_path
from griot.images.pipeline import ImageError, ImagePlan, Variant, plan
from griot.images.settings import ImageSettings, load
from tests.unit.images_fixtures import BLUE, RED, two_tone


def make_plan(has_alpha: bool = False) -> ImagePlan:
    fallback_format = "png" if has_alpha else "jpeg"
    ext = {"jpeg": "jpg", "png": "png"}[fallback_format]

    def v(fmt, w, e):
        return Variant(fmt, w, w * 3 // 4, f"images/gao-0123456789-{w}.{e}")

    variants = tuple(v("webp", w, "webp") for w in (320, 640, 1024)) + tuple(
        v(fallback_format, w, ext) for w in (320, 640, 1024)
    )
    return ImagePlan(
        source=Path("/content/images/gao.jpg"),
        rel="images/gao.jpg",
        digest="0123456789",
        width=1200,
        height=900,
        has_alpha=has_alpha,
        placeholder="#4a6b8c",
        variants=variants,
        fallback=v(fallback_format, 480, ext),
    )


def parse(html: str):
    """The <picture>, read by an HTML5 parser (<source> is a void element)."""
    body = LexborHTMLParser(html).body
    (picture,) = body.iter()
    return picture


def attr(node, name):
    return node.attributes.get(name)


def srcset(value: str) -> list[tuple[str, str]]:
    return [tuple(candidate.split()) for candidate in value.split(", ")]


def test_picture_has_webp_source_and_small_fallback():
    picture = parse(picture_html(make_plan(), "Le fleuve à Gao"))
    assert picture.tag == "picture"
    assert [child.tag for child in picture.iter()] == ["source", "img"]
    source, img = picture.iter()
    assert attr(source, "type") == "image/webp"
    assert srcset(attr(source, "srcset")) == [
        ("/images/gao-0123456789-320.webp", "320w"),
        ("/images/gao-0123456789-640.webp", "640w"),
        ("/images/gao-0123456789-1024.webp", "1024w"),
    ]
    assert attr(source, "sizes") == DEFAULT_SIZES
    assert attr(img, "src") == "/images/gao-0123456789-480.jpg"
    assert [w for _, w in srcset(attr(img, "srcset"))] == ["320w", "640w", "1024w"]
    assert all(url.endswith(".jpg") for url, _ in srcset(attr(img, "srcset")))
    assert attr(img, "sizes") == DEFAULT_SIZES
    assert (attr(img, "width"), attr(img, "height")) == ("1024", "768")
    assert attr(img, "alt") == "Le fleuve à Gao"
    assert attr(img, "loading") == "lazy"
    assert attr(img, "decoding") == "async"
    assert "fetchpriority" not in img.attributes
    assert attr(img, "style") == "background:#4a6b8c;aspect-ratio:4/3"


def test_alt_is_escaped():
    alt = 'Panneau "Stop" <b>violences</b> & abus'
    html = picture_html(make_plan(), alt)
    assert "<b>" not in html
    assert attr(parse(html).css_first("img"), "alt") == alt


def test_cover_is_eager_and_first():
    img = parse(picture_html(make_plan(), "x", lazy=False, css_class="cover")).css_first("img")
    assert "loading" not in img.attributes
    assert attr(img, "fetchpriority") == "high"
    assert attr(img, "class") == "cover"


def test_siteurl_and_sizes():
    html = picture_html(make_plan(), "x", sizes="100vw", siteurl="https://griot.ml/")
    img = parse(html).css_first("img")
    assert attr(img, "src") == "https://griot.ml/images/gao-0123456789-480.jpg"
    assert attr(img, "sizes") == "100vw"


def test_transparent_image_has_no_background_and_a_png_fallback():
    img = parse(picture_html(make_plan(has_alpha=True), "logo")).css_first("img")
    assert attr(img, "style") == "aspect-ratio:4/3"
    assert attr(img, "src").endswith(".png")


def test_avif_comes_before_webp(tmp_path):
    source = tmp_path / "gao.jpg"
    two_tone((800, 500)).save(source)
    settings = load({"GRIOT_IMAGE_FORMATS": ["avif", "webp", "jpeg"]})
    picture = parse(picture_html(plan(source, "images/gao.jpg", settings), "Gao"))
    types = [attr(node, "type") for node in picture.css("source")]
    assert types == ["image/avif", "image/webp"]
    avif = srcset(attr(picture.css_first("source"), "srcset"))
    assert [w for _, w in avif] == ["160w", "240w", "360w", "480w", "720w"]
    assert all(url.endswith(".avif") for url, _ in avif)


# ---- the Markdown extension ----


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "articles" / "2025").mkdir(parents=True)
    two_tone((800, 600)).save(content / "images" / "gao.jpg")
    two_tone((800, 600), top=BLUE, bottom=RED).save(content / "articles" / "2025" / "local.jpg")
    return content


def convert(text: str, content: Path, article_dir: str = "articles/2025"):
    settings = ImageSettings()
    used: list[ImagePlan] = []

    def resolve(src: str) -> ImagePlan | None:
        path = local_path(src, article_dir, content)
        if path is None:
            return None
        return plan(path, path.relative_to(content).as_posix(), settings)

    md = markdown.Markdown(
        extensions=[ImagesExtension(resolve=resolve, used=used), "attr_list", "fenced_code"],
        output_format="html",
    )
    return LexborHTMLParser(md.convert(text)).body, used


def test_only_local_images_are_rewritten(site):
    text = (
        "Texte ![Le fleuve](/images/gao.jpg) et ![Ailleurs](https://example.org/a.jpg).\n\n"
        "Du code : `![x](/images/gao.jpg)`\n\n"
        "```\n![y](/images/gao.jpg)\n```\n\n"
        "    ![z](/images/gao.jpg)\n"
    )
    root, used = convert(text, site)
    pictures = root.css("picture")
    assert len(pictures) == 1
    assert attr(pictures[0].css_first("img"), "alt") == "Le fleuve"
    imgs = [attr(img, "src") for img in root.css("img") if img.parent.tag != "picture"]
    assert imgs == ["https://example.org/a.jpg"]
    assert "![x](/images/gao.jpg)" in root.css_first("p > code").text()
    blocks = [node.text() for node in root.css("pre > code")]
    assert len(blocks) == 2
    assert "![y](/images/gao.jpg)" in blocks[0]
    assert "![z](/images/gao.jpg)" in blocks[1]
    assert [p.rel for p in used] == ["images/gao.jpg"]


@pytest.mark.parametrize(
    "src",
    [
        "/images/gao.jpg",
        "{static}/images/gao.jpg",
        "{attach}/images/gao.jpg",
        "../../images/gao.jpg",
        "{static}../../images/gao.jpg",
        "local.jpg",
        "./local.jpg",
    ],
)
def test_local_sources_resolve(site, src):
    root, used = convert(f"![Une photo]({src})", site)
    assert len(root.css("picture")) == 1
    expected = "articles/2025/local.jpg" if "local" in src else "images/gao.jpg"
    assert [p.rel for p in used] == [expected]
    img = root.css_first("picture > img")
    assert attr(img, "loading") == "lazy"
    assert attr(img, "src").startswith("/images/")


def test_title_and_attr_list_survive(site):
    root, _ = convert('![Le fleuve](/images/gao.jpg "Le Niger à Gao"){: .wide}', site)
    picture = root.css_first("picture")
    assert attr(picture, "class") == "wide"
    assert attr(picture.css_first("img"), "title") == "Le Niger à Gao"


def test_missing_alt_is_an_error_naming_the_image(site):
    with pytest.raises(ImageError) as caught:
        convert("![](/images/gao.jpg)", site)
    message = str(caught.value)
    assert "/images/gao.jpg" in message
    assert "text alternative" in message
    assert "![a short description](/images/gao.jpg)" in message


def test_missing_local_image_is_an_error(site):
    with pytest.raises(ImageError, match="images/nope.jpg: file not found"):
        convert("![Absente](/images/nope.jpg)", site)


@pytest.mark.parametrize(
    "src", ["https://x.org/a.jpg", "//cdn.x.org/a.jpg", "data:image/png;base64,AAAA", "", "  "]
)
def test_external_sources_are_not_local(src, tmp_path):
    assert local_path(src, "articles", tmp_path) is None


def test_escaping_the_content_folder_is_refused(tmp_path):
    with pytest.raises(ImageError, match="outside the content folder"):
        local_path("../../../etc/passwd.jpg", "articles/2025", tmp_path)


def test_percent_escapes_and_queries(tmp_path):
    got = local_path("/images/march%C3%A9%20gao.jpg?v=2#x", "articles", tmp_path)
    assert got == tmp_path / "images" / "marché gao.jpg"


@given(st.lists(st.sampled_from(["..", ".", "images", "a b", "x.jpg", ""]), max_size=8))
def test_resolved_paths_stay_inside_content(parts):
    root = Path("/srv/content")
    src = "/".join(parts)
    try:
        got = local_path(src, "articles/2025", root)
    except ImageError:
        return
    if got is not None:
        assert got == root or root in got.parents


def test_gif_and_png_sources_work_through_markdown(site):
    Image.new("RGB", (90, 60), RED).save(site / "images" / "dot.gif")
    root, used = convert("![Un point](/images/dot.gif)", site)
    assert attr(root.css_first("picture > img"), "src").endswith("-90.jpg")
    assert used[0].width == 90
