"""Fixtures of the tests in real Jupyter: Debian's chromium, driven by Playwright (never a
downloaded browser). It is the run's one chromium (``browser`` in tests/conftest.py):
Playwright's sync API allows one instance per process."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    return browser
