"""The self-check run at generation catches an assessment that does not grade as its key says.

(Every assessment of the real course passes it in setup's ``asit assign``, which CI runs first.)"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from asit.loader import load_or_raise
from asit.models import Assessment
from asit.nbgrader.selfcheck import SelfCheckError, self_check
from asit.nbgrader.selfcheck_run import SIDE_BY_SIDE_FROM, check_all
from asit.nbgrader.source import render_sources
from asit.nbgrader.stock import worker_count
from conftest import FIXTURE_COURSE

pytestmark = pytest.mark.slow


def draft_of(folder: Path, broken: bool) -> Path:
    """The fixture course's source notebook for 01-sample, with a key that disagrees if ``broken``."""
    course = load_or_raise(FIXTURE_COURSE)
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / "01-sample.ipynb"
    draft.write_text(render_sources(course)["source/01-sample/01-sample.ipynb"], encoding="utf-8")
    if broken:
        nb = nbformat.read(draft, as_version=4)
        cell = next(c for c in nb.cells if c.get("id") == "sm-a-multi")
        cell.source = cell.source.replace('"correct":true', '"correct":false', 1)
        nbformat.write(nb, draft)
    return draft


def sample() -> Assessment:
    folder = load_or_raise(FIXTURE_COURSE).module("01-sample")
    assert folder.assessment is not None
    return folder.assessment.assessment


def test_a_broken_test_cell_fails_the_self_check(tmp_path: Path) -> None:
    with pytest.raises(SelfCheckError) as failure:
        self_check(draft_of(tmp_path, broken=True), sample(), "asit-thb")
    message = str(failure.value)
    assert message.startswith("assessments/01-sample.yml does not grade as its key says:")
    assert "question sm-a-multi (answered with its key): nbgrader gave 0, expected 2" in message
    assert "sm-a-indicator" not in message


def test_self_checks_side_by_side_each_give_their_own_result_in_order(tmp_path: Path) -> None:
    """``asit assign`` checks a course's assessments in worker processes, one per core."""
    drafts = [(draft_of(tmp_path / str(n), broken=n == 1), sample()) for n in range(3)]
    assert worker_count(len(drafts), SIDE_BY_SIDE_FROM) >= 2 or (os.cpu_count() or 1) < 2  # really side by side
    results = list(check_all(drafts, "asit-thb"))
    assert [r.problem is None for r in results] == [True, False, True]
    assert "question sm-a-multi (answered with its key): nbgrader gave 0, expected 2" in str(results[1].problem)
    assert all(r.assessment == "01-sample" and r.seconds > 0 for r in results)
