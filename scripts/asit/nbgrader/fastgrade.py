"""Autograde one submission in this process into the folder nbgrader's autograde writes.

A submission is graded here only when it is provably the released notebook handed back:
the same cells in the same order, every read-only cell's source and every cell's nbgrader
metadata unchanged, and an answers file that reads cleanly (or none). Anything else raises
``NotProvable`` before anything is written, and nbgrader's own autograde grades it.

What is written mirrors nbgrader 0.9's autograde step by step: the submission's other files
copied to ``autograded/`` (and the source folder's, over them), read-only cells restored
from the gradebook (hidden tests back in), each code cell's outputs as its kernel gives them,
nbgrader's own output limits and the course's grader notes applied, the notebook written and
made read-only, and each grade cell's score worked out as nbgrader's ``SaveAutoGrades`` does
(``asit.nbgrader.records`` saves them). The new folder replaces the old one only once the
gradebook holds its grades.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from ipykernel.ipkernel import IPythonKernel
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat import NotebookNode
from nbformat.v4.rwbase import split_lines, strip_transient
from nbgrader.converters import Autograde
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
)

from nbgrader import utils

from ..widgets import answers as answers_file
from .blueprint import Blueprint, CellPlan, NotProvable, source_text
from .config import autograde_steps
from .inprocess import InProcessKernel, Setup
from .preprocessors import PlaceGraderNotes

SANITIZE_STEPS = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
CLEARED_CELL_METADATA = ("collapsed", "scrolled")  # what nbconvert's ClearOutputPreprocessor drops
NO_RESPONSE = "No response."


def check_config(autograde: Autograde, config: Any) -> None:
    """The course's autograde steps and no hooks: otherwise only nbgrader itself knows the result."""
    if list(autograde.autograde_preprocessors) != autograde_steps():
        raise NotProvable("nbgrader_config.py sets other autograde steps than the course's")
    if list(autograde.sanitize_preprocessors) != SANITIZE_STEPS:
        raise NotProvable("nbgrader_config.py sets other sanitize steps than nbgrader's")
    if autograde.pre_convert_hook is not None or autograde.post_convert_hook is not None:
        raise NotProvable("nbgrader_config.py sets a pre- or post-convert hook")
    if ClearMetadataPreprocessor(config=config).enabled:  # type: ignore[no-untyped-call]
        raise NotProvable("nbgrader_config.py enables ClearMetadataPreprocessor")
    if autograde.coursedir.groupshared:
        raise NotProvable("a group-shared course folder (its folder permissions are nbgrader's to set)")


