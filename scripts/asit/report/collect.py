"""Read a graded assignment into plain records: scores from the gradebook, choices from answers files.

nbgrader is the grader of record, so every score comes from its gradebook, through its own
API and the database the course's ``nbgrader_config.py`` names. The answers files say only
what each trainee chose: they are read as JSON (never executed) and a malformed one counts
as unanswered. Everything odd in the data becomes a note on the report rather than a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..loader import Course, load_or_raise
from ..models import Assessment
from ..nbgrader.pipeline import course_config, ensure_tools_on_path
from ..settings import ReportSettings
from ..widgets import answers as answers_file
from .stats import TraineeRecord


class ReportError(Exception):
    """The report cannot be made (unknown assignment, nothing graded); the message says why and what to do."""


@dataclass(frozen=True)
class Cohort:
    """A graded assignment as plain data, and where its nbgrader course lives."""

    assessment: Assessment
    course_dir: Path
    records: tuple[TraineeRecord, ...]
    notes: tuple[str, ...]
    settings: ReportSettings  # asit.report in _config.yml, read with the course


def assessment_for(course: Course, name: str) -> Assessment:
    """The graded assessment named ``name`` (a module folder name or module id)."""
    known = ", ".join(f.name for f in course.modules if f.assessment) or "none"
    try:
        folder = course.module(name)
    except KeyError:
        raise ReportError(f'unknown assignment "{name}"; the course\'s graded assessments are: {known}') from None
    if folder.assessment is None:
        raise ReportError(
            f'module "{folder.name}" has no graded assessment (assessments/{folder.name}.yml); '
            f"the course's graded assessments are: {known}"
        )
    return folder.assessment.assessment


def course_directory(course_dir: Path) -> Any:
    """nbgrader's own path resolver for the course folder, configured as nbgrader would be there."""
    try:
        config = course_config(course_dir)
    except Exception as exc:  # the config file is Python an instructor edits: any error can come out of it
        raise ReportError(f"cannot read {course_dir / 'nbgrader_config.py'}: {exc}") from exc
    coursedir = CourseDirectory(config=config)
    if "root" not in config.get("CourseDirectory", {}):
        coursedir.root = str(course_dir)
    return coursedir


def sqlite_file(db_url: str) -> Path | None:
    """The database file of an SQLite URL (None for another database or an in-memory one)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def shown_url(db_url: str) -> str:
    """A database URL fit to print: any password masked."""
    return str(make_url(db_url).render_as_string(hide_password=True))


def _score(grade: Any) -> float | None:
    """A grade of record, or None while nobody (autograder or person) has given one."""
    if grade.auto_score is None and grade.manual_score is None:
        return None
    return float(grade.score)


def read_scores(
    db_url: str, course_id: str, assessment: Assessment, notes: list[str]
) -> dict[str, dict[str, float | None]]:
    """Per student, per question id, the gradebook's score; grade cells that are not questions are skipped."""
    ensure_tools_on_path()  # nbgrader runs alembic when a database has no tables yet
    points = {q.id: float(q.points) for q in assessment.questions}
    scores: dict[str, dict[str, float | None]] = {}
    seen_cells: set[str] = set()
    mismatched: dict[str, float] = {}
    with Gradebook(db_url, course_id) as gb:
        try:
            gb.find_assignment(assessment.id)
        except MissingEntry:
            return {}
        for submission in gb.assignment_submissions(assessment.id):
            row: dict[str, float | None] = {}
            for notebook in sorted(submission.notebooks, key=lambda nb: str(nb.name)):
                for grade in notebook.grades:
                    name = str(grade.name)
                    if name not in points or name in row:
                        continue
                    seen_cells.add(name)
                    row[name] = _score(grade)
                    if float(grade.max_score) != points[name]:
                        mismatched[name] = float(grade.max_score)
            scores[str(submission.student.id)] = row
    if scores:
        for qid in points:
            if qid not in seen_cells:
                notes.append(f"question {qid} has no grade cell in the gradebook: it is shown as not graded")
    for qid, max_score in sorted(mismatched.items()):
        notes.append(
            f"question {qid} is worth {max_score:g} points in the gradebook but {points[qid]:g} in the "
            "assessment: was the assessment changed after release? The report uses the assessment's points"
        )
    return scores


def read_answers(path: Path, assignment: str) -> tuple[dict[str, Any], str | None]:
    """A trainee's answers as JSON, and the problem that made the file unusable (then no answers)."""
    loaded = answers_file.load(path, assignment)
    if loaded.problem:
        return {}, loaded.problem
    if not loaded.exists:
        return {}, f"no {answers_file.FILE_NAME} was submitted"
    return dict(loaded.answers), None


def collect(root: Path, name: str) -> Cohort:
    """Load the course and read the assignment's graded submissions into plain records."""
    course = load_or_raise(root)
    assessment = assessment_for(course, name)
    course_dir = (root / course.settings.nbgrader_course_dir).resolve()
    coursedir = course_directory(course_dir)
    db_url = str(coursedir.db_url)
    database = sqlite_file(db_url)
    if database is not None and not database.is_file():
        raise ReportError(
            f'"{assessment.id}" has no graded submissions: there is no gradebook at {database} yet '
            "(collect the submissions and grade them first: asit grade, or nbgrader autograde)"
        )
    notes: list[str] = []
    try:
        scores = read_scores(db_url, str(coursedir.course_id), assessment, notes)
    except SQLAlchemyError as exc:
        raise ReportError(f"cannot read the gradebook {shown_url(db_url)}: {exc}") from exc
    usable: list[TraineeRecord] = []
    for student in sorted(scores):
        if not any(score is not None for score in scores[student].values()):
            continue  # submitted but not autograded yet
        folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assessment.id))
        answers, problem = read_answers(folder / answers_file.FILE_NAME, assessment.id)
        if problem:
            notes.append(f"answers of {student} not counted ({problem}): their choices count as unanswered")
        usable.append(TraineeRecord(student, scores[student], answers))
    awaiting = sum(score is None for r in usable for score in r.scores.values())
    if awaiting:
        notes.append(
            f"{awaiting} answer{'s await' if awaiting > 1 else ' awaits'} a grade (written answers to grade in "
            "formgrader): counted 0 in the totals until then; run the report again after grading"
        )
    waiting = sorted(set(scores) - {r.student for r in usable})
    if waiting:
        notes.append(f"not graded yet, so left out: {', '.join(waiting)}")
    if not usable:
        raise ReportError(
            f'"{assessment.id}" has no graded submissions in the gradebook ({shown_url(db_url)}): '
            "collect the submissions and grade them first (asit grade, or nbgrader autograde)"
        )
    return Cohort(assessment, course_dir, tuple(usable), tuple(notes), course.settings.report)
