"""What a question's cell outputs, without a browser: the "run all cells" note first, then
the controls in a styled box; practice feedback lists shown as lists."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pytest

from asit.widgets import style
from asit.widgets.practice import feedback_html


def test_a_question_shows_the_note_then_its_styled_controls(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(style, "display", shown.append)
    control = widgets.RadioButtons(options=[("A long option " * 20, "a")], value=None)
    style.show_question(control)
    note, box = shown
    assert "run all cells" in note.data.lower() and style.NOTE_CLASS in note.data
    assert "with the answers you already saved" in note.data
    assert isinstance(box, widgets.VBox) and style.QUESTION_CLASS in box._dom_classes
    sheet, inner = box.children
    assert inner is control and "<style>" in sheet.value
    assert "white-space: normal" in sheet.value and f".{style.NOTE_CLASS}" in sheet.value


def test_practice_feedback_lists_are_lists_and_text_stays_text() -> None:
    html = feedback_html(("You chose:", "- “a <b>”: right", "- “c”: wrong", "Points: 1 of 2."))
    assert html == (
        "<div class='asit-feedback'><p>You chose:</p><ul><li>“a &lt;b&gt;”: right</li><li>“c”: wrong</li></ul>"
        "<p>Points: 1 of 2.</p></div>"
    )
    ordered = feedback_html(("Your order:", "1. “x” (in its place): ok", "2. (no step chosen)"))
    assert "<ol><li>“x” (in its place): ok</li><li>(no step chosen)</li></ol>" in ordered
    assert "- " not in html and "<br>" not in html
