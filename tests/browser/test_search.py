"""Search works offline: the book's search page finds a lesson by a word in it, from the
index the site serves itself, with no request leaving the local server.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Site, Traffic

pytestmark = pytest.mark.slow


def test_search_finds_a_lesson_offline(page: Any, fixture_site: Site, traffic: Traffic) -> None:
    page.goto(fixture_site.page_url("search.html?q=reflection"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    links = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("modules/01-sample/lesson.html" in str(link) for link in links), links
    assert any(url.endswith("searchindex.js") for url in traffic.requests)
    assert traffic.outside(fixture_site.url) == []
