"""A trainee's hands in the browser: what to pick for each question, and the clicks and keys
that pick it in a real notebook (JupyterLab or Notebook 7)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from asit.models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from asit.widgets.views import plain

TEXT_ANSWER = (
    "I would speak with her alone, with an interpreter she trusts, explain her rights and the reflection "
    "period, and refer her to the specialised NGO before any formal statement."
)


def chosen_answer(q: Question, first_multiple: bool) -> Any:
    """What the test trainee answers: the key, except one wrong pick on the first select-all question."""
    if isinstance(q, SingleQuestion):
        return next(o.id for o in q.options if o.correct)
    if isinstance(q, MultipleQuestion):
        right = [o.id for o in q.options if o.correct]
        wrong = [o.id for o in q.options if not o.correct]
        picks = set(right + wrong[:1] if first_multiple and wrong else right)
        return [o.id for o in q.options if o.id in picks]  # the order the control reports
    if isinstance(q, DecisionQuestion):
        return max(q.choices, key=lambda c: c.points).id
    if isinstance(q, OrderQuestion):
        return list(q.answer)
    if isinstance(q, MatchQuestion):
        return dict(q.answer)
    if isinstance(q, NumericQuestion):
        return int(q.answer) if q.answer == int(q.answer) else q.answer
    assert isinstance(q, TextQuestion)
    return TEXT_ANSWER


def answers_for(questions: list[Question]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    seen_multiple = False
    for q in questions:
        out[q.id] = chosen_answer(q, first_multiple=isinstance(q, MultipleQuestion) and not seen_multiple)
        seen_multiple = seen_multiple or isinstance(q, MultipleQuestion)
    return out


def answer_by_keyboard(box: Any, page: Any, q: SingleQuestion | DecisionQuestion, answer: str) -> None:
    """Pick a one-answer option with the keyboard only: from the first option, Tab to the one
    wanted, then Space (in Jupyter the arrow keys move between cells)."""
    ids = [o.id for o in q.options] if isinstance(q, SingleQuestion) else [c.id for c in q.choices]
    box.get_by_role("radio").first.focus()
    for _ in range(ids.index(answer)):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")


def answer_question(box: Any, page: Any, q: Question, answer: Any, keyboard: bool = False) -> None:
    """Answer one question in its box (``.asit-question``) by clicking, choosing and typing."""
    box.scroll_into_view_if_needed()
    if isinstance(q, (SingleQuestion, DecisionQuestion)):
        if keyboard:
            answer_by_keyboard(box, page, q, answer)
            return
        entries = q.options if isinstance(q, SingleQuestion) else q.choices
        text = plain(next(e.text for e in entries if e.id == answer))
        box.get_by_role("radio", name=text, exact=True).click()
    elif isinstance(q, MultipleQuestion):
        for option in q.options:
            if option.id in answer:
                box.get_by_role("checkbox", name=plain(option.text), exact=True).click()
    elif isinstance(q, OrderQuestion):
        texts = {i.id: plain(i.text) for i in q.items}
        for position, item in enumerate(answer):
            box.locator("select").nth(position).select_option(label=texts[item])
    elif isinstance(q, MatchQuestion):
        targets = {t.id: plain(t.text) for t in q.targets}
        for item in q.items:
            box.get_by_role("combobox", name=plain(item.text), exact=True).select_option(label=targets[answer[item.id]])
    elif isinstance(q, NumericQuestion):
        field = box.locator("input[type=text]")
        field.click()
        field.press_sequentially(f"{answer:g}")
        field.press("Tab")


def write_text_answer(page: Any, number: int, text: str) -> None:
    """Type a written answer into its Markdown cell, as the cell's instructions say."""
    cell = page.locator(".jp-MarkdownCell", has_text=f"Your answer to question {number}.")
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-RenderedMarkdown").dblclick()
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Shift+Home")
    page.keyboard.type(text)
    page.keyboard.press("Shift+Enter")


def saved_answers(folder: Path, expected: dict[str, Any], timeout: float = 20) -> dict[str, Any]:
    """The answers file's answers, once it holds every expected key (or the timeout passed)."""
    path = folder / "answers.json"
    deadline = time.monotonic() + timeout
    data: dict[str, Any] = {}
    while time.monotonic() < deadline:
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8")).get("answers", {})
            except json.JSONDecodeError:
                data = {}
            if data == expected:
                return data
        time.sleep(0.3)
    return data
