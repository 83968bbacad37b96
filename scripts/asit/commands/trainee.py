"""``asit trainee-config``: give a trainee's Jupyter the course's nbgrader settings.

Run once per trainee account (it writes ``~/.jupyter``), or once for every user of a
server or hub image with ``--config-dir /etc/jupyter`` (or the environment's
``etc/jupyter``). Afterwards ``nbgrader fetch_assignment 00-foundations --course asit-thb``
and Lab's *Nbgrader → Assignment List* work, and the instructors' tools are hidden.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import Any

from ..errors import ContentError, InvalidContentError
from ..jupyter_setup.trainee import ConfigFileError, TraineeSettings, write_trainee_config
from ..loader import load_config

EXCHANGE_ENV = "ASIT_EXCHANGE_DIR"  # the same variable as assessments/nbgrader_config.py reads


def register(sub: Any) -> None:
    trainee = sub.add_parser(
        "trainee-config",
        help="write a trainee's Jupyter config: the exchange, the course id, no instructor tools",
    )
    trainee.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help="the Jupyter config folder to write (default: this user's, ~/.jupyter or $JUPYTER_CONFIG_DIR); "
        "/etc/jupyter for every user of the machine",
    )
    trainee.add_argument(
        "--exchange",
        type=Path,
        default=None,
        help=f"the nbgrader exchange folder (default: ${EXCHANGE_ENV}, else the course's assessments/exchange)",
    )
    trainee.add_argument(
        "--keep-instructor-tools",
        action="store_true",
        help="leave Formgrader, Create Assignment and Course List visible (one person trying both roles)",
    )
    trainee.set_defaults(handler=run_trainee_config)


def default_config_dir() -> Path:
    from jupyter_core.paths import jupyter_config_dir

    return Path(jupyter_config_dir())


def ensure_exchange(exchange: Path) -> bool:
    """Create a missing exchange as nbgrader does (everyone may write, only owners delete); False if
    it cannot be made."""
    if exchange.is_dir():
        return True
    try:
        exchange.mkdir(parents=True)
        exchange.chmod(0o777 | stat.S_ISVTX)
    except OSError as exc:
        print(f"error: cannot create the exchange folder {exchange}: {exc}", file=sys.stderr)
        return False
    print(f"Created the exchange folder {exchange} (writable by every user).")
    return True


def run_trainee_config(args: argparse.Namespace) -> int:
    errors: list[ContentError] = []
    _config, settings = load_config(args.root, errors)
    if errors:
        raise InvalidContentError(errors)
    exchange = args.exchange or (Path(os.environ[EXCHANGE_ENV]) if os.environ.get(EXCHANGE_ENV) else None)
    exchange = (exchange or args.root / settings.nbgrader_course_dir / "exchange").resolve()
    if not ensure_exchange(exchange):
        return 1
    config_dir = (args.config_dir or default_config_dir()).resolve()
    trainee = TraineeSettings(exchange, settings.course_id, hide_instructor_tools=not args.keep_instructor_tools)
    try:
        written = write_trainee_config(config_dir, trainee)
    except ConfigFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    tools = "visible" if args.keep_instructor_tools else "hidden"
    print(f"Course {trainee.course_id}, exchange {exchange}; instructor tools {tools}. Restart Jupyter to apply.")
    return 0
