"""A trainee's Jupyter configuration: where the exchange is, the course id, no instructor tools.

nbgrader's trainee side (``fetch_assignment``, ``submit``, Lab's *Assignment List*) reads
its settings from the Jupyter config folders, not from the course's ``assessments/``
folder; without them it looks for an exchange in ``/usr/local/share/nbgrader/exchange``
and fails. ``write_trainee_config`` writes, into one config folder (a trainee's
``~/.jupyter``, or a system folder such as ``/etc/jupyter`` for every user of a server):

- ``nbgrader_config.json``: the exchange folder and the course id (and, when there is
  none, an ``nbgrader_config.py`` that only says so: nbgrader warns when it finds no ``.py``);
- ``jupyter_server_config.json``: formgrader's and the course list's server parts off;
- ``labconfig/page_config.json``: Lab's and Notebook 7's Formgrader, Create Assignment
  and Course List off (the Assignment List and Validate stay), and Lab's prompt to fetch
  Jupyter news off (the course works offline and asks nothing unrelated of a trainee).

Each file is merged with what is already there (other settings are kept) and written
with sorted keys, so running the command twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..write import write_file

NBGRADER_FILE = "nbgrader_config.json"
SERVER_FILE = "jupyter_server_config.json"
PAGE_FILE = "labconfig/page_config.json"
NBGRADER_PY = "nbgrader_config.py"
NBGRADER_PY_TEXT = '''"""nbgrader settings of this Jupyter: see nbgrader_config.json beside this file.

Written by ``asit trainee-config`` (the exchange folder and the course id); nbgrader reads
the JSON file by itself. Settings added here are read too.
"""
'''
# The instructors' tools, as Lab plugins and as server extensions.
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
)
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.formgrader",
)


class ConfigFileError(Exception):
    """A config file that exists but is not a JSON object: it is left as it is."""


@dataclass(frozen=True)
class TraineeSettings:
    """What a trainee's Jupyter needs to know about the course."""

    exchange: Path
    course_id: str
    hide_instructor_tools: bool = True


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigFileError(f"{path}: not readable as JSON ({exc}); fix or remove it, then run again") from exc
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a JSON object at the top level; fix or remove it, then run again")
    return data


def _section(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    section = data.setdefault(name, {})
    if not isinstance(section, dict):
        raise ConfigFileError(f"{path}: {name} must be a JSON object; fix or remove it, then run again")
    return section


def nbgrader_settings(current: dict[str, Any], settings: TraineeSettings, path: Path) -> dict[str, Any]:
    _section(current, "Exchange", path)["root"] = str(settings.exchange)
    _section(current, "CourseDirectory", path)["course_id"] = settings.course_id
    return current


def server_settings(current: dict[str, Any], settings: TraineeSettings, path: Path) -> dict[str, Any]:
    extensions = _section(_section(current, "ServerApp", path), "jpserver_extensions", path)
    for name in INSTRUCTOR_SERVER_EXTENSIONS:
        extensions[name] = not settings.hide_instructor_tools
    return current


def page_settings(current: dict[str, Any], settings: TraineeSettings, path: Path) -> dict[str, Any]:
    disabled = current.setdefault("disabledExtensions", {})
    if isinstance(disabled, list):  # the older form: a list of names
        disabled = {name: True for name in disabled if isinstance(name, str)}
        current["disabledExtensions"] = disabled
    if not isinstance(disabled, dict):
        raise ConfigFileError(f"{path}: disabledExtensions must be a JSON object; fix or remove it, then run again")
    for name in INSTRUCTOR_PLUGINS:
        if settings.hide_instructor_tools:
            disabled[name] = True
        else:
            disabled.pop(name, None)
    disabled[NEWS_PLUGIN] = True
    return current


def write_trainee_config(config_dir: Path, settings: TraineeSettings) -> list[Path]:
    """Merge the trainee's settings into the three files of ``config_dir``; the paths written.

    Every file is read and checked before any is written, so a bad file stops the command
    with nothing changed.
    """
    steps = ((NBGRADER_FILE, nbgrader_settings), (SERVER_FILE, server_settings), (PAGE_FILE, page_settings))
    planned = []
    for rel, merge in steps:
        path = config_dir / rel
        planned.append((path, merge(_read(path), settings, path)))
    for path, data in planned:
        write_file(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    written = [path for path, _data in planned]
    note = config_dir / NBGRADER_PY
    if not note.exists():
        write_file(note, NBGRADER_PY_TEXT)
        written.append(note)
    return written
