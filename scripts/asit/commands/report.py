"""``asit report ASSIGNMENT``: the cohort report of a graded assessment, for instructors."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..write import write_tree

REPORTS_DIR = "reports"


def register(sub: Any) -> None:
    report = sub.add_parser(
        "report",
        help="write the cohort report of a graded assignment: item analysis page and CSV files",
        description="Read the assignment's grades from the nbgrader gradebook and the trainees' answers files; "
        "write <course dir>/reports/ASSIGNMENT/index.html, questions.csv, options.csv and trainees.csv.",
    )
    report.add_argument("assignment", metavar="ASSIGNMENT", help="a module folder name, e.g. 01-slovakia")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    # Imported here: nbgrader and SQLAlchemy are slow to import and only this command needs them.
    from ..report.collect import ReportError, collect
    from ..report.csv_files import csv_files
    from ..report.html import render_html
    from ..report.stats import analyse

    try:
        cohort = collect(args.root, args.assignment)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    assessment = cohort.assessment
    report = analyse(
        assessment.id, assessment.title, assessment.questions, cohort.records, cohort.notes, cohort.settings
    )
    folder = cohort.course_dir / REPORTS_DIR / assessment.id
    write_tree(folder, {"index.html": render_html(report), **csv_files(report)})
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    flagged = ", ".join(f"{i.question} ({'; '.join(i.flags)})" for i in report.flagged) or "none"
    count = len(report.trainees)
    print(f"{assessment.id}: {count} graded submission{'' if count == 1 else 's'}; questions flagged: {flagged}")
    print(f"report written to {folder / 'index.html'} (and questions.csv, options.csv, trainees.csv)")
    return 0
