"""What runs inside a graded notebook's kernel: the controls, and at grading time the tests.

The hidden part of each autograder test cell calls ``grade`` with that question's key (the
key is in the cell only in the instructor's copies: nbgrader strips hidden tests from the
release and this course strips them from feedback). ``grade`` reads the trainee's answers
file as JSON, never executes anything from it, prints feedback lines and returns the points
as the cell's value, which nbgrader takes as partial credit.
"""

from __future__ import annotations

import json
from typing import Any

from IPython.display import Markdown, display
from pydantic import TypeAdapter, ValidationError

from ..models import Question, TextQuestion
from ..widgets import answers as answers_file
from ..widgets.feedback import explain, points_text
from ..widgets.graded import GradedSession
from ..widgets.views import plain

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
NOTES_KEY = "asit"  # output and cell metadata key marking grader-only notes
NOTES_MARKER = "<!-- asit:grader-notes -->"


class AssessmentNotebook(GradedSession):
    """A graded notebook's session, plus the calls its test cells make when graded."""

    def _number(self, qid: str) -> int:
        return list(self.views).index(qid) + 1 if qid in self.views else 0

    def grade(self, qid: str, key: str) -> float:
        """Score one saved answer against its key; print why; a bad file or value scores 0."""
        print(f"Question {self._number(qid)} ({qid})")
        try:
            question = QUESTION.validate_python(json.loads(key))
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

    def grader_notes(self, rubrics: str) -> None:
        """Show graders each text question's rubric and model answer (removed from feedback)."""
        for raw in json.loads(rubrics):
            question = QUESTION.validate_python(raw)
            if not isinstance(question, TextQuestion):
                continue
            lines = [
                NOTES_MARKER,
                f"**For graders only: rubric of question {self._number(question.id)} ({question.id}), "
                f"{question.points} points.**",
                "",
                *[
                    f"- {plain(c.criterion)}: {points_text(c.points)} point{'' if c.points == 1 else 's'}"
                    for c in question.rubric
                ],
                "",
                f"Model answer: {plain(question.model_answer)}",
            ]
            note = Markdown("\n".join(lines))  # type: ignore[no-untyped-call]
            display(note, metadata={NOTES_KEY: {"grader_notes": question.id}})  # type: ignore[no-untyped-call]
