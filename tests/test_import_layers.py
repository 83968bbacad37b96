"""The package's modules import one way: content is loaded, then judged, never the reverse.

``loader`` runs ``validate`` in ``load_or_raise``; ``validate`` judges the loaded course and
reads its containers from ``course_model``, so neither imports the other back. More generally
no two modules of the package import each other, directly or through others.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "asit"


def imports_of(module: str) -> set[str]:
    """The package modules a module imports, anywhere in its file (functions included)."""
    path = PACKAGE / f"{module.replace('.', '/')}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parent = module.rsplit(".", 1)[0] if "." in module else ""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = parent.split(".")[: len(parent.split(".")) - (node.level - 1)] if parent else []
            target = ".".join([*filter(None, base), *(node.module.split(".") if node.module else [])])
            found.add(target)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("asit."):
            found.add(node.module.removeprefix("asit."))
    return found


def test_validate_does_not_import_loader() -> None:
    assert "loader" not in imports_of("validate")
    assert "validate" in imports_of("loader")
    assert "loader" not in imports_of("course_model") and "validate" not in imports_of("course_model")


def test_validate_imports_on_its_own() -> None:
    code = "import sys, asit.validate; print(sorted(m for m in sys.modules if m in ('asit.loader', 'asit.validate')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['asit.validate']"


def module_files() -> dict[str, Path]:
    """Every module of the package, dotted under ``asit`` ("" is the package itself), and its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (``from . import x`` names the module ``x``)."""
    modules = module_files()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        here = module.split(".")[: None if path.name == "__init__.py" else -1] if module else []
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                elif node.module == "asit" or (node.module or "").startswith("asit."):
                    target = (node.module or "").removeprefix("asit").removeprefix(".")
                else:
                    continue
                for alias in node.names:
                    named = f"{target}.{alias.name}" if target else alias.name
                    targets.add(named if named in modules else target)
            elif isinstance(node, ast.Import):
                targets |= {a.name.removeprefix("asit.") for a in node.names if a.name.startswith("asit.")}
        graph[module] = {t for t in targets if t in modules and t != module}
    return graph


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "validate" in graph["loader"] and "widgets.answers" in graph["widgets.graded"]
    assert "write" in graph["nbgrader.fastgrade"] and "scoring" in graph["report.stats"]


def test_no_two_modules_import_each_other() -> None:
    graph = import_graph()
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(f"modules import each other: {' -> '.join(exc.args[1])}") from exc
    assert set(order) == set(graph)
