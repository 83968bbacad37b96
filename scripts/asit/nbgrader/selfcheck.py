"""An assessment checks itself before it is released: its key must score full marks and a
set of wrong answers must score what ``asit.scoring`` says (zero), through real nbgrader.

The check runs in a temporary course folder with its own gradebook, so the instructor's
gradebook never sees the two pretend trainees.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import (
    Assessment,
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from ..scoring import score_question
from ..widgets import answers as answers_file
from .pipeline import api_for, autograde, course_config, generate, gradebook_rows, run_step
from .source import CHECK_ID

KEY_STUDENT = "asit-selfcheck-key"
WRONG_STUDENT = "asit-selfcheck-wrong"


class SelfCheckError(Exception):
    """The assessment does not grade as its key says; the message lists each question."""


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def key_answer(q: Question) -> Any:
    """The answer the key says is right (text: the model answer)."""
    if isinstance(q, SingleQuestion):
        return next(o.id for o in q.options if o.correct)
    if isinstance(q, MultipleQuestion):
        return [o.id for o in q.options if o.correct]
    if isinstance(q, OrderQuestion):
        return list(q.answer)
    if isinstance(q, MatchQuestion):
        return dict(sorted(q.answer.items()))
    if isinstance(q, NumericQuestion):
        return _number(q.answer)
    if isinstance(q, DecisionQuestion):
        return max(q.choices, key=lambda c: c.points).id
    assert isinstance(q, TextQuestion)
    return q.model_answer.strip()


def wrong_answer(q: Question) -> Any:
    """An answer as wrong as the question allows (text: none)."""
    if isinstance(q, SingleQuestion):
        return next(o.id for o in q.options if not o.correct)
    if isinstance(q, MultipleQuestion):
        return [o.id for o in q.options if not o.correct]
    if isinstance(q, OrderQuestion):
        return list(reversed(q.answer))  # no pair of steps in the right order
    if isinstance(q, MatchQuestion):
        ids = [t.id for t in q.targets]
        return {item: next(t for t in ids if t != right) for item, right in sorted(q.answer.items())}
    if isinstance(q, NumericQuestion):
        return _number(q.answer + q.tolerance + 1)
    if isinstance(q, DecisionQuestion):
        return min(q.choices, key=lambda c: c.points).id
    return None


def answer_sets(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """The key's answers and the wrong ones, by pretend student."""
    qs = assessment.questions
    wrong = {q.id: a for q in qs if (a := wrong_answer(q)) is not None}
    return {KEY_STUDENT: {q.id: key_answer(q) for q in qs}, WRONG_STUDENT: wrong}


def write_submission(course_dir: Path, assignment: str, student: str, answers: dict[str, Any]) -> Path:
    """A submission as nbgrader collect leaves it: the released notebook, answers.json, a timestamp."""
    folder = course_dir / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    release = course_dir / "release" / assignment
    for notebook in release.glob("*.ipynb"):
        shutil.copyfile(notebook, folder / notebook.name)
    answers_file.save(folder / answers_file.FILE_NAME, assignment, answers)
    (folder / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Mismatch:
    student: str
    question: str
    expected: float
    got: float | None

    def __str__(self) -> str:
        who = "answered with its key" if self.student == KEY_STUDENT else "answered all wrong"
        got = "no grade" if self.got is None else f"{self.got:g}"
        return f"question {self.question} ({who}): nbgrader gave {got}, expected {self.expected:g}"


def expected_scores(assessment: Assessment, answers: dict[str, Any]) -> dict[str, float]:
    """What each auto-graded question must score for ``answers`` (from ``asit.scoring``)."""
    return {q.id: score_question(q, answers.get(q.id)) for q in assessment.questions if not isinstance(q, TextQuestion)}


def self_check(source_notebook: Path, assessment: Assessment, course_id: str) -> None:
    """Generate, submit and autograde the key and the wrong answers in a temporary course."""
    with tempfile.TemporaryDirectory(prefix="asit-selfcheck-") as tmp:
        course_dir = Path(tmp) / "course"
        target = course_dir / "source" / assessment.id
        target.mkdir(parents=True)
        shutil.copyfile(source_notebook, target / source_notebook.name)
        config = course_config(course_dir, course_id)
        api = api_for(course_dir, config)
        generate(api, assessment.id)
        sets = answer_sets(assessment)
        for student, answers in sets.items():
            write_submission(course_dir, assessment.id, student, answers)
            run_step(autograde(api, assessment.id, student), f"autograde ({student})")
        rows = {(r.student, r.grade_id): r for r in gradebook_rows(str(config.CourseDirectory.db_url), assessment.id)}
        problems: list[Mismatch] = []
        full = {q.id: float(q.points) for q in assessment.questions if not isinstance(q, TextQuestion)}
        for student, answers in sets.items():
            wanted = full if student == KEY_STUDENT else expected_scores(assessment, answers)
            for qid, expected in wanted.items():
                row = rows.get((student, qid))
                got = None if row is None else row.score
                if got is None or abs(got - expected) > 1e-9:
                    problems.append(Mismatch(student, qid, expected, got))
            check = rows.get((student, CHECK_ID))
            if check is None:
                problems.append(Mismatch(student, CHECK_ID, 0.0, None))
        if problems:
            lines = "\n".join(f"  {p}" for p in problems)
            raise SelfCheckError(f"assessments/{assessment.id}.yml does not grade as its key says:\n{lines}")
