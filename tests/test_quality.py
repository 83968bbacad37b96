"""The checks around the code stay wired up: pins installed, hooks local, CI = the README's command.

ruff and mypy themselves run as their own steps of ``scripts/test.sh`` (before any test), not
inside pytest; these tests guard what those steps and the set-up rely on.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CONSTRAINTS = REPO / "scripts" / "constraints.txt"


def pins() -> dict[str, str]:
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            assert pinned, f"{line!r} in {CONSTRAINTS.name} is not an exact pin"
            found[name] = pinned
    return found


def test_the_grading_packages_are_pinned_and_installed_at_their_pins() -> None:
    pinned = pins()
    assert {name.lower().replace("_", "-") for name in pinned} >= {
        "nbgrader",
        "nbconvert",
        "nbformat",
        "jupyter-client",
        "sqlalchemy",
    }
    installed = {name: version(name) for name in pinned}
    assert installed == pinned


def test_setup_installs_through_the_constraints() -> None:
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    installs = [line for line in setup.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs and all("-c scripts/constraints.txt" in line for line in installs)


def test_pre_commit_hooks_are_local_and_use_the_venv_tools() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"ruff", "ruff-format", "mypy", "mypy-tests", "trailing-whitespace"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] in ("system", "pygrep")
        if hook["language"] == "system":
            assert hook["entry"].startswith(".venv/bin/"), hook


def test_ci_runs_the_readme_test_command_and_it_runs_every_step() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/test.sh" in readme
    assert re.search(r"^\./scripts/setup\.sh$", ci, re.MULTILINE)
    assert re.search(r"^\./scripts/test\.sh$", ci, re.MULTILINE)
    test_sh = (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
    steps = re.findall(r'^step "([^"]+)"', test_sh, re.MULTILINE)
    assert steps == [
        "lint (ruff)",
        "format (ruff format)",
        "types (mypy, package)",
        "types (mypy, tests)",
        "fast tests",
        "slow tests",
    ]
