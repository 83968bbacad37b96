"""Offline: a practice scenario played to its end makes requests to the local server only.
Each request is counted; any other address is refused (never sent) and fails the test. Runs
on the fixture course and the real course.

Every built page, opened one by one, is held to the same rule by the accessibility crawl
(test_accessibility.py), which names each request with the page that made it.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import page_result, play, randomly

pytestmark = pytest.mark.slow


def test_a_scenario_played_to_its_end_stays_local(any_site: SiteOpener, browser: Any) -> None:
    site = any_site()
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    rel, scenario = site.scenario_pages()[0]
    page.goto(site.page_url(rel), wait_until="networkidle")
    play(page, scenario, randomly("offline"))
    page.wait_for_load_state("networkidle")
    ended = page_result(page, scenario.id)["end"]
    context.close()
    local = [url for url in traffic.requests if url.startswith(site.url)]
    assert site.page_url(rel) in local
    assert any("/_static/asit-player.js" in url for url in local)
    assert any("/_static/asit-scoring.js" in url for url in local)
    assert ended in {end.id for end in scenario.ends}
    assert traffic.outside(site.url) == [], f"{len(traffic.outside(site.url))} of {len(traffic.requests)} requests left"
    assert traffic.errors == []
    print(f"{site.name}: {scenario.id} played to {ended}, {len(traffic.requests)} requests, all to {site.url}")
