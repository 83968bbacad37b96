"""The day of a graded assessment in real JupyterLab, driven through its UI in chromium.

The instructor builds and releases 00-foundations; a trainee, with a home and Jupyter config
of their own written by ``asit trainee-config``, fetches it from *Nbgrader → Assignment
List*, runs all cells, answers every kind of question by clicking, choosing and typing
(one by keyboard alone), restarts the kernel and sees what to do, validates and submits.
The instructor collects, runs ``asit grade``, grades the written answer in formgrader's UI
with a comment and returns feedback; the trainee fetches it and reads the manual points and
the comment. One set of servers serves every test here, in order.

Every Jupyter dialog that opens is recorded with the step it opened in: one the trainee did
not ask for (restart, Validate) and book/how-to-use.md does not explain fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jupyter_browser import Watch, keep_the_offered_kernel, shot
from jupyter_layout import measure
from jupyter_servers import BIN, REPO, Server, kernel_started_for, person_env, start, wait_idle
from jupyter_trainee import TEXT_ANSWER, answer_question, answers_for, saved_answers, write_text_answer

from asit.loader import load_or_raise
from asit.models import Assessment, Question, SingleQuestion, TextQuestion
from asit.nbgrader.pipeline import gradebook_rows
from asit.points import points_number
from asit.scoring import score_question
from conftest import ASSIGNED_AND_GRADED, copy_course

pytestmark = pytest.mark.slow

ASSIGNMENT = "00-foundations"
COURSE_ID = "asit-thb"
LAPTOP = {"width": 1366, "height": 768}
NOTEBOOK_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
MANUAL_POINTS = 3
COMMENT = "Good: you name the interpreter and the NGO referral; say also how you keep her safe tonight."
# Jupyter's dialogs a trainee may meet, by the step they belong to (the part of the step name
# after "lab: " or "tree: "). The test asks for the first kind itself; book/how-to-use.md says
# what to click in the second; any other dialog is a prompt the trainee meets unexplained.
ASKED_BY_THE_TRAINEE = (
    ("restart", re.compile(r"^(Restart Kernel|Do you want to restart the kernel)")),
    # the title, or the result itself when a busy machine draws the dialog before its title
    ("validate", re.compile(r"^(Validation Results|Success! Your notebook passes all the tests|VALIDATION FAILED)")),
)
EXPLAINED_IN_THE_DOCS = (("fetch and open", re.compile(r"^Select Kernel")), ("validate", re.compile(r"^File Changed")))


def as_account(home: Path) -> None:
    """Every trainee here runs as the same system user: give each the student id of an account of
    their own (nbgrader takes it from the system user name), named after their home folder."""
    path = home / ".jupyter" / "nbgrader_config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["CourseDirectory"]["student_id"] = home.name
    path.write_text(json.dumps(config), encoding="utf-8")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@dataclass
class Day:
    root: Path
    course: Path
    assessment: Assessment
    trainee_home: Path
    instructor_home: Path
    watch: Watch = field(default_factory=Watch)
    servers: list[Server] = field(default_factory=list)
    trainee_lab: Server | None = None
    instructor_lab: Server | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def assessments(self) -> Path:
        return self.course / "assessments"

    @property
    def questions(self) -> list[Question]:
        return list(self.assessment.questions)

    def asit(self, *args: str, home: Path | None = None) -> str:
        env = person_env(home or self.instructor_home)
        return run([sys.executable, "-m", "asit.cli", "--root", str(self.course), *args], self.course, env)

    def nbgrader(self, *args: str) -> str:
        return run([str(BIN / "nbgrader"), *args], self.assessments, person_env(self.instructor_home))


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Day]:
    root = tmp_path_factory.mktemp("day")
    course = root / "course"
    copy_course(REPO, course, *ASSIGNED_AND_GRADED)
    folder = load_or_raise(course).module(ASSIGNMENT)
    assert folder.assessment is not None
    state = Day(root, course, folder.assessment.assessment, root / "tara", root / "ines")
    for home in (state.trainee_home, state.instructor_home):
        (home / "work").mkdir(parents=True)
    state.asit("assign", ASSIGNMENT)
    state.nbgrader("release_assignment", ASSIGNMENT)  # as book/instructors.md says, from assessments/
    state.asit("trainee-config", home=state.trainee_home)
    as_account(state.trainee_home)
    try:
        state.trainee_lab = start("lab", state.trainee_home / "work", state.trainee_home, root / "tara.log")
        state.servers.append(state.trainee_lab)
        state.instructor_lab = start("lab", state.assessments, state.instructor_home, root / "ines.log")
        state.servers.append(state.instructor_lab)
        yield state
    finally:
        for server in state.servers:
            server.stop()


@pytest.fixture(scope="module")
def trainee_page(day: Day, chromium: Any) -> Iterator[Any]:
    context = day.watch.attach(chromium.new_context(viewport=LAPTOP))
    page = context.new_page()
    yield page
    shot(page, "trainee-last-state")  # what the trainee saw last: the first thing to look at when a test fails
    context.close()


def open_assignment_list(page: Any, server: Server) -> None:
    page.goto(server.at("lab"))
    page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Assignment List", exact=True).click()
    page.wait_for_selector("#released_assignments_list", timeout=30_000)


def test_trainee_config_gives_fetch_and_hides_instructor_tools(day: Day) -> None:
    env = person_env(day.trainee_home)
    out = run([str(BIN / "nbgrader"), "list", "--course", COURSE_ID], day.trainee_home, env)
    assert f"{COURSE_ID} {ASSIGNMENT}" in out
    assert day.trainee_lab is not None
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(day.trainee_lab.at("formgrader"), timeout=10)
    assert missing.value.code == 404
    missing.value.close()


def fetch_and_open(page: Any, server: Server, client: str) -> Any:
    """Fetch the assessment from the Assignment List and open its notebook; the notebook's page."""
    page.goto(server.at(client))
    page.wait_for_selector("#main-panel, #jp-main-dock-panel", timeout=60_000)
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Assignment List", exact=True).click()
    page.locator("#released_assignments_list").get_by_role("button", name="Fetch").wait_for(timeout=30_000)
    shot(page, f"{client}-assignment-list")
    page.locator("#released_assignments_list").get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    fetched.get_by_text(ASSIGNMENT, exact=True).first.wait_for(timeout=30_000)
    fetched.locator("a.assignment-notebooks-link").click()
    link = fetched.locator(".nested_list_item a", has_text=ASSIGNMENT)
    if client == "lab":
        link.click()
        notebook = page
    else:  # Notebook 7 opens each notebook in a browser tab of its own
        with page.context.expect_page() as opened:
            link.click()
        notebook = opened.value
    notebook.wait_for_selector(NOTEBOOK_PANEL, timeout=60_000)
    keep_the_offered_kernel(notebook, lambda: kernel_started_for(server, f"{ASSIGNMENT}.ipynb"))
    return notebook


