"""Every practice scenario plays to every one of its ends in the built page, and each end
scores what ``asit.scoring.play`` gives for the same answers. Runs on both courses.
"""

from __future__ import annotations

from typing import Any

import pytest

from asit import scoring

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import page_result, play, randomly, toward

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
            for end in scenario.ends:
                page.goto(site.page_url(rel))
                answers = play(page, scenario, toward(scenario, end.id, randomly(end.id)))
                want = scoring.play(scenario, answers)
                got = page_result(page, scenario.id)
                shown = page.locator(".asit-end")
                if want.end != end.id or got["end"] != end.id or shown.get_attribute("data-end") != end.id:
                    problems.append(f"{scenario.id}: aimed at {end.id}; Python {want.end}, page {got['end']}")
                elif got["score"] != want.score or got["path"] != list(want.path):
                    problems.append(f"{scenario.id} -> {end.id}: page {got['score']}, Python {want.score}")
                elif end.title not in shown.locator("h2").inner_text():
                    problems.append(f"{scenario.id} -> {end.id}: the end screen does not name {end.title!r}")
                else:
                    reached.append(f"{scenario.id}:{end.id}")
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert problems == [], "\n".join(problems)
    every_end = [f"{s.id}:{e.id}" for _rel, s in site.scenario_pages() for e in s.ends]
    assert reached == every_end
    print(f"{site.name}: {len(reached)} ends reached in {len(site.scenario_pages())} scenarios")
