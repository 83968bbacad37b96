"""The scoring engine: each kind's rule, malformed answers, and scenario paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.models import Question, Scenario
from asit.scoring import best_total, is_answered, play, score_question

FIXTURE = Path(__file__).parent / "fixtures" / "course"


@pytest.fixture(scope="module")
def roadside() -> Scenario:
    return load_or_raise(FIXTURE).module("01-sample").scenarios[0].scenario


def question(scenario: Scenario, qid: str) -> Question:
    return next(q for q in scenario.questions if q.id == qid)


@pytest.mark.parametrize(
    ("qid", "answer", "expected"),
    [
        # multiple: 2 right options of 3, 2 points -> 1 point per right pick, -1 per wrong pick
        ("sm-r-indicators", ["a", "c"], 2.0),
        ("sm-r-indicators", ["a"], 1.0),
        ("sm-r-indicators", ["a", "b"], 0.0),
        ("sm-r-indicators", ["a", "b", "c"], 1.0),
        ("sm-r-indicators", ["b"], 0.0),
        ("sm-r-indicators", [], 0.0),
        ("sm-r-indicators", "a", 0.0),
        ("sm-r-indicators", ["a", "zz"], 1.0),
        # numeric: 30 days, tolerance 0
        ("sm-r-period", 30, 1.0),
        ("sm-r-period", 30.0, 1.0),
        ("sm-r-period", 31, 0.0),
        ("sm-r-period", "30", 0.0),
        ("sm-r-period", True, 0.0),
        ("sm-r-period", float("nan"), 0.0),
        # order: 3 items, 3 points -> 1 per item in place; not a full ordering -> 0
        ("sm-r-order", ["safe", "inform", "refer"], 3.0),
        ("sm-r-order", ["safe", "refer", "inform"], 1.0),
        ("sm-r-order", ["refer", "safe", "inform"], 0.0),
        ("sm-r-order", ["safe", "inform"], 0.0),
        ("sm-r-order", ["safe", "safe", "inform"], 0.0),
        # match: 2 items, 2 points
        ("sm-r-match", {"police": "protect", "ngo": "support"}, 2.0),
        ("sm-r-match", {"police": "support", "ngo": "support"}, 1.0),
        ("sm-r-match", {"police": "support"}, 0.0),
        ("sm-r-match", ["protect"], 0.0),
        # decision: the choice's points
        ("sm-r-decide", "a", 2.0),
        ("sm-r-decide", "b", 0.0),
        ("sm-r-decide", "c", 0.0),
        ("sm-r-decide", None, 0.0),
        ("sm-r-period", 10**400, 0.0),
        ("sm-r-period", -(10**400), 0.0),
        # single
        ("sm-r-single", "a", 1.0),
        ("sm-r-single", "b", 0.0),
        ("sm-r-single", ["a"], 0.0),
        # text: never scored automatically
        ("sm-r-text", "You have time to recover.", 0.0),
    ],
)
def test_score_question(roadside: Scenario, qid: str, answer: Any, expected: float) -> None:
    assert score_question(question(roadside, qid), answer) == expected


@pytest.mark.parametrize(
    ("qid", "answer", "answered"),
    [
        ("sm-r-indicators", [], False),
        ("sm-r-indicators", ["a"], True),
        ("sm-r-period", 12.5, True),
        ("sm-r-period", "12", False),
        ("sm-r-order", ["safe", "inform"], False),
        ("sm-r-match", {"police": "protect"}, False),
        ("sm-r-text", "   ", False),
        ("sm-r-text", "My answer", True),
        ("sm-r-decide", None, False),
        ("sm-r-period", 10**400, False),  # too large for a float: JavaScript reads Infinity
        ("sm-r-period", float("nan"), False),
    ],
)
def test_is_answered(roadside: Scenario, qid: str, answer: Any, answered: bool) -> None:
    assert is_answered(question(roadside, qid), answer) is answered


def test_best_path_total_takes_the_best_branch(roadside: Scenario) -> None:
    # stage 1: 2 + 1; stage 2: 3 + 2 + decision 2; stage 3 (only via choice a): 1 + text 0
    assert best_total(roadside) == 11.0


def test_play_follows_the_decision(roadside: Scenario) -> None:
    good = play(roadside, {"sm-r-indicators": ["a", "c"], "sm-r-decide": "a", "sm-r-single": "a"})
    assert good.path == ("check", "talk", "support")
    assert good.end == "end-safe"
    assert good.score == 2 + 2 + 1
    poor = play(roadside, {"sm-r-decide": "b", "sm-r-single": "a"})
    assert poor.path == ("check", "talk")
    assert poor.end == "end-lost"
    assert poor.score == 0.0
    assert poor.max_score == 11.0


def test_play_stops_where_no_decision_was_made(roadside: Scenario) -> None:
    result = play(roadside, {})
    assert result.path == ("check", "talk")
    assert result.end is None
