"""The grading settings (``asit.grading`` in ``_config.yml``) are the ones grading runs by:
nbgrader's cell time limit, the per-trainee time limit, the batch size of gradebook saves."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from traitlets.config import Config

from asit.nbgrader.config import configure
from asit.nbgrader.grade_run import IN_PROCESS, NOT_GRADED, Outcome, _grade_in_process
from asit.nbgrader.progress import Progress
from asit.nbgrader.submission import Submission
from asit.settings import GradingSettings

HEAD = "title: A course\nasit:\n  course_id: asit-thb\n"


def test_nbgrader_runs_cells_with_the_configured_time_limit(tmp_path: Path) -> None:
    course_dir = tmp_path / "assessments"
    course_dir.mkdir()
    (tmp_path / "_config.yml").write_text(HEAD, encoding="utf-8")
    default = Config()
    configure(default, course_dir)
    assert default.Execute.timeout == GradingSettings().execute_timeout
    (tmp_path / "_config.yml").write_text(HEAD + "  grading:\n    execute_timeout: 300\n", encoding="utf-8")
    slower = Config()
    configure(slower, course_dir)
    assert slower.Execute.timeout == 300


@dataclass
class FakePrepared:
    student: str
    seconds: float = 0.001
    differences: tuple[str, ...] = ()

    def discard(self) -> None:
        pass


class FakeGrader:
    """Prepares a submission at once, or after ``slow`` seconds for the trainees in ``slow_for``."""

    def __init__(self, slow_for: frozenset[str] = frozenset(), slow: float = 0.0) -> None:
        self.slow_for, self.slow = slow_for, slow

    def prepare(self, submission: Submission) -> FakePrepared:
        if submission.student in self.slow_for:
            time.sleep(self.slow)
        return FakePrepared(submission.student)


class FakeWriter:
    """Records the batches it is asked to save; saves them all."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def add_students(self, students: list[str]) -> None:
        pass

    def save(self, batch: list[FakePrepared]) -> dict[str, BaseException]:
        self.batches.append([item.student for item in batch])
        return {}


def _run(settings: GradingSettings, students: list[str], grader: FakeGrader) -> tuple[FakeWriter, list[Outcome]]:
    submissions = [Submission(s, None, None, None, {}, ()) for s in students]
    writer, outcomes = FakeWriter(), list[Outcome]()
    progress = Progress(len(students), "autograde", stream=io.StringIO())
    _grade_in_process(cast(Any, grader), cast(Any, writer), submissions, progress, outcomes, {}, settings)
    return writer, outcomes


def test_gradebook_saves_come_in_batches_of_the_configured_size() -> None:
    students = [f"t{n}" for n in range(5)]
    writer, outcomes = _run(GradingSettings(batch_size=2), students, FakeGrader())
    assert writer.batches == [["t0", "t1"], ["t2", "t3"], ["t4"]]
    assert [o.route for o in outcomes] == [IN_PROCESS] * 5
    writer, _ = _run(GradingSettings(), students, FakeGrader())
    assert writer.batches == [students]  # the default (50) saves the five at once


def test_a_trainee_past_the_configured_time_limit_is_not_graded() -> None:
    grader = FakeGrader(slow_for=frozenset({"slow"}), slow=0.5)
    writer, outcomes = _run(GradingSettings(trainee_timeout=0.1), ["fast", "slow"], grader)
    by_student = {o.student: o for o in outcomes}
    assert by_student["fast"].route == IN_PROCESS
    assert by_student["slow"].route == NOT_GRADED
    assert by_student["slow"].error == "grading took longer than 0.1 s"
    assert writer.batches == [["fast"]]
