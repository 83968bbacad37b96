"""The instructor page's steps, as written, for every module of the real course: ``asit
assign``, ``nbgrader release_assignment``, trainees fetch and submit, ``nbgrader collect``,
``asit grade``, ``nbgrader release_feedback``, trainees fetch their feedback, and the
exported grades. One trainee answers with the key, one answers everything wrong.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from test_workflow import BIN, COURSE_ID, nbgrader, run, write_text_answer

from asit.loader import load_or_raise
from asit.models import Assessment, TextQuestion
from asit.nbgrader.selfcheck import key_answer, wrong_answer
from asit.widgets import answers as answers_file
from conftest import REPO

pytestmark = pytest.mark.slow

# A copy of the course's content only: nothing generated, built, installed or graded.
NOT_CONTENT = shutil.ignore_patterns(
    "_build", "_generated", ".venv", "node_modules", "__pycache__", ".git", ".*_cache", "tests",
    "source", "release", "submitted", "autograded", "feedback", "exchange", "reports", "*.db", "grades.csv",
)  # fmt: skip
TRAINEES = ("key", "wrong")


def answers_of(trainee: str, assessment: Assessment) -> dict[str, object]:
    pick = key_answer if trainee == "key" else wrong_answer
    return {q.id: a for q in assessment.questions if not isinstance(q, TextQuestion) and (a := pick(q)) is not None}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Assessment], dict[str, str]]:
    """Run every step for every module; return the course dir, the assessments and each ``asit grade`` output."""
    base = tmp_path_factory.mktemp("every-module")
    root = base / "course"
    shutil.copytree(REPO, root, ignore=NOT_CONTENT)
    course = load_or_raise(root)
    assessments = {f.name: f.assessment.assessment for f in course.modules if f.assessment is not None}
    course_dir = root / "assessments"
    exchange = course_dir / "exchange"
    run([str(BIN / "asit"), "--root", str(root), "assign"], root)
    outputs = {}
    for name, assessment in sorted(assessments.items()):
        nbgrader(["release_assignment", name], course_dir, exchange)
        for trainee in TRAINEES:
            home = base / "homes" / trainee
            home.mkdir(parents=True, exist_ok=True)
            nbgrader(["fetch_assignment", name, f"--course={COURSE_ID}"], home, exchange)
            answers_file.save(home / name / answers_file.FILE_NAME, name, answers_of(trainee, assessment))
            if trainee == "key":
                for q in assessment.questions:
                    if isinstance(q, TextQuestion):
                        write_text_answer(home / name / f"{name}.ipynb", q.id, "My answer, in my own words.")
            nbgrader(["submit", name, f"--course={COURSE_ID}", f"--student={trainee}"], home, exchange)
        nbgrader(["collect", name], course_dir, exchange)
        outputs[name] = run([str(BIN / "asit"), "--root", str(root), "grade", name], root)
        nbgrader(["release_feedback", name], course_dir, exchange)
    for trainee in TRAINEES:
        for name in assessments:
            nbgrader(["fetch_feedback", name, f"--course={COURSE_ID}"], base / "homes" / trainee, exchange)
    return course_dir, assessments, outputs


def test_every_module_has_an_assessment(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    _course_dir, assessments, _outputs = graded
    assert sorted(assessments) == sorted(p.name for p in (REPO / "modules").iterdir() if (p / "module.yml").is_file())


def test_grades_key_full_and_wrong_zero(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    course_dir, assessments, outputs = graded
    with (course_dir / "grades.csv").open(encoding="utf-8") as handle:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}
    for name, assessment in assessments.items():
        assert "graded 2 of 2 submissions, 0 failed" in outputs[name], outputs[name]
        auto = sum(q.points for q in assessment.questions if not isinstance(q, TextQuestion))
        total = sum(q.points for q in assessment.questions)
        assert float(rows[(name, "key")]["score"]) == auto, name  # text answers wait for a person
        assert float(rows[(name, "wrong")]["score"]) == 0.0, name
        assert float(rows[(name, "key")]["max_score"]) == total, name


def test_trainees_fetch_feedback_without_the_key(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    course_dir, assessments, _outputs = graded
    homes = course_dir.parent.parent / "homes"
    for name, assessment in assessments.items():
        for trainee in TRAINEES:
            # (both trainees are one system user here, so each sees both feedback copies)
            pages = sorted((homes / trainee / name / "feedback").rglob(f"{name}.html"))
            totals = set()
            for path in pages:
                page = html.unescape(path.read_text(encoding="utf-8"))
                assert "BEGIN HIDDEN TESTS" not in page and "notebook.grade(" not in page, path
                total = re.search(r"Score: ([0-9.]+) / ([0-9.]+)", page)
                assert total, path
                totals.add((float(total.group(1)), float(total.group(2))))
                for q in assessment.questions:
                    if isinstance(q, TextQuestion):
                        assert q.model_answer.strip() not in page, (path, q.id)
            auto = sum(q.points for q in assessment.questions if not isinstance(q, TextQuestion))
            full = sum(q.points for q in assessment.questions)
            assert (auto, full) in totals and (0.0, full) in totals, (trainee, name, totals)
        released = nbformat.read(homes / "key" / name / f"{name}.ipynb", as_version=4)
        text = nbformat.writes(released)
        assert "BEGIN HIDDEN TESTS" not in text and '"correct"' not in text, name
