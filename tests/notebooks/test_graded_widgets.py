"""Graded controls in a real kernel: every change is saved to answers.json at once, the
answers come back in a new kernel, nothing tells right from wrong, and an unreadable file
is kept aside rather than lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from asit.loader import load_or_raise
from asit.nbgrader.source import source_notebook
from conftest import FIXTURE_COURSE

pytestmark = pytest.mark.slow

ANSWERS = {
    "sm-a-indicator": "b",
    "sm-a-multi": ["a", "c"],
    "sm-a-days": 30.5,
    "sm-a-order": ["a", "b"],
    "sm-a-match": {"n": "support", "p": "protect"},
    "sm-a-decide": "a",
}

CLICK = r"""
import json
c = notebook.controls
c["sm-a-indicator"].radio.value = "a"
c["sm-a-indicator"].radio.value = "b"
c["sm-a-multi"].boxes["a"].value = True
c["sm-a-multi"].boxes["c"].value = True
c["sm-a-days"].box.value = "30,5"
c["sm-a-order"].slots[0].value = "b"
c["sm-a-order"].slots[1].value = "a"
c["sm-a-order"].slots[0].value = "a"   # picking a placed step swaps the two
c["sm-a-match"].pickers["p"].value = "protect"
c["sm-a-match"].pickers["n"].value = "support"
c["sm-a-decide"].radio.value = "a"
"""
READ = 'import json\nprint("ASIT-RESULT " + json.dumps({q: c.get() for q, c in notebook.controls.items()}))'


def graded_cells() -> Any:
    """The trainee's notebook without its test cells (as validate or a trainee runs it)."""
    course = load_or_raise(FIXTURE_COURSE)
    folder = course.module("01-sample")
    assert folder.assessment is not None
    nb = source_notebook(folder.assessment.assessment)
    nb.cells = [c for c in nb.cells if not c.metadata["nbgrader"]["grade"]]
    return nb


def run(folder: Path, extra: str) -> tuple[Any, str]:
    nb = graded_cells()
    nb.cells.append(nbformat.v4.new_code_cell(extra))
    nb.cells[-1].id = "driver"
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    out = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream"
    )
    return nb, out


def result(out: str) -> Any:
    line = next(line for line in out.splitlines() if line.startswith("ASIT-RESULT "))
    return json.loads(line.removeprefix("ASIT-RESULT "))


def test_answers_are_saved_at_once_and_come_back(tmp_path: Path) -> None:
    _nb, out = run(tmp_path, CLICK + 'print("ASIT-RESULT " + open("answers.json").read().replace("\\n", " "))')
    saved = result(out)
    assert saved == {"format": "asit-answers", "version": 1, "assignment": "01-sample", "answers": ANSWERS}
    # a new kernel (as after a restart, or reopening the notebook) shows the same answers
    _nb, out = run(tmp_path, READ)
    assert result(out) == ANSWERS
    assert json.loads((tmp_path / "answers.json").read_text())["answers"] == ANSWERS
    assert not list(tmp_path.glob(".answers.json.*"))  # no temporary file left behind


def test_nothing_shows_correctness(tmp_path: Path) -> None:
    nb, out = run(tmp_path, CLICK)
    text = json.dumps([c.get("outputs", []) for c in nb.cells]) + out
    for word in ("Points:", "correct", "indicator.", "Right.", "feedback"):
        assert word not in text, word


def test_unreadable_file_is_kept_aside(tmp_path: Path) -> None:
    (tmp_path / "answers.json").write_text("{not json", encoding="utf-8")
    nb, out = run(tmp_path, 'notebook.controls["sm-a-decide"].radio.value = "b"\n' + READ)
    widget_state = json.dumps(nb.metadata.get("widgets", {}))
    assert result(out)["sm-a-decide"] == "b"
    assert (tmp_path / "answers.unreadable.json").read_text(encoding="utf-8") == "{not json"
    assert json.loads((tmp_path / "answers.json").read_text())["answers"] == {"sm-a-decide": "b"}
    assert "Your earlier answers file was kept as answers.unreadable.json." in widget_state


def test_check_output_goes_to_stderr(tmp_path: Path) -> None:
    nb, _out = run(tmp_path, "notebook.check()")
    streams = {(o["name"], o["text"]) for o in nb.cells[-1].outputs if o["output_type"] == "stream"}
    assert any(name == "stderr" and "Question 1 (sm-a-indicator): no answer yet." in text for name, text in streams)
    assert not any("sm-a-text" in text for _name, text in streams)  # written answers are checked by validate
