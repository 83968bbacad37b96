"""Browser tests: a built course served on 127.0.0.1, and Debian's chromium driven by Playwright.

Each course is copied to a temporary folder, checked and built with ``asit`` as a learner's
machine would (nothing in the repository is written), once per run even when pytest-xdist
runs several processes (``shared_builds``), then served by ``http.server`` in a thread of each
process. The browser is the system's chromium: Playwright never downloads one.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from asit.loader import Course, load_or_raise
from conftest import copy_course
from shared_builds import made_once, run_folder

REPO = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
SCREENSHOTS = REPO / "_build" / "screenshots"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
COURSES = {"fixture": FIXTURE_COURSE, "real": REPO}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@dataclass
class Site:
    """A built course and where it is served."""

    name: str
    root: Path
    course: Course
    url: str  # ends with "/"

    def page_url(self, rel: str) -> str:
        return self.url + rel

    def scenario_pages(self) -> list[tuple[str, Any]]:
        """Each practice scenario with its page, module by module."""
        return [
            (f"_generated/modules/{folder.name}/scenario-{item.scenario.id}.html", item.scenario)
            for folder in sorted(self.course.modules, key=lambda f: f.module.number)
            for item in folder.scenarios
        ]


def _asit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "asit.cli", "--root", str(root), *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def build_course(source: Path, target: Path) -> Path:
    """Copy a course, require ``asit check`` to pass (a failure fails the test), then build it."""
    copy_course(source, target)
    check = _asit(target, "check")
    if check.returncode != 0:
        pytest.fail(f"asit check fails on {source}:\n{check.stdout}{check.stderr}", pytrace=False)
    build = _asit(target, "build")
    if build.returncode != 0:
        pytest.fail(f"asit build fails on {source}:\n{build.stdout[-6000:]}{build.stderr[-6000:]}", pytrace=False)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


_SERVERS: list[http.server.ThreadingHTTPServer] = []
_BUILT: dict[str, Site | str] = {}  # course name -> its served site, or why it could not be built


def _served(name: str, run: Path) -> Site:
    """Build a course once per run and serve it once per process; a course that failed fails
    every test that needs it."""
    if name not in _BUILT:
        try:
            root = made_once(run, name, lambda folder: build_course(COURSES[name], folder))
        except pytest.fail.Exception as failure:
            _BUILT[name] = str(failure)
            raise
        handler = functools.partial(_QuietHandler, directory=str(root / "_build" / "html"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, name=f"serve-{name}", daemon=True).start()
        _SERVERS.append(server)
        _BUILT[name] = Site(name, root, load_or_raise(root), f"http://127.0.0.1:{server.server_port}/")
    built = _BUILT[name]
    if isinstance(built, str):
        pytest.fail(built, pytrace=False)
    return built


@pytest.fixture(scope="session")
def _site_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield run_folder(tmp_path_factory)
    for server in _SERVERS:
        server.shutdown()
        server.server_close()
    _SERVERS.clear()
    _BUILT.clear()


@pytest.fixture(scope="session")
def fixture_site(_site_dir: Path) -> Site:
    """The fixture course, built and served."""
    return _served("fixture", _site_dir)


SiteOpener = Callable[[], Site]


@pytest.fixture(scope="session", params=sorted(COURSES))
def any_site(request: pytest.FixtureRequest, _site_dir: Path) -> SiteOpener:
    """The fixture course and the real course, built and served when the test asks: a course
    that fails ``asit check`` or its build fails the test itself (never a skip)."""
    name = str(request.param)
    return lambda: _served(name, _site_dir)


@dataclass
class Traffic:
    """Every request a page made, and the page errors it raised."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self, base: str) -> list[str]:
        return [url for url in self.requests if not (url.startswith(base) or url.startswith("data:"))]


def open_context(browser: Any, base: str, traffic: Traffic, **options: Any) -> Any:
    """A fresh browser context (its own storage) that records every request and lets none leave."""
    context = browser.new_context(**options)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.on("page", lambda page: page.on("pageerror", lambda error: traffic.errors.append(str(error))))
    return context


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(browser: Any, fixture_site: Site, traffic: Traffic) -> Iterator[Any]:
    """A desktop-sized page on the fixture site, in a fresh context."""
    context = open_context(browser, fixture_site.url, traffic, viewport=DESKTOP)
    yield context.new_page()
    context.close()
    assert traffic.errors == [], f"the page raised: {traffic.errors}"
