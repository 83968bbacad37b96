"""A group-shared course (several instructors, as in the classroom) is graded in process too,
and leaves what nbgrader's autograde leaves: the same grades and the same folder permissions,
so any instructor of the group can grade again over another's work."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from test_fast_grading import assigned_course, snapshot, stock_autograde
from test_workflow import BIN, run

from asit.nbgrader.cohort import PROVABLE, write_cohort
from shared_builds import Assigned

pytestmark = pytest.mark.slow

ASSIGNMENT = "00-foundations"
GROUP_SHARED = "\nc.CourseDirectory.groupshared = True  # several instructors share this folder\n"


def modes(folder: Path) -> dict[str, int]:
    """Every file's and folder's permission bits (setgid included), by path under ``folder``."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            found[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    found["."] = stat.S_IMODE(folder.stat().st_mode)
    return found


def test_a_group_shared_course_is_graded_in_process_as_nbgrader_would(
    tmp_path: Path, assigned_real_course: Assigned
) -> None:
    root = tmp_path / "base"
    assessment = assigned_course(assigned_real_course, root, ASSIGNMENT, GROUP_SHARED)
    course_dir = root / "assessments"
    cohort = write_cohort(course_dir, assessment, len(PROVABLE), PROVABLE, seed=3)
    stock_root, fast_root = tmp_path / "stock", tmp_path / "fast"
    shutil.copytree(root, stock_root)
    shutil.copytree(root, fast_root)
    stock, fast = stock_root / "assessments", fast_root / "assessments"

    stock_autograde(ASSIGNMENT, stock)
    output = run([str(BIN / "asit"), "--root", str(fast_root), "grade", ASSIGNMENT, "--no-feedback"], fast_root)

    assert f"{len(cohort)} in process (no kernel), 0 by nbgrader autograde" in output, output
    assert snapshot(fast) == snapshot(stock)
    stock_modes, fast_modes = modes(stock / "autograded"), modes(fast / "autograded")
    assert fast_modes == stock_modes
    notebook = f"{cohort and next(iter(cohort))}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    assert fast_modes[notebook] == 0o664  # group-writable: another instructor may grade again
    assert fast_modes[str(Path(notebook).parent)] & 0o2770 == 0o2770  # setgid, group-writable
