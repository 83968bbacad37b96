"""How long grading a cohort takes: nbgrader's autograde against ``asit grade``, side by side.

One synthetic cohort of a real assessment is written once and copied into two course
folders with the same gradebook. nbgrader's autograde grades one copy (in process, one
converter run over every submission, as ``nbgrader autograde ASSIGNMENT`` does); the
grading step of ``asit grade`` grades the other. Both times, the cost per submission and
the ratio are printed, with whether the two gradebooks and CSV exports are identical.
Target: a ratio of at least 50 at 200 submissions.
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

from ..loader import Course
from ..models import Assessment
from ..nbgrader.cohort import PROVABLE, set_due_date, write_cohort
from ..nbgrader.grade_run import IN_PROCESS, autograde_all
from ..nbgrader.pipeline import api_for, course_config, export_csv, generate, gradebook_rows, submitted_students
from ..nbgrader.progress import Progress
from ..nbgrader.source import render_sources, source_path

RATIO_TARGET = 50.0
TARGET_STUDENTS = 200


@dataclass(frozen=True)
class GradeFigures:
    assignment: str
    questions: int
    students: int
    kinds: dict[str, int]
    stock_s: float
    fast_s: float
    in_process: int
    identical: bool

    @property
    def ratio(self) -> float:
        return self.stock_s / self.fast_s if self.fast_s > 0 else float("inf")


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


def _csv(api: Any, course_dir: Path) -> str:
    export_csv(api, course_dir / "grades.csv")
    return (course_dir / "grades.csv").read_text(encoding="utf-8")


def measure_grading(
    course: Course, assessment: Assessment, students: int, kinds: tuple[str, ...] = PROVABLE
) -> GradeFigures:
    """Grade one cohort twice, with nbgrader's autograde and with ``asit grade``'s grading step."""
    course_id = course.settings.course_id
    with tempfile.TemporaryDirectory(prefix="asit-bench-grade-") as tmp:
        base, stock_dir, fast_dir = (Path(tmp) / name for name in ("base", "stock", "fast"))
        cohort = _prepare(base, course, assessment, students, kinds)
        shutil.copytree(base, stock_dir)
        shutil.copytree(base, fast_dir)
        stock_api, fast_api = _api(stock_dir, course_id), _api(fast_dir, course_id)
        start = time.perf_counter()
        result = stock_api.autograde(assessment.id, "*", force=True, create=True)
        stock_s = time.perf_counter() - start
        if not result.get("success"):
            raise RuntimeError(f"nbgrader autograde failed:\n{result.get('error') or result.get('log')}")
        names = submitted_students(fast_dir, assessment.id)
        quiet = Progress(len(names), "autograde", stream=io.StringIO())
        start = time.perf_counter()
        outcomes = autograde_all(fast_api, fast_dir, assessment.id, names, quiet)
        fast_s = time.perf_counter() - start
        same_rows = gradebook_rows(stock_api.coursedir.db_url, assessment.id) == gradebook_rows(
            fast_api.coursedir.db_url, assessment.id
        )
        same_csv = _csv(stock_api, stock_dir) == _csv(fast_api, fast_dir)
        return GradeFigures(
            assignment=assessment.id,
            questions=len(assessment.questions),
            students=students,
            kinds=dict(sorted(Counter(cohort.values()).items())),
            stock_s=stock_s,
            fast_s=fast_s,
            in_process=sum(1 for o in outcomes if o.route == IN_PROCESS),
            identical=same_rows and same_csv,
        )


def _per(seconds: float, n: int) -> str:
    each = seconds / max(n, 1)
    return f"{each * 1000:.1f} ms" if each < 1 else f"{each:.2f} s"


def report(f: GradeFigures) -> str:
    cohort = ", ".join(f"{n} {kind}" for kind, n in f.kinds.items())
    verdict = "meets" if f.ratio >= RATIO_TARGET else "misses"
    scale = "" if f.students == TARGET_STUDENTS else f" (the target is set at {TARGET_STUDENTS} submissions)"
    lines = [
        f"grading {f.students} submissions of {f.assignment} ({f.questions} questions) on {os.cpu_count()} cores",
        f"cohort: {cohort}",
        "",
        f"{'':24}{'total':>10}{'per submission':>18}",
        f"{'nbgrader autograde':24}{f.stock_s:>9.1f}s{_per(f.stock_s, f.students):>18}",
        f"{'asit grade (grading)':24}{f.fast_s:>9.2f}s{_per(f.fast_s, f.students):>18}"
        f"   ({f.in_process} in process, {f.students - f.in_process} by nbgrader autograde)",
        f"ratio: {f.ratio:.1f}x ({verdict} the target of {RATIO_TARGET:.0f}x){scale}",
        f"grades of every cell, totals and CSV export identical: {'yes' if f.identical else 'NO'}",
    ]
    return "\n".join(lines)
