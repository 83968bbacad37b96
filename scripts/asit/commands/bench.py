"""``asit bench``: benchmarks that print their figures side by side with the targets."""

from __future__ import annotations

import argparse
from typing import Any

from ..bench.build_bench import measure, report


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="measure the course's tooling and print the figures")
    which = bench.add_subparsers(dest="bench", required=True, metavar="WHAT")
    build = which.add_parser("build", help="time load+validate, render, a full book build and a no-change rebuild")
    build.add_argument("--repeats", type=int, default=5, help="best of N for the in-process steps")
    build.set_defaults(handler=run_build_bench)


def run_build_bench(args: argparse.Namespace) -> int:
    print(f"benchmarking the build of {args.root}")
    print(report(measure(args.root, args.repeats)))
    return 0
