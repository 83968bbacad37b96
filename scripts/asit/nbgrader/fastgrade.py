"""Autograde one submission in this process, from its answers, into the folder nbgrader's autograde writes.

The submission has been read as data (``asit.nbgrader.submission``): its answers file, its
timestamp and the text of its answer cells. The graded notebook is the instructor's released
notebook with those texts put in; no cell, metadata or file of the trainee's is run or kept.

What is written mirrors nbgrader 0.9's autograde step by step for an honest submission:
``answers.json`` and ``timestamp.txt`` (and the source folder's files, over them), read-only
cells restored from the gradebook (hidden tests back in), each code cell's outputs as its
kernel gives them,
nbgrader's own output limits and the course's grader notes applied, the notebook written and
made read-only, and each grade cell's score worked out as nbgrader's ``SaveAutoGrades`` does
(``asit.nbgrader.records`` saves them). Text answers are written so that Markdown shows them
as text (``as_text``). The new folder replaces the old one only once the gradebook holds its
grades; a killed run's folders carry our own names and are removed by the next run.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
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
from nbgrader import utils
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

from ..write import recover, staging_beside, swap_in
from .blueprint import Blueprint, CellPlan, NotProvableError
from .config import autograde_steps
from .inprocess import InProcessKernel, Setup
from .preprocessors import PlaceGraderNotes
from .submission import Submission

BUILD_PREFIX = ".asit-build-"  # a new autograded folder being written: .asit-build-<assignment>-<random>
OLD_PREFIX = ".asit-old-"  # the autograded folder being replaced: .asit-old-<assignment>
TEXT_ONLY = str.maketrans({"\\": "\\\\", "[": "\\[", "&": "&amp;", "<": "&lt;", ">": "&gt;"})
SANITIZE_STEPS = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
CLEARED_CELL_METADATA = ("collapsed", "scrolled")  # what nbconvert's ClearOutputPreprocessor drops
NO_RESPONSE = "No response."
log = logging.getLogger(__name__)


def check_config(autograde: Autograde, config: Any) -> None:
    """The course's autograde steps and no hooks: otherwise only nbgrader itself knows the result."""
    if list(autograde.autograde_preprocessors) != autograde_steps():
        raise NotProvableError("nbgrader_config.py sets other autograde steps than the course's")
    if list(autograde.sanitize_preprocessors) != SANITIZE_STEPS:
        raise NotProvableError("nbgrader_config.py sets other sanitize steps than nbgrader's")
    if autograde.pre_convert_hook is not None or autograde.post_convert_hook is not None:
        raise NotProvableError("nbgrader_config.py sets a pre- or post-convert hook")
    if ClearMetadataPreprocessor(config=config).enabled:  # type: ignore[no-untyped-call]
        raise NotProvableError("nbgrader_config.py enables ClearMetadataPreprocessor")


def share_with_group(folder: Path) -> None:
    """A group-shared course's folder as nbgrader leaves it: group-writable and setgid, so every
    instructor of the group can grade again over another's work."""
    mode = folder.stat().st_mode
    if mode & 0o2770 != 0o2770:
        try:
            folder.chmod((mode | 0o2770) & 0o2777)
        except PermissionError:  # another instructor's folder: nbgrader warns and goes on too
            log.warning("could not make %s group-shared (owned by another user)", folder)


def as_text(markdown: str) -> str:
    """A trainee's text answer that Markdown shows as the text typed: no HTML, no link, no image.

    Every character that starts HTML is written as its entity (``&lt;script&gt;`` shows as
    ``<script>``), and every ``[`` (and backslash) is escaped, so no link or image (a
    ``javascript:`` address, a picture fetched from elsewhere) can be formed: formgrader's
    grading page and the feedback page show what the trainee wrote and run or fetch nothing.
    Text without these characters is kept as it is, so an unanswered cell is the released one.
    """
    return markdown.translate(TEXT_ONLY)


def legacy_folder(name: str, assignment: str) -> bool:
    """A folder a killed grading run of ``assignment`` left under the names earlier versions of the grader used."""
    legacy = f".{assignment}."
    return name == f"{legacy}old" or (name.startswith(legacy) and len(name) == len(legacy) + 8)


def clean_stale(autograded: Path, assignment: str) -> list[Path]:
    """Clean what killed runs left in ``autograded/*/``; the folders removed.

    An autograded folder caught between the two renames of its swap is put back (``recover``).
    """
    removed: list[Path] = []
    try:
        students = list(os.scandir(autograded))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for student in students:
        if not student.is_dir(follow_symlinks=False):
            continue
        dest = Path(student.path) / assignment
        removed += recover(dest, prefix=f"{BUILD_PREFIX}{assignment}-", old=f"{OLD_PREFIX}{assignment}").removed
        for entry in os.scandir(student.path):
            if entry.is_dir(follow_symlinks=False) and legacy_folder(entry.name, assignment):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def _graded_cell(plan: CellPlan, release: dict[str, Any], text: str | None, kernel: InProcessKernel) -> dict[str, Any]:
    """A released cell as autograde leaves it: restored if read-only, the trainee's text if an
    answer cell, run with outputs if code."""
    cleared = CLEARED_CELL_METADATA if plan.cell_type == "code" else ()
    released_meta = release.get("metadata", {})
    metadata = {k: v for k, v in released_meta.items() if k not in cleared} if isinstance(released_meta, dict) else {}
    metadata["nbgrader"] = {**plan.nbgrader, "checksum": plan.restored_checksum}
    if plan.locked:
        source = plan.restored_source
    elif plan.takes_text and text is not None:
        source = text
    else:
        source = plan.release_source
    out: dict[str, Any] = {
        "cell_type": plan.cell_type,
        "id": release.get("id") if isinstance(release.get("id"), str) else plan.grade_id,
        "metadata": metadata,
        "source": source,
    }
    if "attachments" in release:
        out["attachments"] = release["attachments"]
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
    differences: tuple[str, ...] = ()  # what differs from the released notebook

    def publish(self) -> None:
        """Swap the new folder in: a reader sees the old autograded folder or the new one."""
        swap_in(self.build, self.dest, old=self.dest.with_name(f"{OLD_PREFIX}{self.dest.name}"))

    def discard(self) -> None:
        shutil.rmtree(self.build, ignore_errors=True)


