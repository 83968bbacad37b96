"""What a feedback page shows from the gradebook, read for a whole assignment in three queries.

nbgrader's feedback reads, per submitted notebook, each grade cell's score and maximum, each
answer cell's comment (the grader's if there is one, else the autograder's), the notebook's
score and its late penalty (``GetGrades``). The same values are read here through nbgrader's
own gradebook models, for every trainee at once, so a page is exactly what the gradebook
holds at the moment it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class NotebookGrades:
    """One trainee's submitted notebook as the gradebook holds it."""

    score: float = 0.0  # the sum of the grades, before the late penalty
    max_score: float = 0.0
    late_penalty: float = 0.0
    grades: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade id -> (score, max score)
    comments: dict[str, str | None] = field(default_factory=dict)  # grade id -> comment

    @property
    def shown_score(self) -> float:
        """The total a trainee reads: the score less the late penalty (as nbgrader's feedback shows it)."""
        return self.score - self.late_penalty


Grades = dict[str, dict[str, NotebookGrades]]  # student -> notebook name -> grades


# nbgrader's tables are looked up by submitted notebook (a grade's, a comment's) and by submitted
# assignment, but its schema indexes those columns only second in a pair: every lookup scans the
# whole table, so reading or exporting a cohort grows with its square. These indexes make each
# lookup direct; they change no row and no result, and nbgrader's own queries use them too.
LOOKUP_INDEXES = (
    ("ix_asit_grade_notebook_id", "grade", "notebook_id"),
    ("ix_asit_comment_notebook_id", "comment", "notebook_id"),
    ("ix_asit_submitted_notebook_assignment_id", "submitted_notebook", "assignment_id"),
)


def ensure_lookup_indexes(gb: Any) -> None:
    """Add the lookup indexes to the gradebook if they are missing (safe to run again, on any database)."""
    from sqlalchemy import text

    for name, table, column in LOOKUP_INDEXES:
        gb.db.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"))
    gb.db.commit()


def read_grades(gb: Any, assignment: str, students: set[str] | None = None) -> Grades:
    """Every submitted notebook of ``assignment`` (or of ``students`` only), with grades and comments."""
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Comment,
        Grade,
        Notebook,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    def joined(query: Any) -> Any:
        query = (
            query.join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Student, SubmittedAssignment.student_id == Student.id)
            .filter(Assignment.name == assignment)
        )
        return query

    out: Grades = {}
    db = gb.db
    rows = joined(
        db.query(
            Student.id,
            Notebook.name,
            SubmittedNotebook.score,
            SubmittedNotebook.max_score,
            SubmittedNotebook.late_submission_penalty,
        ).select_from(SubmittedNotebook)
    )
    for student, notebook, score, max_score, penalty in rows:
        out.setdefault(student, {})[notebook] = NotebookGrades(
            float(score or 0.0), float(max_score or 0.0), float(penalty or 0.0)
        )
    grades = joined(
        db.query(Student.id, Notebook.name, BaseCell.name, Grade.score, Grade.max_score)
        .select_from(Grade)
        .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
        .join(BaseCell, Grade.cell_id == BaseCell.id)
    )
    for student, notebook, cell, score, max_score in grades:
        out[student][notebook].grades[cell] = (float(score or 0.0), float(max_score or 0.0))
    comments = joined(
        db.query(Student.id, Notebook.name, BaseCell.name, Comment.comment)
        .select_from(Comment)
        .join(SubmittedNotebook, Comment.notebook_id == SubmittedNotebook.id)
        .join(BaseCell, Comment.cell_id == BaseCell.id)
    )
    for student, notebook, cell, comment in comments:
        out[student][notebook].comments[cell] = comment
    if students is not None:
        out = {student: notebooks for student, notebooks in out.items() if student in students}
    return out
