"""``asit report`` end to end: a real nbgrader gradebook and answers files in, the report's files out."""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

import pytest
from report_cohort import (
    ANSWERS,
    ASSIGNMENT,
    OPTIONS_CSV,
    QUESTIONS_CSV,
    SCORES,
    TRAINEES_CSV,
    assessment,
)
from sqlalchemy.exc import SAWarning

from asit.cli import main
from asit.models import TextQuestion
from asit.nbgrader.config import CONFIG_FILE_TEXT, GRADEBOOK_ENV
from asit.offline import external_loads_in_html
from asit.widgets import answers as answers_file

COURSE_ID = "asit-thb"
NOTEBOOK = ASSIGNMENT
DB_NAME = "grades-of-record.db"  # not nbgrader's default name: the report must take it from nbgrader_config.py
NOT_A_QUESTION = "asit-all-answered"  # a 0-point grade cell that is no question: ignored


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No gradebook named by the environment; nbgrader's ``alembic`` program findable, as in the venv."""
    monkeypatch.delenv(GRADEBOOK_ENV, raising=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def write_config(course_dir: Path) -> str:
    """The course's nbgrader_config.py, plus a line pointing the gradebook at another file."""
    course_dir.mkdir(parents=True, exist_ok=True)
    extra = f'\nc.CourseDirectory.db_url = "sqlite:///" + str(Path(__file__).resolve().parent / "{DB_NAME}")\n'
    (course_dir / "nbgrader_config.py").write_text(CONFIG_FILE_TEXT + extra, encoding="utf-8")
    return f"sqlite:///{course_dir.resolve() / DB_NAME}"


def build_gradebook(db_url: str, graded: dict[str, tuple[float | None, ...]], ungraded: tuple[str, ...] = ()) -> None:
    """A gradebook as nbgrader leaves it after autograding and some manual grading."""
    from nbgrader.api import Gradebook

    questions = assessment().questions
    with Gradebook(db_url, COURSE_ID) as gb:
        gb.add_assignment(ASSIGNMENT)
        gb.add_notebook(NOTEBOOK, ASSIGNMENT)
        for q in questions:
            kind = "markdown" if isinstance(q, TextQuestion) else "code"
            gb.add_grade_cell(q.id, NOTEBOOK, ASSIGNMENT, max_score=q.points, cell_type=kind)
        gb.add_grade_cell(NOT_A_QUESTION, NOTEBOOK, ASSIGNMENT, max_score=0, cell_type="code")
        for student in (*graded, *ungraded):
            gb.add_student(student)
            with warnings.catch_warnings():
                # nbgrader 0.9 adds rows in an order SQLAlchemy 2 warns about; the rows are saved all the same.
                warnings.filterwarnings("ignore", "Object of type <Submitted[A-Za-z]+> not in session", SAWarning)
                gb.add_submission(ASSIGNMENT, student)
        for student, scores in graded.items():
            for q, score in zip(questions, scores, strict=True):
                grade = gb.find_grade(q.id, NOTEBOOK, ASSIGNMENT, student)
                if score is None:
                    continue  # a written answer still awaiting its grader
                if isinstance(q, TextQuestion):
                    grade.manual_score = score
                else:
                    grade.auto_score = score
                grade.needs_manual_grade = False
            check = gb.find_grade(NOT_A_QUESTION, NOTEBOOK, ASSIGNMENT, student)
            check.auto_score = 0.0
        gb.db.commit()


def write_answers(course_dir: Path, student: str, text: str) -> None:
    folder = course_dir / "autograded" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / answers_file.FILE_NAME).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_report_from_a_real_gradebook(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course_dir = course_copy / "assessments"
    db_url = write_config(course_dir)
    build_gradebook(db_url, SCORES, ungraded=("eve",))
    for student in ("ana", "ben", "dan"):
        write_answers(course_dir, student, answers_file.dumps(ASSIGNMENT, ANSWERS[student]))
    # cara's file is broken, and holds something that must never run
    write_answers(course_dir, "cara", '{"format": "asit-answers", "answers": __import__("os").system("touch x")')

    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 0

    out = capsys.readouterr()
    folder = course_dir / "reports" / ASSIGNMENT
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "options.csv", "questions.csv", "trainees.csv"]
    assert (folder / "questions.csv").read_text(encoding="utf-8") == QUESTIONS_CSV
    assert (folder / "options.csv").read_text(encoding="utf-8") == OPTIONS_CSV
    assert (folder / "trainees.csv").read_text(encoding="utf-8") == TRAINEES_CSV
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert external_loads_in_html(page) == []
    assert "not graded yet, so left out: eve" in page
    assert "1 answer awaits a grade" in page  # cara's written answer
    assert "answers of cara not counted (it is not valid JSON" in page
    assert "4 graded submissions" in out.out and "sm-a-decide (negative discrimination)" in out.out
    assert "note: not graded yet, so left out: eve" in out.err
    assert not (course_dir / "x").exists() and not (Path.cwd() / "x").exists()

    # The same gradebook and files give the same bytes.
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.slow
def test_report_flags_by_the_courses_thresholds(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course_dir = course_copy / "assessments"
    build_gradebook(write_config(course_dir), SCORES)
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 0
    assert "sm-a-indicator (too easy)" in capsys.readouterr().out  # difficulty 1.0, above the default 0.9
    # asit.report.too_easy: 1.0 in _config.yml: full points no longer count as too easy
    config = course_copy / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  report:\n    too_easy: 1.0\n", encoding="utf-8")
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 0
    out = capsys.readouterr().out
    assert "sm-a-indicator" not in out and "sm-a-decide (negative discrimination)" in out


def test_unknown_assignment_is_a_clear_error(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(course_copy), "report", "09-nowhere"]) == 1
    err = capsys.readouterr().err
    assert 'error: unknown assignment "09-nowhere"' in err and "01-sample" in err


