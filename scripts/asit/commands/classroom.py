"""``asit classroom up|down``: a trial JupyterHub classroom on this machine.

``up`` makes the trainees' and instructors' local accounts, the shared nbgrader exchange,
the instructors' copy of the course, a PostgreSQL gradebook and JupyterHub, all kept under
``--data``; ``down`` stops every process ``up`` started, by its recorded process id.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import ContentError, InvalidContentError
from ..loader import load_config


def register(sub: Any) -> None:
    classroom = sub.add_parser("classroom", help="start or stop a trial JupyterHub classroom on this machine")
    which = classroom.add_subparsers(dest="classroom", required=True, metavar="ACTION")
    up = which.add_parser("up", help="start the classroom (again): accounts, exchange, gradebook, hub")
    up.add_argument("--data", type=Path, required=True, help="the folder holding all of the classroom's data")
    up.add_argument("--trainees", type=int, default=None, metavar="N", help="trainee accounts (first run: 30)")
    up.add_argument("--instructors", type=int, default=None, metavar="M", help="instructor accounts (first run: 2)")
    up.add_argument("--port", type=int, default=None, metavar="P", help="the hub's port on 127.0.0.1 (default: free)")
    up.set_defaults(handler=run_up)
    down = which.add_parser("down", help="stop every process the classroom started")
    down.add_argument("--data", type=Path, required=True, help="the classroom's data folder")
    down.set_defaults(handler=run_down)


def run_up(args: argparse.Namespace) -> int:
    from ..classroom.accounts import AccountError
    from ..classroom.layout import Layout
    from ..classroom.lifecycle import ClassroomError, UpRequest, up
    from ..classroom.postgres import GradebookError
    from ..classroom.runtime import InterpreterError
    from ..classroom.state import StateError

    errors: list[ContentError] = []
    _config, settings = load_config(args.root, errors)
    if errors:
        raise InvalidContentError(errors)
    if args.port is not None and not 1 <= args.port <= 65535:
        print(f"error: --port {args.port} is not a port number", file=sys.stderr)
        return 2
    request = UpRequest(args.data, args.root, args.trainees, args.instructors, args.port)
    try:
        report = up(request, settings.course_id)
    except (ClassroomError, GradebookError, AccountError, StateError, InterpreterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    layout = Layout(args.data.resolve())
    for line in report.started:
        print(f"started: {line}")
    for line in report.kept:
        print(f"already running: {line}")
    state = report.state
    print(f"Classroom {state.course_id} at {report.url}")
    print(
        f"  trainees: {state.trainees[0]} .. {state.trainees[-1]} ({len(state.trainees)}), "
        f"instructors: {', '.join(state.instructors)}"
    )
    print(f"  trial sign-in: any of these names with the password in {layout.password_file}")
    print(f"  instructors' gradebook and exchange settings: {layout.instructors_env}")
    print(f"  stop: asit classroom down --data {args.data}")
    return 0


def run_down(args: argparse.Namespace) -> int:
    from ..classroom.lifecycle import ClassroomError, down
    from ..classroom.postgres import GradebookError

    try:
        report = down(args.data)
    except (ClassroomError, GradebookError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in report.stopped:
        print(f"stopped: {line}")
    print("Classroom stopped; its data stays in", args.data.resolve(), "(run up again to continue)")
    return 0


def run_classroom_bench(args: argparse.Namespace) -> int:
    """``asit bench classroom``: see ``asit.bench.classroom_bench``."""
    import os

    from ..bench.classroom_bench import clashing_accounts, measure, report
    from ..classroom.lifecycle import ClassroomError

    if args.trainees < 1 or args.workers < 1:
        print("error: --trainees and --workers must be at least 1", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("error: the classroom benchmark makes local accounts: run it as root", file=sys.stderr)
        return 1
    clash = clashing_accounts(args.trainees)
    if clash:
        print(
            f"error: accounts of a classroom exist already ({', '.join(clash[:5])}): stop and remove it first",
            file=sys.stderr,
        )
        return 1
    errors: list[ContentError] = []
    _config, settings = load_config(args.root, errors)
    if errors:
        raise InvalidContentError(errors)
    print(f"benchmarking a classroom of {args.trainees} trainees (accounts, hub, PostgreSQL; removed afterwards)")
    try:
        figures = measure(args.root, args.trainees, args.workers, settings.course_id)
    except ClassroomError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report(figures))
    return 1 if figures.failures else 0
