"""Feedback on one answer, in words: the same in the practice player and in graded feedback.

The score always comes from ``asit.scoring``; this module only says why, quoting the
feedback the author wrote for each option the learner chose. It reveals nothing about
options the learner did not choose, so graded feedback gives away no more of the key than
the learner's own answers do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..answer_shape import SHAPES, well_formed
from ..models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from ..points import points_number, points_phrase
from ..scoring import is_answered, order_pairs, score_question
from .views import plain


@dataclass(frozen=True)
class Feedback:
    """A scored answer and the lines that explain it."""

    score: float
    points: int
    lines: tuple[str, ...]
    answered: bool
    well_formed: bool


def _quote(text: str) -> str:
    return f"“{plain(text)}”"


def _explain(q: Question, answer: Any) -> list[str]:
    if isinstance(q, SingleQuestion):
        option = next((o for o in q.options if o.id == answer), None)
        if option is None:
            return [f"Your answer {answer!r} is not one of the options."]
        return [f"You chose {_quote(option.text)}: {plain(option.feedback)}"]
    if isinstance(q, MultipleQuestion):
        chosen = [o for o in q.options if o.id in set(answer)]
        return ["You chose:"] + [f"- {_quote(o.text)}: {plain(o.feedback)}" for o in chosen]
    if isinstance(q, OrderQuestion):
        items = {i.id: i for i in q.items}
        lines = ["Your order:"]
        for position, item_id in enumerate(answer, start=1):
            item = items.get(item_id)
            if item is None:
                lines.append(f"{position}. (no step chosen)")
                continue
            place = (
                "in its place"
                if position <= len(q.answer) and q.answer[position - 1] == item_id
                else "not in its place"
            )
            lines.append(f"{position}. {_quote(item.text)} ({place}): {plain(item.feedback)}")
        pairs = order_pairs(q, answer)
        if pairs is not None:
            lines.append(f"Pairs of steps in the right order: {pairs[0]} of {pairs[1]}.")
        return lines
    if isinstance(q, MatchQuestion):
        targets = {t.id: t for t in q.targets}
        lines = ["Your pairs:"]
        for item in q.items:
            target = targets.get(answer.get(item.id, ""))
            if target is None:
                lines.append(f"- {_quote(item.text)}: not matched.")
                continue
            verdict = "right" if q.answer.get(item.id) == target.id else "not right"
            lines.append(f"- {_quote(item.text)} → {_quote(target.text)} ({verdict}): {plain(item.feedback)}")
        return lines
    if isinstance(q, NumericQuestion):
        unit = f" {q.unit}" if q.unit else ""
        right = score_question(q, answer) == q.points
        return [f"You answered {answer:g}{unit}. {plain(q.feedback_correct if right else q.feedback_incorrect)}"]
    if isinstance(q, DecisionQuestion):
        choice = next((c for c in q.choices if c.id == answer), None)
        if choice is None:
            return [f"Your answer {answer!r} is not one of the choices."]
        return [
            f"You chose {_quote(choice.text)}: {plain(choice.feedback)}",
            f"What happens: {plain(choice.consequence)}",
        ]
    return []


def explain(q: Question, answer: Any, *, practice: bool) -> Feedback:
    """Score an answer with ``asit.scoring`` and say why.

    ``practice`` adds, for text questions, the model answer and rubric (practice shows them
    after answering; in graded work a person grades text and only they see the rubric).
    """
    score = score_question(q, answer)
    formed = well_formed(q.kind, answer)
    answered = is_answered(q, answer)
    lines: list[str] = []
    if not formed:
        lines.append(f"Your saved answer has the wrong form (expected {SHAPES[q.kind]}), so it scores 0.")
    elif answer is None or (not answered and not isinstance(q, (OrderQuestion, MatchQuestion))):
        lines.append("No answer was given.")
    elif isinstance(q, TextQuestion):
        if practice:
            lines.append(f"A full answer covers: {plain(q.model_answer)}")
            lines += [f"- {plain(c.criterion)} ({points_phrase(c.points)})" for c in q.rubric]
    else:
        lines += _explain(q, answer)
    if isinstance(q, TextQuestion):
        lines.append("This answer is graded by a person against a rubric.")
    else:
        lines.append(f"Points: {points_number(score)} of {points_number(q.points)}.")
    return Feedback(score, q.points, tuple(lines), answered, formed)
