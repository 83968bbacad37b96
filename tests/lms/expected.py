"""What an LMS or LRS should receive for answers a test gave, worked out in Python from the
model and ``asit.scoring`` (the figures), independently of the browser's script."""

from __future__ import annotations

from typing import Any

from asit import scoring
from asit.models import Question, Scenario

SCORM_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "decision": "choice",
    "order": "sequencing",
    "match": "matching",
    "numeric": "numeric",
    "text": "fill-in",
}


def js_number(value: float) -> str:
    """A number as JavaScript's String() writes it (shortest form; no trailing .0)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def scorm_response(q: Question, answer: Any) -> str:
    """The learner's answer in SCORM 1.2's response format for the question's type."""
    if q.kind in ("multiple", "order"):
        return ",".join(answer)
    if q.kind == "match":
        return ",".join(f"{k}.{answer[k]}" for k in sorted(answer))
    if q.kind == "numeric":
        return js_number(answer)
    return str(answer)[:255]


def scorm_result(q: Question, score: float) -> str:
    if q.kind == "text":
        return "neutral"
    if score >= q.points:
        return "correct"
    return js_number(score) if score > 0 else "wrong"


def answered_in_order(scenario: Scenario, answers: dict[str, Any]) -> list[tuple[Question, Any, float]]:
    """Each question on the learner's path, in the order answered, with its score."""
    stages = {s.id: s for s in scenario.stages}
    out = []
    for sid in scoring.play(scenario, answers).path:
        for q in stages[sid].questions:
            out.append((q, answers[q.id], scoring.score_question(q, answers[q.id])))
    return out


def expected_interactions(scenario: Scenario, answers: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "id": f"{scenario.id}.{q.id}",
            "type": SCORM_TYPES[q.kind],
            "student_response": scorm_response(q, answer),
            "result": scorm_result(q, score),
            "weighting": js_number(0 if q.kind == "text" else q.points),
        }
        for q, answer, score in answered_in_order(scenario, answers)
    ]


def xapi_response(q: Question, answer: Any) -> str:
    """The answer in xAPI's response format: [,] between items, [.] within a pair."""
    if q.kind == "text":
        return str(answer)
    return (
        scorm_response(q, answer).replace(".", "[.]").replace(",", "[,]")
        if q.kind
        in (
            "multiple",
            "order",
            "match",
        )
        else scorm_response(q, answer)
    )
