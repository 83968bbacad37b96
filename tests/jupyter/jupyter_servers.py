"""Real Jupyter servers for the browser tests: each on a free port of 127.0.0.1, with its own
HOME and config folders, started and stopped by process id."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def person_env(home: Path) -> dict[str, str]:
    """The environment of one person: their own HOME and Jupyter folders, the worktree's asit;
    their user name (nbgrader's student id) is the home folder's name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER") and k != "NBGRADER_EXECUTION"}
    env.update(
        HOME=str(home),
        USER=home.name,
        LOGNAME=home.name,
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / ".local" / "share" / "jupyter" / "runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        PYTHONPATH=str(REPO / "scripts"),
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


@dataclass
class Server:
    """A running Jupyter server (``lab`` or ``notebook``) and how to reach it."""

    process: subprocess.Popen[bytes]
    url: str  # http://127.0.0.1:PORT/
    token: str
    root: Path
    log: Path

    def at(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path.lstrip('/')}{sep}token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start(app: str, root: Path, home: Path, log: Path) -> Server:
    """Start ``jupyter lab`` or ``jupyter notebook`` serving ``root`` as the person whose home is ``home``."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(BIN / "jupyter"),
        app,
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("wb") as handle:  # the server keeps its own copy of the descriptor
        process = subprocess.Popen(command, cwd=root, env=person_env(home), stdout=handle, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}/", token, root, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter {app} stopped at start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(server.at("api/status"), timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"jupyter {app} did not answer in 90 s:\n{log.read_text(errors='replace')[-3000:]}")


def api(server: Server, path: str) -> Any:
    """What the server's REST API answers at ``path`` (e.g. ``api/kernels``)."""
    with urllib.request.urlopen(server.at(path), timeout=10) as response:
        return json.loads(response.read())


def wait_idle(server: Server, timeout: float = 300) -> None:
    """Wait until the server has a notebook kernel and every kernel is idle (asked of its REST API)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernels = api(server, "api/kernels")
        if kernels and all(k.get("execution_state") == "idle" for k in kernels):
            return
        time.sleep(0.5)
    raise AssertionError(f"no idle kernel after {timeout} s")


def kernel_started_for(server: Server, notebook: str) -> bool:
    """Whether the server runs a kernel for the notebook whose path ends with ``notebook``."""
    return any(str(s.get("path", "")).endswith(notebook) and s.get("kernel") for s in api(server, "api/sessions"))
