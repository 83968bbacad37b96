"""What runs inside a graded notebook's kernel: the controls, and at grading time the tests.

The hidden part of each autograder test cell calls ``grade`` with that question's key (the
key is in the cell only in the instructor's copies: nbgrader strips hidden tests from the
release and this course strips them from feedback). ``grade`` reads the trainee's answers
file as JSON, never executes anything from it, prints feedback lines and returns the points
as the cell's value, which nbgrader takes as partial credit.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from IPython.display import Markdown, display
from pydantic import TypeAdapter, ValidationError

from ..models import Question, TextQuestion
from ..points import points_phrase
from ..widgets import answers as answers_file
from ..widgets.feedback import explain
from ..widgets.graded import GradedSession
from ..widgets.views import plain

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
NOTES_KEY = "asit"  # output and cell metadata key marking grader-only notes
NOTES_MARKER = "<!-- asit:grader-notes -->"


@lru_cache(maxsize=1024)
def question_from_key(key: str) -> Question:
    """A test cell's key as a question model (cached: models are frozen, and a grading run
    reads the same keys once per submission)."""
    return QUESTION.validate_python(json.loads(key))


class AssessmentNotebook(GradedSession):
    """A graded notebook's session, plus the calls its test cells make when graded."""

    def _number(self, qid: str) -> int:
        return list(self.views).index(qid) + 1 if qid in self.views else 0

    def grade(self, qid: str, key: str) -> float:
        """Score one saved answer against its key; print why; a bad file or value scores 0."""
        print(f"Question {self._number(qid)} ({qid})")
        try:
            question = question_from_key(key)
        except (ValueError, ValidationError):
            print("This question's test is damaged; please tell your instructor. It scores 0 for now.")
            return 0.0
        loaded = answers_file.load(self.path, self.assignment)
        if loaded.problem:
            print(f"Your answers file {self.path.name} could not be read: {loaded.problem}. This question scores 0.")
            return 0.0
        if not loaded.exists:
            print(f"No answers file ({self.path.name}) was submitted. This question scores 0.")
            return 0.0
        answer: Any = loaded.answers.get(qid)
        result = explain(question, answer, practice=False)
        for line in result.lines:
            print(line)
        return result.score

    def grader_note_outputs(self, rubrics: str) -> list[tuple[str, dict[str, Any]]]:
        """Each text question's grader note and the output metadata that marks it."""
        notes = []
        for raw in json.loads(rubrics):
            question = QUESTION.validate_python(raw)
            if isinstance(question, TextQuestion):
                notes.append((grader_note(question, self._number(question.id)), grader_note_metadata(question.id)))
        return notes

    def grader_notes(self, rubrics: str) -> None:
        """Show graders each text question's rubric and model answer (removed from feedback)."""
        for text, metadata in self.grader_note_outputs(rubrics):
            display(Markdown(text), metadata=metadata)  # type: ignore[no-untyped-call]


def grader_note(question: TextQuestion, number: int) -> str:
    """The Markdown a grader reads beside a text answer: its rubric and model answer."""
    lines = [
        NOTES_MARKER,
        f"**For graders only: rubric of question {number} ({question.id}), {points_phrase(question.points)}.**",
        "",
        *[f"- {plain(c.criterion)}: {points_phrase(c.points)}" for c in question.rubric],
        "",
        f"Model answer: {plain(question.model_answer)}",
    ]
    return "\n".join(lines)


def grader_note_metadata(qid: str) -> dict[str, Any]:
    """The output metadata that marks a grader note (``PlaceGraderNotes`` moves it by this)."""
    return {NOTES_KEY: {"grader_notes": qid}}
