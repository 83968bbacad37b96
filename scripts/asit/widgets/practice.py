"""The practice player in Jupyter: check each answer, follow the case where decisions lead.

Each question has a Check button that shows the feedback for what was chosen and the
points (from ``asit.scoring``), then locks the answer: a practice score is the sum over
the stages actually visited, so answers are final once checked. When every question of a
stage is checked the case moves on, to the next stage or to an end, and a summary closes
it with the path's score against the best path's.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from ..models import DecisionQuestion, Question, Scenario, Stage
from ..points import points_number, points_phrase
from ..render.markdown import to_html
from ..scoring import next_node, play
from .controls import Control, make_control
from .feedback import explain
from .style import show_question
from .views import view_of

PLAYERS: dict[str, PracticePlayer] = {}  # every player shown in this kernel, by scenario id


LIST_ITEM = re.compile(r"^(?:- |(\d+)\. )(.*)$", re.DOTALL)


def feedback_html(lines: tuple[str, ...]) -> str:
    """Feedback lines as escaped HTML (author text never becomes markup): lines that start
    with "- " or "1. " become the items of a bulleted or numbered list, other lines paragraphs."""
    parts: list[str] = []
    open_list = ""
    for line in lines:
        item = LIST_ITEM.match(line)
        kind = ("ol" if item.group(1) else "ul") if item else ""
        if kind != open_list:
            parts.append(f"</{open_list}>" if open_list else "")
            parts.append(f"<{kind}>" if kind else "")
            open_list = kind
        parts.append(f"<li>{html.escape(item.group(2))}</li>" if item else f"<p>{html.escape(line)}</p>")
    parts.append(f"</{open_list}>" if open_list else "")
    return "<div class='asit-feedback'>" + "".join(parts) + "</div>"


@dataclass
class QuestionUI:
    """One question on screen: its control, Check button and feedback area."""

    question: Question
    control: Control
    check: widgets.Button
    feedback: widgets.HTML
    box: widgets.VBox
    checked: bool = False
    score: float = 0.0


@dataclass
class PracticePlayer:
    """A scenario being played; ``widget`` is what the notebook shows."""

    scenario: Scenario
    widget: widgets.VBox = field(default_factory=widgets.VBox)
    questions: dict[str, QuestionUI] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    summary: widgets.HTML = field(default_factory=lambda: widgets.HTML(""))
    finished: bool = False

    def __post_init__(self) -> None:
        self.restart()

    # ------------------------------------------------------------ building

    def restart(self) -> None:
        """Start the case again from its first stage."""
        self.questions.clear()
        self.answers.clear()
        self.path.clear()
        self.finished = False
        self.summary.value = ""
        head = widgets.HTML(to_html(self.scenario.summary))  # the notebook's heading gives the title
        self.widget.children = (head,)
        self._enter(self.scenario.stages[0].id)

    def _stage(self, node: str) -> Stage | None:
        return next((s for s in self.scenario.stages if s.id == node), None)

    def _enter(self, node: str | None) -> None:
        stage = self._stage(node) if node else None
        if stage is None or node in self.path:
            self._finish(node)
            return
        self.path.append(stage.id)
        parts: list[widgets.Widget] = [widgets.HTML(f"<h3>{html.escape(stage.title)}</h3>{to_html(stage.story)}")]
        for number, q in enumerate(stage.questions, start=1):
            parts.append(self._question(q, number).box)
        self.widget.children = (*self.widget.children, widgets.VBox(parts))
        if not stage.questions:
            self._advance(stage)

    def _question(self, q: Question, number: int) -> QuestionUI:
        control = make_control(view_of(q))
        points = "graded by a person" if q.kind == "text" else points_phrase(q.points)
        head = widgets.HTML(f"<p><strong>Question {number}</strong> ({points})</p>{to_html(q.prompt)}")
        check = widgets.Button(description="Check", button_style="primary", tooltip="Check this answer")
        feedback = widgets.HTML("")
        ui = QuestionUI(q, control, check, feedback, widgets.VBox([head, control.widget, check, feedback]))
        check.on_click(lambda _button: self.check(q.id))
        self.questions[q.id] = ui
        return ui

    # ------------------------------------------------------------ playing

    def check(self, qid: str) -> None:
        """Check one answer: show its feedback and points, lock it, move on when the stage is done."""
        ui = self.questions[qid]
        if ui.checked:
            return
        answer = ui.control.get()
        result = explain(ui.question, answer, practice=True)
        if not result.answered:
            ui.feedback.value = feedback_html(("Please answer before checking.",))
            return
        ui.checked, ui.score = True, result.score
        self.answers[qid] = answer
        ui.feedback.value = feedback_html(result.lines)
        ui.control.disable()
        ui.check.disabled = True
        stage = self._stage(self.path[-1])
        if stage is not None and all(self.questions[q.id].checked for q in stage.questions):
            self._advance(stage)

    def _advance(self, stage: Stage) -> None:
        decision = next((q for q in stage.questions if isinstance(q, DecisionQuestion)), None)
        if decision is not None:
            self.answers.setdefault(decision.id, None)
        self._enter(next_node(stage, self.answers))

    def _finish(self, node: str | None) -> None:
        self.finished = True
        result = play(self.scenario, self.answers)
        end = next((e for e in self.scenario.ends if e.id == node), None)
        outcome = f"<h3>{html.escape(end.title)}</h3>{to_html(end.outcome)}" if end else ""
        self.summary.value = (
            f"<div class='asit-summary'>{outcome}<p><strong>Your score on this path: "
            f"{points_number(result.score)} of {points_number(result.max_score)}</strong> "
            "(the most the best path through the case can score).</p></div>"
        )
        again = widgets.Button(description="Play again", tooltip="Start the case again")
        again.on_click(lambda _button: self.restart())
        self.widget.children = (*self.widget.children, self.summary, again)

    @property
    def score(self) -> float:
        """The score so far, over the stages visited (``asit.scoring.play``)."""
        return play(self.scenario, self.answers).score


def load_scenario(data: str | dict[str, Any]) -> Scenario:
    """A scenario from the JSON a practice notebook embeds."""
    return Scenario.model_validate(json.loads(data) if isinstance(data, str) else data)


def show(data: str | dict[str, Any]) -> None:
    """Build a scenario's player, display it and remember it in ``PLAYERS`` (tests drive it there)."""
    player = PracticePlayer(load_scenario(data))
    PLAYERS[player.scenario.id] = player
    show_question(player.widget, "play this case", saved=False)
