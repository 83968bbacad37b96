"""Shared fixtures: the small fixture course, copied so a test can break or build it freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


def copy_course(source: Path, target: Path) -> Path:
    """Copy a course's content (not its generated or built files) to ``target``."""
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns("_build", "_generated", ".venv", "node_modules", "__pycache__", ".git"),
    )
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the fixture course."""
    return copy_course(FIXTURE_COURSE, tmp_path / "course")
