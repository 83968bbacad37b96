"""The package's modules import one way: content is loaded, then judged, never the reverse.

``loader`` runs ``validate`` in ``load_or_raise``; ``validate`` judges the loaded course and
reads its containers from ``course_model``, so neither imports the other back.
"""

from __future__ import annotations

import ast
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
