"""How long grading a cohort takes: nbgrader's own run against ``asit grade``, side by side.

One synthetic cohort of a real assessment is written once and copied into two course
folders with the same gradebook. nbgrader runs one copy as its commands do (``autograde``,
then ``generate_feedback``, then ``export``, each one converter run over every submission,
through its API in this process); ``asit grade``'s steps (grading, feedback pages, export)
run the other. Printed: the grading step's times and ratio, then the whole run's, each with
its cost per submission, and whether the two gradebooks and CSV exports are identical.
nbgrader can be timed on a sample of the cohort and scaled (a large cohort would take it
hours); the output says how it was measured. Targets: 50x at 200 submissions, for the
grading step and for the whole run.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..feedback.run import write_feedback
from ..loader import Course
from ..models import Assessment
from ..nbgrader.cohort import PROVABLE, set_due_date, write_cohort
from ..nbgrader.grade_run import IN_PROCESS, autograde_all
from ..nbgrader.pipeline import api_for, course_config, export_csv, generate, gradebook_rows, submitted_students
from ..nbgrader.progress import Progress
from ..nbgrader.source import render_sources, source_path
from ..settings import GradingSettings

RATIO_TARGET = 50.0
TARGET_STUDENTS = 200
DEFAULT_SAMPLE = 100  # nbgrader is timed on this many submissions of a cohort larger than the target


@dataclass(frozen=True)
class Steps:
    """Seconds of each step of a whole run: grade, feedback, export."""

    grade: float
    feedback: float
    export: float

    @property
    def total(self) -> float:
        return self.grade + self.feedback + self.export

    def scaled(self, factor: float) -> Steps:
        return Steps(self.grade * factor, self.feedback * factor, self.export * factor)


@dataclass(frozen=True)
class GradeFigures:
    assignment: str
    questions: int
    students: int
    kinds: dict[str, int]
    stock: Steps | None  # nbgrader's run, scaled to the whole cohort when timed on a sample; None: not timed
    stock_sample: int  # submissions nbgrader's run was timed on
    fast: Steps
    in_process: int
    identical: bool | None  # the sampled submissions' grades (and the CSV when not sampled) are nbgrader's

    @property
    def stock_s(self) -> float:
        return self.stock.grade if self.stock else float("nan")

    @property
    def fast_s(self) -> float:
        return self.fast.grade

    @property
    def ratio(self) -> float:
        return self.stock_s / self.fast_s if self.fast_s > 0 else float("inf")

    @property
    def whole_ratio(self) -> float:
        if self.stock is None:
            return float("nan")
        return self.stock.total / self.fast.total if self.fast.total > 0 else float("inf")


def _api(course_dir: Path, course_id: str) -> Any:
    return api_for(course_dir, course_config(course_dir, course_id))


def _prepare(
    base: Path, course: Course, assessment: Assessment, students: int, kinds: tuple[str, ...]
) -> dict[str, str]:
    """A course folder with the assessment generated and a cohort collected."""
    target = base / source_path(assessment.id)
    target.parent.mkdir(parents=True)
    target.write_text(render_sources(course)[source_path(assessment.id)], encoding="utf-8")
    api = _api(base, course.settings.course_id)
    generate(api, assessment.id)
    set_due_date(api.coursedir.db_url, assessment.id)
    return write_cohort(base, assessment, students, kinds)


def sample_of(students: list[str], size: int) -> list[str]:
    """``size`` students spread evenly over the sorted cohort (so every kind of submission is in it)."""
    if size >= len(students):
        return list(students)
    step = len(students) / size
    return [students[int(i * step)] for i in range(size)]


def _keep_only(course_dir: Path, assignment: str, keep: list[str]) -> None:
    kept = set(keep)
    for student in submitted_students(course_dir, assignment):
        if student not in kept:
            shutil.rmtree(course_dir / "submitted" / student)


def _stock_run(api: Any, course_dir: Path, assignment: str) -> Steps:
    """nbgrader's own whole run, as ``nbgrader autograde``, ``generate_feedback`` and ``export`` do it."""
    start = time.perf_counter()
    result = api.autograde(assignment, "*", force=True, create=True)
    grade_s = time.perf_counter() - start
    if not result.get("success"):
        raise RuntimeError(f"nbgrader autograde failed:\n{result.get('error') or result.get('log')}")
    start = time.perf_counter()
    result = api.generate_feedback(assignment, None, force=True)
    feedback_s = time.perf_counter() - start
    if not result.get("success"):
        raise RuntimeError(f"nbgrader generate_feedback failed:\n{result.get('error') or result.get('log')}")
    start = time.perf_counter()
    export_csv(api, course_dir / "grades.csv")
    return Steps(grade_s, feedback_s, time.perf_counter() - start)


def _fast_run(api: Any, course_dir: Path, assignment: str, grading: GradingSettings) -> tuple[Steps, int]:
    """``asit grade``'s whole run: the grading step, the feedback pages, the CSV export."""
    names = submitted_students(course_dir, assignment)
    quiet = Progress(len(names), "autograde", stream=io.StringIO())
    start = time.perf_counter()
    outcomes = autograde_all(api, course_dir, assignment, names, quiet, grading=grading)
    grade_s = time.perf_counter() - start
    start = time.perf_counter()
    run = write_feedback(api, assignment, [o.student for o in outcomes if not o.error])
    feedback_s = time.perf_counter() - start
    if run.failed:
        raise RuntimeError(f"feedback failed: {run.failed}")
    start = time.perf_counter()
    export_csv(api, course_dir / "grades.csv")
    steps = Steps(grade_s, feedback_s, time.perf_counter() - start)
    return steps, sum(1 for o in outcomes if o.route == IN_PROCESS)


