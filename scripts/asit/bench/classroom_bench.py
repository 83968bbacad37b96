"""``asit bench classroom``: a real classroom of N trainees, measured.

Starts a classroom in a temporary folder (real accounts, hub, PostgreSQL), then: starts every
trainee's server through the hub's API, a few at a time; each trainee fetches, writes the
answers file and submits through nbgrader's server endpoints; an instructor collects and
grades into PostgreSQL; the same submissions are graded again into SQLite. It prints the
figures and removes the classroom and its accounts.
"""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..classroom.accounts import group_exists, remove_group, remove_user, user_exists
from ..classroom.drive import Classroom, fetch_answer_submit_all, key_answers_text, start_all
from ..classroom.layout import DB_OWNER, INSTRUCTORS_GROUP, TRAINEES_GROUP, instructor_name, trainee_name
from ..classroom.lifecycle import UpRequest, down, scripts_dir, up
from ..classroom.processes import read_pid, rss_kib

ASSIGNMENT = "00-foundations"
INSTRUCTOR_COUNT = 1
log = logging.getLogger(__name__)  # each step as it begins: a run of 100 trainees takes half an hour


@dataclass
class ClassroomFigures:
    trainees: int
    workers: int
    up_seconds: float = 0.0
    start_all_seconds: float = 0.0
    start_each: list[float] = field(default_factory=list)
    fetch: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    collect_seconds: float = 0.0
    grade_postgres_seconds: float = 0.0
    grade_sqlite_seconds: float = 0.0
    rss_kib: list[int] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def account_names(trainees: int) -> tuple[list[str], list[str]]:
    users = [trainee_name(i) for i in range(1, trainees + 1)]
    users += [instructor_name(i) for i in range(1, INSTRUCTOR_COUNT + 1)]
    return [*users, DB_OWNER], [TRAINEES_GROUP, INSTRUCTORS_GROUP]


def clashing_accounts(trainees: int) -> list[str]:
    users, groups = account_names(trainees)
    return [u for u in users if user_exists(u)] + [g for g in groups if group_exists(g)]


def grade_into_sqlite(room: Classroom, work: Path) -> float:
    """The same collected submissions graded by the same command into a fresh SQLite gradebook."""
    copy = work / "course-sqlite"
    shutil.copytree(room.layout.course, copy, ignore=shutil.ignore_patterns("autograded", "feedback"))
    env = dict(os.environ, PYTHONPATH=str(scripts_dir()), ASIT_EXCHANGE_DIR=str(room.layout.exchange))
    env["ASIT_GRADEBOOK_URL"] = f"sqlite:///{copy / 'assessments' / 'gradebook.db'}"
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    assessments = copy / "assessments"
    run = [sys.executable, "-c", "import sys; from asit.cli import main; sys.exit(main())", "--root", str(copy)]
    generate = [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"]
    subprocess.run(generate, cwd=assessments, env=env, capture_output=True, check=True)
    start = time.perf_counter()
    subprocess.run(
        [*run, "grade", ASSIGNMENT, "--no-feedback"], cwd=assessments, env=env, capture_output=True, check=True
    )
    return time.perf_counter() - start


def measure(root: Path, trainees: int, workers: int, course_id: str) -> ClassroomFigures:
    figures = ClassroomFigures(trainees, workers)
    work = Path(tempfile.mkdtemp(prefix="asit-bench-classroom-", dir="/tmp"))
    work.chmod(0o755)
    data = work / "classroom"
    try:
        log.info("starting the classroom (accounts, PostgreSQL, hub) in %s", data)
        start = time.perf_counter()
        up(UpRequest(data, root, trainees, INSTRUCTOR_COUNT), course_id)
        figures.up_seconds = time.perf_counter() - start
        room = Classroom.open(data)
        instructor = room.state.instructors[0]
        log.info("releasing %s", ASSIGNMENT)
        room.instructor(instructor, ["nbgrader", "generate_assignment", ASSIGNMENT, "--force"])
        room.instructor(instructor, ["nbgrader", "release_assignment", ASSIGNMENT, "--force"])
        log.info("starting %d servers, %d at a time", trainees, workers)
        start = time.perf_counter()
        started = start_all(room, room.state.trainees, workers)
        figures.start_all_seconds = time.perf_counter() - start
        figures.start_each = [r.start_seconds for r in started if not r.error]
        figures.failures += [f"start {r.user}: {r.error}" for r in started if r.error]
        for pid_file in sorted(room.layout.server_pids.glob("*.pid")):
            pid = read_pid(pid_file)
            if pid:
                figures.rss_kib.append(rss_kib(pid))
        answers = key_answers_text(root, ASSIGNMENT)
        log.info("each trainee fetches, answers and submits")
        results = fetch_answer_submit_all(room, room.state.trainees, ASSIGNMENT, answers, workers)
        figures.fetch = [r.fetch_seconds for r in results if not r.error]
        figures.submit = [r.submit_seconds for r in results if not r.error]
        figures.failures += [f"{r.user}: {r.error}" for r in results if r.error]
        log.info("collecting, then grading into PostgreSQL and into SQLite")
        start = time.perf_counter()
        room.instructor(instructor, ["nbgrader", "collect", ASSIGNMENT])
        figures.collect_seconds = time.perf_counter() - start
        start = time.perf_counter()
        room.instructor(instructor, ["asit", "--root", str(room.layout.course), "grade", ASSIGNMENT, "--no-feedback"])
        figures.grade_postgres_seconds = time.perf_counter() - start
        figures.grade_sqlite_seconds = grade_into_sqlite(room, work)
    finally:
        log.info("stopping the classroom and removing its accounts")
        if data.exists() and (data / "classroom.json").exists():
            down(data)
        users, groups = account_names(trainees)
        for user in users:
            remove_user(user)
        for group in groups:
            remove_group(group)
        shutil.rmtree(work, ignore_errors=True)
    return figures


def report(f: ClassroomFigures) -> str:
    def ms(values: list[float]) -> str:
        if not values:
            return "n/a"
        return f"median {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 0.95) * 1000:.0f} ms"

    rss = [k / 1024 for k in f.rss_kib if k]
    lines = [
        f"classroom of {f.trainees} trainees, {f.workers} requests at a time (machine load: {os.getloadavg()[0]:.1f})",
        f"  classroom up (accounts, PostgreSQL, hub):   {f.up_seconds:.1f} s",
        f"  start all {f.trainees} servers:                {f.start_all_seconds:.1f} s (each: {ms(f.start_each)})",
        f"  fetch latency:                            {ms(f.fetch)}",
        f"  submit latency:                           {ms(f.submit)}",
        f"  collect ({f.trainees} submissions):              {f.collect_seconds:.1f} s",
        f"  grade into PostgreSQL (asit grade):       {f.grade_postgres_seconds:.1f} s",
        f"  grade into SQLite (same submissions):     {f.grade_sqlite_seconds:.1f} s",
    ]
    if rss:
        lines.append(
            f"  memory per single-user server (RSS):     median {statistics.median(rss):.0f} MiB, "
            f"max {max(rss):.0f} MiB, {len(rss)} servers, {sum(rss) / 1024:.1f} GiB in all"
        )
    lines += [f"  FAILED: {line}" for line in f.failures]
    return "\n".join(lines)
