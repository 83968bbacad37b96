"""``asit trainee-config``: the files it writes, merged with what is there, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asit.jupyter_setup.trainee import (
    INSTRUCTOR_PLUGINS,
    INSTRUCTOR_SERVER_EXTENSIONS,
    ConfigFileError,
    TraineeSettings,
    write_trainee_config,
)

REPO = Path(__file__).resolve().parents[2]


def asit(*args: str, home: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER") and k != "ASIT_EXCHANGE_DIR"}
    env.update(HOME=str(home), PYTHONPATH=str(REPO / "scripts"), **(env_extra or {}))
    command = [sys.executable, "-m", "asit.cli", "--root", str(REPO), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def read(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_command_writes_exchange_course_and_hides_instructor_tools(tmp_path: Path) -> None:
    result = asit("trainee-config", "--exchange", str(tmp_path / "exchange"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    config = tmp_path / ".jupyter"
    assert read(config / "nbgrader_config.json") == {
        "CourseDirectory": {"course_id": "asit-thb"},
        "Exchange": {"root": str(tmp_path / "exchange")},
    }
    server = read(config / "jupyter_server_config.json")
    assert server == {"ServerApp": {"jpserver_extensions": dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS, False)}}
    disabled = read(config / "labconfig" / "page_config.json")["disabledExtensions"]
    assert isinstance(disabled, dict) and all(disabled[name] is True for name in INSTRUCTOR_PLUGINS)
    assert (tmp_path / "exchange").is_dir() and (tmp_path / "exchange").stat().st_mode & 0o1777 == 0o1777
    assert (config / "nbgrader_config.py").is_file()


def test_the_exchange_defaults_to_the_variable_then_the_course(tmp_path: Path) -> None:
    shared = tmp_path / "srv" / "exchange"
    assert asit("trainee-config", home=tmp_path, env_extra={"ASIT_EXCHANGE_DIR": str(shared)}).returncode == 0
    assert read(tmp_path / ".jupyter" / "nbgrader_config.json")["Exchange"] == {"root": str(shared)}
    other = tmp_path / "other"
    assert asit("trainee-config", "--config-dir", str(other), "--keep-instructor-tools", home=tmp_path).returncode == 0
    assert read(other / "nbgrader_config.json")["Exchange"] == {"root": str(REPO / "assessments" / "exchange")}
    disabled = read(other / "labconfig" / "page_config.json")["disabledExtensions"]
    assert isinstance(disabled, dict) and not set(INSTRUCTOR_PLUGINS) & set(disabled)


def test_existing_settings_are_kept_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "labconfig").mkdir()
    (tmp_path / "labconfig" / "page_config.json").write_text('{"disabledExtensions": ["my-plugin"], "x": 1}')
    (tmp_path / "jupyter_server_config.json").write_text('{"ServerApp": {"open_browser": false}}')
    settings = TraineeSettings(tmp_path / "exchange", "asit-thb")
    write_trainee_config(tmp_path, settings)
    first = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    write_trainee_config(tmp_path, settings)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.json")} == first
    page = read(tmp_path / "labconfig" / "page_config.json")
    assert page["x"] == 1 and isinstance(page["disabledExtensions"], dict) and page["disabledExtensions"]["my-plugin"]
    assert read(tmp_path / "jupyter_server_config.json")["ServerApp"] == {
        "open_browser": False,
        "jpserver_extensions": dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS, False),
    }


def test_a_broken_file_stops_with_its_name_and_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "jupyter_server_config.json").write_text("{not json")
    with pytest.raises(ConfigFileError, match=r"jupyter_server_config\.json"):
        write_trainee_config(tmp_path, TraineeSettings(tmp_path / "exchange", "asit-thb"))
    assert not (tmp_path / "nbgrader_config.json").exists()
    result = asit("trainee-config", "--config-dir", str(tmp_path), "--exchange", str(tmp_path / "x"), home=tmp_path)
    assert result.returncode == 1 and "jupyter_server_config.json" in result.stderr
