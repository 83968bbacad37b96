"""The build pipeline, top to bottom: load, validate, render, write, then the book.

Nothing is written until the content has passed validation; the book is built into a
staging folder and published to ``_build/html`` only when Sphinx succeeds, so a failed
build leaves the last good site in place.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .loader import Course, load_or_raise
from .notebooks.practice import practice_notebooks
from .offline import find_external_loads
from .render.book_pages import GENERATED, render_book
from .write import replacing, sync_tree

STAGING = "_build/.staging"
SITE = "_build/html"

# Extra renderers (path -> text) joined into the generated tree, e.g. practice notebooks.
Renderer = Callable[[Course], dict[str, str]]
EXTRA_RENDERERS: list[Renderer] = [practice_notebooks]


class BookBuildError(Exception):
    """Sphinx reported errors or warnings; its output says where."""


@dataclass
class Timings:
    """Seconds spent in each step, for the build benchmark."""

    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, step: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = step()
        self.steps[name] = time.perf_counter() - start
        return result


def render_all(course: Course) -> dict[str, str]:
    """Every generated file under ``_generated/``, keyed by course-relative path."""
    files = render_book(course)
    for renderer in EXTRA_RENDERERS:
        files.update(renderer(course))
    return files


def generate(root: Path, timings: Timings | None = None) -> Course:
    """Load, validate and write the generated sources; raise InvalidContentError before writing anything."""
    timings = timings or Timings()
    course = timings.run("load+validate", lambda: load_or_raise(root))
    assert isinstance(course, Course)
    files = timings.run("render", lambda: render_all(course))
    assert isinstance(files, dict)
    prefix = f"{GENERATED}/"
    inside = {rel.removeprefix(prefix): text for rel, text in files.items() if rel.startswith(prefix)}
    timings.run("write", lambda: sync_tree(root / GENERATED, inside))
    return course


def sphinx_command(root: Path, rebuild_all: bool = False) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "asit.jupyter_book_run",  # jupyter-book itself, without its slowest optional import
        "build",
        str(root),
        "--path-output",
        str(root / STAGING),
        "--toc",
        str(root / GENERATED / "_toc.yml"),
        "--config",
        str(root / "_config.yml"),
        "-W",
        "-n",
        "--keep-going",
        "--builder",
        "html",
    ]
    return [*command, "--all"] if rebuild_all else command


def build_book(root: Path, rebuild_all: bool = False, quiet: bool = False) -> Path:
    """Run Jupyter Book (strict) into staging, then publish the site; return its folder."""
    result = subprocess.run(
        sphinx_command(root, rebuild_all),
        cwd=root,
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-20000:] + result.stderr[-20000:])
        raise BookBuildError("the book build failed; the last good site in _build/html is kept")
    staged = root / STAGING / "_build" / "html"
    outside = find_external_loads(staged)
    if outside:
        listing = "\n".join(f"  {item}" for item in outside[:20])
        raise BookBuildError(f"the built site would load from outside itself (it must work offline):\n{listing}")
    site = root / SITE
    with replacing(site) as fresh:
        shutil.copytree(staged, fresh, dirs_exist_ok=True)
    return site
