"""Run a command as one of the classroom's users, as that user would in a terminal on the hub:
their own uid and groups (``runuser``), their home, the course's commands on the path and,
for instructors, the classroom's settings read from the file their group may read."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .layout import Layout
from .lifecycle import scripts_dir

SOURCE_ENV = 'set -a; . "$0"; set +a; exec "$@"'


def as_user(
    layout: Layout,
    bin_dir: Path,
    user: str,
    argv: list[str],
    cwd: Path | None = None,
    instructor_env: bool = False,
    timeout: float = 900.0,
) -> subprocess.CompletedProcess[str]:
    env = [
        f"HOME={layout.home(user)}",
        f"USER={user}",
        f"PATH={bin_dir}:/usr/local/bin:/usr/bin:/bin",
        f"PYTHONPATH={scripts_dir()}",
        f"ASIT_EXCHANGE_DIR={layout.exchange}",
        "LANG=C.UTF-8",
    ]
    command = ["runuser", "-u", user, "--", "env", "-i", *env]
    if instructor_env:
        command += ["sh", "-c", SOURCE_ENV, str(layout.instructors_env)]
    return subprocess.run(
        [*command, *argv], cwd=cwd or layout.home(user), capture_output=True, text=True, timeout=timeout, check=False
    )


def users_bin(layout: Layout) -> Path:
    """The bin folder ``up`` chose for the users (the runtime under the data folder, or the course's)."""
    runtime = layout.data / "runtime" / "bin"
    if runtime.exists():
        return runtime
    import sys

    return Path(sys.executable).parent
