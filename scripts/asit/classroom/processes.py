"""Process ids and ports: the classroom stops exactly the processes it started.

Every process is recorded in a pid file under the data folder with a word its command
line must contain, so a pid reused by an unrelated program after a reboot is never signalled.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

LOOPBACK = "127.0.0.1"


def port_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port and it can be bound."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port(avoid: set[int] | None = None) -> int:
    """A port the kernel says is free now (not one of ``avoid``)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = int(sock.getsockname()[1])
        if port not in (avoid or set()):
            return port


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((LOOPBACK, port)) == 0


def wait_listening(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if listening(port):
            return True
        time.sleep(0.2)
    return False


def read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").split()
    except OSError:
        return None
    return int(text[0]) if text and text[0].isdigit() else None


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int, expect: str) -> bool:
    """The process exists, is not a zombie and its command line contains ``expect``."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    if status.rsplit(")", 1)[-1].split()[0] == "Z":
        return False
    return expect in command_line(pid)


def recorded_alive(path: Path, expect: str) -> int | None:
    """The pid recorded in ``path`` if that process still runs, else None."""
    pid = read_pid(path)
    return pid if pid is not None and alive(pid, expect) else None


def stop_pid(pid: int, expect: str, timeout: float = 15.0) -> bool:
    """SIGTERM, then SIGKILL after ``timeout``; False when it was not running (or not ours)."""
    if not alive(pid, expect):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid, expect):
            return True
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    while alive(pid, expect):
        time.sleep(0.1)
    return True


def rss_kib(pid: int) -> int:
    """Resident memory of one process, in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
