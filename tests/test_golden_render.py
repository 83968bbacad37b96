"""Golden tests: the generated book sources of the fixture course, byte for byte.

After an intended change to rendering, regenerate with
``ASIT_UPDATE_GOLDEN=1 ./scripts/test.sh tests/test_golden_render.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from asit.build import render_all
from asit.loader import load_or_raise

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from conftest import FIXTURE_COURSE, copy_course

    root = copy_course(FIXTURE_COURSE, tmp_path_factory.mktemp("golden") / "course")
    return render_all(load_or_raise(root))


def test_generated_files_match_the_golden_copies(rendered: dict[str, str]) -> None:
    if os.environ.get("ASIT_UPDATE_GOLDEN") == "1":
        for rel, text in rendered.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(rendered) == sorted(golden)
    for rel, text in sorted(rendered.items()):
        assert text == golden[rel], f"{rel} differs from tests/golden/{rel}"


def test_rendering_is_deterministic_and_independent_of_location(rendered: dict[str, str], tmp_path: Path) -> None:
    from conftest import FIXTURE_COURSE, copy_course

    elsewhere = copy_course(FIXTURE_COURSE, tmp_path / "somewhere" / "else")
    assert render_all(load_or_raise(elsewhere)) == rendered
