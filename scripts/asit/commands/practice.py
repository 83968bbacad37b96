"""``asit notebooks``: one practice notebook per module, in _generated/notebooks/ (or --out).

``asit build`` generates them too (``build.EXTRA_RENDERERS``), so the book offers them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..loader import load_or_raise
from ..notebooks.links import NOTEBOOK_DIR
from ..notebooks.practice import practice_notebooks
from ..output import logger_for
from ..write import write_files

log = logger_for(__name__)


def register(sub: Any) -> None:
    notebooks = sub.add_parser("notebooks", help="write one practice notebook per module (widgets, instant feedback)")
    notebooks.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"folder for the notebooks; nothing else in it is touched (default: {NOTEBOOK_DIR})",
    )
    notebooks.set_defaults(handler=run_notebooks)


def run_notebooks(args: argparse.Namespace) -> int:
    course = load_or_raise(args.root)
    files = practice_notebooks(course)
    out = Path.cwd() / args.out if args.out else args.root / NOTEBOOK_DIR  # a link is refused, not resolved
    prefix = f"{NOTEBOOK_DIR}/"
    for target in write_files(out, {rel.removeprefix(prefix): text for rel, text in files.items()}):
        log.info("%s", target)
    return 0
