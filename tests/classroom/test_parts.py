"""The classroom's parts that need no hub: its settings file, ports, process ids, hub config."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import pytest

from asit.classroom.hubconfig import render
from asit.classroom.layout import Layout
from asit.classroom.lifecycle import ClassroomError, check_ports
from asit.classroom.processes import alive, free_port, port_free, stop_pid
from asit.classroom.state import ClassroomState, StateError, load_state, save_state


def test_the_settings_file_round_trips_and_bad_ones_name_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "classroom.json"
    state = ClassroomState("asit-thb", ["asit-t001"], ["asit-i01"], 8000, 8001, 8002, 8003)
    save_state(path, state)
    assert load_state(path) == state
    data = json.loads(path.read_text())
    data["pg_port"] = "5432"
    path.write_text(json.dumps(data))
    with pytest.raises(StateError, match=r"classroom\.json: field pg_port must be a port number"):
        load_state(path)
    path.write_text("{")
    with pytest.raises(StateError, match=r"classroom\.json: not readable as JSON"):
        load_state(path)


def test_a_taken_port_is_named_and_nothing_starts(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert not port_free(taken)
        state = ClassroomState(
            "asit-thb",
            hub_port=taken,
            hub_api_port=free_port({taken}),
            proxy_api_port=free_port({taken}),
            pg_port=free_port({taken}),
        )
        with pytest.raises(ClassroomError, match=rf"the hub's public port \(--port\) {taken}"):
            check_ports(layout, state)


def test_a_process_is_stopped_only_when_its_command_line_matches() -> None:
    process = subprocess.Popen(["sleep", "60"])
    try:
        deadline = time.monotonic() + 10
        while not alive(process.pid, "sleep") and time.monotonic() < deadline:
            time.sleep(0.05)  # until the child has started the program
        assert not stop_pid(process.pid, "jupyterhub")  # a reused pid of another program is left alone
        assert alive(process.pid, "sleep")
        assert stop_pid(process.pid, "sleep", timeout=5)
        process.wait(timeout=5)
    finally:
        process.kill()
        process.wait()


def test_the_hub_config_listens_on_loopback_and_holds_no_secret(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    state = ClassroomState("asit-thb", ["asit-t001"], ["asit-i01"], 8000, 8001, 8002, 8003)
    text = render(layout, state, Path("/opt/scripts"), "/usr/bin/configurable-http-proxy", Path("/opt/bin"))
    compile(text, "jupyterhub_config.py", "exec")
    assert 'c.JupyterHub.ip = "127.0.0.1"' in text.replace("'", '"')
    assert 'c.JupyterHub.hub_ip = "127.0.0.1"' in text.replace("'", '"')
    assert "read_text()" in text and "token_hex" not in text  # secrets are read from root-only files


def test_a_click_is_retried_while_the_proxy_has_no_route_but_not_on_an_apis_404() -> None:
    """Just after a restart the proxy sends what it cannot route yet to the hub's 404 page; a
    trainee's click is tried again. An API's own 404 (JSON) is an answer, not retried."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asit.classroom.client import RequestError, call
    from asit.classroom.drive import retrying

    calls = {"routed": 0, "missing": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = "routed" if self.path.startswith("/routed") else "missing"
            calls[name] += 1
            if name == "routed" and calls[name] <= 2:
                self._send(404, "text/html", b"<!DOCTYPE HTML><title>JupyterHub</title>404")
            elif name == "routed":
                self._send(200, "application/json", b'{"ok": true}')
            else:
                self._send(404, "application/json", b'{"status": 404, "message": "no such user"}')

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None: ...

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert retrying(lambda: call(f"{base}/routed", "t"), "a click", pause=0.01) == {"ok": True}
        assert calls["routed"] == 3
        with pytest.raises(RequestError) as refused:
            retrying(lambda: call(f"{base}/missing", "t"), "a click", pause=0.01)
        assert refused.value.status == 404 and not refused.value.no_route and calls["missing"] == 1
    finally:
        server.shutdown()
        server.server_close()
