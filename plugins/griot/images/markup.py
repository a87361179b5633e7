"""The <picture> markup of a planned image: srcset per format, small fallback, no layout jump."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from griot.images.pipeline import MIME, ImagePlan, Variant

# An article column is about 40rem wide; below that, images span the screen.
# The column is 40rem wide, less 1rem of padding each side on a phone.
DEFAULT_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"


def picture_element(
    plan: ImagePlan,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    lazy: bool = True,
    css_class: str | None = None,
    siteurl: str = "",
    title: str | None = None,
) -> ET.Element:
    """The <picture> as an ElementTree element (what Python-Markdown's tree holds).

    lazy=False is for the image at the top of a page (a cover): it loads at once, first.
    """
    picture = ET.Element("picture")
    for fmt in plan.formats:
        if fmt == plan.fallback.format:
            continue
        source = {"type": MIME[fmt], "srcset": _srcset(plan.srcset(fmt), siteurl), "sizes": sizes}
        ET.SubElement(picture, "source", source)
    largest = plan.largest
    img = {
        "src": _url(plan.fallback, siteurl),
        "srcset": _srcset(plan.srcset(plan.fallback.format), siteurl),
        "sizes": sizes,
        "width": str(largest.width),
        "height": str(largest.height),
        "alt": alt,
    }
    if title:
        img["title"] = title
    if lazy:
        img["loading"] = "lazy"
    else:
        img["fetchpriority"] = "high"
    img["decoding"] = "async"
    img["style"] = _style(plan, largest)
    if css_class:
        img["class"] = css_class
    ET.SubElement(picture, "img", img)
    return picture


def picture_html(
    plan: ImagePlan,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    lazy: bool = True,
    css_class: str | None = None,
    siteurl: str = "",
) -> str:
    """The <picture> as an HTML string, for templates (covers) and feeds."""
    element = picture_element(plan, alt, sizes, lazy, css_class, siteurl)
    return ET.tostring(element, encoding="unicode", method="html")


def _url(variant: Variant, siteurl: str) -> str:
    return f"{siteurl.rstrip('/')}/{variant.url}"


def _srcset(variants: tuple[Variant, ...], siteurl: str) -> str:
    return ", ".join(f"{_url(v, siteurl)} {v.width}w" for v in variants)


def _style(plan: ImagePlan, largest: Variant) -> str:
    gcd = math.gcd(largest.width, largest.height)
    ratio = f"aspect-ratio:{largest.width // gcd}/{largest.height // gcd}"
    # A transparent image would show the colour through its holes after loading.
    if plan.has_alpha:
        return ratio
    return f"background:{plan.placeholder};{ratio}"
