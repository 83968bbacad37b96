"""The self-check run at generation catches an assessment that does not grade as its key says.

(Every assessment of the real course passes it in test_every_module, through ``asit assign``.)"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from asit.loader import load_or_raise
from asit.nbgrader.selfcheck import SelfCheckError, self_check
from asit.nbgrader.source import render_sources
from conftest import FIXTURE_COURSE

pytestmark = pytest.mark.slow


def test_a_broken_test_cell_fails_the_self_check(tmp_path: Path) -> None:
    course = load_or_raise(FIXTURE_COURSE)
    folder = course.module("01-sample")
    assert folder.assessment is not None
    draft = tmp_path / "01-sample.ipynb"
    draft.write_text(render_sources(course)["source/01-sample/01-sample.ipynb"], encoding="utf-8")
    nb = nbformat.read(draft, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "sm-a-multi")
    cell.source = cell.source.replace('"correct":true', '"correct":false', 1)  # a key that disagrees
    nbformat.write(nb, draft)
    with pytest.raises(SelfCheckError) as failure:
        self_check(draft, folder.assessment.assessment, "asit-thb")
    message = str(failure.value)
    assert message.startswith("assessments/01-sample.yml does not grade as its key says:")
    assert "question sm-a-multi (answered with its key): nbgrader gave 0, expected 2" in message
    assert "sm-a-indicator" not in message
