"""What nbgrader's own autograde is given, when a course's assignment cannot be graded in process.

Never the trainee's folder: the instructor's released notebook with the trainee's text answers
put in (as text, see ``as_text``), and the ``answers.json`` and ``timestamp.txt`` bytes read
under the reading rules. No cell, tag, metadata or other file of the trainee's reaches the
kernel; a code cell a trainee could write in keeps its released source. The copies live in
``<course>/.asit-staged/<student>/<assignment>/``, which nbgrader reads as its ``submitted``
folder for the run; a run removes its own copies at its start and its end.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

from ..write import usual_mode
from .blueprint import Blueprint
from .fastgrade import as_text
from .submission import Submission

STAGED_DIRECTORY = ".asit-staged"


def clean_staged(course_dir: Path, assignment: str) -> None:
    """Remove the staged copies of ``assignment`` (a killed run's too)."""
    root = course_dir / STAGED_DIRECTORY
    if root.is_symlink() or not root.is_dir():
        return
    for student in os.scandir(root):
        folder = Path(student.path) / assignment
        if student.is_dir(follow_symlinks=False) and os.path.lexists(folder):
            shutil.rmtree(folder, ignore_errors=True)
        if student.is_dir(follow_symlinks=False) and not any(os.scandir(student.path)):
            os.rmdir(student.path)
    if not any(os.scandir(root)):
        os.rmdir(root)


def canonical_notebook(blueprint: Blueprint, texts: dict[str, str]) -> dict[str, object]:
    """The released notebook with the trainee's text answers put in its answer cells."""
    notebook = copy.deepcopy(blueprint.release)
    cells = notebook.get("cells", [])
    for position, plan in enumerate(blueprint.cells):
        if plan.takes_text and plan.grade_id in texts and position < len(cells):
            cells[position]["source"] = as_text(texts[plan.grade_id])
    return notebook


def stage(course_dir: Path, blueprint: Blueprint, submission: Submission) -> Path:
    """Write the copy nbgrader's autograde grades for ``submission``; its folder."""
    folder = course_dir / STAGED_DIRECTORY / submission.student / blueprint.assignment
    if os.path.lexists(folder):
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for made in (folder, folder.parent, folder.parent.parent):
        usual_mode(made, 0o777)
    text = json.dumps(canonical_notebook(blueprint, submission.texts), indent=1, ensure_ascii=False) + "\n"
    (folder / f"{blueprint.notebook}.ipynb").write_text(text, encoding="utf-8")
    for name, raw in submission.kept_files():
        (folder / name).write_bytes(raw)
    return folder
