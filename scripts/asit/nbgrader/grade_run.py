"""One grading run of an assignment: in process where provable, nbgrader's autograde elsewhere.

Every provable submission is graded in this process (``asit.nbgrader.fastgrade``) and its
records saved in batches (``asit.nbgrader.records``), one gradebook session for the run;
the others, each with the reason it could not be proved,
go to nbgrader's autograde across the machine's cores (``asit.nbgrader.stock``). The
outcomes say which route graded each submission, how long it took and what failed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .blueprint import NotProvable, load_blueprint
from .fastgrade import FastGrader, Prepared
from .progress import Progress
from .records import BATCH, RecordWriter
from .stock import TaskResult, run_stock

IN_PROCESS = "in process"
NBGRADER = "nbgrader autograde"


@dataclass(frozen=True)
class Outcome:
    student: str
    route: str  # IN_PROCESS or NBGRADER
    seconds: float
    reason: str = ""  # why nbgrader's autograde graded it
    error: str = ""  # why grading failed ("" when it did not)


def _fast_path(api: Any, gb: Any, assignment: str) -> tuple[FastGrader, RecordWriter]:
    coursedir = api.coursedir
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    blueprint = load_blueprint(gb, assignment, release)
    grader = FastGrader(api, blueprint)
    return grader, RecordWriter(gb, blueprint, api.config, grader.create_student)


def autograde_all(
    api: Any, course_dir: Path, assignment: str, students: list[str], progress: Progress | None = None
) -> list[Outcome]:
    """Autograde every student's submission; the outcomes, sorted by student."""
    from nbgrader.api import Gradebook

    progress = progress or Progress(len(students), "autograde")
    outcomes: list[Outcome] = []
    fallback: dict[str, str] = {}
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        try:
            grader, writer = _fast_path(api, gb, assignment)
        except NotProvable as exc:
            fallback = dict.fromkeys(students, str(exc))
        else:
            _grade_in_process(grader, writer, students, progress, outcomes, fallback)

    def done(result: TaskResult) -> None:
        outcomes.append(Outcome(result.student, NBGRADER, result.seconds, fallback[result.student], result.error))
        status = f"FAILED ({result.error})" if result.error else "ok"
        progress.step(result.student, f"by nbgrader autograde in {result.seconds:.1f} s, {status}", always=True)

    run_stock(api, course_dir, "autograde", assignment, sorted(fallback), done)
    progress.finish()
    return sorted(outcomes, key=lambda o: o.student)


def _grade_in_process(
    grader: FastGrader,
    writer: RecordWriter,
    students: list[str],
    progress: Progress,
    outcomes: list[Outcome],
    fallback: dict[str, str],
) -> None:
    """Grade the provable submissions in batches; note each unprovable one and why."""
    from nbgrader import utils

    batch: list[Prepared] = []
    writer.add_students(students)

    def save() -> None:
        start = time.perf_counter()
        failed = writer.save(batch)
        share = (time.perf_counter() - start) / len(batch)
        for item in batch:
            if item.student in failed:
                item.discard()
                exc = failed[item.student]
                fallback[item.student] = f"its grades could not be saved in process ({type(exc).__name__}: {exc})"
            else:
                outcomes.append(Outcome(item.student, IN_PROCESS, item.seconds + share))
                progress.step(item.student, _duration(item.seconds + share))
        batch.clear()

    try:
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for student in students:
                try:
                    batch.append(grader.prepare(student))
                except NotProvable as exc:
                    fallback[student] = str(exc)
                except Exception as exc:  # nbgrader's own autograde gets every chance the fast path missed
                    fallback[student] = f"in-process grading failed ({type(exc).__name__}: {exc})"
                if len(batch) >= BATCH:
                    save()
        if batch:
            save()
    finally:
        for item in batch:  # interrupted: nothing half-saved stays behind
            item.discard()


def feedback_all(api: Any, course_dir: Path, assignment: str, students: list[str]) -> dict[str, str]:
    """Each student's feedback page, written in this process from the gradebook; the failures, by student."""
    from ..feedback.run import FeedbackError, write_feedback

    progress = Progress(len(students), "feedback ")

    def step(student: str, error: str) -> None:
        progress.step(student, f"FAILED ({error})" if error else "ok", always=bool(error))

    try:
        run = write_feedback(api, assignment, students, step)
    except FeedbackError as exc:
        return dict.fromkeys(students, str(exc))
    finally:
        progress.finish()
    return run.failed


def summary_lines(assignment: str, outcomes: list[Outcome], seconds: float, slowest: int = 3) -> list[str]:
    """What an instructor reads at the end of a run: counts, routes and reasons, the slowest."""
    failed = [o for o in outcomes if o.error]
    fast = [o for o in outcomes if o.route == IN_PROCESS]
    stock = [o for o in outcomes if o.route == NBGRADER]
    rate = len(outcomes) / seconds if seconds > 0 else 0.0
    lines = [
        f"{assignment}: graded {len(outcomes) - len(failed)} of {len(outcomes)} submissions, {len(failed)} failed, "
        f"in {seconds:.1f} s ({rate:.1f} per second)",
        f"  {len(fast)} in process (no kernel), {len(stock)} by nbgrader autograde",
    ]
    for o in stock:
        lines.append(f"  by nbgrader autograde: {o.student}: {o.reason}")
    for o in failed:
        lines.append(f"  failed: {o.student}: {o.error}")
    ranked = sorted(outcomes, key=lambda o: (-o.seconds, o.student))[:slowest]
    if ranked:
        lines.append("  slowest: " + ", ".join(f"{o.student} {_duration(o.seconds)} ({o.route})" for o in ranked))
    return lines


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
