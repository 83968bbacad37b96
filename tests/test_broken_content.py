"""Each file of the broken corpus gets its exact errors, exit status 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from asit.cli import main

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(CORPUS.glob("*.yml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


def _break(course: Path, case: Path) -> None:
    target = case.read_text(encoding="utf-8").splitlines()[0].removeprefix("# replaces: ").strip()
    assert (course / target).is_file(), f"{case.name} replaces a file the fixture does not have"
    (course / target).write_text(case.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_file_gets_its_exact_errors(case: Path, course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(course_copy, case)
    status = main(["--root", str(course_copy), "check"])
    err = capsys.readouterr().err.splitlines()
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert status == 2
    assert err[:-1] == expected
    assert err[-1].endswith("nothing was written.")


@pytest.mark.parametrize("case", CASES[:5], ids=[c.stem for c in CASES[:5]])
def test_build_of_broken_content_writes_nothing(
    case: Path, course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _break(course_copy, case)
    before = sorted(p.relative_to(course_copy) for p in course_copy.rglob("*"))
    assert main(["--root", str(course_copy), "build"]) == 2
    after = sorted(p.relative_to(course_copy) for p in course_copy.rglob("*"))
    assert after == before
    assert not (course_copy / "_generated").exists()
    assert not (course_copy / "_build").exists()
