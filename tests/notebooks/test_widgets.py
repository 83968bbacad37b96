"""The widget layer without a kernel: controls read and write the scoring shapes, the
answers file keeps its contract, and practice notebooks are deterministic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.models import Question
from asit.notebooks.practice import practice_notebooks
from asit.widgets import answers as answers_file
from asit.widgets.controls import make_control, parse_number
from asit.widgets.graded import GradedSession, answer_problem
from asit.widgets.views import view_from_data, view_of, view_to_data
from conftest import FIXTURE_COURSE


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    course = load_or_raise(FIXTURE_COURSE)
    folder = course.module("01-sample")
    assert folder.assessment is not None
    stages = [*folder.scenarios[0].scenario.stages, *folder.assessment.assessment.stages]
    return {q.id: q for s in stages for q in s.questions}


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("sm-a-indicator", "b"),
        ("sm-a-multi", ["a", "c"]),
        ("sm-a-days", 30),
        ("sm-a-days", 12.5),
        ("sm-a-order", ["a", "b"]),
        ("sm-a-match", {"p": "protect", "n": "support"}),
        ("sm-a-decide", "b"),
        ("sm-a-text", "Some words."),
    ],
)
def test_controls_round_trip(questions: dict[str, Question], qid: str, answer: Any) -> None:
    control = make_control(view_of(questions[qid]))
    heard: list[Any] = []
    control.on_change(heard.append)
    control.set(answer)
    assert control.get() == answer
    assert heard == []  # filling from a saved file is not a change


def test_controls_start_empty(questions: dict[str, Question]) -> None:
    empty = {qid: make_control(view_of(q)).get() for qid, q in questions.items()}
    assert empty["sm-a-indicator"] is None and empty["sm-a-decide"] is None
    assert empty["sm-a-multi"] == [] and empty["sm-a-match"] == {} and empty["sm-a-order"] == ["", ""]
    assert empty["sm-a-days"] is None and empty["sm-a-text"] is None


def test_controls_ignore_wrong_saved_values(questions: dict[str, Question]) -> None:
    for qid, bad in [
        ("sm-a-indicator", ["a"]),
        ("sm-a-indicator", "zz"),
        ("sm-a-days", "30"),
        ("sm-a-order", "ab"),
        ("sm-a-days", 10**400),
    ]:
        control = make_control(view_of(questions[qid]))
        control.set(bad)
        assert control.get() in (None, ["", ""]), qid


def test_order_swaps_instead_of_duplicating(questions: dict[str, Question]) -> None:
    control = make_control(view_of(questions["sm-r-order"]))
    slots = control.slots  # type: ignore[attr-defined]
    slots[0].value, slots[1].value, slots[2].value = "safe", "inform", "refer"
    slots[2].value = "safe"
    assert control.get() == ["refer", "inform", "safe"]


def test_numbers_as_typed() -> None:
    assert [parse_number(t) for t in ("30", " 30.5 ", "30,5", "", "x", "inf")] == [30, 30.5, 30.5, None, None, None]


def test_views_hold_no_key_and_round_trip(questions: dict[str, Question]) -> None:
    for q in questions.values():
        data = view_to_data(view_of(q))
        assert view_from_data(json.loads(json.dumps(data))) == view_of(q)
        text = json.dumps(data)
        assert '"correct"' not in text and '"answer"' not in text and "feedback" not in text


def test_answers_file_contract_and_problems(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    answers_file.save(path, "01-sample", {"b": 1, "a": ["x"]})
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == {
        "format": "asit-answers",
        "version": 1,
        "assignment": "01-sample",
        "answers": {"a": ["x"], "b": 1},
    }
    assert text == answers_file.dumps("01-sample", {"a": ["x"], "b": 1})
    assert answers_file.load(tmp_path / "none.json").problem is None
    cases = {
        "{x": "it is not valid JSON (line 1, column 2)",
        "[]": 'it is not an answers file (no "format": "asit-answers")',
        '{"format": "asit-answers", "version": 2}': "it has version 2; expected 1",
        '{"format": "asit-answers", "version": 1, "assignment": "x", "answers": {}}': (
            "it holds answers for 'x', not for '01-sample'"
        ),
        '{"format": "asit-answers", "version": 1, "assignment": "01-sample", "answers": []}': (
            'its "answers" is not a mapping of question ids to answers'
        ),
        "[" * 100_000: "it holds a value too large or too deeply nested to read",
        '{"format": "asit-answers", "answers": {"q": ' + "9" * 5000 + "}}": (
            "it holds a value too large or too deeply nested to read"
        ),
    }
    for raw, problem in cases.items():
        path.write_text(raw, encoding="utf-8")
        assert answers_file.load(path, "01-sample").problem == problem
    path.write_bytes(b"\xff\xfe")
    assert answers_file.load(path).problem == "it is not UTF-8 text"


def test_graded_session_records_and_checks(questions: dict[str, Question], tmp_path: Path) -> None:
    views = [view_of(questions[q]) for q in ("sm-a-indicator", "sm-a-order", "sm-a-text")]
    session = GradedSession("01-sample", views, tmp_path)
    session.record("sm-a-indicator", "a")
    session.record("sm-a-order", ["", ""])  # nothing placed: not saved
    assert answers_file.load(tmp_path / "answers.json").answers == {"sm-a-indicator": "a"}
    assert session.missing() == ["Question 2 (sm-a-order): no answer yet."]
    session.record("sm-a-order", ["a", ""])
    assert session.missing() == ["Question 2 (sm-a-order): put every step in a position."]
    assert GradedSession("01-sample", views, tmp_path).answers == {"sm-a-indicator": "a", "sm-a-order": ["a", ""]}
    assert answer_problem(views[0], "zz") == "the answer is not one of the options"


def test_practice_notebooks_are_deterministic() -> None:
    course = load_or_raise(FIXTURE_COURSE)
    first, second = practice_notebooks(course), practice_notebooks(course)
    assert first == second and list(first) == ["_generated/notebooks/01-sample-practice.ipynb"]
    nb = json.loads(first["_generated/notebooks/01-sample-practice.ipynb"])
    assert [c["id"] for c in nb["cells"]] == ["intro", "setup", "head-sm-roadside", "play-sm-roadside"]
