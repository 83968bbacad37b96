"""Source notebooks and the course's nbgrader configuration, without running nbgrader."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator
from traitlets.config import Config

from asit.loader import load_course, load_or_raise
from asit.models import TextQuestion
from asit.nbgrader.config import CONFIG_FILE_TEXT, autograde_steps, configure
from asit.nbgrader.preprocessors import HideKeyFromFeedback, PlaceGraderNotes
from asit.nbgrader.source import CHECK_ID, render_sources, source_notebook
from conftest import FIXTURE_COURSE, REPO


def assessments() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for label, root in (("fixture", FIXTURE_COURSE), ("course", REPO)):
        course, _errors = load_course(root)
        found += [(f"{label}:{f.name}", f.assessment.assessment) for f in course.modules if f.assessment]
    return found


@pytest.mark.parametrize(("label", "assessment"), assessments(), ids=[label for label, _ in assessments()])
def test_source_notebook_metadata_is_valid_nbgrader(label: str, assessment: object) -> None:
    from asit.models import Assessment

    assert isinstance(assessment, Assessment)
    nb = source_notebook(assessment)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)  # nbgrader's own validator (schema v3, unique ids)
    grades = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if c.metadata.nbgrader["grade"]}
    for q in assessment.questions:
        cell = grades[q.id]
        assert cell.metadata.nbgrader["points"] == q.points
        if isinstance(q, TextQuestion):
            assert cell.cell_type == "markdown" and cell.metadata.nbgrader["solution"]
            assert q.points == sum(c.points for c in q.rubric)
            assert "### BEGIN SOLUTION" in cell.source
        else:
            assert cell.cell_type == "code" and cell.metadata.nbgrader["locked"]
            assert cell.source.index("### BEGIN HIDDEN TESTS") < cell.source.index("notebook.grade(")
    assert grades[CHECK_ID].metadata.nbgrader["points"] == 0
    for cell in nb.cells:
        if not cell.metadata.nbgrader["grade"] and not cell.metadata.nbgrader["solution"]:
            assert cell.metadata.nbgrader["locked"], cell.id


def test_key_is_only_inside_hidden_tests_and_solutions() -> None:
    course = load_or_raise(FIXTURE_COURSE)
    folder = course.module("01-sample")
    assert folder.assessment is not None
    nb = source_notebook(folder.assessment.assessment)
    for cell in nb.cells:
        outside = cell.source.split("### BEGIN HIDDEN TESTS")[0].split("### BEGIN SOLUTION")[0]
        for secret in ('"correct"', '"answer"', "feedback", "Explains the reflection period", "Model answer"):
            assert secret not in outside, (cell.id, secret)


def test_sources_are_deterministic() -> None:
    course = load_or_raise(FIXTURE_COURSE)
    assert render_sources(course) == render_sources(course)
    text = render_sources(course)["source/01-sample/01-sample.ipynb"]
    assert json.loads(text)["metadata"]["kernelspec"]["name"] == "python3"


def test_committed_config_file_is_the_template() -> None:
    assert (REPO / "assessments" / "nbgrader_config.py").read_text(encoding="utf-8") == CONFIG_FILE_TEXT


def test_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASIT_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("ASIT_EXCHANGE_DIR", raising=False)
    c = Config()
    configure(c, REPO / "assessments")
    assert c.CourseDirectory.course_id == "asit-thb"
    assert c.CourseDirectory.db_url == f"sqlite:///{REPO / 'assessments' / 'gradebook.db'}"
    assert c.Exchange.root == str(REPO / "assessments" / "exchange")
    assert HideKeyFromFeedback in c.GenerateFeedback.preprocessors
    steps = autograde_steps()
    assert steps.index(PlaceGraderNotes) == [s.__name__ for s in steps].index("SaveAutoGrades") + 1
    monkeypatch.setenv("ASIT_GRADEBOOK_URL", "postgresql://grader@db/asit")
    monkeypatch.setenv("ASIT_EXCHANGE_DIR", str(tmp_path))
    c = Config()
    configure(c, REPO / "assessments")
    assert (c.CourseDirectory.db_url, c.Exchange.root) == ("postgresql://grader@db/asit", str(tmp_path))
