"""A played scenario page against ``asit.scoring``: everything the page reports and shows for
the answers given must be what Python gives for the same answers (path, end, every float,
each question's points text, the end screen's figures). Used by every test that plays a
scenario to compare scores, so each compares the same things.
"""

from __future__ import annotations

from typing import Any

from asit import scoring
from asit.models import Scenario
from asit.points import points_number, points_phrase

from .playing import page_result, shown_score

# Each question's result line as the page shows it, read in one call: question id, innerText.
RESULT_TEXTS = """els => els.map(e => [e.closest('fieldset[data-question]').dataset.question, e.innerText])"""


def mismatches(page: Any, scenario: Scenario, answers: dict[str, Any]) -> list[str]:
    """Every way the page, at the end of a play with ``answers``, differs from Python."""
    want = scoring.play(scenario, answers)
    got = page_result(page, scenario.id)
    problems = []
    for key, expected in [
        ("path", list(want.path)),
        ("end", want.end),
        ("score", want.score),
        ("max_score", want.max_score),
        ("answers", answers),
    ]:
        if got[key] != expected:
            problems.append(f"{key}: page {got[key]!r}, Python {expected!r}")
    results: dict[str, list[str]] = {}
    for qid, text in page.locator(".asit-player fieldset[data-question] .asit-result").evaluate_all(RESULT_TEXTS):
        results.setdefault(str(qid), []).append(str(text))
    stages = {s.id: s for s in scenario.stages}
    for sid in want.path:
        for q in stages[sid].questions:
            python = scoring.score_question(q, answers.get(q.id))
            if got["scores"].get(q.id) != python:
                problems.append(f"{q.id}: page scored {got['scores'].get(q.id)!r}, Python {python!r}")
            if q.kind != "text":
                shown = results.get(q.id, [])
                said = f"You got {points_number(python)} of {points_phrase(q.points)}."
                if len(shown) != 1 or said not in shown[0]:
                    problems.append(f"{q.id}: the page says {shown!r}, expected {said!r}")
    final = page.locator(".asit-end .asit-final-points")
    if float(str(final.get_attribute("data-score"))) != want.score:
        problems.append(f"end screen data-score {final.get_attribute('data-score')} != {want.score!r}")
    if final.inner_text() != shown_score(want.score):
        problems.append(f"end screen shows {final.inner_text()!r}, expected {shown_score(want.score)!r}")
    if page.locator(".asit-end").get_attribute("data-end") != (want.end or ""):
        problems.append(f"end screen is {page.locator('.asit-end').get_attribute('data-end')!r}, not {want.end!r}")
    return [f"{scenario.id}: {p}" for p in problems]
