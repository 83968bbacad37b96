"""Every exception class of the package says it is one: its name ends in ``Error``.

Read from the source (no import), following bases within the package, so that a class
deriving from another of the package's exceptions is held to the rule too.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "asit"


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_builtin_exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


def exception_classes(root: Path = PACKAGE) -> dict[str, str]:
    """Exception class name -> where it is defined (``path:line``)."""
    classes: dict[str, tuple[list[str], str]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                classes[node.name] = ([_base_name(b) for b in node.bases], where)
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name, (bases, where) in classes.items():
            if name in found:
                continue
            if any(_is_builtin_exception(b) or b in found or b.endswith(("Error", "Exception")) for b in bases):
                found[name] = where
                changed = True
    return found


def test_the_scan_finds_exceptions_and_only_them(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "class A(ValueError): ...\nclass B(A): ...\nclass C: ...\nclass D(x.SomeError): ...\nclass E(C): ...\n"
    )
    assert sorted(exception_classes(tmp_path)) == ["A", "B", "D"]


def test_every_exception_class_ends_in_error() -> None:
    found = exception_classes()
    assert "UnsafeOutputError" in found and "SubmissionRefusedError" in found
    wrong = sorted(f"{where}: {name}" for name, where in found.items() if not name.endswith("Error"))
    assert wrong == []