def unexplained(dialogs: list[tuple[str, str]]) -> list[str]:
    """The dialogs neither asked for by the trainee nor explained in book/how-to-use.md."""
    known = ASKED_BY_THE_TRAINEE + EXPLAINED_IN_THE_DOCS
    return [
        f"{step}: {title}"
        for step, title in dialogs
        if not any(step.endswith(f": {at}") and pattern.search(title) for at, pattern in known)
    ]


def run_all(page: Any) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def answer_everything(day: Day, page: Any, client: str, folder: Path) -> None:
    """Answer every question by clicking, choosing and typing (the first one-answer question by
    keyboard alone), and require the answers file to hold exactly those answers."""
    graded = [q for q in day.questions if not isinstance(q, TextQuestion)]
    day.answers = answers_for(day.questions)
    boxes = page.locator(".asit-question").all()
    assert len(boxes) == len(graded)
    keyboard_done = False
    for box, q in zip(boxes, graded, strict=True):
        by_keyboard = isinstance(q, SingleQuestion) and not keyboard_done
        answer_question(box, page, q, day.answers[q.id], keyboard=by_keyboard)
        keyboard_done = keyboard_done or by_keyboard
        if q is graded[0]:
            shot(page, f"{client}-question-answered")
    expected = {q.id: day.answers[q.id] for q in graded}
    assert saved_answers(folder, expected) == expected
    number = next(n for n, q in enumerate(day.questions, start=1) if isinstance(q, TextQuestion))
    write_text_answer(page, number, TEXT_ANSWER)


def validate(page: Any, client: str) -> None:
    """Press Validate, as book/how-to-use.md says: it saves the notebook, then checks it. Should
    that save meet another (Lab's own autosave), Lab says *File Changed*: the trainee keeps the
    version on the screen with Overwrite, as the page says."""
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    page.wait_for_function(
        "[...document.querySelectorAll('.jp-Dialog-header')].some(h => /Validation|File Changed/.test(h.textContent))",
        timeout=120_000,
    )
    changed = page.locator(".jp-Dialog", has_text="File Changed")
    if changed.count():
        shot(page, f"{client}-file-changed")
        changed.get_by_role("button", name="Overwrite").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation")
    dialog.wait_for(timeout=120_000)
    shot(page, f"{client}-validate")
    assert "Success" in dialog.inner_text(), dialog.inner_text()
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()


