"""Rules written once: the kind hints live in ``asit.hints`` and points are rounded for display in
``asit.points`` (and its mirror in ``asit-scoring.js``) only.

A scan of the package's sources (Python, JavaScript, templates): a hint's words or a two-decimal
rounding found anywhere else is a second copy of the rule, which drifts.
"""

from __future__ import annotations

import re

from asit.hints import GRADED_TEXT_HINT, KIND_HINTS
from conftest import REPO

PACKAGE = REPO / "scripts" / "asit"
SUFFIXES = {".py", ".js", ".html", ".j2", ".jinja", ".md"}
# Two-decimal rounding or fixed-point formatting: round(x, 2), f"{x:.2f}", x.toFixed(2), Jinja's
# round(2); a line that formats seconds ("%.2f s") is not about points.
ROUNDING = re.compile(r"round\(.*,\s*2\)|:\.2f\}|toFixed\(|\|\s*round\(2\)|%\.2f")
SECONDS = re.compile(r"(%\.2f|:\.2f\}) s\b")


def sources() -> dict[str, str]:
    return {
        path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts
    }


def test_the_hints_are_written_once() -> None:
    texts = [*KIND_HINTS.values(), GRADED_TEXT_HINT]
    copies = sorted(
        f"{name}: {text!r}" for name, body in sources().items() if name != "hints.py" for text in texts if text in body
    )
    assert copies == []


def test_points_are_rounded_for_display_in_one_place() -> None:
    found = sources()
    assert all(ROUNDING.search(s) for s in ("f'{x:.2f}'", "round(float(v), 2)", "n.toFixed(2)", "{{ v | round(2) }}"))
    assert SECONDS.search('f"{each:.2f} s"') and not SECONDS.search('f"{score:.2f} of 3"')
    copies = sorted(
        f"{name}:{number}: {line.strip()}"
        for name, body in found.items()
        for number, line in enumerate(body.splitlines(), start=1)
        if ROUNDING.search(line) and not SECONDS.search(line)
    )
    assert copies == []
    assert "def points_number" in found["points.py"] and "function pointsNumber" in found["static/asit-scoring.js"]
