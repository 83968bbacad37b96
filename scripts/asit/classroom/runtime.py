"""The Python the classroom's users run: the course's environment, reachable by them.

The servers and the instructors' commands run as unprivileged users, who must be able to
execute the interpreter. When the course's environment is built on an interpreter they
cannot reach (for example one under root's home), the classroom makes, under its data
folder, a virtual environment on the system's Python of the same version that reads the
course's installed packages (a ``.pth`` file) and shares its Jupyter data and settings
(``share`` and ``etc``), with the course's commands (``nbgrader``, ``asit``, ``jupyter``) in its ``bin``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

from .layout import Layout


class InterpreterError(Exception):
    """No interpreter the classroom's users can run; the message says what to install."""


def reachable_by_others(path: Path) -> bool:
    """Others may execute ``path`` (every parent folder passable, the file executable)."""
    real = path.resolve()
    for parent in real.parents:
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(real).st_mode & stat.S_IXOTH)


def course_bin() -> Path:
    return Path(sys.executable).parent


def system_python() -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (Path("/usr/bin") / version, Path("/usr/local/bin") / version):
        if candidate.exists() and reachable_by_others(candidate):
            return candidate
    raise InterpreterError(
        f"the course's Python ({sys.executable}) is not executable by other users and no "
        f"{version} is in /usr/bin: install Debian's {version} or build .venv from it"
    )


def _rewrite_scripts(source_bin: Path, target_bin: Path, python: Path) -> None:
    """The course's console scripts, started by the users' interpreter."""
    for script in sorted(source_bin.iterdir()):
        target = target_bin / script.name
        if target.exists() or not script.is_file():
            continue
        try:
            text = script.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        first, _, rest = text.partition("\n")
        if first.startswith("#!") and "python" in first:
            target.write_text(f"#!{python}\n{rest}", encoding="utf-8")
            target.chmod(0o755)


def ensure_runtime(layout: Layout) -> Path:
    """The bin folder whose ``python`` and scripts the classroom's users run."""
    if reachable_by_others(Path(sys.executable)):
        return course_bin()
    runtime = layout.data / "runtime"
    python = runtime / "bin" / "python"
    if not python.exists():
        shutil.rmtree(runtime, ignore_errors=True)
        subprocess.run([str(system_python()), "-m", "venv", "--without-pip", str(runtime)], check=True)
    prefix = Path(sys.prefix)
    site = Path(sysconfig.get_paths(vars={"base": str(runtime), "platbase": str(runtime)})["purelib"])
    shared = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "asit-course-environment.pth").write_text("".join(f"{p}\n" for p in sorted(shared)), encoding="utf-8")
    for name in ("share", "etc"):
        link = runtime / name
        if not link.exists() and (prefix / name).exists():
            link.symlink_to(prefix / name)
    _rewrite_scripts(course_bin(), runtime / "bin", python)
    return runtime / "bin"
