"""The course's one scoring engine: the same rules in the book, in Jupyter and in grading.

The book's player scores with ``asit/static/asit-scoring.js``, which mirrors these functions
operation for operation, so both give the same floating-point result for the same answers;
one test runs that file under Node on generated answers, another plays every scenario in a
browser, and both compare with this module. Answers arrive from widgets, the browser or a saved
answers file a trainee could have edited, so anything of the wrong shape scores zero
rather than raising. What shape an answer of each kind must have is ``asit.answer_shape``'s
rule, here as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answer_shape import finite_number, id_list, is_complete, is_id, well_formed
from .models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
    Stage,
    TextQuestion,
)


def score_single(q: SingleQuestion, answer: Any) -> float:
    """Full points for the correct option, none otherwise."""
    if not is_id(answer):
        return 0.0
    return float(q.points) if any(o.id == answer and o.correct for o in q.options) else 0.0


def score_multiple(q: MultipleQuestion, answer: Any) -> float:
    """Each right pick earns points/n (n = number of right options); each wrong pick costs as much; never below 0."""
    picks = id_list(answer)
    if picks is None:
        return 0.0
    chosen = set(picks)
    correct = {o.id for o in q.options if o.correct}
    known = {o.id for o in q.options}
    hits = len(chosen & correct)
    wrong = len((chosen & known) - correct)
    net = max(0, hits - wrong)
    return q.points * net / len(correct)


def order_pairs(q: OrderQuestion, answer: Any) -> tuple[int, int] | None:
    """(pairs of steps in the right relative order, all pairs) for a full ordering, else None.

    A full ordering lists every step of the question exactly once; a list with a step
    missing, repeated or unknown, or anything that is not a list of ids, is not one.
    """
    order = id_list(answer)
    if order is None or sorted(order) != sorted(q.answer):
        return None
    position = {step: index for index, step in enumerate(order)}
    key = q.answer
    right = sum(1 for i, first in enumerate(key) for later in key[i + 1 :] if position[first] < position[later])
    return right, len(key) * (len(key) - 1) // 2


def score_order(q: OrderQuestion, answer: Any) -> float:
    """Points times the share of pairs of steps in the right relative order (Kendall's
    concordant pairs over all pairs): one swap of neighbours in five steps costs a tenth,
    the reverse order scores 0. An answer that is not a full ordering scores 0."""
    pairs = order_pairs(q, answer)
    if pairs is None:
        return 0.0
    right, total = pairs
    return q.points * right / total if total else float(q.points)


def score_match(q: MatchQuestion, answer: Any) -> float:
    """Points/n for each item paired with its right target (n = number of items)."""
    if answer is None or not well_formed("match", answer):
        return 0.0
    right = sum(1 for item, target in q.answer.items() if answer.get(item) == target)
    return q.points * right / len(q.answer)


def numeric_is_right(q: NumericQuestion, value: float) -> bool:
    """Within the tolerance of the answer, bounds included."""
    return abs(value - q.answer) <= q.tolerance


def score_numeric(q: NumericQuestion, answer: Any) -> float:
    """Full points when the answer is a finite number that is right."""
    value = finite_number(answer)
    return float(q.points) if value is not None and numeric_is_right(q, value) else 0.0


def score_decision(q: DecisionQuestion, answer: Any) -> float:
    """The chosen choice's points."""
    if not is_id(answer):
        return 0.0
    for choice in q.choices:
        if choice.id == answer:
            return float(choice.points)
    return 0.0


def score_question(q: Question, answer: Any) -> float:
    """Score one answer; ``text`` answers are graded by a person and score 0 here."""
    if isinstance(q, SingleQuestion):
        return score_single(q, answer)
    if isinstance(q, MultipleQuestion):
        return score_multiple(q, answer)
    if isinstance(q, OrderQuestion):
        return score_order(q, answer)
    if isinstance(q, MatchQuestion):
        return score_match(q, answer)
    if isinstance(q, NumericQuestion):
        return score_numeric(q, answer)
    if isinstance(q, DecisionQuestion):
        return score_decision(q, answer)
    assert isinstance(q, TextQuestion)
    return 0.0


def auto_points(q: Question) -> int:
    """What a question can score automatically (0 for ``text``)."""
    return 0 if isinstance(q, TextQuestion) else q.points


def is_answered(q: Question, answer: Any) -> bool:
    """Whether an answer of the right shape is given in full (the 'all answered' check; ``asit.answer_shape``)."""
    items: tuple[str, ...] = ()
    if isinstance(q, OrderQuestion):
        items = q.answer
    elif isinstance(q, MatchQuestion):
        items = tuple(q.answer)
    return is_complete(q.kind, answer, items)


# ---------------------------------------------------------------- scenario play


@dataclass(frozen=True)
class PlayResult:
    """The path a learner took through a scenario and what it scored."""

    path: tuple[str, ...]  # stage ids, in the order visited
    end: str | None  # the end reached, or None if the answers stopped short
    score: float
    max_score: float  # the best path's total


def _stages(scenario: Scenario) -> dict[str, Stage]:
    return {stage.id: stage for stage in scenario.stages}


def next_node(stage: Stage, answers: dict[str, Any]) -> str | None:
    """Where a stage leads: its decision's chosen ``next``, else the stage's own ``next``."""
    for q in stage.questions:
        if isinstance(q, DecisionQuestion):
            chosen = answers.get(q.id)
            return next((c.next for c in q.choices if c.id == chosen), None)
    return stage.next


def best_total(scenario: Scenario) -> float:
    """The most a scenario can score: the best-scoring path from the first stage to an end."""
    stages = _stages(scenario)
    memo: dict[str, float] = {}

    def best(node: str, seen: frozenset[str]) -> float:
        if node not in stages or node in seen:
            return 0.0
        if node in memo:
            return memo[node]
        stage = stages[node]
        own = sum(auto_points(q) for q in stage.questions if not isinstance(q, DecisionQuestion))
        decision = next((q for q in stage.questions if isinstance(q, DecisionQuestion)), None)
        if decision is None:
            tail = best(stage.next, seen | {node}) if stage.next else 0.0
        else:
            tail = max(c.points + (best(c.next, seen | {node}) if c.next else 0.0) for c in decision.choices)
        memo[node] = own + tail
        return memo[node]

    return float(best(scenario.stages[0].id, frozenset()))


def play(scenario: Scenario, answers: dict[str, Any]) -> PlayResult:
    """Follow the learner's answers from the first stage, scoring each question on the way."""
    stages = _stages(scenario)
    end_ids = {end.id for end in scenario.ends}
    node: str | None = scenario.stages[0].id
    path: list[str] = []
    score = 0.0
    while node is not None and node in stages and node not in path:
        stage = stages[node]
        path.append(node)
        for q in stage.questions:
            score += score_question(q, answers.get(q.id))
        node = next_node(stage, answers)
    end = node if node in end_ids else None
    return PlayResult(path=tuple(path), end=end, score=score, max_score=best_total(scenario))
