"""Write every trainee's feedback folder of an assignment, in this process, from the gradebook.

Each page is made again from the gradebook as it is now (never "skipping existing"), so
manual grades and comments given in formgrader are always in it. A folder is laid out as
nbgrader's ``generate_feedback`` lays it out, so ``nbgrader release_feedback`` and
``fetch_feedback`` deliver it: ``feedback/<student>/<assignment>/<notebook>.html`` beside
the autograded folder's other files (``timestamp.txt``, ``submission_secret.txt``,
``answers.json``), files mode 644. Each folder is built beside the old one and swapped in,
so a reader sees the old pages or the new ones; one trainee's failure costs no other page.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .grades import NotebookGrades, read_grades
from .page import NotebookTemplate, read_notebook


class FeedbackError(Exception):
    """Feedback cannot be written for the assignment at all; the message says why and what to do."""


@dataclass
class FeedbackRun:
    """What a run wrote: the trainees whose pages were written, and why the others were not."""

    written: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def markdown_renderer() -> Callable[[str], str]:
    """The course's markdown cells as nbgrader's feedback renders them (nbconvert's renderer)."""
    from nbconvert.filters.markdown import markdown2html

    def render(text: str) -> str:
        return str(markdown2html(text))

    return render


def literal_id(student: str) -> bool:
    """A trainee id that names exactly one folder (no separator, not . or ..)."""
    return bool(student) and student not in (".", "..") and "/" not in student and os.sep not in student


class FeedbackWriter:
    """Writes the feedback folders of one assignment; the shared parts are made once."""

    def __init__(self, coursedir: Any, config: Any, assignment: str, notebooks: Sequence[str]) -> None:
        self.coursedir = coursedir
        self.assignment = assignment
        release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
        render = markdown_renderer()
        self.templates: dict[str, NotebookTemplate] = {}
        for name in notebooks:
            path = release / f"{name}.ipynb"
            released = read_notebook(path) if path.is_file() else None
            self.templates[name] = NotebookTemplate(name, released, render)
        groupshared = bool(coursedir.groupshared)
        configured = config.GenerateFeedback.get("permissions") if "GenerateFeedback" in config else None
        self.permissions = int(str(configured or (664 if groupshared else 644)), 8)
        self.ignore = [*coursedir.ignore, "*.ipynb"]

    def _path(self, directory: str, student: str) -> Path:
        return Path(self.coursedir.format_path(directory, student, self.assignment))

    def write(self, student: str, grades: dict[str, NotebookGrades]) -> None:
        """Write ``student``'s folder (raises with the reason when it cannot)."""
        if not literal_id(student):
            raise ValueError(f"the trainee id {student!r} is not a plain folder name")
        source = self._path(self.coursedir.autograded_directory, student)
        pages: dict[str, str] = {}
        for name, template in self.templates.items():
            notebook = source / f"{name}.ipynb"
            if not notebook.is_file():
                raise FileNotFoundError(f"no autograded notebook {notebook} (grade it first: asit grade)")
            if name not in grades:
                raise LookupError(f"the gradebook has no grades of {name} for this trainee")
            pages[f"{name}.html"] = template.page(read_notebook(notebook), grades[name])
        dest = self._path(self.coursedir.feedback_directory, student)
        dest.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=f".{self.assignment}.", dir=dest.parent))
        try:
            self._copy_files(source, build)
            for filename, page in pages.items():
                (build / filename).write_text(page, encoding="utf-8")
            for path in build.rglob("*"):
                if path.is_file():
                    os.chmod(path, self.permissions)
            os.chmod(build, 0o2775 if self.coursedir.groupshared else 0o755)
            _swap(build, dest)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise

    def _copy_files(self, source: Path, build: Path) -> None:
        """The autograded folder's other files, as nbgrader's feedback copies them (regular files only)."""
        from nbgrader.utils import find_all_files

        for filename in find_all_files(str(source), self.ignore):
            info = os.lstat(filename)
            if not stat.S_ISREG(info.st_mode):
                continue
            target = build / os.path.relpath(filename, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(filename, target, follow_symlinks=False)


def _swap(build: Path, dest: Path) -> None:
    """Put the new folder in place of the old one: a reader sees one or the other."""
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    build.rename(dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_feedback(
    api: Any,
    assignment: str,
    students: Sequence[str] | None = None,
    step: Callable[[str, str], None] | None = None,
) -> FeedbackRun:
    """Write the feedback of ``students`` (default: every submission in the gradebook).

    ``step(student, error)`` hears each trainee as it is done ("" when written).
    """
    from nbgrader.api import Gradebook, MissingEntry

    start = time.perf_counter()
    coursedir = api.coursedir
    run = FeedbackRun()
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry as exc:
            raise FeedbackError(f"the gradebook has no assignment {assignment!r} (run: asit assign)") from exc
        notebooks = sorted(str(nb.name) for nb in record.notebooks)
        wanted = set(students) if students is not None else None
        grades = read_grades(gb, assignment, wanted)
    writer = FeedbackWriter(coursedir, api.config, assignment, notebooks)
    for student in sorted(wanted if wanted is not None else grades):
        error = ""
        if student not in grades:
            error = "no submission of this trainee in the gradebook (grade it first: asit grade)"
        else:
            try:
                writer.write(student, grades[student])
            except Exception as exc:  # one trainee's folder never stops the others
                error = f"{type(exc).__name__}: {exc}"
        if error:
            run.failed[student] = error
        else:
            run.written.append(student)
        if step is not None:
            step(student, error)
    run.seconds = time.perf_counter() - start
    return run
