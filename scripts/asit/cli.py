"""The ``asit`` command: one subcommand per job, each in its own module.

Exit status: 0 done, 2 content errors (every one printed, nothing written), 1 any other failure.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ContentErrors
from .startup import skip_slow_optional_imports

# Each module named here defines ``register(subparsers)``; the order is the help's order.
COMMAND_MODULES = (
    "asit.commands.check",
    "asit.commands.build",
    "asit.commands.bench",
    "asit.commands.report",
    "asit.commands.practice",
    "asit.commands.grading",
    "asit.commands.trainee",
    "asit.commands.classroom",
)

Handler = Callable[[argparse.Namespace], int]


def find_root(start: Path) -> Path:
    """The course root: the nearest folder upwards holding both _config.yml and modules/."""
    for folder in (start, *start.parents):
        if (folder / "_config.yml").is_file() and (folder / "modules").is_dir():
            return folder
    return start


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asit", description="Check, build and grade the ASIT THB course.")
    parser.add_argument("--root", type=Path, default=None, help="the course folder (default: found upwards from here)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    skip_slow_optional_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    handler: Handler = args.handler
    try:
        return handler(args)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing was written.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the last good output is kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
