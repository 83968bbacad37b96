"""The classroom's settings chosen at its first ``up``: accounts and ports, kept in JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..write import write_file


@dataclass
class ClassroomState:
    course_id: str
    trainees: list[str] = field(default_factory=list)
    instructors: list[str] = field(default_factory=list)
    hub_port: int = 0  # the public port (the proxy's)
    hub_api_port: int = 0
    proxy_api_port: int = 0
    pg_port: int = 0

    @property
    def users(self) -> list[str]:
        return [*self.instructors, *self.trainees]


class StateError(Exception):
    """A classroom.json that cannot be read: the message names the file and the field."""


def load_state(path: Path) -> ClassroomState | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StateError(f"{path}: not readable as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise StateError(f"{path}: expected a JSON object")
    try:
        state = ClassroomState(**data)
    except TypeError as exc:
        raise StateError(f"{path}: unexpected or missing field ({exc})") from exc
    for name in ("hub_port", "hub_api_port", "proxy_api_port", "pg_port"):
        if not isinstance(getattr(state, name), int):
            raise StateError(f"{path}: field {name} must be a port number")
    return state


def save_state(path: Path, state: ClassroomState) -> None:
    write_file(path, json.dumps(asdict(state), indent=1, sort_keys=True) + "\n")
