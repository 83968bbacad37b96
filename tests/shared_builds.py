"""Expensive set-ups made once per test run, also when pytest-xdist runs the tests in several
processes (``scripts/test.sh`` does for the slow tests).

A built course is made by the first process that asks for it, under a file lock, in a folder
every process of the run sees; the others wait for it and then read it. What failed is kept
beside it, so every test that needs it fails with the same message (never a skip).
Only what tests read, never change, is shared this way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

BIN = Path(sys.executable).parent


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this whole run: under xdist each process has its own
    ``popen-gwN`` below a folder they share; without xdist it is the process's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(run: Path, name: str, make: Callable[[Path], object]) -> Path:
    """``make(folder)`` once per run (``run``: the run's folder) for ``name``; every caller gets
    the same folder."""
    shared = run / "shared"
    shared.mkdir(exist_ok=True)
    folder = shared / name
    done, failed = shared / f"{name}.done", shared / f"{name}.failed"
    with FileLock(str(shared / f"{name}.lock")):
        if failed.is_file():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            try:
                make(folder)
            except (Exception, pytest.fail.Exception) as error:
                why = str(error) if isinstance(error, pytest.fail.Exception) else f"{name}: {error!r}"
                failed.write_text(why, encoding="utf-8")
                raise
            done.touch()
    return folder


@dataclass(frozen=True)
class Assigned:
    """The fixture course after ``asit assign``: nbgrader's source and release trees and gradebook."""

    root: Path
    output: str  # what ``asit assign`` printed

    def copy_to(self, target: Path) -> Path:
        """A writable copy of the assigned course (the nbgrader config finds its folder itself)."""
        shutil.copytree(self.root, target, symlinks=True)
        return target


def run_assign(root: Path, what: str) -> str:
    """Run ``asit assign`` on the course at ``root`` (``what``: the course, named in a failure);
    what it printed."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # nbgrader runs alembic
    command = [str(BIN / "asit"), "--root", str(root), "assign"]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"asit assign fails on {what}:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result.stdout + result.stderr


def assign(source: Path, folder: Path) -> None:
    """Copy a course's content to ``folder / "course"`` and run ``asit assign`` on it."""
    from conftest import copy_course

    root = copy_course(source, folder / "course")
    (folder / "assign-output.txt").write_text(run_assign(root, str(source)), encoding="utf-8")


def assigned(run: Path, name: str, source: Path) -> Assigned:
    """``source`` assigned once per run, to be copied by each test module that changes it."""
    folder = made_once(run, name, lambda folder: assign(source, folder))
    return Assigned(folder / "course", (folder / "assign-output.txt").read_text(encoding="utf-8"))
