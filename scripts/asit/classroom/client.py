"""The classroom's HTTP clients: the hub's REST API (as the classroom's admin service) and a
trainee's own server (nbgrader's assignment endpoints, Jupyter's contents API), as that trainee.

Used by the load test and the benchmark to act as many trainees at once, exactly as Lab's
*Assignment List* does: the same endpoints, the same order.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from .layout import Layout
from .processes import LOOPBACK
from .state import ClassroomState


class RequestError(Exception):
    """An HTTP request failed; ``status`` is 0 when no answer came at all."""

    def __init__(self, message: str, status: int = 0, no_route: bool = False) -> None:
        super().__init__(message)
        self.status = status
        # A 404 page where an API answers JSON: the proxy had no route for the address yet (it
        # sends what it cannot route to the hub's error page), as just after it restarted.
        self.no_route = no_route


def call(url: str, token: str, method: str = "GET", body: Any = None, timeout: float = 120.0) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:300]
        page = "text/html" in (exc.headers.get("Content-Type") or "")
        raise RequestError(f"{method} {url}: HTTP {exc.code} {detail}", exc.code, exc.code == 404 and page) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise RequestError(f"{method} {url}: no answer ({exc})") from exc
    try:
        return json.loads(text) if text.strip() else None
    except json.JSONDecodeError as exc:
        raise RequestError(f"{method} {url}: the answer is not JSON: {text[:200]!r}") from exc


@dataclass
class Hub:
    """The hub's REST API through the proxy, with the classroom service's token."""

    base: str
    token: str

    @classmethod
    def of(cls, layout: Layout, state: ClassroomState) -> Hub:
        token = layout.service_token_file.read_text(encoding="utf-8").strip()
        return cls(f"http://{LOOPBACK}:{state.hub_port}", token)

    def api(self, path: str, method: str = "GET", body: Any = None) -> Any:
        return call(f"{self.base}/hub/api{path}", self.token, method, body)

    def sign_in(self, name: str, password: str) -> bool:
        """Sign in through the hub's login form, as a person does; True when the hub accepts."""
        import http.cookiejar

        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        with opener.open(f"{self.base}/hub/login", timeout=60) as page:
            page.read()
        xsrf = next((c.value for c in cookies if c.name == "_xsrf"), "")
        form = urllib.parse.urlencode({"username": name, "password": password, "_xsrf": xsrf}).encode()
        try:
            with opener.open(f"{self.base}/hub/login", data=form, timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 403:
                return False
            raise RequestError(f"signing in as {name}: HTTP {exc.code}", exc.code) from exc
        return any(c.name.startswith("jupyterhub-session") for c in cookies)

    def user(self, name: str) -> dict[str, Any]:
        result: dict[str, Any] = self.api(f"/users/{name}")
        return result

    def new_token(self, name: str) -> str:
        result = self.api(f"/users/{name}/tokens", "POST", {"note": "asit classroom load", "expires_in": 3600})
        return str(result["token"])

    def start_server(self, name: str) -> None:
        try:
            self.api(f"/users/{name}/server", "POST", {})
        except RequestError as exc:
            if exc.status != 400 or "already running" not in str(exc):
                raise

    def stop_server(self, name: str) -> None:
        try:
            self.api(f"/users/{name}/server", "DELETE")
        except RequestError as exc:
            if exc.status not in (204, 400):
                raise

    def wait_stopped(self, name: str, timeout: float = 90.0) -> None:
        """Until the hub knows the server is gone (it polls each server every few seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.user(name).get("servers", {}).get("")
            if not server or server.get("stopped"):
                return
            time.sleep(1)
        raise RequestError(f"the hub still lists the server of {name} as running after {timeout:.0f} s")

    def wait_ready(self, name: str, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.user(name).get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server:
                raise RequestError(f"the server of {name} is not starting (see the hub's log)")
            time.sleep(0.5)
        raise RequestError(f"the server of {name} was not ready within {timeout:.0f} s")


@dataclass
class UserServer:
    """One user's Jupyter server, with that user's token."""

    base: str  # http://127.0.0.1:PORT/user/NAME
    token: str

    @classmethod
    def of(cls, hub: Hub, name: str, token: str) -> UserServer:
        return cls(f"{hub.base}/user/{name}", token)

    def call(self, path: str, method: str = "GET", body: Any = None) -> Any:
        return call(self.base + path, self.token, method, body)

    def assignments(self, course_id: str) -> list[dict[str, Any]]:
        result = self.call(f"/assignments?course_id={urllib.parse.quote(course_id)}")
        if not result.get("success"):
            raise RequestError(f"listing assignments failed: {str(result.get('value'))[-300:]}")
        return list(result["value"])

    def _action(self, action: str, course_id: str, assignment: str) -> list[dict[str, Any]]:
        result = self.call(f"/assignments/{action}", "POST", {"course_id": course_id, "assignment_id": assignment})
        if not result.get("success"):
            raise RequestError(f"{action} of {assignment} failed: {str(result.get('value'))[-300:]}")
        return list(result["value"])

    def fetch(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("fetch", course_id, assignment)

    def submit(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("submit", course_id, assignment)

    def fetch_feedback(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("fetch_feedback", course_id, assignment)

    def write_text(self, path: str, text: str) -> None:
        self.call(
            f"/api/contents/{urllib.parse.quote(path)}", "PUT", {"type": "file", "format": "text", "content": text}
        )

    def read_text(self, path: str) -> str:
        result = self.call(f"/api/contents/{urllib.parse.quote(path)}?type=file&format=text")
        return str(result["content"])
