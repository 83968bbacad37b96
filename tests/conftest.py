"""Shared fixtures: the small fixture course, copied so a test can break or build it freely."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shared_builds import Assigned, assigned, run_folder

REPO = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


# What a copy of a course leaves out: generated, built, installed or the tooling's own files.
NOT_CONTENT = ("_build", "_generated", ".venv", "node_modules", "__pycache__", ".git", ".*_cache", "tests")
# What ``asit assign``, nbgrader and grading write in a course's assessments folder.
ASSIGNED_AND_GRADED = (
    "source", "release", "submitted", "autograded", "feedback", "exchange", "reports", "*.db", "grades.csv",
)  # fmt: skip


def copy_course(source: Path, target: Path, *leave_out: str) -> Path:
    """Copy a course's content (not its generated or built files, nor ``leave_out``) to ``target``."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*NOT_CONTENT, *leave_out))
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the fixture course."""
    return copy_course(FIXTURE_COURSE, tmp_path / "course")


@pytest.fixture(scope="session")
def assigned_fixture_course(tmp_path_factory: pytest.TempPathFactory) -> Assigned:
    """The fixture course after ``asit assign``, made once per run (also across xdist's
    processes) and never changed: a test that writes to it works on ``.copy_to(folder)``."""
    return assigned(run_folder(tmp_path_factory), "assigned-fixture", FIXTURE_COURSE)


@pytest.fixture(scope="session")
def assigned_real_course(tmp_path_factory: pytest.TempPathFactory) -> Assigned:
    """The repository's course after ``asit assign`` (setup's trees when current, see
    assigned_repository.py), made once per run and never changed: tests work on copies."""
    from assigned_repository import assigned_repository

    return assigned_repository(run_folder(tmp_path_factory), REPO)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What tests recorded as ``shown`` (``record_property``), e.g. which way a set-up was made:
    printed at the end of the run, also from xdist's processes."""
    shown = [v for r in terminalreporter.getreports("passed") for k, v in r.user_properties if k == "shown"]
    if shown:
        terminalreporter.section("set-ups")
        for line in shown:
            terminalreporter.write_line(str(line))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one for the whole run: Playwright's sync API
    allows one instance per process, so every test folder shares this one."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/setup.sh does)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    """The tests in real Jupyter call the run's one chromium by this name."""
    return browser


# ------------------------------------------------------------------ several processes (xdist)
# scripts/test.sh runs the slow tests in several processes (pytest-xdist, --dist loadgroup).
# Tests that share a set-up made per module, class or package then run in one process, so the
# set-up is made once; tests that share only session set-ups go wherever a process is free
# (built courses are shared between processes by shared_builds.py). Whole folders stay together
# where a set-up must be one at a time on the machine (the classroom makes real local accounts)
# or several of its tests write to one shared build (the LMS tests export into the built course).
TESTS = Path(__file__).resolve().parent
WHOLE_FOLDERS = ("classroom", "lms")
# The groups that take longest start first, so no long one is left alone at the end; the rest
# keep their order. (A guide for the schedule, not a rule: a group missing here is still run.)
LONGEST_FIRST = (
    "jupyter/test_day_in_jupyter.py",
    "classroom",
    "grading/test_every_module.py",
    "jupyter/test_every_question_layout.py",
    "grading/test_fast_grading.py",
    "lms",
    "grading/test_workflow.py",
    "grading/test_hostile_cohort.py",
    "browser/test_no_script_in_answers.py",
    "feedback/test_feedback_gradebook.py",
)
SHARED_SCOPES = {"class", "module", "package"}


def process_group(item: pytest.Item) -> str | None:
    """The group of tests that must run in the same process as this one, or None if any will do."""
    rel = item.path.relative_to(TESTS)
    if rel.parts[0] in WHOLE_FOLDERS:
        return rel.parts[0]
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return rel.as_posix()
    scopes = {fixture.scope for defs in info.name2fixturedefs.values() for fixture in defs}
    if "package" in scopes:
        return rel.parent.as_posix()
    if scopes & SHARED_SCOPES:
        return rel.as_posix()
    return None


def _rank(item: pytest.Item) -> int:
    group = process_group(item)
    return LONGEST_FIRST.index(group) if group in LONGEST_FIRST else len(LONGEST_FIRST)


def _loadgroup(config: pytest.Config) -> bool:
    """Whether this run uses ``--dist loadgroup`` (xdist's workers say so as ``loadgroup``)."""
    return bool(config.getoption("loadgroup", default=False) or config.getoption("dist", default="no") == "loadgroup")


_GROUPS_DIR = pytest.StashKey[Path]()
GROUPS_KEY = "asit_groups_dir"  # in each worker's workerinput: where it writes its grouping


def _groups_dir(config: pytest.Config) -> Path:
    """The controlling process's folder where each worker writes its grouping (made once)."""
    if _GROUPS_DIR not in config.stash:
        config.stash[_GROUPS_DIR] = Path(tempfile.mkdtemp(prefix="asit-xdist-groups-"))
    return config.stash[_GROUPS_DIR]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``: schedule by the groups the workers found (xdist_groups.py)."""
    if not _loadgroup(config):
        return None
    from xdist_groups import GroupScheduling

    return GroupScheduling(config, log, _groups_dir(config))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Tell each worker where to write its grouping."""
    if _loadgroup(node.config):
        node.workerinput[GROUPS_KEY] = str(_groups_dir(node.config))


def pytest_unconfigure(config: pytest.Config) -> None:
    """The groupings are read: remove their folder."""
    if _GROUPS_DIR in config.stash:
        shutil.rmtree(config.stash[_GROUPS_DIR], ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a worker under ``--dist loadgroup``, once every plugin has chosen and ordered the tests:
    the longest groups first (run with ``--no-loadscope-reorder`` so that xdist keeps this
    order), and each test's group written for the controlling process's schedule."""
    workerinput = getattr(config, "workerinput", None)
    if not workerinput or GROUPS_KEY not in workerinput:
        return
    from xdist_groups import write_groups

    items.sort(key=_rank)  # stable: within a rank, the collected order
    groups = {item.nodeid: group for item in items if (group := process_group(item)) is not None}
    write_groups(Path(workerinput[GROUPS_KEY]), str(workerinput["workerid"]), groups)
