"""Fuzzing ``asit check`` with mutated real content: always exit 0 or 2 with a clear message.

Every real module of the course, with its scenarios and its assessment, is copied into a
course of its own (the rules that span files still apply, the check stays fast). Each case
mutates one file, runs ``asit check`` in process and restores the file. No case may end in
an exception, an exit other than 0 or 2, a message without ``file:line``, or take more than
2 s of CPU time. The figures (cases per family, exits, slowest case) are printed.

The cases are dealt into ``PARTS`` tests, each with its own seed and its own copies of the
courses, so the test processes share them.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.content_mutations import mutate

from asit.cli import main

REPO = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("ASIT_FUZZ_CASES", "1000"))
SEED = int(os.environ.get("ASIT_FUZZ_SEED", "20261130"))
PARTS = 4
CPU_LIMIT = 2.0  # seconds of CPU per case: generous, so a loaded machine cannot make it flaky
ERROR_LINE = re.compile(r"^[\w./-]+:\d+: \S")


@dataclass
class OneModuleCourse:
    root: Path
    files: list[Path] = field(default_factory=list)


def one_module_course(target: Path, module: Path) -> OneModuleCourse:
    """The real course's config and book with one real module and its assessment.

    The other modules' BibTeX entries join the book's, since modules cite each other's sources.
    """
    shutil.copy(REPO / "_config.yml", target / "_config.yml")
    shutil.copytree(REPO / "book", target / "book")
    with (target / "book" / "references.bib").open("a", encoding="utf-8") as bib:
        for other in sorted((REPO / "modules").glob("*/references.bib")):
            if other.parent.name != module.name:
                bib.write("\n" + other.read_text(encoding="utf-8"))
    shutil.copytree(module, target / "modules" / module.name)
    files = [target / "modules" / module.name / "module.yml"]
    files += sorted((target / "modules" / module.name / "scenarios").glob("*.yml"))
    assessment = REPO / "assessments" / f"{module.name}.yml"
    if assessment.is_file():
        (target / "assessments").mkdir()
        shutil.copy(assessment, target / "assessments" / assessment.name)
        files.append(target / "assessments" / assessment.name)
    return OneModuleCourse(target, files)


@pytest.fixture
def courses(tmp_path: Path) -> list[OneModuleCourse]:
    """Each real module in a course of its own (a test's own copies: a case changes them)."""
    modules = sorted(p for p in (REPO / "modules").iterdir() if (p / "module.yml").is_file())
    assert modules, "the course has no modules to fuzz"
    out = []
    for module in modules:
        (tmp_path / module.name).mkdir()
        course = one_module_course(tmp_path / module.name, module)
        assert run_check(course.root)[0] == 0, f"{module.name} alone does not pass asit check"
        out.append(course)
    return out


def run_check(root: Path) -> tuple[int, str, float]:
    """``asit check`` in process: exit status, what it printed to stderr, CPU seconds."""
    err = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(["--root", str(root), "check"])
    return status, err.getvalue(), time.process_time() - start


def assert_clear(status: int, err: str, case: str) -> None:
    assert status in (0, 2), f"{case}: exit {status}\n{err}"
    if status == 2:
        lines = err.rstrip("\n").split("\n")
        assert re.fullmatch(r"\d+ error\(s\); nothing was written\.", lines[-1]), f"{case}: {err}"
        assert lines[:-1], f"{case}: exit 2 without an error"
        for line in lines[:-1]:
            assert ERROR_LINE.match(line), f"{case}: not a file:line message: {line!r}"
        assert "Traceback" not in err, f"{case}: {err}"


@pytest.mark.parametrize("part", range(PARTS))
def test_mutated_content_always_ends_in_a_clear_check(courses: list[OneModuleCourse], part: int) -> None:
    seed = SEED + 1000 * part
    rng = random.Random(seed)
    cases = range(part, CASES, PARTS)  # case numbers part, part + PARTS, ...
    families: Counter[str] = Counter()
    exits: Counter[int] = Counter()
    slowest = (0.0, "")
    cpu_total = 0.0
    for number in cases:
        course = rng.choice(courses)
        target = rng.choice(course.files)
        original = target.read_bytes()
        family, mutated = mutate(original.decode("utf-8"), rng)
        case = f"case {number} (seed {seed}): {family} of {target.relative_to(course.root)}"
        target.write_bytes(mutated)
        try:
            status, err, cpu = run_check(course.root)
        except BaseException:
            pytest.fail(f"{case} raised:\n{traceback.format_exc()[-4000:]}")
        finally:
            target.write_bytes(original)
        assert_clear(status, err, case)
        assert cpu < CPU_LIMIT, f"{case}: {cpu:.2f} s of CPU"
        families[family.split("+")[0]] += 1
        exits[status] += 1
        cpu_total += cpu
        slowest = max(slowest, (cpu, case))
    count = len(cases)
    print(
        f"\nfuzz part {part + 1} of {PARTS}: {count} of {CASES} cases, seed {seed}, exits {dict(sorted(exits.items()))}"
    )
    print(f"fuzz: CPU per case: mean {cpu_total / count * 1000:.1f} ms, max {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    print("fuzz: families " + ", ".join(f"{k} {v}" for k, v in sorted(families.items())))
    assert exits[2] > count // 2, "most mutations should be errors: is the mutator reaching the check?"


@pytest.mark.slow
def test_mutated_content_through_the_command_line(courses: list[OneModuleCourse]) -> None:
    """A sample through the real ``asit`` process: no traceback reaches the terminal."""
    rng = random.Random(SEED + 1)
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    worst = 0.0
    for number in range(40):
        course = rng.choice(courses)
        target = rng.choice(course.files)
        original = target.read_bytes()
        family, mutated = mutate(original.decode("utf-8"), rng)
        case = f"cli case {number}: {family} of {target.relative_to(course.root)}"
        target.write_bytes(mutated)
        try:
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "asit.cli", "--root", str(course.root), "check"],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            worst = max(worst, time.perf_counter() - start)
        finally:
            target.write_bytes(original)
        assert "Traceback" not in result.stderr, f"{case}: {result.stderr}"
        assert_clear(result.returncode, result.stderr, case)
    print(f"\nfuzz through the CLI: 40 cases, slowest {worst:.2f} s wall (process start included)")