def test_no_gradebook_is_a_clear_error(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(course_copy / "assessments")
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 1
    err = capsys.readouterr().err
    assert f'error: "{ASSIGNMENT}" has no graded submissions: there is no gradebook at' in err
    assert DB_NAME in err
    assert not (course_copy / "assessments" / DB_NAME).exists()  # the report creates no empty gradebook
    assert not (course_copy / "assessments" / "reports").exists()


@pytest.mark.slow
def test_no_graded_submission_is_a_clear_error(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course_dir = course_copy / "assessments"
    db_url = write_config(course_dir)
    build_gradebook(db_url, {}, ungraded=("ana", "ben"))
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 1
    err = capsys.readouterr().err
    assert f'error: "{ASSIGNMENT}" has no graded submissions in the gradebook' in err
    assert not (course_dir / "reports").exists()


@pytest.mark.slow
def test_assignment_missing_from_the_gradebook_is_a_clear_error(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nbgrader.api import Gradebook

    db_url = write_config(course_copy / "assessments")
    with Gradebook(db_url, COURSE_ID) as gb:
        gb.add_student("ana")
    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 1
    assert "has no graded submissions in the gradebook" in capsys.readouterr().err


def test_answers_json_is_read_as_data_only(tmp_path: Path) -> None:
    from asit.report.collect import read_answers

    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"format": "asit-answers", "version": 1, "assignment": ASSIGNMENT, "answers": []}))
    assert read_answers(path, ASSIGNMENT) == ({}, 'its "answers" is not a mapping of question ids to answers')
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert read_answers(path, ASSIGNMENT) == ({}, "it holds a value too large or too deeply nested to read")
    path.write_text('{"format": "asit-answers", "version": 1, "answers": {"q": ' + "9" * 5000 + "}}")
    assert read_answers(path, ASSIGNMENT) == ({}, "it holds a value too large or too deeply nested to read")
    assert read_answers(tmp_path / "none.json", ASSIGNMENT) == ({}, "no answers.json was submitted")
