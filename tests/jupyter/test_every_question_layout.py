"""Every question of every graded assessment, drawn by real JupyterLab in chromium, at 1024,
1366 and 1920 px wide and at 200 % zoom: no option box overlaps another, no control leaves
the notebook, no label is cut.

200 % zoom is the browser's own: a 1366×768 window at 200 % is a 683×384 CSS viewport drawn
with two device pixels per CSS pixel (``devicePixelRatio`` 2), so text is laid out and
rasterised at twice the size. The open notebook is zoomed so, as a trainee's Ctrl + zooms it
(the page is laid out again, not reloaded); a screenshot of each assessment at that zoom is
kept for a person to look at.

Each assessment is one notebook holding only its setup and answer cells (the widgets a
trainee sees, without nbgrader), run once in one Lab server shared by the whole module.
"""

from __future__ import annotations

import base64
import struct
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_browser import Watch, keep_the_offered_kernel, screenshot_path, shot
from jupyter_layout import measure
from jupyter_servers import REPO, Server, api, kernel_started_for, person_env, start, wait_idle

from asit.loader import load_or_raise
from asit.models import TextQuestion
from asit.nbgrader.source import render_sources

pytestmark = pytest.mark.slow

COURSE = load_or_raise(REPO)
ASSESSMENTS = sorted(f.name for f in COURSE.modules if f.assessment is not None)
WIDTHS = {"1024": (1024, 768), "1366": (1366, 768), "1920": (1920, 1080)}
ZOOM_200 = {"width": 683, "height": 384}  # the CSS viewport of a 1366×768 window at 200 %
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
    for session in api(server, "api/sessions"):
        request = urllib.request.Request(server.at(f"api/sessions/{session['id']}"), method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def open_and_run_all(page: Any, lab: Server, assignment: str, workspace: str, count: int) -> None:
    """Open the assessment's notebook in a fresh workspace (Lab would otherwise restore the last
    test's panels and widths), close the file browser and run all cells."""
    page.goto(lab.at(f"lab/workspaces/{workspace}/tree/{assignment}/{assignment}.ipynb?reset"))
    page.wait_for_selector(PANEL, timeout=60_000)
    # Lab may ask which kernel to start: keep the one offered, as a trainee does
    keep_the_offered_kernel(page, lambda: kernel_started_for(lab, f"{assignment}/{assignment}.ipynb"))
    wait_idle(lab)
    # the file browser closed, as a trainee on a small or zoomed screen keeps it: the notebook gets the width
    left = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if left.count():
        left.first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(f"document.querySelectorAll('.asit-question').length >= {count}", timeout=120_000)
    wait_idle(lab)


def most_options(page: Any) -> int:
    """The index of the question with the most labels and lists (the one most likely to crowd)."""
    counts = page.evaluate(
        "[...document.querySelectorAll('.asit-question')].map(q => q.querySelectorAll('label, select').length)"
    )
    return int(max(range(len(counts)), key=lambda i: counts[i]))


def zoom_to_200(page: Any) -> Any:
    """Zoom the open page to 200 % of a 1366×768 window, as a trainee's Ctrl + does: the same page
    laid out again in a 683×384 CSS viewport, drawn with two device pixels per CSS pixel.
    Returns the DevTools session that holds the zoom."""
    page.set_viewport_size(ZOOM_200)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride", {**ZOOM_200, "deviceScaleFactor": 2, "mobile": False})
    page.wait_for_function("window.devicePixelRatio === 2 && window.innerWidth === 683")
    page.wait_for_timeout(300)
    return cdp


def device_shot(cdp: Any, name: str) -> Path:
    """A screenshot in device pixels, as the zoomed window draws it (Playwright's own screenshot
    would be scaled to the CSS pixels of the context it made)."""
    path = screenshot_path(name)
    path.write_bytes(base64.b64decode(cdp.send("Page.captureScreenshot", {"format": "png"})["data"]))
    return path


def zoomed_layout(page: Any, assignment: str, count: int) -> list[str]:
    """The open notebook zoomed to 200 % of a 1366×768 window: what ``measure`` finds wrong there."""
    cdp = zoom_to_200(page)
    seen = page.evaluate("[window.innerWidth, window.devicePixelRatio]")
    assert seen == [683, 2], f"not a 200 % zoom of a 1366 px window: innerWidth, devicePixelRatio = {seen}"
    layout = measure(page, PANEL)
    assert layout.questions == count and layout.boxes >= 2 * count, "200 %"
    page.locator(".asit-question").nth(most_options(page)).scroll_into_view_if_needed()
    path = device_shot(cdp, f"layout-{assignment}-1366-at-200%")  # 1366×768 device pixels
    assert struct.unpack(">II", path.read_bytes()[16:24]) == (1366, 768)
    lists = page.locator(".asit-question", has=page.locator("select"))
    if lists.count():  # an order or match question: its lists must fit the zoomed notebook too
        lists.first.scroll_into_view_if_needed()
        device_shot(cdp, f"layout-{assignment}-1366-at-200%-lists")
    return layout.problems


@pytest.mark.parametrize("assignment", ASSESSMENTS)
def test_every_question_is_readable_at_every_width(assignment: str, lab: Server, chromium: Any) -> None:
    folder = COURSE.module(assignment)
    assert folder.assessment is not None
    count = sum(1 for q in folder.assessment.assessment.questions if not isinstance(q, TextQuestion))
    watch = Watch()
    context = watch.attach(chromium.new_context(viewport={"width": 1366, "height": 768}))
    page = context.new_page()
    try:
        open_and_run_all(page, lab, assignment, f"layout-{assignment}", count)
        problems: dict[str, list[str]] = {}
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            layout = measure(page, PANEL)
            assert layout.questions == count and layout.boxes >= 2 * count, label
            if layout.problems:
                problems[label] = layout.problems
                shot(page, f"layout-{assignment}-{label}")
        zoomed = zoomed_layout(page, assignment, count)
        problems.update({"1366-at-200%": zoomed} if zoomed else {})
        assert problems == {}
        assert watch.outside() == [] and watch.course_errors() == []
        # opening a notebook by its address, Lab may ask Select Kernel (book/how-to-use.md says what to press)
        dialogs = watch.titled_dialogs(page)
        unexplained = [title for _step, title in dialogs if not title.startswith("Select Kernel")]
        assert unexplained == [], f"dialogs met: {dialogs}"
    finally:
        context.close()
        shut_down_kernels(lab)
