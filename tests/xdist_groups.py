"""How pytest-xdist shares the slow tests between its processes (``--dist loadgroup``).

Each process collects the tests and knows which share a set-up made per module, class or
package (``conftest.process_group``); it writes that grouping to a folder the controlling
process named. The controlling process, which collects nothing, schedules with xdist's
``LoadScopeScheduling`` whose unit of work is a group read from there: a group runs whole in
one process, a test in no group goes wherever a process is free. (xdist's own loadgroup
marks a group by renaming the test's id, which pytest 9 no longer allows.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xdist.scheduler import LoadScopeScheduling


def write_groups(folder: Path, worker: str, groups: dict[str, str]) -> None:
    """One process's grouping (test id -> group), written whole so no reader sees half of it."""
    partial = folder / f".{worker}.json"
    partial.write_text(json.dumps(groups, sort_keys=True), encoding="utf-8")
    partial.replace(folder / f"{worker}.json")


def read_groups(folder: Path) -> dict[str, str]:
    """The grouping (every process collected the same tests, which xdist checks)."""
    for path in sorted(folder.glob("*.json")):
        groups: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return groups
    return {}


class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist ships no type information
    """xdist's scope scheduling where a scope is a test's group, or the test itself."""

    def __init__(self, config: Any, log: Any, folder: Path) -> None:
        super().__init__(config, log)
        self._folder = folder
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:  # first asked once every process has collected
            self._groups = read_groups(self._folder)
        return self._groups.get(nodeid, nodeid)
