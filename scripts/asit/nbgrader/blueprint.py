"""The instructor's side of an assignment, read once per grading run: what every submission is graded on.

Two things are read: the released notebook (what a trainee received; its cells, with the
trainee's answers put in, are what gets graded) and the gradebook's source cells (what
nbgrader's autograde restores into each read-only cell, hidden tests included). Each code
cell's program is parsed into a short list of known calls; a cell with anything else (or a
code cell the trainee writes in) makes the assignment unprovable in process, and every
submission is then graded by nbgrader's autograde on the released notebook instead.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CALLS = {"show": 1, "grade": 2, "grader_notes": 1, "check": 0}  # notebook.<call> and its number of arguments
RUNTIME_MODULE = "asit.nbgrader.runtime"
SESSION_CLASS = "AssessmentNotebook"
SESSION_NAME = "notebook"


class NotProvableError(Exception):
    """This submission (or assignment) cannot be shown to grade in process as nbgrader would."""


@dataclass(frozen=True)
class Call:
    """One statement of a known cell program: ``import``, ``setup`` or a ``notebook`` call."""

    name: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellPlan:
    """One cell of the released notebook and what autograde makes of it."""

    grade_id: str
    cell_type: str
    nbgrader: dict[str, Any]  # the released cell's nbgrader metadata, which a submission must keep
    release_source: str  # what a read-only cell must still hold in a submission
    restored_source: str  # what autograde puts back into a read-only cell (hidden tests included)
    restored_checksum: str  # the gradebook's checksum, which autograde writes into the cell's metadata
    program: tuple[Call, ...]  # code cells only

    @property
    def locked(self) -> bool:
        return bool(self.nbgrader.get("locked"))

    @property
    def takes_text(self) -> bool:
        """A cell the trainee writes in: its text is an answer (the course's text questions)."""
        return self.cell_type == "markdown" and not self.locked


@dataclass(frozen=True)
class Blueprint:
    assignment: str
    notebook: str  # the notebook's name, without .ipynb
    nbformat_minor: int
    kernelspec: dict[str, Any] | None
    cells: tuple[CellPlan, ...]
    release: dict[str, Any] = field(default_factory=dict)  # the released notebook, as read
    unprovable: str = ""  # why its cells cannot be run in process ("" when they can)

    def release_cell(self, position: int) -> dict[str, Any]:
        """The released notebook's cell at ``position`` (the plan at the same position)."""
        cells = self.release.get("cells", [])
        return dict(cells[position]) if position < len(cells) else {}


def _string_args(call: ast.Call) -> tuple[str, ...] | None:
    if call.keywords or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args):
        return None
    return tuple(str(a.value) for a in call.args if isinstance(a, ast.Constant))


def _statement(node: ast.stmt) -> Call | None:
    """The known call a statement is, or None."""
    if isinstance(node, ast.ImportFrom):
        names = [(a.name, a.asname) for a in node.names]
        if node.module == RUNTIME_MODULE and node.level == 0 and names == [(SESSION_CLASS, None)]:
            return Call("import")
        return None
    if isinstance(node, ast.Assign):
        target, value = node.targets, node.value
        if (
            len(target) == 1
            and isinstance(target[0], ast.Name)
            and target[0].id == SESSION_NAME
            and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name)
            and (value.func.value.id, value.func.attr) == (SESSION_CLASS, "from_json")
        ):
            args = _string_args(value)
            return Call("setup", args) if args is not None and len(args) == 1 else None
        return None
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == SESSION_NAME:
            args = _string_args(node.value)
            if func.attr in CALLS and args is not None and len(args) == CALLS[func.attr]:
                return Call(func.attr, args)
    return None


def program_of(source: str, grade_id: str) -> tuple[Call, ...]:
    """A code cell's statements as known calls; anything else cannot be graded in process."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotProvableError(f"cell {grade_id!r} is not valid Python ({exc.msg})") from exc
    calls = []
    for node in tree.body:
        call = _statement(node)
        if call is None:
            raise NotProvableError(
                f"cell {grade_id!r} holds code the in-process grader does not know (line {node.lineno})"
            )
        calls.append(call)
    return tuple(calls)


def source_text(source: Any) -> str:
    """A cell's source as one string, whether the file split it into lines or not."""
    return "".join(source) if isinstance(source, list) else str(source)


def load_blueprint(gb: Any, assignment: str, release_dir: Path) -> Blueprint:
    """The blueprint of ``assignment`` from the gradebook ``gb`` and its released notebook."""
    from nbgrader.api import MissingEntry

    try:
        record = gb.find_assignment(assignment)
    except MissingEntry as exc:
        raise NotProvableError(f"the gradebook has no assignment {assignment!r} (run: asit assign)") from exc
    if len(record.notebooks) != 1:
        raise NotProvableError(
            f"the assignment has {len(record.notebooks)} notebooks; the in-process grader expects one"
        )
    notebook = record.notebooks[0]
    path = release_dir / f"{notebook.name}.ipynb"
    try:
        released = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotProvableError(f"the released notebook {path} cannot be read ({exc})") from exc
    sources = {cell.name: cell for cell in notebook.source_cells}
    plans = []
    unprovable = ""
    for cell in released.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader")
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str) or grade_id not in sources:
            raise NotProvableError(f"the released notebook has a cell the gradebook does not know ({cell.get('id')!r})")
        source = sources[grade_id]
        if cell.get("cell_type") != source.cell_type or bool(meta.get("locked")) != bool(source.locked):
            raise NotProvableError(f"the released cell {grade_id!r} differs from the gradebook's (run: asit assign)")
        program: tuple[Call, ...] = ()
        if source.cell_type == "code":
            try:
                if not source.locked:
                    raise NotProvableError(f"cell {grade_id!r} is a code cell the trainee writes in")
                program = program_of(source.source, grade_id)
            except NotProvableError as exc:
                unprovable = unprovable or str(exc)
        plans.append(
            CellPlan(
                grade_id=grade_id,
                cell_type=source.cell_type,
                nbgrader=dict(meta),
                release_source=source_text(cell.get("source", "")),
                restored_source=source.source,
                restored_checksum=source.checksum,
                program=program,
            )
        )
    kernelspec = json.loads(notebook.kernelspec) if notebook.kernelspec else None
    minor = int(released.get("nbformat_minor", 0))
    return Blueprint(assignment, notebook.name, minor, kernelspec, tuple(plans), released, unprovable)