class FastGrader:
    """Grades submissions of one assignment from their answers into autograded folders (no gradebook).

    Nothing of the submitted notebook but its text answers is used: every cell, its metadata
    and the notebook's come from the instructor's released notebook and gradebook.
    """

    def __init__(self, api: Any, blueprint: Blueprint) -> None:
        if blueprint.unprovable:
            raise NotProvableError(blueprint.unprovable)
        self.coursedir = api.coursedir
        self.blueprint = blueprint
        config = api.config
        autograde = Autograde(coursedir=self.coursedir, config=config)
        check_config(autograde, config)
        self.create_student = bool(autograde.create_student)
        self.exclude = set(autograde.exclude_overwriting.get(blueprint.assignment, []))
        self.permissions = int(str(autograde.permissions), 8)
        self.groupshared = bool(self.coursedir.groupshared)
        self.root_shared = False
        self.after_run = [IgnorePattern(config=config), LimitOutput(config=config), PlaceGraderNotes(config=config)]
        self.setups: dict[str, Setup] = {}
        self.text_ids = {plan.grade_id for plan in blueprint.cells if plan.takes_text}
        self.validated = False

    def _path(self, directory: str, student: str) -> Path:
        return Path(self.coursedir.format_path(directory, student, self.blueprint.assignment))

    def prepare(self, submission: Submission) -> Prepared:
        """Grade one submission into a new folder (nothing is left behind if this raises)."""
        start = time.perf_counter()
        assignment = self.blueprint.assignment
        dest = self._path(self.coursedir.autograded_directory, submission.student)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if self.groupshared and not self.root_shared:  # the autograded root: once a run, when it exists
            share_with_group(Path(self.coursedir.format_path(self.coursedir.autograded_directory, ".", ".")))
            self.root_shared = True
        build = staging_beside(dest, prefix=f"{BUILD_PREFIX}{assignment}-")
        try:
            for name, raw in submission.kept_files():
                (build / name).write_bytes(raw)
            self._copy_source_files(build)
            notebook = self._autograded(submission.texts, build)
            scores, comments = cell_results(notebook)
            for cell in notebook.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") in self.text_ids:
                    cell.source = as_text(cell.source)
            if not self.validated:  # every notebook of the run is this one with other texts and outputs
                nbformat.validate(notebook)
                self.validated = True
            (build / f"{self.blueprint.notebook}.ipynb").write_text(notebook_text(notebook), encoding="utf-8")
            for path in build.rglob("*"):
                if path.is_file():
                    os.chmod(path, self.permissions)
            if self.groupshared:
                for folder in [build, *(p for p in build.rglob("*") if p.is_dir())]:
                    share_with_group(folder)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        seconds = time.perf_counter() - start
        return Prepared(
            submission.student, submission.timestamp, scores, comments, build, dest, seconds, submission.differences
        )

    def _copy_source_files(self, build: Path) -> None:
        """The source folder's other files (the instructor's), as autograde copies them."""
        ignore = [*self.coursedir.ignore, "*.ipynb"]
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.blueprint.assignment))
        excluded = {str(source / name) for name in self.exclude}
        for filename in utils.find_all_files(str(source), ignore):
            if filename in excluded:
                continue
            target = build / os.path.relpath(filename, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            shutil.copy(filename, target)

    def _autograded(self, texts: dict[str, str], build: Path) -> NotebookNode:
        kernel = InProcessKernel(build, self.setups)
        blueprint = self.blueprint
        graded = [
            _graded_cell(plan, blueprint.release_cell(position), texts.get(plan.grade_id), kernel)
            for position, plan in enumerate(blueprint.cells)
        ]
        released_meta = blueprint.release.get("metadata", {})
        metadata = dict(released_meta) if isinstance(released_meta, dict) else {}
        if blueprint.kernelspec:
            metadata["kernelspec"] = blueprint.kernelspec
        metadata["language_info"] = IPythonKernel.language_info
        notebook: NotebookNode = nbformat.from_dict(  # type: ignore[no-untyped-call]
            {"cells": graded, "metadata": metadata, "nbformat": 4, "nbformat_minor": blueprint.nbformat_minor}
        )
        resources: dict[str, Any] = {}
        for step in self.after_run:
            notebook, resources = step(notebook, resources)
        return notebook
