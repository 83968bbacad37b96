"""Write every trainee's feedback folder of an assignment, in this process, from the gradebook.

Each page is made again from the gradebook as it is now (never "skipping existing"), so
manual grades and comments given in formgrader are always in it. A folder is laid out as
nbgrader's ``generate_feedback`` lays it out, so ``nbgrader release_feedback`` and
``fetch_feedback`` deliver it: ``feedback/<student>/<assignment>/<notebook>.html`` beside
the autograded folder's other files (``timestamp.txt``, ``submission_secret.txt``,
``answers.json``), files mode 644. Each file is replaced whole (a reader sees the old page or
the new one) and nothing else stays in the folder; one trainee's failure costs no other page.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .grades import NotebookGrades, ensure_lookup_indexes, read_grades
from .page import NotebookTemplate, read_notebook

TEMP_SUFFIX = "asit-writing"


class FeedbackError(Exception):
    """Feedback cannot be written for the assignment at all; the message says why and what to do."""


@dataclass
class FeedbackRun:
    """What a run wrote: the trainees whose pages were written, and why the others were not."""

    written: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def markdown_renderer() -> Callable[[str], str]:
    """The course's markdown cells as nbgrader's feedback renders them (nbconvert's renderer, maths
    included), except that raw HTML in an author's text is shown as text, never passed through."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    def render(text: str) -> str:
        return str(MarkdownWithMath(renderer=IPythonRenderer(escape=True)).render(text))

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
        files: dict[str, bytes] = {name: page.encode("utf-8") for name, page in pages.items()}
        files.update(self._other_files(source))
        self._publish(self._path(self.coursedir.feedback_directory, student), files)

    def _other_files(self, source: Path) -> dict[str, bytes]:
        """The autograded folder's other files, as nbgrader's feedback copies them (regular files only)."""
        found: dict[str, bytes] = {}
        for folder, dirs, names in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not self._ignored(d))
            for name in sorted(names):
                path = os.path.join(folder, name)
                if self._ignored(name) or not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
                found[os.path.relpath(path, source)] = _read_regular(path)
        return found

    def _ignored(self, name: str) -> bool:
        """nbgrader's rule: a name matching one of the course folder's ignore patterns (or a notebook)."""
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore)

    def _publish(self, dest: Path, files: dict[str, bytes]) -> None:
        """Make ``dest`` hold exactly ``files``: each one replaced atomically, anything else removed.

        A reader sees each file whole, old or new. Cheaper than building a folder and swapping
        it in (a rename and a whole-folder removal per trainee), which counts over a cohort.
        """
        if not dest.is_dir():
            dest.mkdir(parents=True)
            os.chmod(dest, 0o2775 if self.coursedir.groupshared else 0o755)
        before = set(os.listdir(dest))
        for relative, content in files.items():
            target = dest / relative
            if os.sep in relative:
                target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{TEMP_SUFFIX}")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, self.permissions)
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(fd, self.permissions)
                handle.write(content)
            os.replace(temporary, target)
        for stale in sorted(before - {relative.split(os.sep)[0] for relative in files}):
            path = dest / stale
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def _read_regular(path: str) -> bytes:
    """A regular file's bytes, never through a link (checked before by the caller, and again by O_NOFOLLOW)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


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
        ensure_lookup_indexes(gb)
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