def submit(page: Any, client: str, student: str, day: Day) -> None:
    page.locator(".lm-TabBar-tab", has_text="Assignments").first.click()
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").first.click()
    page.locator("#submitted_assignments_list").get_by_text(ASSIGNMENT).first.wait_for(timeout=60_000)
    shot(page, f"{client}-submitted")
    inbound = day.assessments / "exchange" / COURSE_ID / "inbound"
    assert student in [p.name.split("+")[0] for p in inbound.iterdir()]


def restart_and_come_back(day: Day, page: Any, server: Server) -> None:
    """Restart the kernel: every question says to run all cells; Run All brings the saved answers back."""
    graded = [q for q in day.questions if not isinstance(q, TextQuestion)]
    day.watch.paused = True
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.locator('li[data-command="kernelmenu:restart"]').click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    notes = page.locator(".asit-restart-note")
    notes.first.wait_for(state="visible", timeout=30_000)
    assert notes.count() == len(graded)
    assert all("run all cells" in (n.text_content() or "").lower() for n in notes.all())
    for index in (0, len(graded) // 2, len(graded) - 1):  # each question says it, not only the first
        notes.nth(index).scroll_into_view_if_needed()
        assert notes.nth(index).is_visible()
    notes.nth(2).scroll_into_view_if_needed()
    shot(page, "lab-after-restart")
    wait_idle(server)
    run_all(page)
    page.wait_for_function(
        "[...document.querySelectorAll('.asit-restart-note')].every(n => n.offsetParent === null)"
        " && document.querySelectorAll('.asit-question:not(.jupyter-widgets-disconnected)').length >= "
        f"{len(graded)}",
        timeout=120_000,
    )
    wait_idle(server)
    day.watch.paused = False
    first_single = next(i for i, q in enumerate(graded) if isinstance(q, SingleQuestion))
    checked = page.locator(".asit-question").nth(first_single).locator("input[type=radio]:checked")
    assert checked.count() == 1  # the saved answer came back into the control


def do_the_assessment(day: Day, page: Any, server: Server, client: str, student: str, home: Path) -> None:
    day.watch.step = f"{client}: fetch and open"
    notebook = fetch_and_open(page, server, client)
    try:
        wait_idle(server)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; dialogs: {day.watch.dialogs}; errors: {day.watch.console_errors[-5:]}") from exc
    day.watch.step = f"{client}: run all"
    run_all(notebook)
    graded = [q for q in day.questions if not isinstance(q, TextQuestion)]
    notebook.wait_for_function(f"document.querySelectorAll('.asit-question').length >= {len(graded)}", timeout=120_000)
    wait_idle(server)
    layout = measure(notebook, NOTEBOOK_PANEL)
    assert layout.questions == len(graded) and layout.boxes > 3 * len(graded)
    assert layout.problems == []
    day.watch.step = f"{client}: answer"
    answer_everything(day, notebook, client, home / "work" / ASSIGNMENT)
    if client == "lab":
        day.watch.step = f"{client}: restart"
        restart_and_come_back(day, notebook, server)
    day.watch.step = f"{client}: validate"
    validate(notebook, client)
    if notebook is not page:
        notebook.close()
    day.watch.step = f"{client}: submit"
    submit(page, client, student, day)
    dialogs = day.watch.titled_dialogs(page)
    assert unexplained(dialogs) == [], f"dialogs met: {dialogs}"


def test_trainee_fetches_answers_validates_and_submits_in_lab(day: Day, trainee_page: Any) -> None:
    assert day.trainee_lab is not None
    do_the_assessment(day, trainee_page, day.trainee_lab, "lab", "tara", day.trainee_home)


def test_trainee_does_the_same_in_notebook_7(day: Day, chromium: Any) -> None:
    home = day.root / "noah"
    (home / "work").mkdir(parents=True)
    day.asit("trainee-config", home=home)
    as_account(home)
    server = start("notebook", home / "work", home, day.root / "noah.log")
    day.servers.append(server)
    context = day.watch.attach(chromium.new_context(viewport=LAPTOP))
    try:
        do_the_assessment(day, context.new_page(), server, "tree", "noah", home)
    finally:
        context.close()
        server.stop()


def expected_scores(day: Day) -> dict[str, float]:
    return {q.id: score_question(q, day.answers[q.id]) for q in day.questions if not isinstance(q, TextQuestion)}


def manual_score(db: str, grade_id: str) -> float | None:
    rows = gradebook_rows(db, ASSIGNMENT)
    return next(r.manual_score for r in rows if r.student == "tara" and r.grade_id == grade_id)


def test_instructor_grades_and_returns_feedback(day: Day, chromium: Any) -> None:
    day.watch.step = "instructor: grade"
    day.nbgrader("collect", ASSIGNMENT)
    day.asit("grade", ASSIGNMENT)
    db = f"sqlite:///{day.assessments / 'gradebook.db'}"
    expected = expected_scores(day)
    for student in ("tara", "noah"):
        auto = {r.grade_id: r.auto_score for r in gradebook_rows(db, ASSIGNMENT) if r.student == student}
        assert {k: auto[k] for k in expected} == pytest.approx(expected), student
    assert sum(expected.values()) < sum(q.points for q in day.questions if not isinstance(q, TextQuestion))

    assert day.instructor_lab is not None
    context = day.watch.attach(chromium.new_context(viewport=LAPTOP))
    page = context.new_page()
    page.goto(day.instructor_lab.at("lab"))
    page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    shot(page, "lab-instructor-menu")
    page.goto(day.instructor_lab.at(f"formgrader/manage_students/tara/{ASSIGNMENT}"))
    shot(page, "formgrader-student")
    page.get_by_role("link", name=ASSIGNMENT, exact=True).last.click()
    text_q = next(q for q in day.questions if isinstance(q, TextQuestion))
    comment = page.locator(f'[id="{text_q.id}-comment"]')
    comment.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    score = page.locator(f'input.score[id="{text_q.id}"]')
    comment.fill(COMMENT)
    comment.press("Tab")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and manual_score(db, text_q.id) != MANUAL_POINTS:
        score.click()  # typed as a grader types, then Tab: formgrader saves a score when it loses focus
        score.press("Control+a")
        score.press_sequentially(str(MANUAL_POINTS))
        score.press("Tab")
        page.wait_for_timeout(1500)
    score.scroll_into_view_if_needed()
    page.mouse.wheel(0, -120)
    shot(page, "formgrader-manual-grade")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], f"formgrader's page is {width} px wide"
    context.close()
    assert manual_score(db, text_q.id) == MANUAL_POINTS

    day.asit("feedback", ASSIGNMENT, "--release")  # as the instructors' page says


