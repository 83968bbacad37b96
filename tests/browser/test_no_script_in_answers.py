"""Text answers carrying script payloads run nothing in the trainee's feedback page or in
formgrader's manual-grading page, opened in Debian's chromium.

A course is graded by ``asit grade`` (so this checks whatever grading and feedback do), with
trainees whose text answers hold HTML and markdown payloads. Each payload calls
``__asitHit`` or asks for a marker address; the test counts the calls, the dialogs and the
marker requests, and requires 0 of each. A control page that renders the same answer as HTML
shows that the counters do count. formgrader runs in a real Jupyter server (127.0.0.1, a free
port, a token), started and stopped by this test; every request its page makes that leaves
127.0.0.1 is refused and printed.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.models import TextQuestion
from asit.nbgrader.cohort import DUE, write_submission
from shared_builds import Assigned

from .conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "feedback"))
from hostile_answers import HOSTILE_TEXT, MARKER

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-sample"
HOSTILE = ("zz-hostile-1", "zz-hostile-2")
HONEST = ("honest",)
BIN = Path(sys.executable).parent
LOCAL = "http://127.0.0.1:"
SETTLE_MS = 1500  # time for onerror/onload handlers and frames to fire


@dataclass
class Counters:
    """What the payloads managed to do, and what the page asked for outside 127.0.0.1."""

    hits: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@dataclass
class GradedCourse:
    root: Path
    course_dir: Path
    grade_output: str


def _run(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, assigned_fixture_course: Assigned) -> GradedCourse:
    root = assigned_fixture_course.copy_to(tmp_path_factory.mktemp("hostile") / "course")  # after `asit assign`
    course_dir = root / "assessments"
    assessment = load_or_raise(root).module(ASSIGNMENT).assessment
    assert assessment is not None
    text_id = next(q.id for q in assessment.assessment.questions if isinstance(q, TextQuestion))
    rng = random.Random(5)
    for n, student in enumerate((*HOSTILE, *HONEST)):
        write_submission(course_dir, assessment.assessment, student, "text", rng, DUE)
        folder = course_dir / "submitted" / student / ASSIGNMENT
        (folder / "submission_secret.txt").write_text(secrets.token_hex(16))
        if student in HOSTILE:
            notebook = folder / f"{ASSIGNMENT}.ipynb"
            data = json.loads(notebook.read_text("utf-8"))
            for cell in data["cells"]:
                if cell.get("id") == text_id:
                    # the first trainee replaces the whole cell; the second keeps the stub heading
                    cell["source"] = HOSTILE_TEXT if n == 0 else "".join(cell["source"]) + "\n\n" + HOSTILE_TEXT
            notebook.write_text(json.dumps(data), "utf-8")
    output = _run([str(BIN / "asit"), "--root", str(root), "grade", ASSIGNMENT], root)
    return GradedCourse(root, course_dir, output)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str  # ends with "/"
    token: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="module")
def jupyter(graded: GradedCourse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real Jupyter server with formgrader on the graded course; stopped by its process id."""
    port, token = _free_port(), secrets.token_hex(16)
    config_dir = tmp_path_factory.mktemp("jupyter-config")
    (config_dir / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": True}}})
    )
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("jupyter-runtime")),
    }
    args = [
        str(BIN / "jupyter-server"),
        "--allow-root",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={graded.course_dir}",
    ]
    log = (tmp_path_factory.mktemp("jupyter-log") / "server.log").open("wb")
    process = subprocess.Popen(args, cwd=graded.course_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"{LOCAL}{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"the Jupyter server stopped: see {log.name}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the Jupyter server did not answer in 180 s: see {log.name}", pytrace=False)
            time.sleep(1)
        yield Server(url, token, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def watched_page(browser: Any, allowed: str, counters: Counters) -> Any:
    """A page whose payload calls, dialogs and marker requests are counted; nothing leaves ``allowed``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(MARKER):
            counters.markers.append(url)
            route.abort()
        elif url.startswith(allowed) or url.startswith("data:") or url.startswith("about:"):
            route.continue_()
        else:
            counters.outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.expose_function("__asitHit", lambda n: counters.hits.append(str(n)))

    def dialog(d: Any) -> None:
        counters.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page


def settle(page: Any) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(SETTLE_MS)
    for link in page.locator("a").all():  # a payload link would have to be clicked to run: none may be one
        href = (link.get_attribute("href") or "").strip().lower()
        assert not href.startswith("javascript:"), href


def test_the_counters_count(browser: Any, graded: GradedCourse) -> None:
    """Control: the same answer rendered as HTML (what a page must never do) is counted."""
    from nbconvert.filters.markdown import markdown2html

    counters = Counters()
    page = watched_page(browser, "about:", counters)
    page.set_content(f"<html><body>{markdown2html(HOSTILE_TEXT)}</body></html>")
    page.wait_for_timeout(SETTLE_MS)
    assert counters.hits and counters.markers, counters
    page.context.close()


def test_feedback_pages_run_nothing(browser: Any, graded: GradedCourse) -> None:
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    handler = functools.partial(Quiet, directory=str(graded.course_dir / "feedback"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"{LOCAL}{server.server_port}/"
    try:
        for student in (*HOSTILE, *HONEST):
            counters = Counters()
            page = watched_page(browser, base, counters)
            page.goto(f"{base}{student}/{ASSIGNMENT}/{ASSIGNMENT}.html")
            settle(page)
            text = page.inner_text("body")
            assert "Student's answer" in text and "(Score:" in text
            if student in HOSTILE:
                assert "<script>__asitHit(3)</script>" in text  # shown, as typed
            assert (counters.hits, counters.dialogs, counters.markers, counters.outside) == ([], [], [], []), student
            page.context.close()
    finally:
        server.shutdown()
        server.server_close()


def _submission_ids(course_dir: Path) -> dict[str, str]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        return {s: gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, s).id for s in (*HOSTILE, *HONEST)}


def test_formgrader_grading_page_runs_nothing(browser: Any, graded: GradedCourse, jupyter: Server) -> None:
    ids = _submission_ids(graded.course_dir)
    outside: list[str] = []
    for student, submission in ids.items():
        counters = Counters()
        page = watched_page(browser, jupyter.url, counters)
        page.goto(f"{jupyter.url}formgrader/submissions/{submission}/?token={jupyter.token}")
        settle(page)
        assert page.locator(".nbgrader_cell").count() > 0, "formgrader's grading page did not show the notebook"
        if student in HOSTILE:
            assert "__asitHit(3)" in page.inner_text("body")  # the answer is on the page, as text
        assert (counters.hits, counters.dialogs, counters.markers) == ([], [], []), student
        outside += counters.outside
        page.context.close()
    hosts = sorted({url.split("/")[2] for url in outside})
    print(f"\nformgrader's grading page asked for {len(outside)} addresses outside 127.0.0.1 (refused): {hosts}")
