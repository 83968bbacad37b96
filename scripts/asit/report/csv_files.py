"""The report's CSV files: one row per question, per option and per trainee.

Deterministic for diffing and spreadsheets: questions and options in the assessment's order
(its ``position`` column sorts them), trainees by id, fixed decimals, ``\\n`` line ends, and
an empty cell where a measure is not computable (and in ``answered`` for text questions,
whose answers are written in the notebook, not in the answers file).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from . import numbers
from .stats import CohortReport

QUESTION_COLUMNS = (
    "position",
    "question",
    "kind",
    "max_points",
    "graded",
    "answered",
    "mean_score",
    "difficulty",
    "discrimination",
    "point_biserial",
    "flags",
)
OPTION_COLUMNS = ("position", "question", "option", "label", "correct", "chosen", "answered", "share")
TRAINEE_COLUMNS = ("student", "total", "max_total", "percent", "ungraded")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def questions_csv(report: CohortReport) -> str:
    rows = [
        (
            str(i.position),
            i.question,
            i.kind,
            numbers.points(i.max_points),
            str(i.graded),
            "" if i.answered is None else str(i.answered),
            numbers.points(i.mean),
            numbers.measure(i.difficulty),
            numbers.measure(i.discrimination),
            numbers.measure(i.point_biserial),
            "; ".join(i.flags),
        )
        for i in report.items
    ]
    return table(QUESTION_COLUMNS, rows)


def options_csv(report: CohortReport) -> str:
    position = {i.question: i.position for i in report.items}
    rows = [
        (
            str(position[o.question]),
            o.question,
            o.option,
            o.label,
            "1" if o.correct else "0",
            str(o.chosen),
            str(o.answered),
            numbers.measure(o.share),
        )
        for o in report.options
    ]
    return table(OPTION_COLUMNS, rows)


def trainees_csv(report: CohortReport) -> str:
    rows = [
        (t.student, numbers.points(t.total), numbers.points(t.max_total), numbers.percent(t.percent), str(t.ungraded))
        for t in sorted(report.trainees, key=lambda t: t.student)
    ]
    return table(TRAINEE_COLUMNS, rows)


def csv_files(report: CohortReport) -> dict[str, str]:
    return {
        "questions.csv": questions_csv(report),
        "options.csv": options_csv(report),
        "trainees.csv": trainees_csv(report),
    }
