"""Every question of every graded assessment, drawn by real JupyterLab in chromium, at 1024,
1366 and 1920 px wide and at 200 % zoom (a 1366 px screen: 683 CSS px): no option box
overlaps another, no control leaves the notebook, no label is cut.

Each assessment is one notebook holding only its setup and answer cells (the widgets a
trainee sees, without nbgrader), run once in one Lab server shared by the whole module.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_browser import Watch, shot
from jupyter_layout import measure
from jupyter_servers import REPO, Server, person_env, start, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from asit.loader import load_or_raise
from asit.models import TextQuestion
from asit.nbgrader.source import render_sources

pytestmark = pytest.mark.slow

COURSE = load_or_raise(REPO)
ASSESSMENTS = sorted(f.name for f in COURSE.modules if f.assessment is not None)
WIDTHS = {"1024": (1024, 768), "1366": (1366, 768), "1920": (1920, 1080), "1366-at-200%": (683, 384)}
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KEEP = ("asit-setup", "answer-")  # the cells that draw the controls


def controls_notebook(source: str) -> str:
    """A source notebook cut down to its setup and answer cells (no tests, no key in what runs)."""
    notebook = nbformat.reads(source, as_version=4)
    notebook.cells = [c for c in notebook.cells if str(c.get("id", "")).startswith(KEEP)]
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("layout")
    home = root / "home"
    work = home / "work"
    work.mkdir(parents=True)
    sources = render_sources(COURSE)
    for rel, text in sources.items():
        name = Path(rel).stem
        (work / name).mkdir()
        (work / name / f"{name}.ipynb").write_text(controls_notebook(text), encoding="utf-8")
    config = [sys.executable, "-m", "asit.cli", "--root", str(REPO), "trainee-config", "--exchange", str(root / "ex")]
    subprocess.run(config, env=person_env(home), check=True, capture_output=True)
    server = start("lab", work, home, root / "lab.log")
    yield server
    server.stop()


def shut_down_kernels(server: Server) -> None:
    with urllib.request.urlopen(server.at("api/sessions"), timeout=10) as response:
        sessions = json.loads(response.read())
    for session in sessions:
        request = urllib.request.Request(server.at(f"api/sessions/{session['id']}"), method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


@pytest.mark.parametrize("assignment", ASSESSMENTS)
def test_every_question_is_readable_at_every_width(assignment: str, lab: Server, chromium: Any) -> None:
    folder = COURSE.module(assignment)
    assert folder.assessment is not None
    count = sum(1 for q in folder.assessment.assessment.questions if not isinstance(q, TextQuestion))
    watch = Watch()
    context = watch.attach(chromium.new_context(viewport={"width": 1366, "height": 768}))
    page = context.new_page()
    try:
        # a fresh workspace per assessment: Lab would otherwise restore the last test's panels and widths
        page.goto(lab.at(f"lab/workspaces/layout-{assignment}/tree/{assignment}/{assignment}.ipynb?reset"))
        page.wait_for_selector(PANEL, timeout=60_000)
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        try:  # Lab may ask which kernel to start: keep the one offered, as a trainee does
            dialog.wait_for(timeout=8_000)
            dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        except PlaywrightTimeout:
            pass
        wait_idle(lab)
        # the file browser closed, as a trainee on a small or zoomed screen keeps it: the notebook gets the width
        left = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if left.count():
            left.first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function(f"document.querySelectorAll('.asit-question').length >= {count}", timeout=120_000)
        problems: dict[str, list[str]] = {}
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            layout = measure(page, PANEL)
            assert layout.questions == count and layout.boxes >= 2 * count, label
            if layout.problems:
                problems[label] = layout.problems
                shot(page, f"layout-{assignment}-{label}")
        assert problems == {}
        assert watch.outside() == [] and watch.course_errors() == []
    finally:
        context.close()
        shut_down_kernels(lab)
