"""The parts of in-process grading, without nbgrader's pipeline: what counts as provable,
what a cell's run prints, the progress bar, the summary, and the synthetic cohorts."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.models import Assessment, TextQuestion
from asit.nbgrader.blueprint import Call, NotProvableError, program_of
from asit.nbgrader.cohort import KINDS, answers_for, write_submission
from asit.nbgrader.grade_run import IN_PROCESS, NBGRADER, Outcome, summary_lines
from asit.nbgrader.inprocess import InProcessKernel
from asit.nbgrader.pipeline import KERNEL_START_TRIES
from asit.nbgrader.progress import Progress
from asit.nbgrader.runtime import AssessmentNotebook
from asit.nbgrader.selfcheck import key_answer
from asit.nbgrader.source import public_data, source_notebook
from asit.nbgrader.stock import run_stock, worker_count
from asit.settings import GradingSettings
from asit.widgets import answers as answers_file
from asit.widgets.views import view_of
from conftest import FIXTURE_COURSE


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    folder = load_or_raise(FIXTURE_COURSE).module("01-sample").assessment
    assert folder is not None
    return folder.assessment


def test_the_course_cells_are_known_programs(assessment: Assessment) -> None:
    nb = source_notebook(assessment)
    names = [call.name for cell in nb.cells if cell.cell_type == "code" for call in program_of(cell.source, cell.id)]
    assert names[:2] == ["import", "setup"]
    assert names.count("grade") == sum(1 for q in assessment.questions if not isinstance(q, TextQuestion))
    assert names[-2:] == ["grader_notes", "check"]


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "notebook.grade('q', key)",  # an argument that is not a literal
        "notebook.grade('q')",  # the wrong number of arguments
        "notebook.delete('q')",
        "x = notebook",
        "notebook.show('q'); print('hi')",
        "notebook.grade('q',",
    ],
)
def test_anything_else_is_not_provable(source: str) -> None:
    with pytest.raises(NotProvableError, match="cell 'c'"):
        program_of(source, "c")


def test_a_cell_runs_with_the_kernels_outputs(assessment: Assessment, tmp_path: Path) -> None:
    q = next(q for q in assessment.questions if not isinstance(q, TextQuestion))
    answers_file.save(tmp_path / answers_file.FILE_NAME, assessment.id, {q.id: key_answer(q)})
    setup = json.dumps(public_data(assessment))
    kernel = InProcessKernel(tmp_path, {})
    assert kernel.run((Call("import"), Call("setup", (setup,)))) == (1, [])
    count, outputs = kernel.run((Call("grade", (q.id, _key(q))),))
    direct = AssessmentNotebook(assessment.id, [view_of(x) for x in assessment.questions], tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        score = direct.grade(q.id, _key(q))
    assert count == 2
    assert outputs == [
        {"name": "stdout", "output_type": "stream", "text": printed.getvalue()},
        {"data": {"text/plain": repr(score)}, "execution_count": 2, "metadata": {}, "output_type": "execute_result"},
    ]
    assert score == q.points


def _key(q: Any) -> str:
    return json.dumps(q.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_a_call_before_setup_or_a_raising_call_is_not_provable(assessment: Assessment, tmp_path: Path) -> None:
    with pytest.raises(NotProvableError, match="before the setup cell"):
        InProcessKernel(tmp_path, {}).run((Call("check"),))
    kernel = InProcessKernel(tmp_path, {})
    kernel.run((Call("import"), Call("setup", (json.dumps(public_data(assessment)),))))
    with pytest.raises(NotProvableError, match="raised KeyError"):
        kernel.run((Call("show", ("no-such-question",)),))


def test_progress_in_a_log_prints_each_tenth_and_what_matters() -> None:
    stream = io.StringIO()
    progress = Progress(40, "autograde", stream=stream, tty=False)
    for n in range(40):
        progress.step(f"t{n:02d}", "12 ms", always=(n == 5))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # every fourth of 40, plus the one marked always
    assert lines[-1].startswith("autograde [40/40] ####################")
    assert "t05: 12 ms" in lines[1] and "/s t39: 12 ms" in lines[-1]


def test_progress_on_a_terminal_redraws_one_line() -> None:
    stream = io.StringIO()
    progress = Progress(3, "feedback ", stream=stream, tty=True)
    for n in range(3):
        progress.step(f"t{n}", "ok")
    text = stream.getvalue()
    assert text.startswith("\rfeedback  [1/3]") and text.endswith("t2: ok\x1b[K\n")
    assert text.count("\n") == 1


def test_summary_names_routes_reasons_failures_and_the_slowest() -> None:
    outcomes = [
        Outcome("ana", IN_PROCESS, 0.012),
        Outcome("ben", NBGRADER, 1.4, "answers.json: it is not valid JSON (line 1, column 3)"),
        Outcome("cy", NBGRADER, 2.0, "the read-only cell 'q1' was changed", "kernel died"),
    ]
    lines = summary_lines("a1", outcomes, 4.0)
    assert lines[0] == "a1: graded 2 of 3 submissions, 1 failed, in 4.0 s (0.8 per second)"
    assert lines[1] == "  1 in process (no kernel), 2 by nbgrader autograde (on the released notebook)"
    assert "  by nbgrader autograde: ben: answers.json: it is not valid JSON (line 1, column 3)" in lines
    assert "  failed: cy: kernel died" in lines
    assert lines[-1] == (
        "  slowest: cy 2.0 s (nbgrader autograde), ben 1.4 s (nbgrader autograde), ana 12 ms (in process)"
    )


MIN_PARALLEL_TASKS = GradingSettings().min_parallel_tasks


def test_workers_only_for_enough_tasks() -> None:
    assert worker_count(MIN_PARALLEL_TASKS - 1, MIN_PARALLEL_TASKS) == 0
    assert worker_count(MIN_PARALLEL_TASKS, MIN_PARALLEL_TASKS) in (0, *range(2, 257))


def test_the_parallelism_floor_is_the_setting() -> None:
    # asit.grading.min_parallel_tasks decides: three tasks are spread over the cores at a floor of 2
    # (on a machine with two or more), and never at the default floor.
    cores = os.cpu_count() or 1
    assert worker_count(3, 2) == (min(cores, 3) if cores >= 2 else 0)
    assert worker_count(3, GradingSettings().min_parallel_tasks) == 0


def test_cohorts_are_deterministic_and_cover_their_kinds(assessment: Assessment, tmp_path: Path) -> None:
    first = [answers_for("partly", assessment, random.Random(3)) for _ in range(2)]
    assert first[0] == first[1]
    release = tmp_path / "release" / assessment.id
    release.mkdir(parents=True)
    (release / f"{assessment.id}.ipynb").write_text(json.dumps(source_notebook(assessment)), encoding="utf-8")
    for kind in KINDS:
        write_submission(tmp_path, assessment, kind, kind, random.Random(1), datetime(2026, 1, 1, tzinfo=UTC))
    folder = tmp_path / "submitted"
    assert not (folder / "no-file" / assessment.id / "answers.json").exists()
    assert answers_file.load(folder / "malformed" / assessment.id / "answers.json", assessment.id).problem
    assert answers_file.load(folder / "foreign-format" / assessment.id / "answers.json", assessment.id).problem
    right = answers_file.load(folder / "right" / assessment.id / "answers.json", assessment.id)
    assert right.problem is None and len(right.answers) == len(
        [q for q in assessment.questions if not isinstance(q, TextQuestion)]
    )
    with pytest.raises(ValueError, match="unknown kind"):
        write_submission(tmp_path, assessment, "x", "bogus", random.Random(1), datetime(2026, 1, 1, tzinfo=UTC))


class FakeApi:
    """Stands in for nbgrader's API in this process: each call succeeds at once."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def autograde(self, assignment: str, student: str, force: bool = True, create: bool = True) -> dict[str, Any]:
        self.calls.append(student)
        return {"success": True}


