"""``asit bench``: benchmarks that print their figures side by side with the targets."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..loader import load_or_raise


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="measure the course's tooling and print the figures")
    which = bench.add_subparsers(dest="bench", required=True, metavar="WHAT")
    build = which.add_parser("build", help="time load+validate, render, a full book build and a no-change rebuild")
    build.add_argument("--repeats", type=int, default=5, help="best of N for the in-process steps")
    build.set_defaults(handler=run_build_bench)
    grade = which.add_parser(
        "grade",
        help="run one synthetic cohort through nbgrader (autograde, feedback, export) and asit grade; print both",
    )
    grade.add_argument("--students", type=int, default=200, metavar="N", help="submissions in the cohort (200)")
    grade.add_argument(
        "--assessment", metavar="MODULE", help="the module whose assessment is graded (default: the largest)"
    )
    stock = grade.add_mutually_exclusive_group()
    stock.add_argument(
        "--stock-sample",
        type=int,
        metavar="N",
        help="time nbgrader on N submissions and scale to the cohort "
        "(default: every submission up to 200, else a sample of 100)",
    )
    stock.add_argument("--no-stock", action="store_true", help="time asit grade only")
    grade.set_defaults(handler=run_grade_bench)
    classroom = which.add_parser(
        "classroom", help="a real JupyterHub classroom of N trainees: server start, fetch/submit, grading, memory"
    )
    classroom.add_argument("--trainees", type=int, default=30, metavar="N", help="trainees (30)")
    classroom.add_argument("--workers", type=int, default=6, metavar="W", help="requests at a time (6)")
    classroom.set_defaults(handler=run_classroom_bench)


def run_build_bench(args: argparse.Namespace) -> int:
    from ..bench.build_bench import measure, report

    print(f"benchmarking the build of {args.root}")
    print(report(measure(args.root, args.repeats)))
    return 0


def run_grade_bench(args: argparse.Namespace) -> int:
    from ..bench.grade_bench import DEFAULT_SAMPLE, TARGET_STUDENTS, measure_grading, report

    if args.students < 1:
        print("error: --students must be at least 1", file=sys.stderr)
        return 2
    if args.stock_sample is not None and args.stock_sample < 1:
        print("error: --stock-sample must be at least 1 (or use --no-stock)", file=sys.stderr)
        return 2
    sample = args.stock_sample
    if args.no_stock:
        sample = 0
    elif sample is None:
        sample = args.students if args.students <= TARGET_STUDENTS else DEFAULT_SAMPLE
    course = load_or_raise(args.root)
    folders = [f for f in course.modules if f.assessment is not None]
    if args.assessment:
        folders = [f for f in folders if args.assessment in (f.name, f.module.id)]
        if not folders:
            print(f"error: no assessment for {args.assessment}", file=sys.stderr)
            return 2
    if not folders:
        print("error: the course has no graded assessment", file=sys.stderr)
        return 2
    folder = max(folders, key=lambda f: len(f.assessment.assessment.questions) if f.assessment else 0)
    assert folder.assessment is not None
    assessment = folder.assessment.assessment
    print(f"benchmarking grading: {args.students} submissions of {assessment.id}; nbgrader runs first")
    print(report(measure_grading(course, assessment, args.students, stock_sample=sample)))
    return 0


def run_classroom_bench(args: argparse.Namespace) -> int:
    from .classroom import run_classroom_bench as run

    return run(args)
