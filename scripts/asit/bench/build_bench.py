"""How long the course takes to check, render and build, cold and with nothing changed.

Targets: load + validate + render under 1 s; a rebuild with nothing changed under 5 s.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..build import STAGING, build_book, generate, render_all
from ..loader import load_or_raise

LOAD_RENDER_TARGET_S = 1.0
REBUILD_TARGET_S = 5.0


@dataclass(frozen=True)
class BuildFigures:
    load_validate_s: float
    render_s: float
    full_build_s: float
    rebuild_s: float
    files_rendered: int


T = TypeVar("T")


def _timed(step: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def measure(root: Path, repeats: int = 5) -> BuildFigures:
    """Best of ``repeats`` for the in-process steps; one cold and one warm book build."""
    loads, renders = [], []
    files: dict[str, str] = {}
    for _ in range(repeats):
        course, took = _timed(lambda: load_or_raise(root))
        loads.append(took)
        files, took = _timed(partial(render_all, course))
        renders.append(took)
    generate(root)
    shutil.rmtree(root / STAGING, ignore_errors=True)
    _, full = _timed(lambda: build_book(root, rebuild_all=True, quiet=True))

    def rebuild() -> None:
        generate(root)
        build_book(root, quiet=True)

    _, again = _timed(rebuild)
    return BuildFigures(min(loads), min(renders), full, again, len(files))


def report(figures: BuildFigures) -> str:
    def mark(ok: bool) -> str:
        return "meets target" if ok else "OVER TARGET"

    load_render = figures.load_validate_s + figures.render_s
    render = f"render ({figures.files_rendered} files)"
    return "\n".join(
        [
            f"{'load + validate':<24}{figures.load_validate_s * 1000:8.1f} ms",
            f"{render:<24}{figures.render_s * 1000:8.1f} ms",
            f"{'load+validate+render':<24}{load_render * 1000:8.1f} ms   target < {LOAD_RENDER_TARGET_S:.0f} s: "
            f"{mark(load_render < LOAD_RENDER_TARGET_S)}",
            f"{'full book build':<24}{figures.full_build_s:8.2f} s",
            f"{'rebuild, no change':<24}{figures.rebuild_s:8.2f} s    target < {REBUILD_TARGET_S:.0f} s: "
            f"{mark(figures.rebuild_s < REBUILD_TARGET_S)}",
        ]
    )
