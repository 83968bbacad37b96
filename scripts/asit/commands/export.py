"""``asit export scorm|moodle``: the course for the systems academies already run.

``scorm`` packs the built book (``_build/html``) as a SCORM 1.2 package, one SCO per module;
``moodle`` writes each graded assessment as a Moodle XML question bank. Both write under
``_build/`` (the Moodle files hold answer keys: for instructors, never for the book).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..loader import load_or_raise
from ..write import write_file

SCORM_DIR = "_build/scorm"
MOODLE_DIR = "_build/moodle"
SITE = "_build/html"


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export",
        help="export the course for an LMS: a SCORM 1.2 package, or Moodle XML question banks",
        description="scorm: pack the built book as a SCORM 1.2 package (one SCO per module) into "
        f"{SCORM_DIR}/; moodle: write each graded assessment as Moodle XML into {MOODLE_DIR}/.",
    )
    export.add_argument("target", choices=("scorm", "moodle"), help="what to export")
    export.add_argument("--out", type=Path, default=None, help="where to write (a .zip for scorm, a folder for moodle)")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    course = load_or_raise(args.root)
    if args.target == "moodle":
        from ..export.moodle import UnsupportedRuleError, moodle_files

        try:
            files = moodle_files(course)
        except UnsupportedRuleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        folder = args.out or args.root / MOODLE_DIR
        for name, text in files.items():  # file by file: a folder given with --out keeps its other files
            write_file(folder / name, text)
            print(f"wrote {folder / name}")
        print(f"{len(files)} question bank(s); they hold the answer keys: share them with instructors only")
        return 0

    from ..export.scorm import SiteMissingError, scorm_package

    try:
        package = scorm_package(course, args.root / SITE)
    except SiteMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = args.out or args.root / SCORM_DIR / f"{course.settings.course_id}-scorm12.zip"
    write_file(out, package)
    print(f"wrote {out} ({len(package) // 1024} KiB): upload it to the LMS as a SCORM 1.2 package")
    return 0
