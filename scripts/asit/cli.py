"""The ``asit`` command: one subcommand per job, each in its own module.

Exit status: 0 done, 2 content errors (every one printed, nothing written), 1 any other failure.
Output goes through ``logging`` (``asit.output``): ``--quiet`` keeps only problems, ``--verbose``
adds each step.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import InvalidContentError
from .output import configure
from .startup import skip_slow_optional_imports
from .write import UnsafeOutputError

# Each module named here defines ``register(subparsers)``; the order is the help's order.
COMMAND_MODULES = (
    "asit.commands.check",
    "asit.commands.build",
    "asit.commands.bench",
    "asit.commands.report",
    "asit.commands.practice",
    "asit.commands.grading",
    "asit.commands.feedback",
    "asit.commands.export",
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
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=0, help="print only problems"
    )
    loudness.add_argument(
        "-v", "--verbose", dest="verbosity", action="store_const", const=1, help="also print each step and its time"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    skip_slow_optional_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    log = configure(args.verbosity)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    log.debug("course root: %s", args.root)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidContentError as exc:
        for error in exc.errors:
            log.error("%s", error)
        log.error("%d error(s); nothing was written.", len(exc.errors))
        return 2
    except UnsafeOutputError as exc:
        log.error("error: %s", exc)
        return 1
    except OSError as exc:  # a disk full, a folder not writable: said plainly, not as a traceback
        log.error("error: %s", exc)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted; the last good output is kept.")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
