"""The hub's spawner: each user's Jupyter runs as that real user (LocalProcessSpawner), with
the role's setup: instructors start in the course's nbgrader folder with the gradebook's URL;
trainees start in their home, whose Jupyter config hides the instructors' tools. Every
server's pid is recorded under the data folder so ``asit classroom down`` can stop it."""

from __future__ import annotations

import grp
import os
from pathlib import Path
from typing import Any

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from .layout import INSTRUCTORS_GROUP, Layout


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def is_instructor(user: str) -> bool:
    try:
        return user in grp.getgrnam(INSTRUCTORS_GROUP).gr_mem
    except KeyError:
        return False


class ClassroomSpawner(LocalProcessSpawner):  # type: ignore[misc]
    data_dir = Unicode(help="the classroom's data folder").tag(config=True)

    @property
    def layout(self) -> Layout:
        return Layout(Path(self.data_dir))

    def get_env(self) -> dict[str, str]:
        env: dict[str, str] = super().get_env()
        env["ASIT_EXCHANGE_DIR"] = str(self.layout.exchange)
        if is_instructor(self.user.name):
            env.update(read_env_file(self.layout.instructors_env))
        return env

    def make_preexec_fn(self, name: str) -> Any:
        """As the user, then in the server's folder: formgrader reads nbgrader_config.py from there."""
        as_user = super().make_preexec_fn(name)
        folder = self.notebook_dir

        def preexec() -> None:
            as_user()
            os.chdir(folder)

        return preexec

    async def start(self) -> Any:
        if is_instructor(self.user.name):
            self.notebook_dir = str(self.layout.course / "assessments")
        else:
            self.notebook_dir = str(self.layout.home(self.user.name))
        url = await super().start()
        folder = self.layout.server_pids
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{self.user.name}.pid").write_text(f"{self.pid}\n", encoding="utf-8")
        return url

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        (self.layout.server_pids / f"{self.user.name}.pid").unlink(missing_ok=True)