def test_stock_tasks_carry_on_here_when_workers_cannot_start(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text("this is not Python\n", encoding="utf-8")
    students = [f"t{n}" for n in range(MIN_PARALLEL_TASKS)]
    api, heard = FakeApi(), list[Any]()
    results = run_stock(api, tmp_path, "a1", students, heard.append, min_parallel_tasks=MIN_PARALLEL_TASKS)
    assert sorted(api.calls) == students  # the workers died at start: every task ran here
    assert [r.student for r in results] == students and all(r.ok for r in results)
    assert len(heard) == len(students)


# What nbgrader's autograde returns when the kernel it started died before running anything
# (as it does when another program took one of its ports first).
PORT_RACE = {
    "success": False,
    "error": "nbgrader.converters.base.NbGraderException: Please see the the above traceback",
    "log": "    raise RuntimeError(msg)\nRuntimeError: Kernel died before replying to kernel_info\n",
}


class RacingApi(FakeApi):
    """nbgrader's API whose kernel loses the race for a port ``losses`` times per trainee."""

    def __init__(self, losses: int, other_failure: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.losses = losses
        self.other_failure = other_failure

    def autograde(self, assignment: str, student: str, force: bool = True, create: bool = True) -> dict[str, Any]:
        super().autograde(assignment, student, force, create)
        if self.other_failure is not None:
            return self.other_failure
        return PORT_RACE if self.calls.count(student) <= self.losses else {"success": True}


def test_a_kernel_that_lost_a_port_is_started_again(tmp_path: Path) -> None:
    api = RacingApi(losses=2)
    [result] = run_stock(api, tmp_path, "a1", ["t1"], lambda r: None, min_parallel_tasks=MIN_PARALLEL_TASKS)
    assert result.ok and api.calls == ["t1", "t1", "t1"]


def test_a_port_race_is_not_tried_for_ever(tmp_path: Path) -> None:
    api = RacingApi(losses=10)
    [result] = run_stock(api, tmp_path, "a1", ["t1"], lambda r: None, min_parallel_tasks=MIN_PARALLEL_TASKS)
    assert not result.ok and len(api.calls) == KERNEL_START_TRIES
    assert "NbGraderException" in result.error


def test_a_submissions_own_failure_is_not_tried_again(tmp_path: Path) -> None:
    failure = {"success": False, "error": "", "log": "ValueError: the notebook is not valid\n"}
    api = RacingApi(losses=0, other_failure=failure)
    [result] = run_stock(api, tmp_path, "a1", ["t1"], lambda r: None, min_parallel_tasks=MIN_PARALLEL_TASKS)
    assert not result.ok and api.calls == ["t1"] and result.error == "ValueError: the notebook is not valid"
