"""The real course after ``asit assign``, made once per test run for the tests that grade it.

``scripts/setup.sh`` runs ``asit assign`` on the repository itself before the tests (every
module, each self-checked through nbgrader's autograde; a failed self-check fails setup). When
what it wrote is current, a copy of the course's content takes the repository's assigned
trees (``assessments/source``, ``release`` and ``gradebook.db``): the same files ``asit assign``
would write again from the same content. Current means: every module's source notebook in the
repository is, byte for byte, what the content renders now; every release notebook is there
and no older than its source, the course's nbgrader settings and ``asit.nbgrader``'s code; the
gradebook holds exactly those assignments and no trainee. Otherwise (a fresh clone without
setup, content edited since, a gradebook a person graded in) the copy runs ``asit assign``
itself. ``asit assign`` as a command stays tested on the fixture course
(tests/grading/test_workflow.py).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import ASSIGNED_AND_GRADED, copy_course
from shared_builds import Assigned, made_once, run_assign

ASSIGNED = ("source", "release", "gradebook.db")  # what ``asit assign`` writes in the course folder
REUSED = "the repository's own, as scripts/setup.sh's asit assign left it (current with the content)"


def gradebook_column(db: Path, sql: str) -> list[str]:
    """The first column of a query on a SQLite gradebook, opened read-only (the repository's own
    gradebook is read here, never written)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return sorted(str(row[0]) for row in connection.execute(sql))


def stale_because(repo: Path) -> str | None:
    """Why the repository's assigned trees are not what ``asit assign`` writes now (None: they are)."""
    import asit.nbgrader
    from asit.loader import load_or_raise
    from asit.nbgrader.source import render_sources

    course = load_or_raise(repo)
    course_dir = repo / course.settings.nbgrader_course_dir
    # what generate_assignment runs besides the source: the course's nbgrader settings and code
    makers = [course_dir / "nbgrader_config.py", *Path(asit.nbgrader.__file__).parent.glob("*.py")]
    newest_maker = max(path.stat().st_mtime for path in makers)
    sources = render_sources(course)
    names = sorted(Path(rel).stem for rel in sources)
    for rel, text in sorted(sources.items()):
        source = course_dir / rel
        if not source.is_file():
            return f"{source.relative_to(repo)} is missing"
        if source.read_text(encoding="utf-8") != text:
            return f"{source.relative_to(repo)} differs from what the content renders now"
        release = course_dir / "release" / source.parent.name / source.name
        if not release.is_file():
            return f"{release.relative_to(repo)} is missing"
        if release.stat().st_mtime < max(source.stat().st_mtime, newest_maker):
            return f"{release.relative_to(repo)} is older than its source or the course's nbgrader settings or code"
    db = course_dir / "gradebook.db"
    if not db.is_file():
        return f"{db.relative_to(repo)} is missing"
    recorded = gradebook_column(db, "SELECT name FROM assignment")
    if recorded != names:
        return f"{db.relative_to(repo)} records the assignments {recorded}, not {names}"
    if trainees := gradebook_column(db, "SELECT id FROM student"):
        return f"{db.relative_to(repo)} holds trainees ({len(trainees)}): it was graded in"
    return None


def assign(repo: Path, folder: Path) -> None:
    """The content of ``repo`` in ``folder / "course"``, assigned: the repository's trees when
    current, else by ``asit assign``; ``folder / "how.txt"`` says which and why."""
    root = folder / "course"
    copy_course(repo, root, *ASSIGNED_AND_GRADED)  # the content only: nothing assigned or graded
    why = stale_because(repo)
    if why is None:
        for name in ASSIGNED:
            source, target = repo / "assessments" / name, root / "assessments" / name
            shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
        how = REUSED
    else:
        run_assign(root, f"a copy of {repo}")
        how = f"asit assign in the copy, because {why}"
    (folder / "how.txt").write_text(how, encoding="utf-8")


def assigned_repository(run: Path, repo: Path) -> Assigned:
    """The repository's course assigned once per run (``run``: the run's folder), to be copied by
    each test that changes it; ``output`` says how it was assigned."""
    folder = made_once(run, "assigned-repository", lambda folder: assign(repo, folder))
    return Assigned(folder / "course", (folder / "how.txt").read_text(encoding="utf-8"))
