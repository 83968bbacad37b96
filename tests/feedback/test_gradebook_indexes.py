"""The lookup indexes the feedback step adds to nbgrader's gradebook: there after it, harmless twice."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest
from sqlalchemy.exc import SAWarning

from asit.feedback.grades import LOOKUP_INDEXES, ensure_lookup_indexes, read_grades
from asit.nbgrader.pipeline import ensure_tools_on_path


@pytest.mark.slow
def test_indexes_are_added_once_and_reading_still_works(tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    db = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{db}") as gb:
        gb.add_assignment("a1")
        gb.add_notebook("a1", "a1")
        gb.add_grade_cell("q1", "a1", "a1", max_score=2, cell_type="code")
        gb.add_student("ana")
        with warnings.catch_warnings():
            # nbgrader 0.9 adds rows in an order SQLAlchemy 2 warns about; the rows are saved all the same.
            warnings.filterwarnings("ignore", "Object of type <Submitted[A-Za-z]+> not in session", SAWarning)
            gb.add_submission("a1", "ana")
        gb.find_grade("q1", "a1", "a1", "ana").auto_score = 1.5
        gb.db.commit()
        ensure_lookup_indexes(gb)
        ensure_lookup_indexes(gb)
        grades = read_grades(gb, "a1")
    assert grades["ana"]["a1"].grades == {"q1": (1.5, 2.0)}
    assert grades["ana"]["a1"].score == 1.5 and grades["ana"]["a1"].max_score == 2.0
    with sqlite3.connect(db) as con:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {name for name, _, _ in LOOKUP_INDEXES} <= names
