"""One way to return feedback after manual grading, said the same by the docs, the hints and the CLI."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from asit.cli import build_parser
from asit.commands import grading

REPO = Path(__file__).resolve().parents[2]
STEP = "asit feedback 01-slovakia --release"


def test_the_instructors_page_returns_feedback_with_asit_feedback() -> None:
    page = (REPO / "book" / "instructors.md").read_text(encoding="utf-8")
    start = page.index("### 6. Return feedback")
    following = re.search(r"\n#{2,3} ", page[start + 1 :])
    step6 = page[start : start + 1 + following.start()] if following else page[start:]
    assert STEP in step6
    commands = re.findall(r"```bash\n(.*?)```", step6, re.S)
    assert commands and "generate_feedback" not in commands[0] and "release_feedback" not in commands[0]
    assert "never skips" in step6
    step5 = page[page.index("### 5. Grade text answers") : page.index("### 6. Return feedback")]
    assert STEP in step5


def test_asit_grade_hints_name_asit_feedback() -> None:
    source = inspect.getsource(grading.run_grade) + inspect.getsource(grading.register)
    assert "asit feedback {assignment} --release" in source
    assert "generate_feedback" not in source


def test_the_command_is_registered() -> None:
    args = build_parser().parse_args(["feedback", "01-sample", "--release", "--student", "a", "--student", "b"])
    assert (args.assignment, args.release, args.student) == ("01-sample", True, ["a", "b"])
