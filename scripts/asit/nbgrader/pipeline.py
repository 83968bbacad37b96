"""nbgrader's own code, driven in-process: generate, autograde, feedback, export, gradebook.

Each step is nbgrader's real one (``NbGraderAPI``, its converters and export plugin), so
what ``asit assign`` and ``asit grade`` do is what an instructor's ``nbgrader`` commands or
formgrader do with the same ``nbgrader_config.py``.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from .config import configure

CONFIG_FILE = "nbgrader_config.py"


class NbgraderError(Exception):
    """An nbgrader step failed; the message carries nbgrader's own log."""


def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` as a program: make the Python environment's scripts findable."""
    scripts = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in parts:
        os.environ["PATH"] = os.pathsep.join([scripts, *parts])


def course_config(course_dir: Path, course_id: str | None = None) -> Config:
    """The config nbgrader would load in ``course_dir``: its nbgrader_config.py, else the course's defaults."""
    config_file = course_dir / CONFIG_FILE
    if config_file.is_file() and course_id is None:
        return PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()
    config = Config()
    configure(config, course_dir, course_id)
    return config


def api_for(course_dir: Path, config: Config | None = None) -> Any:
    """nbgrader's high-level API on a course folder (quiet: logs are returned, not printed)."""
    ensure_tools_on_path()
    from nbgrader.apps.api import NbGraderAPI
    from sqlalchemy.exc import SAWarning

    config = config or course_config(course_dir)
    config.NbGraderAPI.log_level = "WARN"
    # nbgrader 0.9 adds rows in an order SQLAlchemy 2.1 warns about; the rows are saved all the same.
    warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")
    return NbGraderAPI(config=config)


def run_step(result: dict[str, Any], what: str) -> None:
    """Raise with nbgrader's log when a step reports failure."""
    if not result.get("success"):
        detail = (result.get("error") or "") + "\n" + (result.get("log") or "")
        raise NbgraderError(f"{what} failed:\n{detail.strip()}")


# How nbgrader reports a kernel that died before it ran a cell (the kernel's own error, e.g.
# "zmq.error.ZMQError: Address already in use", goes to the kernel's stderr, not to the log).
KERNEL_DIED_AT_START = "Kernel died before replying to kernel_info"
KERNEL_START_TRIES = 3


def step_log(result: dict[str, Any]) -> str:
    """What an nbgrader API step reported: its error, then its log."""
    return (result.get("error") or "") + (result.get("log") or "")


def kernel_died_at_start(result: dict[str, Any]) -> bool:
    """Whether nbgrader's step failed because its kernel died before running anything."""
    return not result.get("success") and KERNEL_DIED_AT_START in step_log(result)


def autograde(api: Any, assignment: str, student: str) -> dict[str, Any]:
    """nbgrader's autograde of one submission (``student`` as nbgrader reads it: a pattern).

    jupyter_client picks free ports, closes them, and the kernel binds them a moment later, so
    kernels started at the same time on one machine can meet there, and the one that lost dies
    before running anything. Nothing the trainee handed in is read before that point (the
    kernel runs the released notebook in a folder of its own), so the step is started again,
    with new ports, up to ``KERNEL_START_TRIES`` times.
    """
    result: dict[str, Any] = {}
    for _try in range(KERNEL_START_TRIES):
        result = api.autograde(assignment, student, force=True, create=True)
        if not kernel_died_at_start(result):
            break
    return result


def generate(api: Any, assignment: str) -> None:
    run_step(api.generate_assignment(assignment, force=True, create=True), f"nbgrader generate_assignment {assignment}")


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    """Every trainee folder in ``submitted/`` holding ``assignment`` (literal names, links included), sorted."""
    from .submission import trainee_folders

    return trainee_folders(course_dir, assignment)


@dataclass(frozen=True)
class GradeRow:
    """One grade cell of one submission, as the gradebook holds it."""

    student: str
    grade_id: str
    score: float
    max_score: float
    auto_score: float | None
    manual_score: float | None
    needs_manual_grade: bool


def gradebook_rows(db_url: str, assignment: str) -> list[GradeRow]:
    """Every grade of every submission of ``assignment``, sorted by student and grade id."""
    from nbgrader.api import Gradebook

    rows: list[GradeRow] = []
    with Gradebook(db_url) as gb:
        for submission in gb.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows.append(
                        GradeRow(
                            submission.student.id,
                            grade.name,
                            float(grade.score),
                            float(grade.max_score),
                            None if grade.auto_score is None else float(grade.auto_score),
                            None if grade.manual_score is None else float(grade.manual_score),
                            bool(grade.needs_manual_grade),
                        )
                    )
    return sorted(rows, key=lambda r: (r.student, r.grade_id))


def export_csv(api: Any, target: Path) -> None:
    """nbgrader's CSV export of the whole gradebook into ``target``."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(parent=api)
    plugin.to = str(target)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        plugin.export(gb)
