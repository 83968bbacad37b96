"""nbgrader's own autograde, one submission per task, across the machine's cores.

Each worker process holds one ``NbGraderAPI`` on the course folder, so every task is the
very call an instructor's ``nbgrader autograde --student`` makes. A task that fails because
another worker held the SQLite gradebook's write lock is retried once, alone, at the end,
and so is every task of a pool whose workers could not start or died. Few tasks run in this
process: starting workers costs more than it saves. A trainee id is passed to nbgrader
escaped (``glob.escape``): nbgrader reads it as a pattern, and ``zz-glob[1]`` would
otherwise match the folder ``zz-glob1``.
A kernel that lost one of its ports to another program is started again (``pipeline.autograde``).
"""

from __future__ import annotations

import contextlib
import glob
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pipeline import api_for, autograde, step_log

LOCKED = "database is locked"

_worker_api: Any = None


@dataclass(frozen=True)
class TaskResult:
    student: str
    ok: bool
    error: str  # nbgrader's last error line when not ok
    seconds: float


def first_error(result: dict[str, Any]) -> str:
    text = (result.get("error") or result.get("log") or "unknown error").strip().splitlines()
    return text[-1] if text else "unknown error"


def _run(api: Any, assignment: str, student: str) -> TaskResult:
    start = time.perf_counter()
    result = autograde(api, assignment, glob.escape(student))
    ok = bool(result.get("success"))
    error = "" if ok else (LOCKED if LOCKED in step_log(result) else first_error(result))
    return TaskResult(student, ok, error, time.perf_counter() - start)


def _init_worker(course_dir: str, submitted_directory: str | None) -> None:
    global _worker_api
    _worker_api = api_for(Path(course_dir))
    if submitted_directory:
        _worker_api.coursedir.submitted_directory = submitted_directory


@contextlib.contextmanager
def reading_from(api: Any, submitted_directory: str | None) -> Iterator[None]:
    """nbgrader's ``submitted`` folder set to ``submitted_directory`` for the block (None: unchanged)."""
    if not submitted_directory:
        yield
        return
    before = api.coursedir.submitted_directory
    api.coursedir.submitted_directory = submitted_directory
    try:
        yield
    finally:
        api.coursedir.submitted_directory = before


def _task(assignment: str, student: str) -> TaskResult:
    return _run(_worker_api, assignment, student)


def worker_count(tasks: int, min_parallel_tasks: int) -> int:
    """Worker processes for ``tasks`` tasks: one per core, none when fewer than ``min_parallel_tasks``."""
    cores = os.cpu_count() or 1
    return 0 if tasks < min_parallel_tasks or cores < 2 else min(cores, tasks)


def _results(
    api: Any,
    course_dir: Path,
    assignment: str,
    students: list[str],
    submitted_directory: str | None,
    min_parallel_tasks: int,
) -> Iterator[TaskResult]:
    workers = worker_count(len(students), min_parallel_tasks)
    if workers == 0:
        for student in students:
            with reading_from(api, submitted_directory):
                result = _run(api, assignment, student)
            yield result
        return
    retry: list[str] = []
    finished: set[str] = set()
    context = multiprocessing.get_context("spawn")
    init = (str(course_dir), submitted_directory)
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=init) as pool:
            futures = [pool.submit(_task, assignment, student) for student in students]
            for future in as_completed(futures):
                result = future.result()
                finished.add(result.student)
                if result.error == LOCKED:
                    retry.append(result.student)
                else:
                    yield result
    except (BrokenProcessPool, OSError):
        # Workers could not start or died (a script without a main guard, no memory): carry on here.
        retry += [s for s in students if s not in finished]
    for student in sorted(retry):
        with reading_from(api, submitted_directory):
            result = _run(api, assignment, student)
        yield result


def run_stock(
    api: Any,
    course_dir: Path,
    assignment: str,
    students: list[str],
    done: Callable[[TaskResult], None],
    submitted_directory: str | None = None,
    *,
    min_parallel_tasks: int,
) -> list[TaskResult]:
    """Run nbgrader's autograde for each student; ``done`` hears each result.

    ``submitted_directory`` names the folder nbgrader's autograde reads instead of ``submitted``;
    ``min_parallel_tasks`` is ``asit.grading.min_parallel_tasks``.
    """
    results = []
    for result in _results(api, course_dir, assignment, students, submitted_directory, min_parallel_tasks):
        done(result)
        results.append(result)
    return sorted(results, key=lambda r: r.student)
