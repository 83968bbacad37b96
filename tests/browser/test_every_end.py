"""Every practice scenario plays to every one of its ends in the built page, with seeded random
answers (decisions too, where they can still lead to the end aimed at), and each play shows
and reports everything ``asit.scoring.play`` gives for the same answers: path, end, score,
each question's score and points text, the end screen's figures (same_score.py, as
test_score_equality.py compares). Each scenario's page is loaded once: its first end is
played from the load, each next one after the end screen's "Play the case again", which
starts the player afresh (the same start as on load; a play that kept anything from the last
would differ from Python). Every request stays on the local server. Runs on both courses.
"""

from __future__ import annotations

from typing import Any

import pytest

from asit import scoring

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import play, play_again, randomly, toward
from .same_score import mismatches

pytestmark = pytest.mark.slow


def test_every_scenario_reaches_every_end(any_site: SiteOpener, browser: Any) -> None:
    site = any_site()
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    reached: list[str] = []
    problems: list[str] = []
    try:
        for rel, scenario in site.scenario_pages():
            page.goto(site.page_url(rel))
            for n, end in enumerate(scenario.ends):
                if n:
                    play_again(page)
                answers = play(page, scenario, toward(scenario, end.id, randomly(end.id)))
                found = mismatches(page, scenario, answers)
                ended = scoring.play(scenario, answers).end
                if ended != end.id:
                    found.append(f"{scenario.id}: aimed at {end.id}, Python ends at {ended}")
                elif end.title not in page.locator(".asit-end h2").inner_text():
                    found.append(f"{scenario.id} -> {end.id}: the end screen does not name {end.title!r}")
                problems += found
                if not found:
                    reached.append(f"{scenario.id}:{end.id}")
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert traffic.outside(site.url) == [], traffic.outside(site.url)
    assert problems == [], "\n".join(problems)
    every_end = [f"{s.id}:{e.id}" for _rel, s in site.scenario_pages() for e in s.ends]
    assert reached == every_end
    print(f"{site.name}: {len(reached)} ends reached in {len(site.scenario_pages())} scenarios")
