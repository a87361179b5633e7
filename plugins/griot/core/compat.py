"""Every use of a library's private names, in one place.

Each is behind a guard: the library's version (major.minor) is one the code was checked
against, and the private name is there. When a guard is off, Griot takes the public path,
which gives the same output, only slower (tests/unit/test_compat.py proves every guard is on
with the pinned versions of requirements.txt, and that each fallback gives the same result).
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Iterable

import jinja2.compiler
import jinja2.environment
import markupsafe
from feedgen.feed import FeedGenerator
from lxml import etree
from markdown import treeprocessors
from pelican import signals
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    SourceFileGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)

logger = logging.getLogger(__name__)


def _version(name: str) -> tuple[int, int] | None:
    try:
        parts = importlib.metadata.version(name).split(".")
        return int(parts[0]), int(parts[1])
    except (importlib.metadata.PackageNotFoundError, ValueError, IndexError):
        return None


# ------------------------------------------------------------------ Python: re's parser

try:  # private since Python 3.11 (sre_parse before, deprecated)
    from re import _constants as sre_constants
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover - a Python that moved them again
    sre_constants = sre_parser = None

#: re's private parser, to learn which strings start every match of an inline pattern
#: (griot.reader.fastinline). Off: every pattern is tried on every text, as Python-Markdown does.
RE_PARSER = sre_parser is not None


# ------------------------------------------------------------------ Python-Markdown

MARKDOWN_CHECKED = {(3, 11)}


def _markdown_inline_private() -> bool:
    stock = treeprocessors.InlineProcessor
    return all(callable(getattr(stock, name, None))
               for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"))


#: Python-Markdown's InlineProcessor by its mangled private methods (griot.reader.fastinline
#: overrides one). Off: the stock inline processor is kept.
MARKDOWN_INLINE = (_version("markdown") in MARKDOWN_CHECKED and RE_PARSER
                   and _markdown_inline_private())


def registry_priority(registry, name: str) -> float | None:
    """The priority `name` was registered with in a Python-Markdown Registry (the registry
    keeps it in the private `_priority`; there is no public reader). None when unknown."""
    for item in getattr(registry, "_priority", ()):
        if getattr(item, "name", None) == name:
            return item.priority
    return None


#: What an inline placeholder stands for, read from the running inline processor's
#: `stashed_nodes` and the Markdown's `htmlStash` (griot.taxonomies.inline: is the character
#: before a hashtag a line break, an escaped character, an entity?). Off: unknown, so a
#: hashtag right after a placeholder is not linked.
MARKDOWN_STASH = _version("markdown") in MARKDOWN_CHECKED


def stashed_node(md, key: str):
    """The element or text the inline placeholder `key` stands for, or None."""
    if not MARKDOWN_STASH:
        return None
    try:
        processor = md.treeprocessors["inline"]
    except KeyError:
        return None
    return getattr(processor, "stashed_nodes", {}).get(key)


def stashed_html(md, index: int) -> str | None:
    """The raw HTML stashed at `index` (an entity, a <br>), or None."""
    if not MARKDOWN_STASH:
        return None
    blocks = getattr(getattr(md, "htmlStash", None), "rawHtmlBlocks", ())
    raw = blocks[index] if 0 <= index < len(blocks) else None
    return raw if isinstance(raw, str) else None


# ------------------------------------------------------------------ Jinja and markupsafe

JINJA_CHECKED = {(3, 1)}
MARKUPSAFE_CHECKED = {(2, 1), (3, 0)}


def _markupsafe_escape_inner():
    return getattr(markupsafe, "_escape_inner", None)


#: markupsafe's `_escape_inner` (the C escaping, giving a str rather than a Markup), and Jinja's
#: `CodeGenerator._output_child_pre` overridden so that `{{ value }}` compiles to it
#: (griot.render.environment). Off: templates compile Jinja's own way.
escape_inner = (_markupsafe_escape_inner()
                if _version("markupsafe") in MARKUPSAFE_CHECKED else None)


def _jinja_has(owner: str, name: str) -> bool:
    cls = {"CodeGenerator": jinja2.compiler.CodeGenerator,
           "Environment": jinja2.environment.Environment}[owner]
    return callable(getattr(cls, name, None))


JINJA_FAST_OUTPUT = (escape_inner is not None and _version("jinja2") in JINJA_CHECKED
                     and _jinja_has("CodeGenerator", "_output_child_pre"))

#: Jinja's `Environment._parse`, where a template's AST can be rewritten before it compiles
#: (constant UI strings folded per language, griot.languages.i18n.FoldUiStrings). Off:
#: `_("...")` calls the catalog on every page, same text.
JINJA_PARSE_HOOK = _version("jinja2") in JINJA_CHECKED and _jinja_has("Environment", "_parse")


# ------------------------------------------------------------------ feedgen

FEEDGEN_CHECKED = {(1, 0), (0, 9)}


def _feedgen_private() -> bool:
    return all(callable(getattr(FeedGenerator, name, None))
               for name in ("_create_atom", "_create_rss"))


#: feedgen's `_create_atom` and `_create_rss`, which give the lxml tree of a feed before it is
#: written (griot.feeds.build writes the head once and each entry once). Off: the public
#: atom_str()/rss_str() output is parsed back into a tree.
FEEDGEN_TREES = _version("feedgen") in FEEDGEN_CHECKED and _feedgen_private()


def feed_trees(fg):
    """((atom root, atom document), (rss root, rss document)) of a feedgen FeedGenerator."""
    if FEEDGEN_TREES:
        return fg._create_atom(), fg._create_rss()
    trees = []
    for data in (fg.atom_str(pretty=False), fg.rss_str(pretty=False)):
        root = etree.fromstring(data)
        trees.append((root, root.getroottree()))
    return tuple(trees)


# ------------------------------------------------------------------ Pelican

PELICAN_CHECKED = {(4, 10), (4, 11), (4, 12)}

#: Pelican's `Pelican._get_generator_classes`: the generators a run makes (its own, other
#: plugins' from get_generators, StaticGenerator last). Off: the same list, worked out here
#: from the public settings and signal.
PELICAN_GENERATORS = _version("pelican") in PELICAN_CHECKED


def pelican_generator_classes(pelican) -> list[type]:
    if PELICAN_GENERATORS and callable(getattr(pelican, "_get_generator_classes", None)):
        return pelican._get_generator_classes()
    return _generator_classes(pelican)


def _generator_classes(pelican) -> list[type]:
    classes: list[type] = [ArticlesGenerator, PagesGenerator]
    if pelican.settings.get("TEMPLATE_PAGES"):
        classes.append(TemplatePagesGenerator)
    if pelican.settings.get("OUTPUT_SOURCES"):
        classes.append(SourceFileGenerator)
    for _receiver, values in signals.get_generators.send(pelican):
        values = values if isinstance(values, Iterable) else (values,)
        classes.extend(v for v in values if isinstance(v, type))
    classes.append(StaticGenerator)
    return classes


#: The text Pelican logs for every file a reader rejected (pelican/generators.py), which Griot
#: reports in full itself: engine.problems.HideReportedFailures drops that echo.
PELICAN_SKIP_MESSAGE = "Could not process %s"
