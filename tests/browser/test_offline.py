"""Offline: every page of the built book, and a scenario played to its end, make requests to
the local server only. Each request is counted; any other address is refused (never sent)
and fails the test. Runs on the fixture course and the real course.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, SiteOpener, Traffic, open_context
from .playing import play, randomly

pytestmark = pytest.mark.slow


def test_no_request_leaves_the_local_server(any_site: SiteOpener, browser: Any) -> None:
    site = any_site()
    html = site.root / "_build" / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if "_static" not in p.parts)
    assert "_generated/progress.html" in pages and "book/index.html" in pages
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    for rel in pages:
        page.goto(site.page_url(rel), wait_until="networkidle")
    rel, scenario = site.scenario_pages()[0]
    page.goto(site.page_url(rel))
    play(page, scenario, randomly("offline"))
    page.wait_for_load_state("networkidle")
    context.close()
    local = [url for url in traffic.requests if url.startswith(site.url)]
    assert len(local) >= len(pages)  # every page counted, with what it loads
    assert any("/_static/asit-player.js" in url for url in local)
    assert any("/_static/asit-scoring.js" in url for url in local)
    assert traffic.outside(site.url) == [], f"{len(traffic.outside(site.url))} of {len(traffic.requests)} requests left"
    assert traffic.errors == []
    print(f"{site.name}: {len(pages)} pages, {len(traffic.requests)} requests, all to {site.url}")
