"""``up`` and ``down``: start every part of the classroom that is not running, stop them all.

``up`` is safe to run again: accounts, the exchange, the course copy, the gradebook and the
hub's database are kept, and only the processes that are not running are started (so after a
hub, proxy or database failure, ``up`` is the one command that brings the classroom back).
"""

from __future__ import annotations

import grp
import os
import secrets
import shutil
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..jupyter_setup.trainee import TraineeSettings, write_trainee_config
from . import postgres
from .accounts import chown_tree, ensure_group, ensure_user
from .course_copy import ensure_course_copy
from .hubconfig import render
from .layout import INSTRUCTORS_GROUP, TRAINEES_GROUP, Layout, instructor_name, trainee_name
from .processes import LOOPBACK, free_port, port_free, recorded_alive, stop_pid, wait_listening
from .runtime import ensure_runtime
from .state import ClassroomState, load_state, save_state

HUB_EXPECT = "jupyterhub"
PROXY_EXPECT = "configurable-http-proxy"
SERVER_EXPECT = "singleuser"
HUB_START_TIMEOUT = 120.0


class ClassroomError(Exception):
    """The classroom cannot start or stop; the message says what to do."""


@dataclass
class UpRequest:
    data: Path
    root: Path  # the course folder copied for the instructors
    trainees: int | None = None
    instructors: int | None = None
    port: int | None = None


@dataclass
class UpReport:
    state: ClassroomState
    started: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.state.hub_port}/"


def require_root() -> None:
    if os.geteuid() != 0:
        raise ClassroomError("asit classroom makes local accounts and runs servers as them: run it as root")


def proxy_command(root: Path) -> str:
    local = root / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise ClassroomError(
        f"configurable-http-proxy not found in {local.parent} or on PATH: run scripts/setup.sh (npm ci)"
    )


def scripts_dir() -> Path:
    """The folder holding the ``asit`` package, put on the path of the hub and every server."""
    return Path(__file__).resolve().parents[2]


def check_traversable(folder: Path) -> None:
    """Every user must reach its home and the exchange: each parent must let others pass."""
    for parent in folder.resolve().parents:
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            raise ClassroomError(
                f"{parent} does not let other users pass (chmod o+x), so the classroom's "
                f"users cannot reach {folder}; choose a data folder under /srv or /tmp"
            )


def plan_state(request: UpRequest, course_id: str) -> ClassroomState:
    layout = Layout(request.data)
    state = load_state(layout.state_file) or ClassroomState(course_id=course_id)
    trainees = request.trainees if request.trainees is not None else (len(state.trainees) or 30)
    instructors = request.instructors if request.instructors is not None else (len(state.instructors) or 2)
    if trainees < 1 or instructors < 1:
        raise ClassroomError("--trainees and --instructors must be at least 1")
    # Existing accounts are kept (their work is in the classroom); more can be added.
    state.trainees = sorted(set(state.trainees) | {trainee_name(i) for i in range(1, trainees + 1)})
    state.instructors = sorted(set(state.instructors) | {instructor_name(i) for i in range(1, instructors + 1)})
    if request.port is not None:
        state.hub_port = request.port
    taken: set[int] = set()
    for name in ("hub_port", "hub_api_port", "proxy_api_port", "pg_port"):
        if not getattr(state, name):
            setattr(state, name, free_port(taken))
        taken.add(getattr(state, name))
    if len(taken) != 4:
        raise ClassroomError(f"the classroom's ports must differ: {sorted(taken)}")
    return state


def check_ports(layout: Layout, state: ClassroomState) -> None:
    """Ports of parts that are not running must be free; say which is taken and by whom to ask."""
    hub_running = recorded_alive(layout.pid_file("hub"), HUB_EXPECT) is not None
    proxy_running = recorded_alive(layout.pid_file("proxy"), PROXY_EXPECT) is not None
    pg_running = postgres.running_pid(layout) is not None
    checks = [
        ("the hub's public port (--port)", state.hub_port, proxy_running),
        ("the proxy's API port", state.proxy_api_port, proxy_running),
        ("the hub's API port", state.hub_api_port, hub_running),
        ("the gradebook's PostgreSQL port", state.pg_port, pg_running),
    ]
    busy = [f"{what} {port}" for what, port, ours in checks if not ours and not port_free(port)]
    if busy:
        raise ClassroomError(
            f"port(s) in use on {LOOPBACK}: {', '.join(busy)}; stop what uses them "
            f"(or edit {layout.state_file}) and run up again"
        )


def prepare_folders(layout: Layout) -> None:
    layout.data.mkdir(parents=True, exist_ok=True)
    check_traversable(layout.data)
    layout.data.chmod(0o755)
    for folder, mode in ((layout.homes, 0o755), (layout.run, 0o700), (layout.logs, 0o700), (layout.hub, 0o700)):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    layout.server_pids.mkdir(exist_ok=True)


def write_secret(path: Path) -> None:
    if not path.exists():
        path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    path.chmod(0o600)


def prepare_exchange(layout: Layout, course_id: str) -> None:
    """nbgrader's shared exchange: the root writable by all with the sticky bit; the course's
    folder owned by the instructors' group (setgid), so any instructor collects any submission."""
    layout.exchange.mkdir(parents=True, exist_ok=True)
    layout.exchange.chmod(0o777 | stat.S_ISVTX)
    course = layout.exchange / course_id
    course.mkdir(exist_ok=True)
    os.chown(course, 0, grp.getgrnam(INSTRUCTORS_GROUP).gr_gid)
    course.chmod(0o2775)


