"""An installed course finds its HTML templates: the wheel ships every one, and renders from them alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "scripts" / "asit" / "templates"

# Renders a page with the installed package only: not the checkout (it prints where asit came from).
RENDER = """
import asit
from asit.templating import render
page = render("progress.html.j2", course_id="a<b", catalogue="[]")
print(asit.__file__)
print(page)
"""


@pytest.mark.slow
def test_the_wheel_ships_the_templates_and_renders_from_them(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "scripts", source / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "-q"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", *offline, "-w", wheels, "."], cwd=source, check=True)
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("asit/templates/")}
        expected = {f"asit/templates/{p.name}" for p in TEMPLATES.iterdir() if p.is_file()}
        assert expected and shipped == expected
        installed = tmp_path / "site"
        archive.extractall(installed)

    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(installed), "PYTHONNOUSERSITE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", RENDER], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    where, page = result.stdout.split("\n", 1)
    assert Path(where).is_relative_to(installed)
    assert 'data-course="a&lt;b"' in page and '<script type="application/json" id="asit-progress-catalogue">[]' in page


def test_every_template_is_right_in_the_declared_folder() -> None:
    """pyproject ships ``templates/*``, which takes no subfolder: every template is a file right in it."""
    templates = [p for p in TEMPLATES.rglob("*") if not p.is_dir()]
    assert templates and all(p.parent == TEMPLATES and p.name.endswith(".html.j2") for p in templates), templates
    assert '"templates/*"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
