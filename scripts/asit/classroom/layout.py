"""Where a classroom keeps everything: one data folder, named by the instructor.

Every file the classroom writes lives under that folder (accounts' homes, the exchange, the
instructors' course copy, the hub's database, the PostgreSQL cluster, process ids, logs), so
``up`` after ``down`` finds all of it again and removing the folder removes the classroom.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PREFIX = "asit"
TRAINEES_GROUP = f"{PREFIX}-trainees"
INSTRUCTORS_GROUP = f"{PREFIX}-instructors"
DB_OWNER = f"{PREFIX}-db"  # the system account that owns and runs the PostgreSQL cluster
SERVICE_NAME = f"{PREFIX}-classroom"  # the hub service whose token administers the classroom
DATABASE = "asit"
DB_ROLE = "asit_grader"


def trainee_name(number: int) -> str:
    return f"{PREFIX}-t{number:03d}"


def instructor_name(number: int) -> str:
    return f"{PREFIX}-i{number:02d}"


@dataclass(frozen=True)
class Layout:
    """The paths of one classroom under its data folder."""

    data: Path

    @property
    def state_file(self) -> Path:
        return self.data / "classroom.json"

    @property
    def homes(self) -> Path:
        return self.data / "home"

    def home(self, user: str) -> Path:
        return self.homes / user

    @property
    def exchange(self) -> Path:
        return self.data / "exchange"

    @property
    def course(self) -> Path:
        """The instructors' copy of the course (sources with keys, gradebook config): theirs only."""
        return self.data / "course"

    @property
    def hub(self) -> Path:
        return self.data / "hub"

    @property
    def run(self) -> Path:
        return self.data / "run"

    def pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    @property
    def server_pids(self) -> Path:
        return self.run / "servers"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def gradebook(self) -> Path:
        return self.data / "gradebook"

    @property
    def pgdata(self) -> Path:
        return self.gradebook / "pgdata"

    @property
    def pg_socket_dir(self) -> Path:
        return self.gradebook / "socket"

    @property
    def instructors_env(self) -> Path:
        """The gradebook's URL and the exchange, readable by the instructors' group only."""
        return self.data / "instructors" / "classroom.env"

    @property
    def password_file(self) -> Path:
        """The trial classroom's shared sign-in password (root only)."""
        return self.hub / "password"

    @property
    def service_token_file(self) -> Path:
        return self.hub / "service-token"

    @property
    def proxy_token_file(self) -> Path:
        return self.hub / "proxy-token"

    @property
    def hub_config(self) -> Path:
        return self.hub / "jupyterhub_config.py"
