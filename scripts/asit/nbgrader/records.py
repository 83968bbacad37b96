"""The gradebook records of submissions graded in process, through nbgrader's gradebook API.

What nbgrader's autograde saves, saved the same way: the student and the submission with
its timestamp (``update_or_create_student``, ``update_or_create_submission``), each grade
cell's auto score and whether it needs a person (``SaveAutoGrades``' rule), each answer
cell's auto comment, and the late penalty by the configured plugin (``AssignLatePenalties``'
rule). Submissions are saved in batches, one transaction each; a batch that fails is rolled
back and saved again one submission at a time, so one bad record costs no other grade.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from nbgrader.api import Comment, Grade
from nbgrader.preprocessors import AssignLatePenalties
from sqlalchemy.orm import joinedload

from .blueprint import Blueprint
from .fastgrade import Prepared


@contextlib.contextmanager
def one_transaction(gb: Any) -> Iterator[None]:
    """Commit everything saved in the block once, whole, or roll it all back.

    nbgrader's gradebook methods commit after each change; inside this block their commits
    only flush, so a crash or an error cannot leave half a submission's grades saved.
    """
    session = gb.db
    session.commit = session.flush
    try:
        yield
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


class RecordWriter:
    """Saves the records of in-process grades of one assignment in one gradebook session."""

    def __init__(self, gb: Any, blueprint: Blueprint, config: Any, create_student: bool = True) -> None:
        self.gb = gb
        self.blueprint = blueprint
        self.create_student = create_student
        self.late = AssignLatePenalties(config=config)
        self.late.init_plugin()
        # Nothing else writes these rows during the run: keep loaded cells loaded across commits.
        gb.db().expire_on_commit = False

    def add_students(self, students: list[str]) -> None:
        """Every student of the run, in the order nbgrader's autograde adds them (sorted).

        The gradebook lists students in the order they were added, and so does its CSV
        export: adding them first keeps that order when some go through nbgrader later.
        """
        if self.create_student:
            with one_transaction(self.gb):
                for student in sorted(students):
                    self.gb.update_or_create_student(student)

    def save(self, batch: list[Prepared]) -> dict[str, BaseException]:
        """Save and publish a batch; the submissions that could not be saved, with why."""
        try:
            with one_transaction(self.gb):
                for item in batch:
                    self._save_one(item)
        except Exception:
            if len(batch) == 1:
                raise
            failed: dict[str, BaseException] = {}
            for item in batch:
                try:
                    self.save([item])
                except Exception as exc:
                    failed[item.student] = exc
            return failed
        for item in batch:
            item.publish()
        return {}

    def _save_one(self, item: Prepared) -> None:
        gb, assignment, student = self.gb, self.blueprint.assignment, item.student
        if self.create_student:
            gb.update_or_create_student(student)
        else:
            gb.find_student(student)
        if item.timestamp:
            submission = gb.update_or_create_submission(assignment, student, timestamp=item.timestamp)
        else:
            submission = gb.update_or_create_submission(assignment, student)
        notebook = gb.find_submission_notebook(self.blueprint.notebook, assignment, student)
        grades = {g.cell.name: g for g in self._rows(Grade, notebook)}
        comments = {c.cell.name: c for c in self._rows(Comment, notebook)}
        for grade_id, score in item.scores.items():
            grade = grades[grade_id]
            grade.auto_score = score
            grade.needs_manual_grade = grade.manual_score is not None or score is None
        for grade_id, text in item.comments.items():
            comments[grade_id].auto_comment = text
        self._late_penalty(student, submission, notebook)

    def _rows(self, model: Any, notebook: Any) -> list[Any]:
        """A submitted notebook's grades or comments with their cells, in one query (not one per cell)."""
        query = self.gb.db.query(model).options(joinedload(model.cell)).filter(model.notebook_id == notebook.id)
        return list(query)

    def _late_penalty(self, student: str, submission: Any, notebook: Any) -> None:
        notebook.late_submission_penalty = None
        if submission.total_seconds_late > 0:
            self.gb.db.flush()
            self.gb.db.refresh(notebook)  # its score is computed by the database from the grades just saved
            penalty = self.late.plugin_inst.late_submission_penalty(
                student, notebook.score, submission.total_seconds_late
            )
            if penalty is not None:
                notebook.late_submission_penalty = self.late._check_late_penalty(notebook, penalty)
