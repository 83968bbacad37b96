"""deploy/: the zero-to-jupyterhub values and the single-user image, checked as far as this
machine allows (no Kubernetes here): chart keys against the chart's schema, the hub hook's
behaviour, and the commands the image runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from traitlets.config import Config

from .z2jh_keys import FREE_FORM, TYPED

REPO = Path(__file__).resolve().parents[2]
VALUES = REPO / "deploy" / "values.yaml"
DOCKERFILE = REPO / "deploy" / "Dockerfile"


def yaml_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names[type(value)]


def check(path: str, value: Any, problems: list[str]) -> None:
    allowed = FREE_FORM.get(path) or TYPED.get(path)
    if allowed is None:
        problems.append(f"{VALUES.name}: {path}: not an option of the chart (see z2jh_keys.py)")
        return
    kind = yaml_type(value)
    enums = [a[5:] for a in allowed if a.startswith("enum:")]
    ok = value in enums if enums else kind in allowed or (kind == "integer" and "number" in allowed)
    if not ok:
        problems.append(f"{VALUES.name}: {path}: {value!r} is a {kind}; the chart allows {', '.join(allowed)}")
    if path == "hub.config" and isinstance(value, dict):
        problems += [f"{VALUES.name}: hub.config.{k}: must be a class name" for k in value if not k[:1].isupper()]
    if isinstance(value, dict) and path not in FREE_FORM:
        for key, child in value.items():
            check(f"{path}.{key}", child, problems)


def values() -> dict[str, Any]:
    data = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_key_of_the_values_file_is_an_option_of_the_chart() -> None:
    problems: list[str] = []
    for key, value in values().items():
        check(key, value, problems)
    assert problems == []


def test_the_checker_rejects_a_misspelt_or_mistyped_option() -> None:
    problems: list[str] = []
    check("singleuser", {"storage": {"typ": "dynamic", "type": "nfs"}, "uid": "1000"}, problems)
    assert len(problems) == 3 and "singleuser.storage.typ: not an option" in problems[0]


def test_the_shared_exchange_and_the_gradebook_are_set() -> None:
    data = values()
    mounts = data["singleuser"]["storage"]["extraVolumeMounts"]
    assert {"name": "asit-exchange", "mountPath": "/srv/nbgrader/exchange"} in mounts
    assert data["singleuser"]["extraEnv"]["ASIT_EXCHANGE_DIR"] == "/srv/nbgrader/exchange"
    assert data["hub"]["extraEnv"]["ASIT_GRADEBOOK_URL"]["valueFrom"]["secretKeyRef"]["name"] == "asit-gradebook"
    assert "ASIT_GRADEBOOK_URL" not in data["singleuser"]["extraEnv"]  # never in a trainee's pod


def run_hook(groups: list[str], name: str) -> SimpleNamespace:
    c = Config()
    namespace: dict[str, Any] = {"c": c}
    exec(compile(values()["hub"]["extraConfig"]["asit-roles"], "asit-roles", "exec"), namespace)
    spawner = SimpleNamespace(
        user=SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups]),
        environment={},
        volumes=[],
        volume_mounts=[],
        uid=1000,
        gid=100,
        notebook_dir=None,
        supplemental_gids=[],
    )
    c.KubeSpawner.pre_spawn_hook(spawner)
    return spawner


def test_the_hub_hook_gives_trainees_no_gradebook_and_instructors_their_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASIT_GRADEBOOK_URL", "postgresql+psycopg2://u:p@db/asit")
    trainee = run_hook(["asit-trainees"], "t001")
    other = run_hook(["asit-trainees"], "t002")
    instructor = run_hook(["asit-instructors"], "i01")
    assert trainee.environment == {"JUPYTER_CONFIG_PATH": "/opt/asit/jupyter/trainee"}
    assert trainee.volume_mounts == [] and trainee.supplemental_gids == []
    assert trainee.uid != other.uid and trainee.uid >= 20000  # separate owners in the exchange
    assert instructor.environment["ASIT_GRADEBOOK_URL"].startswith("postgresql")
    assert instructor.environment["JUPYTER_CONFIG_PATH"] == "/opt/asit/jupyter/instructor"
    assert instructor.volume_mounts == [{"name": "asit-course", "mountPath": "/srv/asit/course"}]


def test_the_image_copies_files_that_exist_and_its_config_commands_work(tmp_path: Path) -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), f"{DOCKERFILE.name}: COPY {source}: no such file in the course"
    env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
    run = [sys.executable, "-c", "import sys; from asit.cli import main; sys.exit(main())", "--root", str(REPO)]
    exchange = tmp_path / "exchange"
    for folder, extra in (("trainee", []), ("instructor", ["--keep-instructor-tools"])):
        done = subprocess.run(
            [*run, "trainee-config", *extra, "--config-dir", str(tmp_path / folder), "--exchange", str(exchange)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    trainee = (tmp_path / "trainee" / "jupyter_server_config.json").read_text()
    instructor = (tmp_path / "instructor" / "jupyter_server_config.json").read_text()
    assert '"nbgrader.server_extensions.formgrader": false' in trainee
    assert '"nbgrader.server_extensions.formgrader": true' in instructor