def prepare_accounts(layout: Layout, state: ClassroomState) -> None:
    ensure_group(TRAINEES_GROUP)
    ensure_group(INSTRUCTORS_GROUP)
    for user in state.trainees:
        ensure_user(user, TRAINEES_GROUP, layout.home(user))
        config_dir = layout.home(user) / ".jupyter"
        write_trainee_config(config_dir, TraineeSettings(layout.exchange, state.course_id))
        chown_tree(config_dir, user)
    for user in state.instructors:
        ensure_user(user, INSTRUCTORS_GROUP, layout.home(user))


def write_instructors_env(layout: Layout, state: ClassroomState) -> None:
    folder = layout.instructors_env.parent
    folder.mkdir(exist_ok=True)
    gid = grp.getgrnam(INSTRUCTORS_GROUP).gr_gid
    os.chown(folder, 0, gid)
    folder.chmod(0o750)
    url = postgres.gradebook_url(layout, state.pg_port)
    text = (
        "# The classroom's gradebook and exchange, for instructors: `set -a; . THIS FILE; set +a`\n"
        f"ASIT_GRADEBOOK_URL={url}\nASIT_EXCHANGE_DIR={layout.exchange}\n"
    )
    layout.instructors_env.write_text(text, encoding="utf-8")
    os.chown(layout.instructors_env, 0, gid)
    layout.instructors_env.chmod(0o640)


def hub_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ")}
    env["PATH"] = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    env["PYTHONPATH"] = str(scripts_dir())
    return env


def hub_answers(state: ClassroomState) -> bool:
    try:
        with urllib.request.urlopen(f"http://{LOOPBACK}:{state.hub_port}/hub/api/", timeout=5) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def start_hub(layout: Layout, state: ClassroomState) -> int:
    log_path = layout.logs / "jupyterhub.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(layout.hub_config)],
            cwd=layout.hub,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=hub_environment(),
            start_new_session=True,
        )
    layout.pid_file("hub").write_text(f"{process.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + HUB_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise ClassroomError(f"JupyterHub stopped at start (exit {process.returncode}); end of {log_path}:\n{tail}")
        if hub_answers(state):
            return process.pid
        time.sleep(0.5)
    raise ClassroomError(
        f"JupyterHub did not answer on port {state.hub_port} within {HUB_START_TIMEOUT:.0f} s; see {log_path}"
    )


def up(request: UpRequest, course_id: str) -> UpReport:
    require_root()
    layout = Layout(request.data.resolve())
    chp = proxy_command(request.root)
    state = plan_state(
        UpRequest(layout.data, request.root, request.trainees, request.instructors, request.port), course_id
    )
    prepare_folders(layout)
    check_ports(layout, state)
    save_state(layout.state_file, state)
    layout.state_file.chmod(0o600)
    report = UpReport(state)
    prepare_accounts(layout, state)
    prepare_exchange(layout, state.course_id)
    if ensure_course_copy(layout, request.root):
        report.started.append(f"course copy for instructors in {layout.course}")
    if postgres.ensure_cluster(layout):
        report.started.append(f"PostgreSQL cluster in {layout.pgdata}")
    if postgres.running_pid(layout) is None:
        pid = postgres.start(layout, state.pg_port)
        report.started.append(f"PostgreSQL (pid {pid}) on {LOOPBACK}:{state.pg_port}")
    else:
        report.kept.append(f"PostgreSQL (pid {postgres.running_pid(layout)})")
    postgres.ensure_database(layout, state.pg_port)
    write_instructors_env(layout, state)
    for secret in (layout.password_file, layout.service_token_file, layout.proxy_token_file):
        write_secret(secret)
    bin_dir = ensure_runtime(layout)
    layout.hub_config.write_text(render(layout, state, scripts_dir(), chp, bin_dir), encoding="utf-8")
    layout.hub_config.chmod(0o600)
    hub_pid = recorded_alive(layout.pid_file("hub"), HUB_EXPECT)
    if hub_pid is None:
        hub_pid = start_hub(layout, state)
        report.started.append(f"JupyterHub (pid {hub_pid}) and its proxy")
    else:
        if not wait_listening(state.hub_port, 10):
            raise ClassroomError(
                f"JupyterHub (pid {hub_pid}) runs but its proxy does not answer on {state.hub_port}; run down, then up"
            )
        report.kept.append(f"JupyterHub (pid {hub_pid})")
    return report


@dataclass
class DownReport:
    stopped: list[str] = field(default_factory=list)


def down(data: Path) -> DownReport:
    """Stop, by recorded pid, the users' servers, the hub, the proxy and the database."""
    require_root()
    layout = Layout(data.resolve())
    if not layout.state_file.exists():
        raise ClassroomError(f"no classroom in {layout.data} (no {layout.state_file.name})")
    report = DownReport()
    if layout.server_pids.is_dir():
        for pid_file in sorted(layout.server_pids.glob("*.pid")):
            pid = recorded_alive(pid_file, SERVER_EXPECT)
            if pid is not None and stop_pid(pid, SERVER_EXPECT):
                report.stopped.append(f"server of {pid_file.stem} (pid {pid})")
            pid_file.unlink(missing_ok=True)
    for name, expect in (("hub", HUB_EXPECT), ("proxy", PROXY_EXPECT)):
        pid = recorded_alive(layout.pid_file(name), expect)
        if pid is not None and stop_pid(pid, expect):
            report.stopped.append(f"{name} (pid {pid})")
        layout.pid_file(name).unlink(missing_ok=True)
    pg_pid = postgres.running_pid(layout)
    if pg_pid is not None and postgres.stop(layout):
        report.stopped.append(f"PostgreSQL (pid {pg_pid})")
    return report
