"""One rule for what a valid answer looks like (``asit.answer_shape``), and every reader agrees with it.

Scoring, the "all answered" check and the cohort report (``scoring.is_answered``), the
feedback's wording (``widgets.feedback.explain``) and the graded notebook's notice
(``widgets.graded.answer_problem``) all ask ``answer_shape``; these tests pin the rule by hand
and then check, on thousands of generated answers to every question of the fixture course,
that no reader contradicts another.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from tests.test_scoring_node import broken_answer, valid_answer

from asit.answer_shape import SHAPES, WANTED, finite_number, is_complete, problem, well_formed
from asit.loader import load_or_raise
from asit.models import NumericQuestion, Question
from asit.scoring import is_answered, score_question
from asit.widgets.feedback import explain
from asit.widgets.graded import answer_problem
from asit.widgets.views import view_of
from conftest import FIXTURE_COURSE

KINDS = ("single", "multiple", "order", "match", "numeric", "decision", "text")


@pytest.mark.parametrize(
    ("kind", "answer", "formed"),
    [
        ("single", "a", True),
        ("single", "", True),
        ("single", ["a"], False),
        ("single", None, True),
        ("decision", 1, False),
        ("text", "Words", True),
        ("text", {"a": "b"}, False),
        ("multiple", [], True),
        ("multiple", ["a", "b"], True),
        ("multiple", ["a", None], False),
        ("multiple", "a", False),
        ("order", ["a", 1], False),
        ("match", {}, True),
        ("match", {"police": "protect"}, True),
        ("match", {"police": "protect", "zz": 3}, False),  # a stray pair of the wrong shape
        ("match", ["police"], False),
        ("numeric", 30, True),
        ("numeric", -0.5, True),
        ("numeric", True, False),  # a boolean is not a number
        ("numeric", float("nan"), False),
        ("numeric", float("inf"), False),
        ("numeric", 10**400, False),  # too large for a float: Infinity in the browser
        ("numeric", "30", False),
    ],
)
def test_well_formed(kind: str, answer: Any, formed: bool) -> None:
    assert well_formed(kind, answer) is formed


def test_every_kind_has_a_shape_and_a_request() -> None:
    assert set(SHAPES) == set(WANTED) == set(KINDS)
    with pytest.raises(ValueError, match="unknown question kind 'essay'"):
        well_formed("essay", "x")
    assert finite_number(2**1023) == float(2**1023) and finite_number(2**1024) is None


@pytest.mark.parametrize(
    ("kind", "answer", "items", "complete"),
    [
        ("single", "a", (), True),
        ("single", "", (), False),
        ("multiple", [], (), False),
        ("multiple", ["zz"], (), True),  # complete; whether "zz" is an option is problem()'s question
        ("order", ["b", "a"], ("a", "b"), True),
        ("order", ["a", "a"], ("a", "b"), False),
        ("order", ["a"], ("a", "b"), False),
        ("match", {"p": "x"}, ("p", "n"), False),
        ("match", {"p": "x", "n": "y"}, ("p", "n"), True),
        ("match", {"p": "x", "n": "y", "zz": None}, ("p", "n"), False),
        ("numeric", 0, (), True),
        ("text", "   ", (), False),
        ("text", None, (), False),
    ],
)
def test_is_complete(kind: str, answer: Any, items: tuple[str, ...], complete: bool) -> None:
    assert is_complete(kind, answer, items) is complete


def test_problem_names_what_is_wanted_and_judges_ids_without_the_key() -> None:
    assert problem("single", None, ["a", "b"]) == "no answer yet"
    assert problem("single", "b", ["a", "b"]) is None
    assert problem("single", "c", ["a", "b"]) == "the answer is not one of the options"
    assert problem("multiple", ["a", "zz"], ["a", "b"]) == "choose at least one option"
    assert problem("order", ["b", "a"], ["a", "b"]) is None
    assert problem("match", {"p": "x", "n": "zz"}, ["p", "n"], ["x", "y"]) == "match every item"
    assert problem("match", {"p": "x", "n": "x"}, ["p", "n"], ["x", "y"]) is None
    assert problem("numeric", "30", []) == "type a number"
    assert problem("text", " ", []) == "write an answer"


def fixture_questions() -> list[Question]:
    course = load_or_raise(FIXTURE_COURSE)
    questions = [q for f in course.modules for s in f.scenarios for q in s.scenario.questions]
    questions += [q for f in course.modules if f.assessment for q in f.assessment.assessment.questions]
    return questions


def test_every_reader_of_answers_follows_the_one_rule() -> None:
    rng = random.Random("asit-answer-shape")
    questions = fixture_questions()
    assert {q.kind for q in questions} == set(KINDS)
    checked = 0
    for q in questions:
        view = view_of(q)
        answers = [None] + [valid_answer(q, rng) for _ in range(30)] + [broken_answer(q, rng) for _ in range(60)]
        for answer in answers:
            formed = well_formed(q.kind, answer)
            score = score_question(q, answer)
            feedback = explain(q, answer, practice=True)
            assert feedback.well_formed is formed and feedback.answered is is_answered(q, answer)
            says_wrong_form = any("has the wrong form" in line for line in feedback.lines)
            assert says_wrong_form is not formed, (q.id, answer)
            if not formed:
                assert score == 0 and not is_answered(q, answer), (q.id, answer)
            usable = answer_problem(view, answer) is None
            if usable:  # what a graded notebook accepts, the report counts as answered
                assert formed and is_answered(q, answer), (q.id, answer)
            checked += 1
    assert checked > 1000


def test_feedback_on_a_number_too_large_for_a_float_says_it_has_the_wrong_form() -> None:
    q = next(q for q in fixture_questions() if isinstance(q, NumericQuestion))
    feedback = explain(q, 10**400, practice=True)
    assert feedback.score == 0 and not feedback.well_formed
    assert feedback.lines[0] == "Your saved answer has the wrong form (expected a number), so it scores 0."
