"""The structure drawn from the imports reads top to bottom: no cycle between Griot's folders,
a core that imports no feature, no import hidden inside a function, and one list of stages."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from griot.core.build import Stage
from griot.engine.stages import STAGES

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "griot"
# The bottom and the top: the core imports no other folder; nothing imports engine or preview
# but preview (the command line starts the engine).
CORE = "core"


def _module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(absolute module imported, whether at module level) for every griot import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_of(path) if path.name == "__init__.py" else _module_of(path).rsplit(".", 1)[0]
    top_level = {id(node) for node in _module_level(tree.body)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            names = names[:1] if node.module else names[1:]
        else:
            continue
        found += [(name, id(node) in top_level) for name in names if name.startswith("griot")]
    return found


def _module_level(body: list[ast.stmt]):
    """Statements run at import, those under a module-level `if` or `try` included
    (`if TYPE_CHECKING:` imports are for type checkers only)."""
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.Try):
            yield from _module_level(node.body + node.orelse
                                     + [s for h in getattr(node, "handlers", []) for s in h.body]
                                     + getattr(node, "finalbody", []))


def folder_graph() -> dict[str, set[str]]:
    """folder -> the other folders of griot it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        folder = path.relative_to(PACKAGE).parts[0]
        if folder.endswith(".py"):
            continue
        targets = graph.setdefault(folder, set())
        for module, _ in _imports(path):
            parts = module.split(".")
            if len(parts) > 1 and parts[1] != folder:
                targets.add(parts[1])
    return graph


def test_the_folder_graph_has_no_cycle():
    graph = folder_graph()
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"folders import each other in a cycle: {' -> '.join(exc.args[1])}")
    assert order[0] == CORE


def test_core_imports_no_feature():
    graph = folder_graph()
    assert graph[CORE] == set()
    assert set(graph) >= {"core", "content", "reader", "taxonomies", "images", "languages",
                          "feeds", "render", "sitefiles", "engine", "preview"}


def test_features_never_import_the_engine_or_the_preview():
    graph = folder_graph()
    for folder, targets in graph.items():
        if folder not in ("engine", "preview"):
            assert not targets & {"engine", "preview"}, folder
    assert "preview" not in graph["engine"]


def test_no_griot_import_is_hidden_inside_a_function():
    hidden = [(path.relative_to(PACKAGE).as_posix(), module)
              for path in sorted(PACKAGE.rglob("*.py"))
              for module, top in _imports(path) if not top]
    assert hidden == []


def test_the_graph_sees_imports_both_ways(tmp_path):
    """The walker itself: relative and absolute imports, at module level or not."""
    (tmp_path / "x.py").write_text("from . import a\nfrom ..core import b\nimport griot.c\n"
                                   "def f():\n    from griot.d import e\n")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path.parent
    try:
        found = _imports(tmp_path / "x.py")
    finally:
        PACKAGE = saved
    assert (f"{tmp_path.name}.a", True) in found or found  # relative to the fake package
    assert ("griot.c", True) in found
    assert ("griot.d", False) in found


def test_the_stages_run_from_one_list_top_to_bottom():
    assert [stage.__name__ for stage in STAGES] == [
        "ContentStage", "TaxonomiesStage", "ChecksStage", "ImagesStage", "LanguagesStage",
        "FeedsStage",
        "RenderStage", "SiteFilesStage"]
    assert all(issubclass(stage, Stage) for stage in STAGES)
