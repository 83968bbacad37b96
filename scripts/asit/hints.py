"""What each kind of question asks the learner to do: one table for every place a question is shown.

The book's static page and its player (which gets the hint with each question's data) and
the graded notebooks all read it here. Only written answers differ by mode: practice shows
a model answer to compare with, graded work is marked by a person against a rubric.
"""

from __future__ import annotations

KIND_HINTS: dict[str, str] = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply: each wrong pick costs as much as a right one earns.",
    "order": "Put the steps in order, first to last.",
    "match": "Match each item with one entry.",
    "numeric": "Answer with a number.",
    "decision": "Decide what you do.",
    "text": "Write your answer, then compare it with the model answer (not scored).",
}
GRADED_TEXT_HINT = "Write your answer in the cell below; a person grades it against a rubric."


def kind_hint(kind: str, *, graded: bool = False) -> str:
    """The hint shown under a question of ``kind`` (graded notebooks word written answers their own way)."""
    return GRADED_TEXT_HINT if graded and kind == "text" else KIND_HINTS[kind]