def test_trainee_reads_feedback_with_manual_points_and_comment(day: Day, trainee_page: Any) -> None:
    page, server = trainee_page, day.trainee_lab
    assert server is not None
    day.watch.step = "lab: feedback"
    open_assignment_list(page, server)
    page.locator("#submitted_assignments_list").get_by_role("button", name="Fetch Feedback").click()
    link = page.locator("#submitted_assignments_list").get_by_text("view feedback").first
    link.wait_for(timeout=60_000)
    shot(page, "lab-feedback-fetched")
    pages = list((day.trainee_home / "work" / ASSIGNMENT / "feedback").glob("*/*.html"))
    assert len(pages) == 1
    rel = pages[0].relative_to(day.trainee_home / "work").as_posix()
    page.goto(server.at(f"files/{rel}"))
    body = page.locator("body").inner_text()
    assert COMMENT in body
    text_q = next(q for q in day.questions if isinstance(q, TextQuestion))
    assert re.search(rf"{MANUAL_POINTS} / {points_number(text_q.points)}", body), body[:2000]  # the one points rule
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], f"the feedback page is {width} px wide"
    shot(page, "feedback-page-top")  # the total and the list of questions
    comment = page.get_by_text(COMMENT).first
    comment.evaluate(  # the written answer's question at the top of the screen: its heading, answer, points, comment
        """(comment) => {
          const headings = [...document.querySelectorAll('h1, h2, h3, h4')]
            .filter((h) => h.compareDocumentPosition(comment) & Node.DOCUMENT_POSITION_FOLLOWING);
          headings[headings.length - 1].scrollIntoView({block: 'start'});
          window.scrollBy(0, -12);
        }"""
    )
    on_screen = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    assert comment.evaluate(on_screen), "the comment is not on the screen"
    shot(page, "feedback-page")
    dialogs = day.watch.titled_dialogs(page)
    assert unexplained(dialogs) == [], f"dialogs met: {dialogs}"


def test_nothing_left_127_0_0_1_and_no_script_errors(day: Day) -> None:
    assert day.watch.requests, "the browser made no request at all"
    assert day.watch.outside() == []
    jupyter_errors = [e.splitlines()[0] for e in day.watch.page_errors if e not in day.watch.course_errors()]
    print("script errors of Jupyter itself (not the course's):", jupyter_errors)
    assert day.watch.course_errors() == []
    assert unexplained(day.watch.dialogs) == [], f"dialogs met: {day.watch.dialogs}"
