"""How points read to a person: one rounding rule and one wording, wherever points are shown.

Scores are kept as exact floats (a third stays a third when totals are added up); only
what is shown is rounded: half up to two decimals, so 0.125 shows as 0.13 and 2/3 as
0.67, whole numbers without decimals. The book's player mirrors these functions operation
for operation (``asit/static/asit-scoring.js``), so a score reads the same in the book, in
Jupyter, in nbgrader feedback and in the cohort report.
"""

from __future__ import annotations

import math

# A float a hair below a half (0.285 is stored as 0.28499999...) still counts as the half:
# the tie the author meant wins over the float's last bit.
HALF_TOLERANCE = 1e-9


def hundredths(value: float) -> int:
    """``value`` in hundredths, rounded half up (toward +infinity at exactly a half)."""
    if not math.isfinite(value):
        raise ValueError(f"points must be a finite number, not {value!r}")
    return math.floor(value * 100 + 0.5 + HALF_TOLERANCE)


def round_points(value: float) -> float:
    """``value`` rounded half up to two decimals: 0.125 -> 0.13, 0.124 -> 0.12."""
    return hundredths(value) / 100


def points_number(value: float) -> str:
    """Points as a number to read: "2", "0.5", "0.13", "0.67" (no trailing zeros)."""
    count = hundredths(value)
    sign = "-" if count < 0 else ""
    whole, part = divmod(abs(count), 100)
    if part == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}." + f"{part:02d}".rstrip("0")


def points_fixed(value: float) -> str:
    """Points with exactly two decimals ("2.00", "0.13"), for columns of figures."""
    count = hundredths(value)
    sign = "-" if count < 0 else ""
    whole, part = divmod(abs(count), 100)
    return f"{sign}{whole}.{part:02d}"


def points_phrase(value: float) -> str:
    """Points with their unit: "1 point", "0.5 points", "3 points"."""
    number = points_number(value)
    return f"{number} point" if number == "1" else f"{number} points"
