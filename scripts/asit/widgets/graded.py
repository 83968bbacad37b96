"""Graded mode: answer controls that save every change to ``answers.json`` and show no key.

The notebook's setup cell builds a ``GradedSession`` from the questions' views (no key);
each question's cell calls ``show``. A control is filled from the answers file when it is
shown, so answers come back after a kernel restart or when the notebook is reopened and
run again. When nbgrader executes the notebook (validate or autograde) there is no one to
click: each answer is printed as text instead, for the grader to read in formgrader.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from functools import cached_property
from pathlib import Path
from typing import Any, Self

import ipywidgets as widgets

from ..answer_shape import problem
from . import answers as answers_file
from .controls import Control, make_control
from .style import show_question
from .views import QuestionView, plain, view_from_data


def under_nbgrader() -> bool:
    """True while nbgrader executes the notebook (it sets NBGRADER_EXECUTION)."""
    return os.environ.get("NBGRADER_EXECUTION", "") != ""


def answer_problem(view: QuestionView, answer: Any) -> str | None:
    """Why an answer is missing or unusable, judged from the view alone (the key is not here)."""
    return problem(view.kind, answer, [e.id for e in view.entries], [t.id for t in view.targets])


def describe(view: QuestionView, answer: Any) -> str:
    """A saved answer in words (option texts, not ids), for graders and feedback.

    An answers file is a trainee's data: any JSON value can stand where an id should, so a
    value that is not a known id is shown as JSON, never looked up."""
    texts = {e.id: plain(e.text) for e in (*view.entries, *view.targets)}

    def named(value: Any) -> str:
        if isinstance(value, str):
            return texts.get(value, value)
        return json.dumps(value, ensure_ascii=False)

    if answer is None:
        return "(no answer)"
    if view.kind in ("single", "decision") and isinstance(answer, str):
        return f"“{named(answer)}”"
    if view.kind in ("multiple", "order") and isinstance(answer, list):
        return "; ".join(f"“{named(v)}”" if v else "(empty)" for v in answer) or "(none chosen)"
    if view.kind == "match" and isinstance(answer, dict):
        return "; ".join(f"“{named(k)}” → “{named(v)}”" for k, v in answer.items()) or "(none chosen)"
    if view.kind == "text" and isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False)


class GradedSession:
    """The questions of one graded notebook and their answers file."""

    def __init__(self, assignment: str, views: list[QuestionView], folder: Path | None = None) -> None:
        self.assignment = assignment
        self.views = {view.id: view for view in views}
        self.path = (folder or Path.cwd()).resolve() / answers_file.FILE_NAME
        loaded = answers_file.load(self.path, assignment)
        self.problem = loaded.problem
        self.answers: dict[str, Any] = {} if loaded.problem else dict(loaded.answers)
        self.controls: dict[str, Control] = {}  # the controls shown, by question id

    @cached_property
    def notice(self) -> widgets.HTML:
        """A line above the controls about an unreadable answers file.

        Made only when controls are shown, so that a grading run (nbgrader's kernel or the
        in-process grader) creates no widget and its notebook holds no widget state.
        """
        notice = widgets.HTML("")
        if self.problem:
            notice.value = (
                f"<p><strong>Your answers file could not be read: {self.problem}.</strong> "
                "It will be kept as answers.unreadable.json when you answer again.</p>"
            )
        return notice

    @classmethod
    def from_json(cls, text: str) -> Self:
        """The session from the JSON a graded notebook embeds: {"assignment", "questions": [views]}."""
        data = json.loads(text)
        return cls(str(data["assignment"]), [view_from_data(v) for v in data["questions"]])

    # ------------------------------------------------------------ showing and saving

    def show(self, qid: str) -> None:
        """Display a question's control, filled from the answers file; every change is saved."""
        view = self.views[qid]
        if under_nbgrader():
            print(f"Saved answer: {describe(view, self.answers.get(qid))}")
            return
        control = make_control(view)
        control.set(self.answers.get(qid))
        control.on_change(lambda answer: self.record(qid, answer))
        self.controls[qid] = control
        show_question(widgets.VBox([self.notice, control.widget]) if self.problem else control.widget)

    def record(self, qid: str, answer: Any) -> None:
        """Keep one answer and write the whole file at once (empty answers are removed)."""
        empty = answer is None or answer == [] or answer == {} or (isinstance(answer, list) and not any(answer))
        if empty:
            self.answers.pop(qid, None)
        else:
            self.answers[qid] = answer
        if self.problem and self.path.exists():
            shutil.copyfile(self.path, self.path.with_name("answers.unreadable.json"))
            self.problem = None
            self.notice.value = "<p>Your earlier answers file was kept as answers.unreadable.json.</p>"
        answers_file.save(self.path, self.assignment, self.answers)

    # ------------------------------------------------------------ the "all answered" check

    def missing(self) -> list[str]:
        """A line for each question without a usable answer (all of them when the file is unreadable)."""
        current = answers_file.load(self.path, self.assignment)
        if current.problem:
            return [f"Your answers file {self.path.name} cannot be read: {current.problem}."]
        return [
            f"Question {number} ({qid}): {problem}."
            for number, (qid, view) in enumerate(self.views.items(), start=1)
            if view.kind != "text" and (problem := answer_problem(view, current.answers.get(qid))) is not None
        ]

    def check(self) -> None:
        """Say which questions still need an answer; on stderr, so that nbgrader validate fails."""
        missing = self.missing()
        if missing:
            print("Not every question is answered yet:\n" + "\n".join(missing), file=sys.stderr)
        else:
            print(
                "Every question with answer controls is answered. Write any text answers in their cells; then submit."
            )