def measure_grading(
    course: Course,
    assessment: Assessment,
    students: int,
    kinds: tuple[str, ...] = PROVABLE,
    stock_sample: int | None = None,
) -> GradeFigures:
    """Run one cohort through nbgrader's whole run and through ``asit grade``'s, on the same gradebook.

    ``stock_sample``: time nbgrader on that many submissions and scale its time to the cohort
    (0: do not time nbgrader; None: every submission).
    """
    course_id = course.settings.course_id
    with tempfile.TemporaryDirectory(prefix="asit-bench-grade-") as tmp:
        base, stock_dir, fast_dir = (Path(tmp) / name for name in ("base", "stock", "fast"))
        cohort = _prepare(base, course, assessment, students, kinds)
        shutil.copytree(base, fast_dir)
        fast_api = _api(fast_dir, course_id)
        sample = students if stock_sample is None else min(stock_sample, students)
        stock: Steps | None = None
        identical: bool | None = None
        if sample > 0:
            shutil.copytree(base, stock_dir)
            picked = sample_of(submitted_students(stock_dir, assessment.id), sample)
            _keep_only(stock_dir, assessment.id, picked)
            stock_api = _api(stock_dir, course_id)
            stock = _stock_run(stock_api, stock_dir, assessment.id).scaled(students / sample)
        fast, in_process = _fast_run(fast_api, fast_dir, assessment.id, course.settings.grading)
        if stock is not None:
            chosen = set(picked)
            fast_rows = [r for r in gradebook_rows(fast_api.coursedir.db_url, assessment.id) if r.student in chosen]
            identical = gradebook_rows(stock_api.coursedir.db_url, assessment.id) == fast_rows
            if sample == students:
                same_csv = (stock_dir / "grades.csv").read_text("utf-8") == (fast_dir / "grades.csv").read_text("utf-8")
                identical = identical and same_csv
        return GradeFigures(
            assignment=assessment.id,
            questions=len(assessment.questions),
            students=students,
            kinds=dict(sorted(Counter(cohort.values()).items())),
            stock=stock,
            stock_sample=sample,
            fast=fast,
            in_process=in_process,
            identical=identical,
        )


def _per(seconds: float, n: int) -> str:
    each = seconds / max(n, 1)
    return f"{each * 1000:.1f} ms" if each < 1 else f"{each:.2f} s"


def _verdict(ratio: float) -> str:
    return f"{'meets' if ratio >= RATIO_TARGET else 'misses'} the target of {RATIO_TARGET:.0f}x"


def report(f: GradeFigures) -> str:
    cohort = ", ".join(f"{n} {kind}" for kind, n in f.kinds.items())
    scale = "" if f.students == TARGET_STUDENTS else f" (the target is set at {TARGET_STUDENTS} submissions)"
    if f.stock is None:
        how = "nbgrader: not timed (--no-stock)"
    elif f.stock_sample == f.students:
        how = f"nbgrader: timed on all {f.students} submissions (its API in this process, as its commands run it)"
    else:
        how = (
            f"nbgrader: timed on a sample of {f.stock_sample} of the {f.students} submissions (spread over every "
            f"kind) and scaled to {f.students} by its cost per submission"
        )
    lines = [
        f"grading {f.students} submissions of {f.assignment} ({f.questions} questions) on {os.cpu_count()} cores",
        f"cohort: {cohort}",
        how,
        "",
        f"{'':24}{'total':>10}{'per submission':>18}",
    ]
    if f.stock is not None:
        lines.append(f"{'nbgrader autograde':24}{f.stock.grade:>9.1f}s{_per(f.stock.grade, f.students):>18}")
    lines.append(
        f"{'asit grade (grading)':24}{f.fast.grade:>9.2f}s{_per(f.fast.grade, f.students):>18}"
        f"   ({f.in_process} in process, {f.students - f.in_process} by nbgrader autograde)"
    )
    if f.stock is not None:
        lines.append(f"ratio: {f.ratio:.1f}x ({_verdict(f.ratio)}){scale}")
        checked = "" if f.stock_sample == f.students else f" (the {f.stock_sample} sampled submissions)"
        lines.append(
            f"grades of every cell, totals and CSV export identical: {'yes' if f.identical else 'NO'}{checked}"
        )
    lines += ["", "whole run (grade + feedback + export)"]
    header = f"{'':12}{'asit grade':>12}{'per submission':>16}"
    if f.stock is not None:
        header += f"{'nbgrader':>12}{'per submission':>16}{'ratio':>9}"
    lines.append(header)
    rows: list[tuple[str, float, float | None]] = [
        ("grade", f.fast.grade, f.stock.grade if f.stock else None),
        ("feedback", f.fast.feedback, f.stock.feedback if f.stock else None),
        ("export", f.fast.export, f.stock.export if f.stock else None),
        ("total", f.fast.total, f.stock.total if f.stock else None),
    ]
    for name, fast, stock in rows:
        line = f"{name:12}{fast:>11.2f}s{_per(fast, f.students):>16}"
        if stock is not None:
            ratio = stock / fast if fast > 0 else float("inf")
            line += f"{stock:>11.1f}s{_per(stock, f.students):>16}{ratio:>8.1f}x"
        lines.append(line)
    if f.stock is not None:
        lines.append(f"whole-run ratio: {f.whole_ratio:.1f}x ({_verdict(f.whole_ratio)}){scale}")
    lines.append(
        f"asit grade, whole run: {f.fast.total:.1f} s for {f.students} submissions, "
        f"{_per(f.fast.total, f.students)} per submission"
    )
    return "\n".join(lines)
