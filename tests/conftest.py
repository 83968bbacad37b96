"""Shared fixtures: the small fixture course, copied so a test can break or build it freely."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


def copy_course(source: Path, target: Path) -> Path:
    """Copy a course's content (not its generated or built files) to ``target``."""
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns("_build", "_generated", ".venv", "node_modules", "__pycache__", ".git"),
    )
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the fixture course."""
    return copy_course(FIXTURE_COURSE, tmp_path / "course")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one for the whole run: Playwright's sync API
    allows one instance per process, so every test folder shares this one."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/setup.sh does)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    """The tests in real Jupyter call the run's one chromium by this name."""
    return browser
