"""xAPI to a real learning record store: Ralph (``ralph-malph``) on 127.0.0.1 with its own
file storage and credentials, the fixture course's scenario played in Debian's chromium with
xAPI switched on by launch parameters. Ralph must store one launched, one answered per
question, one completed and one passed or failed statement, with the responses, successes and
scores that ``asit.scoring`` gives; each statement valid per Ralph's own xAPI model. What the
learner does while the LRS is down waits in the browser and arrives once it is back."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from asit import scoring
from asit.loader import load_or_raise
from asit.models import Scenario
from browser.conftest import DESKTOP, Traffic, _QuietHandler, open_context
from browser.playing import Strategy, correct, play, randomly, wrong

from .expected import answered_in_order, xapi_response

pytestmark = pytest.mark.slow

USER, PASSWORD = "academy-lms", "a-test-secret"
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
ACTOR = {"objectType": "Agent", "name": "Test Learner", "mbox": "mailto:learner@academy.example.org"}
PASS_PERCENT = 70.0
VERB = "http://adlnet.gov/expapi/verbs/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Ralph's API under uvicorn. Its file-system LRS backend (the one that needs no database) creates
# its statements file on the first write and refuses every later one; appending is the write
# mode it offers for a growing file, so the LRS here appends.
RUN_RALPH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


def _credentials() -> str:
    """Ralph's credentials file (as ``ralph auth`` writes it): one LMS account allowed everything."""
    import bcrypt

    user = {
        "username": USER,
        "hash": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt()).decode("ascii"),
        "scopes": ["all"],
        "agent": {"mbox": "mailto:lms@academy.example.org", "objectType": "Agent"},
    }
    return json.dumps([user], indent=2)


class Ralph:
    """Ralph's LRS API under uvicorn, storing statements in files under ``folder``."""

    def __init__(self, folder: Path, site_origin: str) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen[bytes] | None = None
        (folder / "lrs").mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "lrs"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([site_origin]),
            "RALPH_SENTRY_DSN": "",
        }
        (folder / "auth.json").write_text(_credentials(), encoding="utf-8")

    def start(self) -> None:
        command = [sys.executable, "-c", RUN_RALPH, str(self.port)]
        log = (self.folder / "ralph.log").open("ab")  # the server's own log, to read when a test fails
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log, cwd=self.folder)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError):
                assert self.process.poll() is None, "Ralph stopped while starting"
                time.sleep(0.3)
        raise AssertionError("Ralph did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None

    def statements(self, registration: str) -> list[dict[str, Any]]:
        query = urlencode({"registration": registration, "limit": 500, "ascending": "true"})
        request = urllib.request.Request(
            f"{self.url}statements?{query}", headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            found: list[dict[str, Any]] = json.load(response)["statements"]
        # As made: by the browser's timestamp; a completed and its passed/failed share one.
        rank = {"launched": 0, "answered": 1, "completed": 2, "passed": 3, "failed": 3}
        return sorted(found, key=lambda s: (s["timestamp"], rank[s["verb"]["id"].removeprefix(VERB)]))


@pytest.fixture(scope="module")
def served_book(built_fixture: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_fixture / "_build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve-xapi-book", daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def ralph(tmp_path: Path, served_book: str) -> Iterator[Ralph]:
    lrs = Ralph(tmp_path, served_book.rstrip("/"))
    lrs.start()
    yield lrs
    lrs.stop()


def _scenario(built_fixture: Path) -> Scenario:
    return load_or_raise(built_fixture).module("01-sample").scenarios[0].scenario


def _launch_url(book: str, scenario: Scenario, lrs: Ralph, registration: str) -> str:
    query = urlencode(
        {"endpoint": lrs.url, "auth": AUTH, "actor": json.dumps(ACTOR), "registration": registration},
    )
    return f"{book}_generated/modules/01-sample/scenario-{scenario.id}.html?{query}"


def _verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].removeprefix(VERB) for s in statements]


def _check_statements(stored: list[dict[str, Any]], scenario: Scenario, answers: dict[str, Any]) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    for statement in stored:
        BaseXapiStatement.model_validate(statement)
    played = answered_in_order(scenario, answers)
    result = scoring.play(scenario, answers)
    success = 100 * result.score / result.max_score >= PASS_PERCENT
    assert _verbs(stored) == ["launched"] + ["answered"] * len(played) + [
        "completed",
        "passed" if success else "failed",
    ]
    base = f"urn:asit:asit-thb:scenario:{scenario.id}"
    assert all(s["actor"]["mbox"] == ACTOR["mbox"] for s in stored)
    assert stored[0]["object"]["id"] == base
    for statement, (q, answer, score) in zip(stored[1:], played, strict=False):
        assert statement["object"]["id"] == f"{base}:question:{q.id}"
        assert statement["context"]["contextActivities"]["parent"][0]["id"] == base
        got = statement["result"]
        assert got["response"] == xapi_response(q, answer)
        if q.kind == "text":
            assert "score" not in got and "success" not in got
        else:
            assert got["score"]["raw"] == score and got["score"]["max"] == q.points, q.id
            assert got["success"] is (score >= q.points)
    for statement in stored[-2:]:
        assert statement["object"]["id"] == base
        assert statement["result"]["score"]["raw"] == result.score
        assert statement["result"]["score"]["max"] == result.max_score
    assert stored[-1]["result"]["success"] is success


STRATEGIES: dict[str, Strategy] = {"all-right": correct, "all-wrong": wrong, "random-3": randomly("3")}


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_ralph_stores_what_python_scores(browser: Any, built_fixture: Path, served_book: str, ralph: Ralph,
                                         strategy: str) -> None:  # fmt: skip
    scenario = _scenario(built_fixture)
    registration = f"00000000-0000-4000-8000-{sorted(STRATEGIES).index(strategy):012d}"
    traffic = Traffic()
    context = open_context(browser, "http://127.0.0.1:", traffic, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(_launch_url(served_book, scenario, ralph, registration))
        answers = play(page, scenario, STRATEGIES[strategy])
        page.wait_for_function("() => (JSON.parse(localStorage.getItem('asit-xapi-queue')) || []).length === 0")
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    _check_statements(ralph.statements(registration), scenario, answers)


def test_statements_wait_while_the_lrs_is_down(browser: Any, built_fixture: Path, served_book: str,
                                               ralph: Ralph) -> None:  # fmt: skip
    scenario = _scenario(built_fixture)
    registration = "00000000-0000-4000-8000-000000000042"
    traffic = Traffic()
    context = open_context(browser, "http://127.0.0.1:", traffic, viewport=DESKTOP)
    page = context.new_page()
    try:
        ralph.stop()
        page.goto(_launch_url(served_book, scenario, ralph, registration))
        answers = play(page, scenario, randomly("down"))
        assert page.locator(".asit-player .asit-end").is_visible(), "the learner finished with the LRS down"
        waiting = page.evaluate("() => JSON.parse(localStorage.getItem('asit-xapi-queue')).length")
        assert waiting == len(answered_in_order(scenario, answers)) + 3
        ralph.start()
        # The learner opens another page of the book: what waited is sent.
        page.goto(f"{served_book}_generated/modules/01-sample/index.html")
        page.wait_for_function("() => (JSON.parse(localStorage.getItem('asit-xapi-queue')) || []).length === 0")
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    _check_statements(ralph.statements(registration), scenario, answers)
