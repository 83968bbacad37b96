"""The self-checks of several assessments at once, one per core.

Each self-check starts its own temporary course and kernels and waits on them for most of its
seven seconds or so, so ``asit assign`` of a whole course takes about half as long on two
cores. Results are given in the order asked, each as soon as it and those before it are done,
so what ``asit assign`` prints does not depend on which check finished first.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..models import Assessment
from .pipeline import NbgraderError
from .selfcheck import SelfCheckError, self_check


@dataclass(frozen=True)
class Checked:
    assessment: str
    seconds: float
    problem: str | None  # why the assessment does not grade as its key says; None: it does


def check_one(draft: Path, assessment: Assessment, course_id: str) -> Checked:
    """One self-check, its failure kept as text (a worker process's result must be plain data)."""
    start = time.perf_counter()
    try:
        self_check(draft, assessment, course_id)
    except (SelfCheckError, NbgraderError) as exc:
        return Checked(assessment.id, time.perf_counter() - start, str(exc))
    return Checked(assessment.id, time.perf_counter() - start, None)


def worker_count(checks: int) -> int:
    """Processes for ``checks`` self-checks: one per core, none (this process) for a single check."""
    cores = os.cpu_count() or 1
    return 0 if checks < 2 or cores < 2 else min(cores, checks)


def check_all(drafts: list[tuple[Path, Assessment]], course_id: str) -> Iterator[Checked]:
    """Self-check each ``(draft notebook, assessment)``; yield the results in the order given."""
    workers = worker_count(len(drafts))
    if workers == 0:
        for draft, assessment in drafts:
            yield check_one(draft, assessment, course_id)
        return
    given: list[Checked] = []
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures: list[Future[Checked]] = [pool.submit(check_one, d, a, course_id) for d, a in drafts]
            for future in futures:
                given.append(future.result())
                yield given[-1]
    except (BrokenProcessPool, OSError):
        # Workers could not start or died (no memory): check the rest in this process.
        for draft, assessment in drafts[len(given) :]:
            yield check_one(draft, assessment, course_id)
