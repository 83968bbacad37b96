"""Same score everywhere: every practice scenario, played in the built book through its page,
scores exactly what ``asit.scoring.play`` gives for the same answers (same path, same end,
same floats, the same points text), for all-right, all-wrong and nearly-right answers (one
slip where partial credit applies). Seeded random answers are played by test_every_end.py,
toward every end of every scenario, with the same comparison (same_score.py). Each
scenario's page is loaded once; each answer set after the first is played after the end
screen's "Play the case again", which starts the player afresh as loading the page does.
tests/test_scoring_node.py compares far more answers with the same scoring file under Node,
without a browser.

Runs on the fixture course and on the real course; the real course must pass ``asit check``
(a failing check fails these tests).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import Strategy, correct, nearly, play, play_again, wrong
from .same_score import mismatches

pytestmark = pytest.mark.slow

STRATEGIES: dict[str, Strategy] = {
    "all-right": correct,
    "all-wrong": wrong,
    "nearly-right": nearly,
}


def test_the_page_scores_what_python_scores(any_site: SiteOpener, browser: Any) -> None:
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
            for n, (name, strategy) in enumerate(STRATEGIES.items()):
                if n:
                    play_again(page)
                answers = play(page, scenario, strategy)
                problems += [f"{name}: {problem}" for problem in mismatches(page, scenario, answers)]
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert traffic.outside(site.url) == [], traffic.outside(site.url)
    assert problems == [], "\n".join(problems)
