"""Fixed number formats shared by the report's CSV files and page, so both show the same figures."""

from __future__ import annotations

from ..points import points_fixed

MEASURE_DIGITS = 3  # difficulty, discrimination, correlation, shares
PERCENT_DIGITS = 1
NOT_COMPUTABLE = ""  # how a CSV cell shows a value that cannot be computed


def fixed(value: float | None, digits: int) -> str:
    """``value`` with ``digits`` decimals; never "-0.000"; empty when None."""
    if value is None:
        return NOT_COMPUTABLE
    return f"{round(value, digits) + 0.0:.{digits}f}"


def measure(value: float | None) -> str:
    """A ratio or correlation: three decimals."""
    return fixed(value, MEASURE_DIGITS)


def points(value: float | None) -> str:
    """Points: two decimals, rounded as everywhere else in the course (``asit.points``)."""
    return NOT_COMPUTABLE if value is None else points_fixed(value)


def percent(value: float | None) -> str:
    return fixed(value, PERCENT_DIGITS)