def matched_cells(blueprint: Blueprint, submitted: Any) -> list[dict[str, Any]]:
    """The submission's cells, checked one by one against the released notebook."""
    if not isinstance(submitted, dict) or submitted.get("nbformat") != 4:
        raise NotProvable("the notebook is not in nbformat 4")
    if submitted.get("nbformat_minor") != blueprint.nbformat_minor:
        minor = submitted.get("nbformat_minor")
        raise NotProvable(f"the notebook's format is 4.{minor}, not 4.{blueprint.nbformat_minor}")
    cells = submitted.get("cells")
    if not isinstance(cells, list) or len(cells) != len(blueprint.cells):
        count = len(cells) if isinstance(cells, list) else 0
        raise NotProvable(f"the notebook has {count} cells, the released one {len(blueprint.cells)} (added or deleted)")
    for position, (cell, plan) in enumerate(zip(cells, blueprint.cells, strict=True), start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
            raise NotProvable(f"cell {position} is not a notebook cell")
        if cell.get("cell_type") != plan.cell_type or cell["metadata"].get("nbgrader") != plan.nbgrader:
            raise NotProvable(f"cell {position} is not the released cell {plan.grade_id!r} (moved, added or edited)")
        if not isinstance(cell.get("id"), str):
            raise NotProvable(f"cell {position} has no cell id")
        if plan.locked and source_text(cell.get("source", "")) != plan.release_source:
            raise NotProvable(f"the read-only cell {plan.grade_id!r} was changed")
    return cells


def _graded_cell(cell: dict[str, Any], plan: CellPlan, kernel: InProcessKernel) -> dict[str, Any]:
    """A cell as autograde leaves it: restored if read-only; run, with outputs, if code."""
    cleared = CLEARED_CELL_METADATA if plan.cell_type == "code" else ()
    metadata = {k: v for k, v in cell["metadata"].items() if k not in cleared}
    metadata["nbgrader"] = {**plan.nbgrader, "checksum": plan.restored_checksum}
    out: dict[str, Any] = {
        "cell_type": plan.cell_type,
        "id": cell["id"],
        "metadata": metadata,
        "source": plan.restored_source if plan.locked else source_text(cell.get("source", "")),
    }
    if "attachments" in cell:
        out["attachments"] = cell["attachments"]
    if plan.cell_type == "code":
        out["execution_count"], out["outputs"] = kernel.run(plan.program)
    return out


def cell_results(notebook: NotebookNode) -> tuple[dict[str, float | None], dict[str, str | None]]:
    """Each grade cell's auto score and each answer cell's auto comment, as SaveAutoGrades sets them."""
    scores: dict[str, float | None] = {}
    comments: dict[str, str | None] = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if utils.is_grade(cell):
            scores[grade_id], _ = utils.determine_grade(cell)
        if utils.is_solution(cell) or utils.is_task(cell):
            unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
            comments[grade_id] = NO_RESPONSE if unchanged and not utils.is_task(cell) else None
    return scores, comments


def notebook_text(notebook: NotebookNode) -> str:
    """The notebook file's text: nbformat's lines split and sorted keys, without indentation.

    Any notebook reader reads it as nbformat's own file. nbformat's writer deep-copies the
    notebook and indents with the pure-Python JSON encoder: together, a fifth of the time
    of grading a submission; this notebook is not used again and nobody diffs it.
    """
    split_lines(notebook)  # type: ignore[no-untyped-call]
    strip_transient(notebook)  # type: ignore[no-untyped-call]
    return json.dumps(notebook, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass
class Prepared:
    """One submission graded in process, waiting for its gradebook records to be saved."""

    student: str
    timestamp: datetime | None
    scores: dict[str, float | None]  # auto score by grade cell
    comments: dict[str, str | None]  # auto comment by answer cell
    build: Path  # the new autograded folder, not yet in place
    dest: Path
    seconds: float = 0.0

    def publish(self) -> None:
        """Swap the new folder in: a reader sees the old autograded folder or the new one."""
        old = None
        if self.dest.exists():
            old = self.dest.with_name(f".{self.dest.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            self.dest.rename(old)
        self.build.rename(self.dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.build, ignore_errors=True)


class FastGrader:
    """Grades provable submissions of one assignment into autograded folders (no gradebook)."""

    def __init__(self, api: Any, blueprint: Blueprint) -> None:
        self.coursedir = api.coursedir
        self.blueprint = blueprint
        config = api.config
        autograde = Autograde(coursedir=self.coursedir, config=config)
        check_config(autograde, config)
        self.create_student = bool(autograde.create_student)
        self.exclude = set(autograde.exclude_overwriting.get(blueprint.assignment, []))
        self.permissions = int(str(autograde.permissions), 8)
        self.after_run = [IgnorePattern(config=config), LimitOutput(config=config), PlaceGraderNotes(config=config)]
        self.setups: dict[str, Setup] = {}

    def _path(self, directory: str, student: str) -> Path:
        return Path(self.coursedir.format_path(directory, student, self.blueprint.assignment))

    def prepare(self, student: str) -> Prepared:
        """Grade ``student``'s submission into a new folder; raise NotProvable, leaving nothing, if unprovable."""
        start = time.perf_counter()
        assignment = self.blueprint.assignment
        submitted = self._path(self.coursedir.submitted_directory, student)
        notebook_file = submitted / f"{self.blueprint.notebook}.ipynb"
        try:
            data = json.loads(notebook_file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise NotProvable(f"the submission has no {notebook_file.name}") from exc
        except (OSError, ValueError) as exc:
            raise NotProvable(f"{notebook_file.name} cannot be read as JSON") from exc
        cells = matched_cells(self.blueprint, data)
        loaded = answers_file.load(submitted / answers_file.FILE_NAME, assignment)
        if loaded.problem:
            raise NotProvable(f"{answers_file.FILE_NAME}: {loaded.problem}")
        try:
            timestamp = self.coursedir.get_existing_timestamp(str(submitted))
        except Exception as exc:
            raise NotProvable(f"timestamp.txt cannot be read ({exc})") from exc
        dest = self._path(self.coursedir.autograded_directory, student)
        dest.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=f".{assignment}.", dir=dest.parent))
        try:
            self._copy_files(submitted, build)
            notebook = self._autograded(data, cells, build)
            scores, comments = cell_results(notebook)
            (build / notebook_file.name).write_text(notebook_text(notebook), encoding="utf-8")
            for path in build.rglob("*"):
                if path.is_file():
                    os.chmod(path, self.permissions)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        return Prepared(student, timestamp, scores, comments, build, dest, time.perf_counter() - start)

    def _copy_files(self, submitted: Path, build: Path) -> None:
        """The submission's other files, then the source folder's over them (as autograde copies them)."""
        ignore = [*self.coursedir.ignore, "*.ipynb"]
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.blueprint.assignment))
        excluded = {str(source / name) for name in self.exclude}
        for root, skip in ((submitted, set()), (source, excluded)):
            for filename in utils.find_all_files(str(root), ignore):
                if filename in skip:
                    continue
                target = build / os.path.relpath(filename, root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                shutil.copy(filename, target)

    def _autograded(self, data: dict[str, Any], cells: list[dict[str, Any]], build: Path) -> NotebookNode:
        kernel = InProcessKernel(build, self.setups)
        graded = [_graded_cell(cell, plan, kernel) for cell, plan in zip(cells, self.blueprint.cells, strict=True)]
        metadata = dict(data.get("metadata", {}))
        if self.blueprint.kernelspec:
            metadata["kernelspec"] = self.blueprint.kernelspec
        metadata["language_info"] = IPythonKernel.language_info
        notebook: NotebookNode = nbformat.from_dict(  # type: ignore[no-untyped-call]
            {"cells": graded, "metadata": metadata, "nbformat": 4, "nbformat_minor": self.blueprint.nbformat_minor}
        )
        resources: dict[str, Any] = {}
        for step in self.after_run:
            notebook, resources = step(notebook, resources)
        return notebook
