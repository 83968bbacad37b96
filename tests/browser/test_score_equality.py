"""Same score everywhere: every practice scenario, played in the built book through its page,
scores exactly what ``asit.scoring.play`` gives for the same answers (same path, same end,
same floats, the same points text), for all-right, all-wrong, nearly-right (one slip where
partial credit applies) and seeded random answers. tests/test_scoring_node.py compares far
more answers with the same scoring file under Node, without a browser.

Runs on the fixture course and on the real course; the real course must pass ``asit check``
(a failing check fails these tests).
"""

from __future__ import annotations

from typing import Any

import pytest

from asit import scoring
from asit.models import Scenario
from asit.points import points_number, points_phrase

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import Strategy, correct, nearly, page_result, play, question_box, randomly, shown_score, wrong

pytestmark = pytest.mark.slow

STRATEGIES: dict[str, Strategy] = {
    "all-right": correct,
    "all-wrong": wrong,
    "random-seed-11": randomly("11"),
    "random-seed-29": randomly("29"),
    "random-seed-47": randomly("47"),
    "nearly-right": nearly,
}


def _mismatches(page: Any, scenario: Scenario, answers: dict[str, Any]) -> list[str]:
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
    stages = {s.id: s for s in scenario.stages}
    for sid in want.path:
        for q in stages[sid].questions:
            python = scoring.score_question(q, answers.get(q.id))
            if got["scores"].get(q.id) != python:
                problems.append(f"{q.id}: page scored {got['scores'].get(q.id)!r}, Python {python!r}")
            if q.kind != "text":
                shown_points = question_box(page, q.id).locator(".asit-result").inner_text()
                said = f"You got {points_number(python)} of {points_phrase(q.points)}."
                if said not in shown_points:
                    problems.append(f"{q.id}: the page says {shown_points!r}, expected {said!r}")
    shown = page.locator(".asit-end .asit-final-points")
    if float(str(shown.get_attribute("data-score"))) != want.score:
        problems.append(f"end screen data-score {shown.get_attribute('data-score')} != {want.score!r}")
    if shown.inner_text() != shown_score(want.score):
        problems.append(f"end screen shows {shown.inner_text()!r}, expected {shown_score(want.score)!r}")
    if page.locator(".asit-end").get_attribute("data-end") != (want.end or ""):
        problems.append(f"end screen is {page.locator('.asit-end').get_attribute('data-end')!r}, not {want.end!r}")
    return [f"{scenario.id}: {p}" for p in problems]


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_the_page_scores_what_python_scores(any_site: SiteOpener, browser: Any, strategy: str) -> None:
    site = any_site()
    scenarios = site.scenario_pages()
    assert scenarios, f"the {site.name} course has no practice scenario"
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    try:
        for rel, scenario in scenarios:
            page.goto(site.page_url(rel))
            answers = play(page, scenario, STRATEGIES[strategy])
            problems += _mismatches(page, scenario, answers)
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert problems == [], "\n".join(problems)
