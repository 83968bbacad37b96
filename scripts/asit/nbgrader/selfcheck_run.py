"""The self-checks of several assessments at once, one per core.

Each self-check starts its own temporary course and kernels and waits on them for most of its
seven seconds or so, so ``asit assign`` of a whole course takes about half as long on two
cores. Results are given in the order asked, each as soon as it and those before it are done,
so what ``asit assign`` prints does not depend on which check finished first.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..models import Assessment
from .pipeline import NbgraderError
from .selfcheck import SelfCheckError, self_check
from .stock import worker_count

SIDE_BY_SIDE_FROM = 2  # checks: a single one runs in this process (starting a worker costs more)


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


def check_all(drafts: list[tuple[Path, Assessment]], course_id: str) -> Iterator[Checked]:
    """Self-check each ``(draft notebook, assessment)``; yield the results in the order given."""
    workers = worker_count(len(drafts), SIDE_BY_SIDE_FROM)
    given = 0
    if workers:
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures: list[Future[Checked]] = [pool.submit(check_one, d, a, course_id) for d, a in drafts]
                for future in futures:
                    yield future.result()
                    given += 1
        except (BrokenProcessPool, OSError):
            pass  # workers could not start or died (no memory): check the rest in this process
    for draft, assessment in drafts[given:]:
        yield check_one(draft, assessment, course_id)
