"""The whole graded workflow with real nbgrader, as an instructor and trainees run it.

One course is shared by every test here (module scope): ``asit assign``, release, each
trainee fetches and submits (answers written by the widgets' own writer), collect,
``asit grade``; then a manual grade and comment and a second ``asit grade``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from asit.loader import load_or_raise
from asit.models import Assessment, MultipleQuestion, SingleQuestion, TextQuestion
from asit.nbgrader.fastgrade import as_text
from asit.nbgrader.pipeline import GradeRow, gradebook_rows
from asit.nbgrader.source import CHECK_ID
from asit.scoring import score_question
from asit.widgets import answers as answers_file
from shared_builds import Assigned

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-sample"
COURSE_ID = "asit-thb"
BIN = Path(sys.executable).parent

# What each trainee answers (None: no answers file at all; a str: the file's raw text).
TRAINEES: dict[str, dict[str, Any] | str | None] = {
    "ana": {
        "sm-a-indicator": "a",
        "sm-a-multi": ["a", "c"],
        "sm-a-days": 30,
        "sm-a-order": ["a", "b"],
        "sm-a-match": {"p": "protect", "n": "support"},
        "sm-a-decide": "a",
    },
    "ben": {
        "sm-a-indicator": "b",
        "sm-a-multi": ["a", "b", "c"],
        "sm-a-days": 30.0,
        "sm-a-order": ["b", "a"],
        "sm-a-match": {"p": "protect", "n": "protect"},
        "sm-a-decide": "b",
    },
    "cara": None,
    "dan": '{"format": "asit-answers", "version": 1, "answers": {"sm-a-indicator": "a"',
    "eve": {
        "sm-a-indicator": ["a"],
        "sm-a-multi": "a",
        "sm-a-days": "30",
        "sm-a-order": {"a": 1},
        "sm-a-match": ["p"],
        "sm-a-decide": "a",
        "sm-a-text": 42,
    },
    "fay": {
        "sm-a-indicator": "a",
        "sm-a-multi": ["b"],
        "sm-a-days": 29,
        "sm-a-order": ["a", "b"],
        "sm-a-match": {"p": "support", "n": "support"},
        "sm-a-decide": "a",
    },
}
# Per question, what nbgrader must give (worked out by hand from the scoring rules).
EXPECTED = {
    "ana": {"sm-a-indicator": 2, "sm-a-multi": 2, "sm-a-days": 1, "sm-a-order": 2, "sm-a-match": 2, "sm-a-decide": 2},
    "ben": {"sm-a-indicator": 0, "sm-a-multi": 1, "sm-a-days": 1, "sm-a-order": 0, "sm-a-match": 1, "sm-a-decide": 0},
    "cara": {"sm-a-indicator": 0, "sm-a-multi": 0, "sm-a-days": 0, "sm-a-order": 0, "sm-a-match": 0, "sm-a-decide": 0},
    "dan": {"sm-a-indicator": 0, "sm-a-multi": 0, "sm-a-days": 0, "sm-a-order": 0, "sm-a-match": 0, "sm-a-decide": 0},
    "eve": {"sm-a-indicator": 0, "sm-a-multi": 0, "sm-a-days": 0, "sm-a-order": 0, "sm-a-match": 0, "sm-a-decide": 2},
    "fay": {"sm-a-indicator": 2, "sm-a-multi": 0, "sm-a-days": 0, "sm-a-order": 2, "sm-a-match": 1, "sm-a-decide": 2},
}
ANA_TEXT = "You can rest first and decide later; help does not depend on <b>talking</b> to us."
MANUAL_COMMENT = "Clear about the time to recover, in plain and kind words."


def env() -> dict[str, str]:
    """nbgrader runs ``alembic`` as a program: the venv's scripts must be on PATH."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def run(args: list[str], cwd: Path) -> str:
    result = subprocess.run(args, cwd=cwd, env=env(), capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def nbgrader(args: list[str], cwd: Path, exchange: Path) -> str:
    return run([str(BIN / "nbgrader"), *args, f"--Exchange.root={exchange}"], cwd)


@dataclass
class Course:
    root: Path
    course_dir: Path
    assessment: Assessment
    assign_output: str
    first_grade: str
    second_grade: str
    first_rows: dict[tuple[str, str], GradeRow]
    second_rows: dict[tuple[str, str], GradeRow]
    homes: Path

    def feedback(self, student: str) -> str:
        return (self.course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


def tamper(notebook: Path) -> None:
    """Edit a read-only prompt and rewrite a test cell to claim full points."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.get("id") == "prompt-sm-a-multi":
            cell.source = "EDITED PROMPT"
        if cell.get("id") == "sm-a-multi":
            cell.source = "2.0"
    nbformat.write(nb, notebook)


def write_text_answer(notebook: Path, qid: str, text: str) -> None:
    """What a trainee does for a text question: replace the stub line of its answer cell."""
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == qid)
    cell.source = cell.source.replace("*Write your answer here.*", text)
    nbformat.write(nb, notebook)


def set_manual_grade(db_url: str) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        grade = gb.find_grade("sm-a-text", ASSIGNMENT, ASSIGNMENT, "ana")
        grade.manual_score = 2
        comment = gb.find_comment("sm-a-text", ASSIGNMENT, ASSIGNMENT, "ana")
        comment.manual_comment = MANUAL_COMMENT
        gb.db.commit()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory, assigned_fixture_course: Assigned) -> Course:
    base = tmp_path_factory.mktemp("nbgrader")
    root = assigned_fixture_course.copy_to(base / "course")  # the fixture course after `asit assign`
    course_dir = root / "assessments"
    exchange = course_dir / "exchange"
    assign_output = assigned_fixture_course.output
    nbgrader(["release_assignment", ASSIGNMENT], course_dir, exchange)
    homes = base / "homes"
    for student, answers in TRAINEES.items():
        home = homes / student
        home.mkdir(parents=True)
        nbgrader(["fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}"], home, exchange)
        folder = home / ASSIGNMENT
        if isinstance(answers, dict):
            answers_file.save(folder / answers_file.FILE_NAME, ASSIGNMENT, answers)
        elif isinstance(answers, str):
            (folder / answers_file.FILE_NAME).write_text(answers, encoding="utf-8")
        if student == "ana":
            write_text_answer(folder / f"{ASSIGNMENT}.ipynb", "sm-a-text", ANA_TEXT)
        if student == "fay":
            tamper(folder / f"{ASSIGNMENT}.ipynb")
        nbgrader(["submit", ASSIGNMENT, f"--course={COURSE_ID}", f"--student={student}"], home, exchange)
    nbgrader(["collect", ASSIGNMENT], course_dir, exchange)
    db_url = f"sqlite:///{course_dir / 'gradebook.db'}"
    first = run([str(BIN / "asit"), "--root", str(root), "grade", ASSIGNMENT], root)
    first_rows = {(r.student, r.grade_id): r for r in gradebook_rows(db_url, ASSIGNMENT)}
    set_manual_grade(db_url)
    second = run([str(BIN / "asit"), "--root", str(root), "grade", ASSIGNMENT], root)
    second_rows = {(r.student, r.grade_id): r for r in gradebook_rows(db_url, ASSIGNMENT)}
    assessment = load_or_raise(root).module(ASSIGNMENT).assessment
    assert assessment is not None
    return Course(root, course_dir, assessment.assessment, assign_output, first, second, first_rows, second_rows, homes)


def test_assign_self_checks_and_generates(course: Course) -> None:
    assert "01-sample: self-check passed (key: full marks, wrong answers: 0)" in course.assign_output
    assert (course.course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert (course.course_dir / "nbgrader_config.py").is_file()
    # the self-check's pretend trainees never reach the real gradebook
    assert {student for student, _ in course.first_rows} == set(TRAINEES)


def test_expected_scores_per_trainee_and_question(course: Course) -> None:
    for student, expected in EXPECTED.items():
        got = {qid: course.first_rows[(student, qid)].score for qid in expected}
        assert got == {qid: float(points) for qid, points in expected.items()}, student


def test_expected_scores_agree_with_the_scoring_engine(course: Course) -> None:
    for student, answers in TRAINEES.items():
        if not isinstance(answers, dict):
            continue
        for q in course.assessment.questions:
            if not isinstance(q, TextQuestion):
                assert course.first_rows[(student, q.id)].score == score_question(q, answers.get(q.id)), (student, q.id)


def test_text_answers_wait_for_a_person(course: Course) -> None:
    assert course.first_rows[("ana", "sm-a-text")].needs_manual_grade
    # no text typed: nbgrader gives 0 at once, nothing to grade by hand
    for student in ("ben", "cara", "dan", "eve", "fay"):
        row = course.first_rows[(student, "sm-a-text")]
        assert (row.score, row.needs_manual_grade) == (0.0, False), student
    autograded = course.course_dir / "autograded" / "ana" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    cell = next(c for c in nbformat.read(autograded, as_version=4).cells if c.get("id") == "sm-a-text")
    assert as_text(ANA_TEXT) in cell.source and "<b>" not in cell.source  # shown as typed, never as HTML


def test_graders_see_the_rubric_next_to_the_answer(course: Course) -> None:
    autograded = course.course_dir / "autograded" / "ana" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    ids = [c.get("id") for c in nbformat.read(autograded, as_version=4).cells]
    notes = ids.index("grader-notes-sm-a-text")
    assert ids[notes - 1] == "sm-a-text"
    source = nbformat.read(autograded, as_version=4).cells[notes].source
    assert "Explains the reflection period: 2 points" in source
    assert "Model answer: You have at least 30 days" in source


def test_the_check_cell_is_zero_points_and_reports(course: Course) -> None:
    assert course.first_rows[("ana", CHECK_ID)].max_score == 0.0
    page = html.unescape(course.feedback("cara"))
    assert "Not every question is answered yet" in page


def test_nothing_answered_scores_zero_without_crash(course: Course) -> None:
    assert "graded 6 of 6 submissions, 0 failed" in course.first_grade
    page = html.unescape(course.feedback("cara"))
    assert "No answers file (answers.json) was submitted. This question scores 0." in page
    assert "Score: 0 / 14" in page


def test_malformed_answers_file(course: Course) -> None:
    page = html.unescape(course.feedback("dan"))
    line = (
        "Your answers file answers.json could not be read: it is not valid JSON (line 1, column 75). "
        "This question scores 0."
    )
    assert page.count(line) == 6
    assert "Traceback (most recent call last)" not in page


def test_wrong_typed_values(course: Course) -> None:
    page = html.unescape(course.feedback("eve"))
    assert "Your saved answer has the wrong form (expected one option id), so it scores 0." in page
    assert "Your saved answer has the wrong form (expected a list of option ids), so it scores 0." in page
    assert "Your saved answer has the wrong form (expected a number), so it scores 0." in page
    assert "Your saved answer has the wrong form (expected a list of the item ids in order), so it scores 0." in page
    assert (
        "Your saved answer has the wrong form (expected a mapping of item ids to target ids), so it scores 0." in page
    )
    assert "Traceback (most recent call last)" not in page


def test_edited_read_only_and_test_cells_are_restored(course: Course) -> None:
    assert course.first_rows[("fay", "sm-a-multi")].score == 0.0
    autograded = course.course_dir / "autograded" / "fay" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    cells = {c.get("id"): c for c in nbformat.read(autograded, as_version=4).cells}
    assert cells["prompt-sm-a-multi"].source.startswith("### Question 2 (2 points)")
    assert 'notebook.grade("sm-a-multi"' in cells["sm-a-multi"].source


def test_second_autograde_keeps_manual_grades(course: Course) -> None:
    row = course.second_rows[("ana", "sm-a-text")]
    assert (row.manual_score, row.score) == (2.0, 2.0)
    for key, first in course.first_rows.items():
        if key != ("ana", "sm-a-text"):
            assert course.second_rows[key].score == first.score, key
    assert MANUAL_COMMENT in html.unescape(course.feedback("ana"))
    assert "Score: 13 / 14" in course.feedback("ana")


def test_export_csv(course: Course) -> None:
    lines = (course.course_dir / "grades.csv").read_text(encoding="utf-8").splitlines()
    scores = {line.split(",")[3]: line.split(",")[-2:] for line in lines[1:]}
    assert scores["ana"] == ["13.0", "14.0"]
    assert scores["ben"] == ["3.0", "14.0"]
    assert scores["cara"] == ["0.0", "14.0"]


def test_feedback_shows_points_and_chosen_feedback(course: Course) -> None:
    page = html.unescape(course.feedback("ben"))
    assert "You chose “No”: They are an indicator." in page
    assert "- “Paid on time”: Not an indicator." in page
    assert "Points: 1 of 2." in page
    assert "Score: 3 / 14" in page


def key_strings(assessment: Assessment) -> list[str]:
    """Strings that would give the key away wherever a trainee can read them."""
    out = ["BEGIN HIDDEN TESTS", "notebook.grade(", "grader_notes", "For graders", '"correct"', '"answer"']
    for q in assessment.questions:
        if isinstance(q, TextQuestion):
            out.append(q.model_answer.strip())
            out += [c.criterion.strip() for c in q.rubric]
    return out


def option_feedback(assessment: Assessment) -> dict[str, list[tuple[str, str]]]:
    """Per question, (option id, feedback text) for single and multiple questions."""
    return {
        q.id: [(o.id, o.feedback) for o in q.options]
        for q in assessment.questions
        if isinstance(q, (SingleQuestion, MultipleQuestion))
    }


def test_no_answer_key_in_any_release_or_feedback_file(course: Course) -> None:
    release_files = [
        *sorted((course.course_dir / "release").rglob("*")),
        *sorted((course.course_dir / "exchange" / COURSE_ID / "outbound").rglob("*")),
        *sorted((course.homes / "ana").rglob("*.ipynb")),
    ]
    feedback_files = sorted((course.course_dir / "feedback").rglob("*.html"))
    assert release_files and len(feedback_files) == len(TRAINEES)
    forbidden = key_strings(course.assessment)
    all_feedback_texts = [text for options in option_feedback(course.assessment).values() for _, text in options]
    for path in [p for p in release_files if p.is_file()]:
        text = path.read_text(encoding="utf-8")
        found = [s for s in [*forbidden, *all_feedback_texts] if s in text or html.escape(s) in text]
        assert not found, f"{path}: {found}"
    for path in feedback_files:
        page = html.unescape(path.read_text(encoding="utf-8"))
        found = [s for s in forbidden if s in page]
        assert not found, f"{path}: {found}"
        student = path.parts[-3]
        answers = TRAINEES[student] if isinstance(TRAINEES[student], dict) else {}
        assert isinstance(answers, dict)
        for qid, options in option_feedback(course.assessment).items():
            chosen = answers.get(qid)
            picked = set(chosen) if isinstance(chosen, list) else {chosen}
            for option_id, text in options:
                if option_id not in picked:
                    assert f": {text}" not in page, f"{path}: feedback of an option not chosen: {text}"


def test_feedback_loads_nothing_from_outside(course: Course) -> None:
    for path in sorted((course.course_dir / "feedback").rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", page.replace('href="#', "")), path


def test_grade_reports_progress_routes_and_reasons(course: Course) -> None:
    out = course.first_grade
    assert "autograde [6/6]" in out
    assert re.search(r"autograde \[6/6\] #{20} \d+\.\d/s ", out), out
    # every submission is graded in process from its answers; the tampered one is named for review
    assert "6 in process (no kernel), 0 by nbgrader autograde" in out
    assert "1 to review (graded from their answers; their notebook differs from the released one):" in out
    assert "    fay: the read-only cells 'prompt-sm-a-multi', 'sm-a-multi' were edited" in out
    assert re.search(r"slowest: (\w+) [\d.]+ m?s \(in process\)", out), out
    review = json.loads((course.course_dir / "reports" / f"{ASSIGNMENT}-grading.json").read_text(encoding="utf-8"))
    assert (review["folders"], review["graded"], review["to_review"]) == (6, 6, 1)
    timing = re.search(r"graded 6 of 6 submissions, 0 failed, in (\d+\.\d) s", course.second_grade)
    assert timing, course.second_grade
    print(f"\nasit grade of 6 submissions: {timing.group(1)} s (second run)")


def test_validate_reports_unanswered_questions(course: Course) -> None:
    cara = course.homes / "cara" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    out = subprocess.run([str(BIN / "nbgrader"), "validate", str(cara)], env=env(), capture_output=True, text=True)
    assert "VALIDATION FAILED" in out.stdout + out.stderr
    assert "Question 1 (sm-a-indicator): no answer yet." in out.stdout + out.stderr
    ana = course.homes / "ana" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    out = subprocess.run([str(BIN / "nbgrader"), "validate", str(ana)], env=env(), capture_output=True, text=True)
    assert "Success! Your notebook passes all the tests." in out.stdout + out.stderr, out.stdout + out.stderr


def test_answers_json_is_the_contract(course: Course) -> None:
    data = json.loads((course.course_dir / "submitted" / "ana" / ASSIGNMENT / "answers.json").read_text())
    assert set(data) == {"format", "version", "assignment", "answers"}
    assert (data["format"], data["version"], data["assignment"]) == ("asit-answers", 1, ASSIGNMENT)
