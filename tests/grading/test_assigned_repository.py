"""When the tests may take a course's assigned trees as they are, and when they must run
``asit assign`` again (tests/assigned_repository.py): checked on copies of the assigned
fixture course, each changed the way a course goes stale."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from assigned_repository import stale_because
from shared_builds import Assigned

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-sample"


@pytest.fixture
def copy(tmp_path: Path, assigned_fixture_course: Assigned) -> Path:
    return assigned_fixture_course.copy_to(tmp_path / "course")


def test_a_freshly_assigned_course_is_current(copy: Path) -> None:
    assert stale_because(copy) is None


def test_an_edited_question_makes_it_stale(copy: Path) -> None:
    yml = copy / "assessments" / f"{ASSIGNMENT}.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("keeps her passport.", "keeps her passport and her wages.", 1), encoding="utf-8")
    assert text != yml.read_text(encoding="utf-8")
    source = f"assessments/source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    assert stale_because(copy) == f"{source} differs from what the content renders now"


def test_a_missing_source_or_release_makes_it_stale(copy: Path) -> None:
    release = copy / "assessments" / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    release.unlink()
    assert stale_because(copy) == f"assessments/release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb is missing"
    shutil.rmtree(copy / "assessments" / "source")
    assert stale_because(copy) == f"assessments/source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb is missing"


def test_a_release_older_than_the_settings_makes_it_stale(copy: Path) -> None:
    release = copy / "assessments" / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    config = copy / "assessments" / "nbgrader_config.py"
    os.utime(release, (config.stat().st_mtime - 60, config.stat().st_mtime - 60))
    assert stale_because(copy) == (
        f"assessments/release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb is older than its source or the course's nbgrader "
        "settings or code"
    )


def test_a_gradebook_graded_in_makes_it_stale(copy: Path) -> None:
    db = copy / "assessments" / "gradebook.db"
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO student (id) VALUES ('someone')")
    assert stale_because(copy) == "assessments/gradebook.db holds trainees (1): it was graded in"
    db.unlink()
    assert stale_because(copy) == "assessments/gradebook.db is missing"
