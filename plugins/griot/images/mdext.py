"""Python-Markdown extension: local images in an article body become responsive <picture>s.

The extension knows nothing of Pelican or of the file system: a `resolve(src)` callable given by
the caller turns an <img src> into an ImagePlan (or None to leave the tag alone). `local_path()`
holds the path rules such a resolver needs.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from griot.images.markup import DEFAULT_SIZES, picture_element
from griot.images.pipeline import ImageError, ImagePlan

Resolver = Callable[[str], "ImagePlan | None"]

# Pelican's link placeholders; the old |static| spelling is still accepted by Pelican.
_PELICAN_PREFIX = re.compile(r"^(?:\{(?:static|attach)\}|\|(?:static|attach)\|)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_external(src: str) -> bool:
    """True for what the site must not touch: other sites, data: URIs, empty sources."""
    src = src.strip()
    return not src or src.startswith("//") or bool(_SCHEME.match(src))


def local_path(src: str, article_dir: str, content_root: Path) -> Path | None:
    """The file under content_root an <img src> written in an article points to.

    article_dir is the article's folder relative to content_root ("articles/2025"). Accepted:
    a path relative to the article file, "/images/..." (from content/), and Pelican's
    "{static}" / "{attach}" forms (a leading "/" after them also means content/).
    Returns None for external sources. A path leaving content/ is an ImageError.
    """
    if is_external(src):
        return None
    target = unquote(urlsplit(_PELICAN_PREFIX.sub("", src.strip())).path)
    if not target:
        return None
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(article_dir, target)
    rel = posixpath.normpath(joined)
    if rel == ".." or rel.startswith("../") or PurePosixPath(rel).is_absolute():
        raise ImageError(
            src,
            "points outside the content folder. Put the image under content/images/"
            " and write its path from there, e.g. /images/2025/photo.jpg.",
        )
    return Path(content_root) / rel


class ImagesTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: ImagesExtension):
        super().__init__(md)
        self.ext = extension

    def run(self, root: ET.Element) -> None:
        resolve = self.ext.getConfig("resolve")
        used = self.ext.getConfig("used")
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            src = img.get("src", "")
            if is_external(src):
                continue
            plan = resolve(src)
            if plan is None:
                continue
            alt = img.get("alt", "").strip()
            if not alt:
                raise ImageError(
                    src,
                    "has no text alternative, so blind readers and slow connections get nothing."
                    f" Describe what it shows between the brackets: ![a short description]({src})",
                )
            picture = picture_element(
                plan,
                alt,
                sizes=self.ext.getConfig("sizes"),
                lazy=True,
                css_class=self.ext.getConfig("css_class") or None,
                siteurl=self.ext.getConfig("siteurl"),
                title=img.get("title"),
            )
            picture.tail = img.tail
            parent = parents[img]
            parent[list(parent).index(img)] = picture
            used.append(plan)


class ImagesExtension(Extension):
    """ImagesExtension(resolve=callable(src) -> ImagePlan | None, used=list)."""

    def __init__(self, **kwargs):
        self.config = {
            "resolve": [lambda src: None, "callable(src) -> ImagePlan | None"],
            # Not None: Markdown would turn a None-defaulted option into a bool.
            "used": [[], "list to which the plan of every rewritten image is appended"],
            "sizes": [DEFAULT_SIZES, "the sizes attribute"],
            "siteurl": ["", "prefix of image URLs ('' gives /images/...)"],
            "css_class": ["", "class of the <img>"],
        }
        super().__init__(**kwargs)

    @property
    def used(self) -> list[ImagePlan]:
        return self.getConfig("used")

    def extendMarkdown(self, md: Markdown) -> None:
        # After "inline" (20), which creates the <img> elements; before attr_list (8), so
        # `{: .wide}` after an image lands on its <picture>.
        md.treeprocessors.register(ImagesTreeprocessor(md, self), "griot_images", 15)
