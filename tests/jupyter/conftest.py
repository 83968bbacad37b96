"""Fixtures of the tests in real Jupyter: Debian's chromium, driven by Playwright (never a
downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/setup.sh does)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
