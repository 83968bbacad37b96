"""Play a scenario page through its user interface, as a learner would: click, select, type.

A strategy picks an answer for each question the page shows (all right, all wrong, or at
random with a fixed seed); the page decides which stage comes next. The answers given are
returned in the shapes ``asit.scoring`` takes, so a test can score them in Python too.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from asit.models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
    TextQuestion,
)
from asit.nbgrader.selfcheck import key_answer
from asit.points import points_number

# An answer as typed or picked in the page; numbers are typed as text.
Entry = str | list[str] | dict[str, str]
Strategy = Callable[[Question], Entry]


def number_text(value: float) -> str:
    """A number as typed: the shortest text that reads back as exactly this float."""
    return repr(float(value))


def correct(q: Question) -> Entry:
    """The key's answer, as a learner enters it (numbers typed, text in their own words)."""
    if isinstance(q, NumericQuestion):
        return number_text(q.answer)
    if isinstance(q, TextQuestion):
        return "A full answer, in my own words."
    answer: Entry = key_answer(q)
    return answer


def wrong(q: Question) -> Entry:
    if isinstance(q, SingleQuestion):
        return next(o.id for o in q.options if not o.correct)
    if isinstance(q, MultipleQuestion):
        return [o.id for o in q.options if not o.correct] or [q.options[0].id]
    if isinstance(q, OrderQuestion):
        return list(reversed(q.answer))  # no pair of steps in the right order
    if isinstance(q, MatchQuestion):
        return {item: next(t.id for t in q.targets if t.id != target) for item, target in q.answer.items()}
    if isinstance(q, NumericQuestion):
        return number_text(q.answer + q.tolerance + 1 + abs(q.answer))
    if isinstance(q, DecisionQuestion):
        return min(q.choices, key=lambda c: c.points).id
    return "I do not know."


def nearly(q: Question) -> Entry:
    """The key with one slip where a question gives partial credit: two neighbouring steps
    swapped, one right option left out, one pair matched wrong."""
    if isinstance(q, OrderQuestion):
        order = list(q.answer)
        middle = len(order) // 2
        order[middle - 1], order[middle] = order[middle], order[middle - 1]
        return order
    if isinstance(q, MultipleQuestion):
        right = [o.id for o in q.options if o.correct]
        return right[:-1] if len(right) > 1 else [*right, *[o.id for o in q.options if not o.correct][:1]]
    if isinstance(q, MatchQuestion):
        pairs = dict(sorted(q.answer.items()))
        first = next(iter(pairs))
        pairs[first] = next(t.id for t in q.targets if t.id != pairs[first])
        return pairs
    return correct(q)


def randomly(seed: str) -> Strategy:
    """Random answers, the same ones on every run for the same seed and question."""

    def pick(q: Question) -> Entry:
        rng = random.Random(f"{seed}:{q.id}")
        if isinstance(q, (SingleQuestion, DecisionQuestion)):
            return rng.choice([o.id for o in (q.options if isinstance(q, SingleQuestion) else q.choices)])
        if isinstance(q, MultipleQuestion):
            picked = [o.id for o in q.options if rng.random() < 0.5]
            return picked or [rng.choice(q.options).id]
        if isinstance(q, OrderQuestion):
            order = [i.id for i in q.items]
            rng.shuffle(order)
            return order
        if isinstance(q, MatchQuestion):
            return {item.id: rng.choice(q.targets).id for item in q.items}
        if isinstance(q, NumericQuestion):
            a, t = q.answer, q.tolerance
            # the edges of the tolerance are where two float engines could disagree
            candidates = [a, a + t, a - t, a + t + 0.1, a - t - 0.25, a + rng.uniform(-2 * t - 5, 2 * t + 5)]
            return number_text(rng.choice(candidates))
        return rng.choice(["Support first.", "I would ask the person what they need.", "Not sure."])

    return pick


def as_answer(q: Question, entry: Entry) -> Any:
    """What the page's entry means to ``asit.scoring``: typed numbers become floats."""
    if isinstance(q, NumericQuestion):
        assert isinstance(entry, str)
        value = float(entry)
        assert math.isfinite(value)
        return value
    return entry


# ---------------------------------------------------------------- the page


def question_box(page: Any, qid: str) -> Any:
    return page.locator(f'.asit-player fieldset[data-question="{qid}"]')


def current_order(box: Any) -> list[str]:
    return [str(x) for x in box.locator(".asit-order-item").evaluate_all("els => els.map(e => e.dataset.item)")]


