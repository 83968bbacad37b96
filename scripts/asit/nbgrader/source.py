"""An assessment as an nbgrader source notebook (pure: the same assessment, the same bytes).

Layout, top to bottom: the case (read-only); a setup cell that builds the answer controls
from the questions' views (no key); then per stage its story, and per question its prompt
(read-only), a cell showing its control (read-only) and its grading cell. Auto-graded
questions get an autograder test cell (grade_id = question id, points = question points)
whose hidden part holds the key; text questions get a manually graded Markdown answer cell
(points = the rubric's sum; the trainee writes in it) whose solution part holds the rubric
for graders. A last
0-point test cell checks that every question is answered: it is what nbgrader validate
reports, and its hidden part shows graders the rubrics.
"""

from __future__ import annotations

import json
from typing import Any

from nbformat import NotebookNode

from ..hints import kind_hint
from ..loader import Course
from ..models import Assessment, Question, TextQuestion
from ..notebooks import cells
from ..points import points_phrase
from ..widgets.views import view_of, view_to_data
from .answer_instruction import answer_instruction

CHECK_ID = "asit-all-answered"
SOURCE_DIR = "source"


def meta(
    grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: float | None = None
) -> dict[str, Any]:
    """nbgrader cell metadata (schema version 3)."""
    data: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        data["points"] = points if points is not None else 0
    return {"nbgrader": data}


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def public_data(assessment: Assessment) -> dict[str, Any]:
    """What the trainee's kernel gets: the assignment id and the questions' views, no key."""
    return {"assignment": assessment.id, "questions": [view_to_data(view_of(q)) for q in assessment.questions]}


def key_literal(q: Question) -> str:
    """A question's full model (its key) as a Python string literal of JSON."""
    return cells.py_string(_json(q.model_dump(mode="json")))


def _intro(assessment: Assessment) -> NotebookNode:
    text = f"""# {assessment.title}

*Graded assessment, about {assessment.duration_minutes} minutes.*

**How to answer.** First run every cell: menu *Run → Run All Cells* (after a restart:
*Kernel → Restart Kernel and Run All Cells*). Each question then shows its controls: click
to choose and type numbers in the boxes; no code is needed. Every change is saved at once
in the file `answers.json` beside this notebook, so nothing is lost if the kernel restarts;
when you reopen the notebook, run all cells again and your answers come back. Written
answers go in their own cell, which is saved with the notebook (File → Save).
Correct answers and points are shown only after grading. The last cell checks that every
question is answered; then submit the assignment.

## The case

{assessment.case.strip()}"""
    return cells.markdown("asit-intro", text, meta("asit-intro", locked=True))


def _setup(assessment: Assessment) -> NotebookNode:
    source = "\n".join(
        [
            "# Run this cell first: it sets up the answer controls below (it shows nothing itself).",
            "from asit.nbgrader.runtime import AssessmentNotebook",
            "",
            f"notebook = AssessmentNotebook.from_json({cells.py_string(_json(public_data(assessment)))})",
        ]
    )
    return cells.code("asit-setup", source, meta("asit-setup", locked=True))


def _question_cells(q: Question, number: int) -> list[NotebookNode]:
    hint = kind_hint(q.kind, graded=True)
    prompt = f"### Question {number} ({points_phrase(q.points)})\n\n{q.prompt.strip()}\n\n*{hint}*"
    out = [cells.markdown(f"prompt-{q.id}", prompt, meta(f"prompt-{q.id}", locked=True))]
    if isinstance(q, TextQuestion):
        rubric = "\n".join(f"- {c.criterion.strip()} ({points_phrase(c.points)})" for c in q.rubric)
        answer = f"""{answer_instruction(number)}

### BEGIN SOLUTION
For graders (removed from the trainees' copy). Rubric:

{rubric}

Model answer: {q.model_answer.strip()}
### END SOLUTION"""
        out.append(cells.markdown(q.id, answer, meta(q.id, grade=True, solution=True, points=q.points)))
    else:
        out.append(cells.code(f"answer-{q.id}", f'notebook.show("{q.id}")', meta(f"answer-{q.id}", locked=True)))
        test = "\n".join(
            [
                f"# Autograder test of question {number}: it scores your saved answer when your work is graded.",
                "### BEGIN HIDDEN TESTS",
                f'notebook.grade("{q.id}", {key_literal(q)})',
                "### END HIDDEN TESTS",
            ]
        )
        out.append(cells.code(q.id, test, meta(q.id, grade=True, locked=True, points=q.points)))
    return out


def _check(assessment: Assessment) -> NotebookNode:
    texts = [q.model_dump(mode="json") for q in assessment.questions if isinstance(q, TextQuestion)]
    lines = ["# Checks that every question has an answer of the right form (nbgrader's Validate runs this)."]
    if texts:
        lines += [
            "### BEGIN HIDDEN TESTS",
            f"notebook.grader_notes({cells.py_string(_json(texts))})",
            "### END HIDDEN TESTS",
        ]
    lines.append("notebook.check()")
    return cells.code(CHECK_ID, "\n".join(lines), meta(CHECK_ID, grade=True, locked=True, points=0))


def source_notebook(assessment: Assessment) -> NotebookNode:
    """The nbgrader source notebook of one assessment."""
    out = [_intro(assessment), _setup(assessment)]
    number = 0
    for part, stage in enumerate(assessment.stages, start=1):
        story = f"## Part {part}: {stage.title}\n\n{stage.story.strip()}"
        out.append(cells.markdown(f"stage-{stage.id}", story, meta(f"stage-{stage.id}", locked=True)))
        for q in stage.questions:
            number += 1
            out += _question_cells(q, number)
    out.append(_check(assessment))
    return cells.notebook(out, assessment.title)


def source_path(assignment: str) -> str:
    """Where an assignment's source notebook goes, relative to the nbgrader course folder."""
    return f"{SOURCE_DIR}/{assignment}/{assignment}.ipynb"


def render_sources(course: Course, names: list[str] | None = None) -> dict[str, str]:
    """Source notebooks of the selected modules (all with an assessment by default), by path."""
    files: dict[str, str] = {}
    for folder in course.modules:
        if folder.assessment is None or (names and folder.name not in names and folder.module.id not in names):
            continue
        assessment = folder.assessment.assessment
        files[source_path(assessment.id)] = cells.to_text(source_notebook(assessment))
    return files
