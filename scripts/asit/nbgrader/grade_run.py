"""One grading run of an assignment: every submission graded from its answers, none of it run.

Each trainee folder is read as data (``asit.nbgrader.submission``): a folder or file that is
not read fails that trainee, with the reason. Every other submission is graded in this
process from its answers on the instructor's released notebook (``asit.nbgrader.fastgrade``)
and its records saved in batches (``asit.nbgrader.records``), one gradebook session for the
run. When the assignment itself cannot be graded in process (a course configuration with
other autograde steps, cells of unknown code) or one submission's in-process grading fails,
nbgrader's autograde grades it, on the released notebook with the trainee's answers put in
(``asit.nbgrader.canonical``), across the machine's cores (``asit.nbgrader.stock``).
Every trainee has a time limit. The outcomes say, for every folder found, which route graded
it, what differs from the released notebook, or why it was not graded.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..settings import GradingSettings
from .blueprint import Blueprint, NotProvableError, load_blueprint
from .canonical import STAGED_DIRECTORY, clean_staged, stage
from .fastgrade import FastGrader, Prepared, clean_stale
from .progress import Progress
from .records import RecordWriter
from .stock import TaskResult, run_stock
from .submission import Submission, SubmissionRefusedError, read_submission

IN_PROCESS = "in process"
NBGRADER = "nbgrader autograde"
NOT_GRADED = "not graded"


@dataclass(frozen=True)
class Outcome:
    student: str
    route: str  # IN_PROCESS, NBGRADER or NOT_GRADED
    seconds: float
    reason: str = ""  # why nbgrader's autograde graded it
    error: str = ""  # why it was not graded ("" when it was)
    differences: tuple[str, ...] = ()  # what differs from the released notebook, for the instructor


class TraineeTimeLimitError(BaseException):
    """One trainee's reading or grading ran past ``asit.grading.trainee_timeout`` (a BaseException: nothing on
    the way may take it for a grading error)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TraineeTimeLimitError`` in the block after ``seconds`` (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TraineeTimeLimitError(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _release_dir(api: Any, assignment: str) -> Path:
    coursedir = api.coursedir
    return Path(coursedir.format_path(coursedir.release_directory, ".", assignment))


def autograde_all(
    api: Any,
    course_dir: Path,
    assignment: str,
    students: list[str],
    progress: Progress | None = None,
    *,
    grading: GradingSettings,
) -> list[Outcome]:
    """Grade every student's submission by the ``grading`` settings; one outcome per student, sorted by student."""
    from nbgrader.api import Gradebook

    progress = progress or Progress(len(students), "autograde")
    clean_stale(Path(api.coursedir.root) / api.coursedir.autograded_directory, assignment)
    clean_staged(course_dir, assignment)
    outcomes: list[Outcome] = []
    by_nbgrader: dict[str, tuple[Submission, str]] = {}
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        try:
            blueprint = load_blueprint(gb, assignment, _release_dir(api, assignment))
        except NotProvableError as exc:
            for student in students:
                outcomes.append(Outcome(student, NOT_GRADED, 0.0, error=f"{assignment} cannot be graded: {exc}"))
                progress.step(student, "not graded", always=True)
            progress.finish()
            return sorted(outcomes, key=lambda o: o.student)
        submissions = _read_all(api, course_dir, blueprint, students, progress, outcomes, grading.trainee_timeout)
        try:
            grader = FastGrader(api, blueprint)
        except NotProvableError as exc:
            by_nbgrader = {s.student: (s, str(exc)) for s in submissions}
        else:
            writer = RecordWriter(gb, blueprint, api.config, grader.create_student)
            _grade_in_process(grader, writer, submissions, progress, outcomes, by_nbgrader, grading)
    try:
        _grade_by_nbgrader(api, course_dir, blueprint, by_nbgrader, progress, outcomes, grading.min_parallel_tasks)
    finally:
        clean_staged(course_dir, assignment)
    progress.finish()
    return sorted(outcomes, key=lambda o: o.student)


def _read_all(
    api: Any,
    course_dir: Path,
    blueprint: Blueprint,
    students: list[str],
    progress: Progress,
    outcomes: list[Outcome],
    seconds: float,
) -> list[Submission]:
    """Every submission that can be read; each one that cannot is an outcome, with why."""
    submissions = []
    for student in students:
        start = time.perf_counter()
        try:
            with time_limit(seconds):
                submissions.append(
                    read_submission(course_dir, blueprint.assignment, student, blueprint, api.coursedir.ignore)
                )
        except (SubmissionRefusedError, TraineeTimeLimitError) as exc:
            error = str(exc) if isinstance(exc, SubmissionRefusedError) else f"reading its submission {exc}"
            outcomes.append(Outcome(student, NOT_GRADED, time.perf_counter() - start, error=error))
            progress.step(student, f"not graded ({error})", always=True)
    return submissions


def _grade_by_nbgrader(
    api: Any,
    course_dir: Path,
    blueprint: Blueprint,
    work: dict[str, tuple[Submission, str]],
    progress: Progress,
    outcomes: list[Outcome],
    min_parallel_tasks: int,
) -> None:
    """nbgrader's autograde on the released notebook with each trainee's answers put in."""
    for submission, _reason in work.values():
        stage(course_dir, blueprint, submission)

    def done(result: TaskResult) -> None:
        submission, reason = work[result.student]
        route = NOT_GRADED if result.error else NBGRADER
        outcomes.append(Outcome(result.student, route, result.seconds, reason, result.error, submission.differences))
        status = f"FAILED ({result.error})" if result.error else "ok"
        progress.step(result.student, f"by nbgrader autograde in {result.seconds:.1f} s, {status}", always=True)

    floor = min_parallel_tasks
    run_stock(api, course_dir, blueprint.assignment, sorted(work), done, STAGED_DIRECTORY, min_parallel_tasks=floor)


def _grade_in_process(
    grader: FastGrader,
    writer: RecordWriter,
    submissions: list[Submission],
    progress: Progress,
    outcomes: list[Outcome],
    by_nbgrader: dict[str, tuple[Submission, str]],
    grading: GradingSettings,
) -> None:
    """Grade the submissions in process, in batches; a submission this fails on goes to nbgrader."""
    from nbgrader import utils

    batch: list[Prepared] = []
    read = {s.student: s for s in submissions}
    writer.add_students(sorted(read))

    def save() -> None:
        start = time.perf_counter()
        try:
            failed = writer.save(batch)
        except Exception as error:  # a batch of one that could not be saved
            failed = {item.student: error for item in batch}
        share = (time.perf_counter() - start) / len(batch)
        for item in batch:
            if item.student in failed:
                item.discard()
                exc = failed[item.student]
                why = f"its grades could not be saved in process ({type(exc).__name__}: {exc})"
                by_nbgrader[item.student] = (read[item.student], why)
            else:
                outcomes.append(Outcome(item.student, IN_PROCESS, item.seconds + share, differences=item.differences))
                progress.step(item.student, _duration(item.seconds + share))
        batch.clear()

    try:
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for submission in submissions:
                student = submission.student
                start = time.perf_counter()
                try:
                    with time_limit(grading.trainee_timeout):
                        batch.append(grader.prepare(submission))
                except TraineeTimeLimitError as exc:
                    error = f"grading {exc}"
                    outcomes.append(Outcome(student, NOT_GRADED, time.perf_counter() - start, error=error))
                    progress.step(student, f"not graded ({error})", always=True)
                except Exception as exc:  # nbgrader's autograde, on the released notebook, gets its chance
                    by_nbgrader[student] = (submission, f"in-process grading failed ({type(exc).__name__}: {exc})")
                if len(batch) >= grading.batch_size:
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


def shown(student: str) -> str:
    """A trainee id as printed: quoted when it holds what a terminal would act on."""
    return student if student.isprintable() else repr(student)


def summary_lines(assignment: str, outcomes: list[Outcome], seconds: float, slowest: int = 3) -> list[str]:
    """What an instructor reads at the end of a run: counts that add up to the folders found,
    routes, what to review, what failed and why, the slowest."""
    failed = [o for o in outcomes if o.error]
    fast = [o for o in outcomes if o.route == IN_PROCESS]
    stock = [o for o in outcomes if o.route == NBGRADER]
    review = [o for o in outcomes if o.differences and not o.error]
    rate = len(outcomes) / seconds if seconds > 0 else 0.0
    lines = [
        f"{assignment}: graded {len(outcomes) - len(failed)} of {len(outcomes)} submissions, {len(failed)} failed, "
        f"in {seconds:.1f} s ({rate:.1f} per second)",
        f"  {len(fast)} in process (no kernel), {len(stock)} by nbgrader autograde (on the released notebook)",
    ]
    reasons: dict[str, list[str]] = {}
    for o in stock:
        reasons.setdefault(o.reason, []).append(shown(o.student))
    for reason, students in reasons.items():
        if len(students) > 3:
            lines.append(f"  by nbgrader autograde, {len(students)} submissions: {reason}")
        else:
            lines += [f"  by nbgrader autograde: {student}: {reason}" for student in students]
    if review:
        note = "graded from their answers; their notebook differs from the released one"
        lines.append(f"  {len(review)} to review ({note}):")
    for o in review:
        lines.append(f"    {shown(o.student)}: {'; '.join(o.differences)}")
    for o in failed:
        lines.append(f"  failed: {shown(o.student)}: {o.error}")
    ranked = sorted(outcomes, key=lambda o: (-o.seconds, o.student))[:slowest]
    if ranked:
        lines.append(
            "  slowest: " + ", ".join(f"{shown(o.student)} {_duration(o.seconds)} ({o.route})" for o in ranked)
        )
    return lines


def review_document(assignment: str, outcomes: list[Outcome]) -> dict[str, Any]:
    """The run's outcomes for the instructor, as data: every trainee folder, graded or not and why."""
    graded = [o for o in outcomes if not o.error]
    return {
        "assignment": assignment,
        "folders": len(outcomes),
        "graded": len(graded),
        "not_graded": len(outcomes) - len(graded),
        "to_review": sum(1 for o in graded if o.differences),
        "trainees": [
            {
                "student": o.student,
                "graded": not o.error,
                "route": o.route,
                "reason": o.reason,
                "error": o.error,
                "differences": list(o.differences),
            }
            for o in sorted(outcomes, key=lambda o: o.student)
        ],
    }


def review_path(course_dir: Path, assignment: str) -> Path:
    """Where ``asit grade`` writes the run's outcomes (``reports/`` beside the gradebook)."""
    return course_dir / "reports" / f"{assignment}-grading.json"


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
