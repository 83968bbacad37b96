"""Synthetic cohorts of collected submissions, for the grading benchmark and the equality tests.

Each pretend trainee hands in one kind of submission, written as ``nbgrader collect``
leaves it (the released notebook, ``answers.json``, ``timestamp.txt``). The kinds cover
what a real cohort holds: right, wrong and partly right answers, nothing answered, no
answers file, answers of the wrong form, written text answers, a late submission, a
malformed or foreign answers file, and changed notebooks (an edited read-only cell, an added
cell), which are graded from their answers and named for review. Answers come from a seeded
generator: the same arguments give the same cohort.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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
from ..widgets import answers as answers_file
from .config import TEXT_STUB
from .selfcheck import key_answer, wrong_answer

PROVABLE = ("right", "wrong", "partly", "unanswered", "no-file", "wrong-form", "text", "late")
NBGRADER_ONLY = ("malformed", "foreign-format", "tampered", "added-cell")  # the ones nbgrader's kernel once graded
KINDS = PROVABLE + NBGRADER_ONLY
DUE = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
NBGRADER_TIME = "%Y-%m-%d %H:%M:%S.%f %Z"


def partial_answer(q: Question, rng: random.Random) -> Any:
    """An answer that is partly right where the question allows it."""
    if isinstance(q, MultipleQuestion):
        right = [o.id for o in q.options if o.correct]
        return right[: max(1, len(right) - 1)] + [o.id for o in q.options if not o.correct][:1]
    if isinstance(q, OrderQuestion):
        order = list(q.answer)
        order[0], order[1] = order[1], order[0]
        return order
    if isinstance(q, MatchQuestion):
        answer = dict(sorted(q.answer.items()))
        first = next(iter(answer))
        answer[first] = next(t.id for t in q.targets if t.id != answer[first])
        return answer
    if isinstance(q, NumericQuestion):
        return q.answer + q.tolerance * rng.choice([-1, 0.5, 1])
    if isinstance(q, DecisionQuestion):
        return rng.choice(q.choices).id
    return rng.choice([key_answer(q), wrong_answer(q)])


def wrong_form(q: Question) -> Any:
    """An answer of the wrong JSON shape for its kind."""
    if isinstance(q, (SingleQuestion, DecisionQuestion)):
        return [key_answer(q)]
    if isinstance(q, MultipleQuestion):
        return ",".join(key_answer(q))
    if isinstance(q, NumericQuestion):
        return str(key_answer(q))
    if isinstance(q, OrderQuestion):
        return {step: n for n, step in enumerate(q.answer)}
    if isinstance(q, MatchQuestion):
        return list(q.answer)
    return 42


def answers_for(kind: str, assessment: Assessment, rng: random.Random) -> dict[str, Any]:
    """The answers file's answers for one kind of submission (text questions answer in the notebook)."""
    qs = [q for q in assessment.questions if not isinstance(q, TextQuestion)]
    if kind == "right":
        return {q.id: key_answer(q) for q in qs}
    if kind == "wrong":
        return {q.id: a for q in qs if (a := wrong_answer(q)) is not None}
    if kind == "unanswered":
        return {}
    if kind == "wrong-form":
        return {q.id: wrong_form(q) for q in qs}
    picks: dict[str, Any] = {}
    for q in qs:
        choice = rng.random()
        if choice < 0.45:
            picks[q.id] = key_answer(q)
        elif choice < 0.7:
            picks[q.id] = partial_answer(q, rng)
        elif choice < 0.9:
            picks[q.id] = wrong_answer(q)
    return picks


def _notebook(release: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(release.read_text(encoding="utf-8"))
    return data


def _write_text_answers(nb: dict[str, Any], assessment: Assessment) -> None:
    texts = {q.id: q.model_answer.strip() for q in assessment.questions if isinstance(q, TextQuestion)}
    for cell in nb["cells"]:
        if cell.get("id") in texts:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = source.replace(TEXT_STUB, texts[cell["id"]])


def _tamper(nb: dict[str, Any], assessment: Assessment) -> None:
    """Edit the first question's prompt and rewrite its test cell to claim full points."""
    first = assessment.questions[0]
    for cell in nb["cells"]:
        if cell.get("id") == f"prompt-{first.id}":
            cell["source"] = "An edited prompt."
        if cell.get("id") == first.id and cell["cell_type"] == "code":
            cell["source"] = f"{float(first.points)}"


def _add_cell(nb: dict[str, Any]) -> None:
    cell: dict[str, Any] = {
        "cell_type": "code",
        "execution_count": None,
        "id": "my-notes",
        "metadata": {},
        "outputs": [],
    }
    nb["cells"].insert(2, {**cell, "source": 'print("my own notes")'})


def write_submission(
    course_dir: Path, assessment: Assessment, student: str, kind: str, rng: random.Random, when: datetime
) -> None:
    """One collected submission of ``kind`` for ``student``, handed in at ``when``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of submission {kind!r} (known: {', '.join(KINDS)})")
    assignment = assessment.id
    folder = course_dir / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    release = course_dir / "release" / assignment / f"{assignment}.ipynb"
    nb = _notebook(release)
    if kind in ("right", "text") or (kind == "partly" and rng.random() < 0.5):
        _write_text_answers(nb, assessment)
    if kind == "tampered":
        _tamper(nb, assessment)
    if kind == "added-cell":
        _add_cell(nb)
    (folder / release.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    answers_path = folder / answers_file.FILE_NAME
    answers = answers_for(kind, assessment, rng)
    if kind == "malformed":
        answers_path.write_text(answers_file.dumps(assignment, answers)[:40], encoding="utf-8")
    elif kind == "foreign-format":
        text = json.dumps({"format": "asit-answers", "version": 2, "assignment": assignment, "answers": answers})
        answers_path.write_text(text, encoding="utf-8")
    elif kind != "no-file":
        answers_file.save(answers_path, assignment, answers)
    handed_in = DUE + timedelta(days=2) if kind == "late" else when
    (folder / "timestamp.txt").write_text(handed_in.strftime(NBGRADER_TIME), encoding="utf-8")


def write_cohort(
    course_dir: Path, assessment: Assessment, count: int, kinds: Sequence[str] = KINDS, seed: int = 0
) -> dict[str, str]:
    """``count`` submissions, the kinds taken in turn; the kind of each student's submission."""
    rng = random.Random(seed)
    width = len(str(count))
    cohort: dict[str, str] = {}
    for n in range(count):
        student = f"trainee-{n + 1:0{width}d}"
        kind = kinds[n % len(kinds)]
        when = DUE - timedelta(days=1, minutes=count - n)
        write_submission(course_dir, assessment, student, kind, rng, when)
        cohort[student] = kind
    return cohort


def set_due_date(db_url: str, assignment: str, due: datetime = DUE) -> None:
    """Give the assignment a due date in the gradebook, so that a late submission is late."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        gb.update_or_create_assignment(assignment, duedate=due.strftime(NBGRADER_TIME))