def arrange(box: Any, wanted: list[str]) -> None:
    """Put an order question's items in the wanted order with its move-up buttons."""
    for position, item in enumerate(wanted):
        while (at := current_order(box).index(item)) > position:
            box.locator(f'.asit-order-item[data-item="{item}"] .asit-up').click()
            assert current_order(box).index(item) == at - 1


def enter(page: Any, q: Question, entry: Entry) -> None:
    """Give an answer through the page's controls."""
    box = question_box(page, q.id)
    if isinstance(q, (SingleQuestion, DecisionQuestion)):
        box.locator(f'input[value="{entry}"]').check()
    elif isinstance(q, MultipleQuestion):
        assert isinstance(entry, list)
        for option in entry:
            box.locator(f'input[value="{option}"]').check()
    elif isinstance(q, OrderQuestion):
        assert isinstance(entry, list)
        arrange(box, entry)
    elif isinstance(q, MatchQuestion):
        assert isinstance(entry, dict)
        for item, target in entry.items():
            box.locator(f'select[data-item="{item}"]').select_option(target)
    elif isinstance(q, NumericQuestion):
        assert isinstance(entry, str)
        box.locator('input[type="number"]').fill(entry)
    else:
        assert isinstance(q, TextQuestion) and isinstance(entry, str)
        box.locator("textarea").fill(entry)


def answer_and_check(page: Any, q: Question, entry: Entry) -> Any:
    """Answer one question, press its Check button, and return its feedback box."""
    enter(page, q, entry)
    box = question_box(page, q.id)
    box.locator(".asit-check").click()
    feedback = box.locator(".asit-feedback")
    feedback.locator(".asit-result").wait_for()
    return feedback


def play(page: Any, scenario: Scenario, strategy: Strategy) -> dict[str, Any]:
    """Play the open scenario page from its first stage to an end; return the answers given."""
    stages = {s.id: s for s in scenario.stages}
    answers: dict[str, Any] = {}
    for _ in range(len(stages)):
        stage_box = page.locator(".asit-player .asit-stage").last
        stage = stages[str(stage_box.get_attribute("data-stage"))]
        for q in stage.questions:
            entry = strategy(q)
            answer_and_check(page, q, entry)
            answers[q.id] = as_answer(q, entry)
        stage_box.locator(".asit-continue").click()
        if page.locator(".asit-player .asit-end").count():
            return answers
    raise AssertionError(f"{scenario.id}: the page never reached an end")


def play_again(page: Any) -> None:
    """Press the end screen's "Play the case again": it starts the player afresh, as loading the
    page does."""
    page.locator(".asit-end .asit-restart").click()
    page.locator(".asit-player .asit-end").wait_for(state="detached")


def page_result(page: Any, scenario_id: str) -> dict[str, Any]:
    """What the page reports through its test hook (read only: the play happened in the UI)."""
    result: dict[str, Any] = page.evaluate("id => window.asitPlayers[id].result()", scenario_id)
    return result


def shown_score(value: float) -> str:
    """A score as the page shows it: the course's one points rule (``asit.points``)."""
    return points_number(value)


def toward(scenario: Scenario, end_id: str, answer: Strategy = correct) -> Strategy:
    """Answers that lead to one end: each decision takes ``answer``'s choice when that can
    still lead there (a scenario has no loops, so every such way ends there), else a choice on
    a shortest way there; other questions are answered by ``answer``."""
    leads: dict[str, list[str]] = {}
    for stage in scenario.stages:
        decision = next((q for q in stage.questions if isinstance(q, DecisionQuestion)), None)
        if decision is not None:
            leads[stage.id] = [c.next for c in decision.choices if c.next]
        else:
            leads[stage.id] = [stage.next] if stage.next else []
    distance = {end_id: 0}  # steps from each node to the end, by breadth-first search backwards
    changed = True
    while changed:
        changed = False
        for node, targets in leads.items():
            known = [distance[t] + 1 for t in targets if t in distance]
            if known and min(known) < distance.get(node, 1 << 30):
                distance[node] = min(known)
                changed = True

    def pick(q: Question) -> Entry:
        if isinstance(q, DecisionQuestion):
            reachable = [c for c in q.choices if c.next in distance]
            assert reachable, f"{scenario.id}: no choice of {q.id} leads to {end_id}"
            wanted = answer(q)
            if any(c.id == wanted for c in reachable):
                return wanted
            return min(reachable, key=lambda c: distance[str(c.next)]).id
        return answer(q)

    return pick
