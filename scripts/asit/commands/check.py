"""``asit check``, ``asit stats`` and ``asit schema``: what an author runs while writing."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from ..loader import load_or_raise
from ..output import logger_for
from ..schema import schemas
from ..stats import course_stats, format_stats
from ..write import write_files

log = logger_for(__name__)


def register(sub: Any) -> None:
    check = sub.add_parser("check", help="validate every content file; exit 2 with all errors")
    check.set_defaults(handler=run_check)
    stats = sub.add_parser("stats", help="print per-module figures: words, questions, kinds, branches")
    stats.add_argument("--strict", action="store_true", help="exit 1 when a module is short of the bar")
    stats.set_defaults(handler=run_stats)
    schema = sub.add_parser("schema", help="write a JSON Schema per YAML kind (for editors)")
    schema.add_argument(
        "--out",
        default="_build/schema",
        help="folder to write the three *.schema.json files into; nothing else in it is touched (default: %(default)s)",
    )
    schema.set_defaults(handler=run_schema)


def run_check(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    course = load_or_raise(args.root)
    log.debug("loaded and validated in %.2f s", time.perf_counter() - start)
    questions = 0
    for folder in course.modules:
        stages = [s for item in folder.scenarios for s in item.scenario.stages]
        if folder.assessment:
            stages += folder.assessment.assessment.stages
        questions += sum(len(s.questions) for s in stages)
    log.info("ok: %d modules, %d questions, no errors", len(course.modules), questions)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    stats = course_stats(load_or_raise(args.root))
    log.info("%s", format_stats(stats))
    return 1 if args.strict and any(m.shortfalls() for m in stats) else 0


def run_schema(args: argparse.Namespace) -> int:
    out = args.root / args.out
    files = {
        f"{name}.schema.json": json.dumps(body, indent=2, sort_keys=True) + "\n" for name, body in schemas().items()
    }
    for path in write_files(out, files):
        log.info("%s", path)
    return 0
