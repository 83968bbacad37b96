"""Compare what two feedback pages show of the gradebook, figure by figure.

The course's pages print points by the course's one rule (``asit.points``: half up, no
trailing zeros: 0.125 reads 0.13, 13 reads 13), nbgrader's by Python's ``round(x, 2)`` (0.12,
13.0). A figure agrees when both are the same gradebook value shown to two decimals.
"""

from __future__ import annotations

import re
from typing import Any

FIGURE = re.compile(r"-?\d+(\.\d+)?")
SHOWN_PRECISION = 0.005 + 1e-9  # two decimals, rounded either way


def same_figures(ours: Any, theirs: Any) -> bool:
    """``ours`` and ``theirs`` have the same shape, the same words and figures within display rounding."""
    if isinstance(ours, str) and isinstance(theirs, str) and FIGURE.fullmatch(ours) and FIGURE.fullmatch(theirs):
        return abs(float(ours) - float(theirs)) <= SHOWN_PRECISION
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(same_figures(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, (list, tuple)) and isinstance(theirs, (list, tuple)):
        return len(ours) == len(theirs) and all(same_figures(a, b) for a, b in zip(ours, theirs, strict=True))
    return bool(ours == theirs)
