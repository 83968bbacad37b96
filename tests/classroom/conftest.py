"""A real classroom for the tests of this folder: started once, stopped and removed at the end.

It makes real local accounts (``asit-t001`` ...), so it refuses to run when accounts of that
name already exist (another classroom on this machine), and it removes exactly the accounts
and groups it made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from _pytest.nodes import Item
from _pytest.reports import TestReport

from asit.classroom.accounts import group_exists, remove_group, remove_user, user_exists
from asit.classroom.drive import Classroom
from asit.classroom.layout import DB_OWNER, INSTRUCTORS_GROUP, TRAINEES_GROUP, instructor_name, trainee_name

REPO = Path(__file__).resolve().parents[2]
TRAINEES = 30
INSTRUCTORS = 2
ASSIGNMENT = "00-foundations"


LOG_TAIL = 4000
RUNNING: list[Path] = []  # the data folder of the classroom under test, for the failure report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Item) -> Generator[None, TestReport, TestReport]:
    """A failing classroom test shows the end of the hub's log, so a failure far away (CI) says why."""
    report = yield
    if report.failed and RUNNING:
        log = RUNNING[0] / "logs" / "jupyterhub.log"
        tail = log.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL:] if log.exists() else "(no log)"
        report.sections.append(("end of the hub's log", tail))
    return report


def asit(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
    return subprocess.run(
        [sys.executable, "-c", "import sys; from asit.cli import main; sys.exit(main())", "--root", str(REPO), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def made_names() -> tuple[list[str], list[str]]:
    users = [trainee_name(i) for i in range(1, TRAINEES + 1)] + [instructor_name(i) for i in range(1, INSTRUCTORS + 1)]
    return [*users, DB_OWNER], [TRAINEES_GROUP, INSTRUCTORS_GROUP]


@pytest.fixture(scope="package")
def classroom() -> Iterator[Classroom]:
    if os.geteuid() != 0:
        pytest.fail("the classroom tests make local accounts: run them as root (CI does)")
    users, groups = made_names()
    existing = [u for u in users if user_exists(u)] + [g for g in groups if group_exists(g)]
    if existing:
        pytest.fail(
            f"accounts or groups of a classroom already exist ({', '.join(existing[:5])}): "
            "stop and remove that classroom first"
        )
    source = REPO / "assessments" / "source" / ASSIGNMENT
    if not source.is_dir():
        pytest.fail(f"{source} is missing: run asit assign (scripts/setup.sh does)")
    data = Path(tempfile.mkdtemp(prefix="asit-classroom-", dir="/tmp"))
    data.chmod(0o755)
    try:
        done = asit(
            "classroom", "up", "--data", str(data), "--trainees", str(TRAINEES), "--instructors", str(INSTRUCTORS)
        )
        RUNNING.append(data)
        assert done.returncode == 0, done.stdout + done.stderr
        yield Classroom.open(data)
    finally:
        RUNNING.clear()
        asit("classroom", "down", "--data", str(data))
        for user in users:
            remove_user(user)
        for group in groups:
            remove_group(group)
        shutil.rmtree(data, ignore_errors=True)
