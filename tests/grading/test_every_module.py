"""The instructor page's steps, as written, for every module of the real course: the assigned
course, ``nbgrader release_assignment`` of each module, trainees fetch every released one and
submit each, then per module ``nbgrader collect``, ``asit grade``, ``nbgrader
release_feedback``; trainees fetch all their feedback, and the exported grades are checked.
One trainee answers with the key, one answers everything wrong.

The assigned course is the repository's own when ``scripts/setup.sh``'s ``asit assign`` left it
current with the content (tests/assigned_repository.py says how that is checked), else ``asit
assign`` runs on a copy; the run's summary shows which and why (section *set-ups*). Either way
the same proof: setup runs ``asit assign`` on every CI run and fails when a module's self-check
(key: full marks, wrong: 0, through nbgrader's autograde) fails; the source notebooks reused are
byte for byte what the content renders now, their release copies made from them since the
course's nbgrader code last changed; here every module is graded again, key and wrong answers,
through the whole route; and ``asit assign`` as a command is tested on the fixture course
(test_workflow.py). A trainee fetches every released assessment in one ``nbgrader
fetch_assignment`` call and later all feedback in one ``fetch_feedback`` call (both take several
names); release, submit, collect and release_feedback take one name each, as the instructors'
page writes them.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from test_workflow import BIN, COURSE_ID, nbgrader, run, write_text_answer

from asit.loader import load_or_raise
from asit.models import Assessment, TextQuestion
from asit.nbgrader.selfcheck import key_answer, wrong_answer
from asit.widgets import answers as answers_file
from assigned_repository import REUSED, stale_because
from conftest import REPO
from shared_builds import Assigned

pytestmark = pytest.mark.slow

TRAINEES = ("key", "wrong")


def answers_of(trainee: str, assessment: Assessment) -> dict[str, object]:
    pick = key_answer if trainee == "key" else wrong_answer
    return {q.id: a for q in assessment.questions if not isinstance(q, TextQuestion) and (a := pick(q)) is not None}


@pytest.fixture(scope="module")
def graded(
    tmp_path_factory: pytest.TempPathFactory, assigned_real_course: Assigned
) -> tuple[Path, dict[str, Assessment], dict[str, str]]:
    """Run every step for every module; return the course dir, the assessments and each ``asit grade`` output."""
    base = tmp_path_factory.mktemp("every-module")
    root = assigned_real_course.copy_to(base / "course")
    course = load_or_raise(root)
    assessments = {f.name: f.assessment.assessment for f in course.modules if f.assessment is not None}
    names = sorted(assessments)
    course_dir = root / "assessments"
    exchange = course_dir / "exchange"
    for name in names:
        nbgrader(["release_assignment", name], course_dir, exchange)
    for trainee in TRAINEES:
        home = base / "homes" / trainee
        home.mkdir(parents=True)
        nbgrader(["fetch_assignment", *names, f"--course={COURSE_ID}"], home, exchange)
        for name in names:
            assessment = assessments[name]
            answers_file.save(home / name / answers_file.FILE_NAME, name, answers_of(trainee, assessment))
            if trainee == "key":
                for q in assessment.questions:
                    if isinstance(q, TextQuestion):
                        write_text_answer(home / name / f"{name}.ipynb", q.id, "My answer, in my own words.")
            nbgrader(["submit", name, f"--course={COURSE_ID}", f"--student={trainee}"], home, exchange)
    outputs = {}
    for name in names:
        nbgrader(["collect", name], course_dir, exchange)
        outputs[name] = run([str(BIN / "asit"), "--root", str(root), "grade", name], root)
        nbgrader(["release_feedback", name], course_dir, exchange)
    for trainee in TRAINEES:
        nbgrader(["fetch_feedback", *names, f"--course={COURSE_ID}"], base / "homes" / trainee, exchange)
    return course_dir, assessments, outputs


def test_the_course_is_the_repositorys_own_when_current(
    graded: tuple[Path, dict[str, Assessment], dict[str, str]],
    assigned_real_course: Assigned,
    record_property: Callable[[str, object], None],
) -> None:
    why = stale_because(REPO)
    expected = REUSED if why is None else f"asit assign in the copy, because {why}"
    assert assigned_real_course.output == expected
    record_property("shown", f"test_every_module's assigned course: {assigned_real_course.output}")


def test_every_module_has_an_assessment(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    _course_dir, assessments, _outputs = graded
    assert sorted(assessments) == sorted(p.name for p in (REPO / "modules").iterdir() if (p / "module.yml").is_file())


def test_grades_key_full_and_wrong_zero(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    course_dir, assessments, outputs = graded
    with (course_dir / "grades.csv").open(encoding="utf-8") as handle:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}
    for name, assessment in assessments.items():
        assert "graded 2 of 2 submissions, 0 failed" in outputs[name], outputs[name]
        auto = sum(q.points for q in assessment.questions if not isinstance(q, TextQuestion))
        total = sum(q.points for q in assessment.questions)
        assert float(rows[(name, "key")]["score"]) == auto, name  # text answers wait for a person
        assert float(rows[(name, "wrong")]["score"]) == 0.0, name
        assert float(rows[(name, "key")]["max_score"]) == total, name


def test_trainees_fetch_feedback_without_the_key(graded: tuple[Path, dict[str, Assessment], dict[str, str]]) -> None:
    course_dir, assessments, _outputs = graded
    homes = course_dir.parent.parent / "homes"
    for name, assessment in assessments.items():
        for trainee in TRAINEES:
            # (both trainees are one system user here, so each sees both feedback copies)
            pages = sorted((homes / trainee / name / "feedback").rglob(f"{name}.html"))
            totals = set()
            for path in pages:
                page = html.unescape(path.read_text(encoding="utf-8"))
                assert "BEGIN HIDDEN TESTS" not in page and "notebook.grade(" not in page, path
                total = re.search(r"Score: ([0-9.]+) / ([0-9.]+)", page)
                assert total, path
                totals.add((float(total.group(1)), float(total.group(2))))
                for q in assessment.questions:
                    if isinstance(q, TextQuestion):
                        assert q.model_answer.strip() not in page, (path, q.id)
            auto = sum(q.points for q in assessment.questions if not isinstance(q, TextQuestion))
            full = sum(q.points for q in assessment.questions)
            assert (auto, full) in totals and (0.0, full) in totals, (trainee, name, totals)
        released = nbformat.read(homes / "key" / name / f"{name}.ipynb", as_version=4)
        text = nbformat.writes(released)
        assert "BEGIN HIDDEN TESTS" not in text and '"correct"' not in text, name
