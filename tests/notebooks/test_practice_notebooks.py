"""Practice notebooks, executed headless in a real kernel, their widgets driven from Python.

For every practice scenario (fixture course and real course) the kernel plays three paths
(the key, all wrong, and a mixed one) by setting widget values and pressing Check with
``.click()``; the feedback shown and the scores must be what ``asit.scoring`` and the
feedback rules give for the same answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from asit.loader import ModuleFolder, load_course
from asit.models import Scenario, TextQuestion
from asit.nbgrader.selfcheck import key_answer, wrong_answer
from asit.notebooks.practice import practice_notebook
from asit.points import points_number
from asit.scoring import play
from asit.widgets.feedback import explain
from asit.widgets.practice import feedback_html
from conftest import FIXTURE_COURSE, REPO

pytestmark = pytest.mark.slow

DRIVER = r'''
import json
from asit.widgets.practice import PLAYERS

def put(control, kind, answer):
    """Set the widgets themselves, as a learner's clicks would."""
    if answer is None:
        return
    if kind in ("single", "decision"):
        control.radio.value = answer
    elif kind == "multiple":
        for oid in answer:
            control.boxes[oid].value = True
    elif kind == "order":
        for slot, item in zip(control.slots, answer):
            slot.value = item
    elif kind == "match":
        for item, target in answer.items():
            control.pickers[item].value = target
    elif kind == "numeric":
        control.box.value = str(answer)
    else:
        control.area.value = answer

def drive(sid, answers):
    player = PLAYERS[sid]
    player.restart()
    shown = {}
    while not player.finished:
        pending = [ui for ui in player.questions.values() if not ui.checked]
        if not pending:
            break
        ui = pending[0]
        put(ui.control, ui.question.kind, answers.get(ui.question.id))
        ui.check.click()
        shown[ui.question.id] = ui.feedback.value
        if not ui.checked:
            break
    return {"feedback": shown, "score": player.score, "path": list(player.path), "summary": player.summary.value,
            "finished": player.finished}

print("ASIT-RESULT " + json.dumps({sid: [drive(sid, a) for a in plans] for sid, plans in PLANS.items()}))
'''


def modules() -> list[tuple[str, ModuleFolder]]:
    found = []
    for label, root in (("fixture", FIXTURE_COURSE), ("course", REPO)):
        course, _errors = load_course(root)  # content errors are asit check's job; play what loads
        found += [(f"{label}:{folder.name}", folder) for folder in course.modules if folder.scenarios]
    return found


def plans(scenario: Scenario) -> list[dict[str, Any]]:
    """The key, all wrong, and a mix (key on even questions, wrong on odd) for every question."""
    qs = list(scenario.questions)
    key = {q.id: key_answer(q) for q in qs}
    wrong = {q.id: wrong_answer(q) if not isinstance(q, TextQuestion) else "Not sure." for q in qs}
    mixed = {q.id: (key if i % 2 == 0 else wrong)[q.id] for i, q in enumerate(qs)}
    return [key, wrong, mixed]


def run_notebook(folder: ModuleFolder, tmp_path: Path) -> dict[str, Any]:
    nb = practice_notebook(folder)
    all_plans = {item.scenario.id: plans(item.scenario) for item in folder.scenarios}
    nb.cells.append(nbformat.v4.new_code_cell(f"PLANS = json.loads({json.dumps(json.dumps(all_plans))})\n{DRIVER}"))
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    line = next(line for line in text.splitlines() if line.startswith("ASIT-RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("ASIT-RESULT "))
    return result


@pytest.mark.parametrize(("label", "folder"), modules(), ids=[label for label, _ in modules()])
def test_practice_notebook_plays_like_the_scoring_engine(label: str, folder: ModuleFolder, tmp_path: Path) -> None:
    results = run_notebook(folder, tmp_path)
    for item in folder.scenarios:
        scenario = item.scenario
        questions = {q.id: q for q in scenario.questions}
        for answers, got in zip(plans(scenario), results[scenario.id], strict=True):
            expected = play(scenario, answers)
            assert got["finished"], (label, scenario.id)
            assert got["path"] == list(expected.path), (label, scenario.id)
            assert got["score"] == expected.score, (label, scenario.id)
            summary = f"Your score on this path: {points_number(expected.score)} of {points_number(expected.max_score)}"
            assert summary in got["summary"]
            assert list(got["feedback"]) == [
                q.id for s in expected.path for q in next(st for st in scenario.stages if st.id == s).questions
            ]
            for qid, shown in got["feedback"].items():
                assert shown == feedback_html(explain(questions[qid], answers[qid], practice=True).lines), qid


def test_fixture_feedback_reads_as_written() -> None:
    """One hand-checked case, so the comparison above is not only the code against itself."""
    course, _ = load_course(FIXTURE_COURSE)
    scenario = course.module("01-sample").scenarios[0].scenario
    q = next(q for q in scenario.questions if q.id == "sm-r-indicators")
    lines = explain(q, ["a", "b"], practice=True).lines
    assert lines == (
        "You chose:",
        "- “The driver holds the passports”: Control of documents is an indicator.",
        "- “The passengers look tired”: Tiredness alone indicates little.",
        "Points: 0 of 2.",
    )
