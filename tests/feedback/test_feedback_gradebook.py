"""Feedback pages from a real gradebook: the same scores and comments as nbgrader's generate_feedback,
no more of the key than it shows, manual grades in the page after ``asit feedback``, and released
through nbgrader's exchange.

One course (the fixture course) with a small honest cohort and one trainee whose text answer
carries script payloads is graded by ``asit grade``; nbgrader's own ``generate_feedback``
writes its pages for the same gradebook into another folder to compare with.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from hostile_answers import HOSTILE_TEXT, MARKER, active_markup

from asit.loader import load_or_raise
from asit.models import Assessment, TextQuestion
from asit.nbgrader.cohort import DUE, PROVABLE, set_due_date, write_cohort, write_submission
from asit.nbgrader.config import TEXT_STUB
from shared_builds import Assigned
from shown_figures import same_figures

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-sample"
HOSTILE = "zz-hostile"
BIN = Path(shutil.which("asit") or "asit").parent
MANUAL = (2.5, "Clear about the time to recover, in plain and kind words.")


@dataclass
class Graded:
    root: Path
    course_dir: Path
    assessment: Assessment
    cohort: dict[str, str]

    def mine(self, student: str) -> str:
        return (self.course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8")

    def stock(self, student: str) -> str:
        return (self.course_dir / "stock-feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8")


def run(args: list[str], cwd: Path) -> str:
    import os
    import subprocess

    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def stock_feedback(course_dir: Path, *extra: str) -> None:
    """nbgrader's own generate_feedback, for the same gradebook, into stock-feedback/."""
    args = [str(BIN / "nbgrader"), "generate_feedback", ASSIGNMENT, "--force"]
    run([*args, "--CourseDirectory.feedback_directory=stock-feedback", *extra], course_dir)


def text_id(assessment: Assessment) -> str:
    return next(q.id for q in assessment.questions if isinstance(q, TextQuestion))


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, assigned_fixture_course: Assigned) -> Graded:
    import random

    root = assigned_fixture_course.copy_to(tmp_path_factory.mktemp("feedback") / "course")  # after `asit assign`
    course_dir = root / "assessments"
    with (course_dir / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    set_due_date(f"sqlite:///{course_dir / 'gradebook.db'}", ASSIGNMENT)
    assessment = load_or_raise(root).module(ASSIGNMENT).assessment
    assert assessment is not None
    cohort = write_cohort(course_dir, assessment.assessment, len(PROVABLE), PROVABLE, seed=3)
    write_submission(course_dir, assessment.assessment, HOSTILE, "text", random.Random(1), DUE - timedelta(hours=1))
    notebook = course_dir / "submitted" / HOSTILE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    data = json.loads(notebook.read_text("utf-8"))
    for cell in data["cells"]:
        if cell.get("id") == text_id(assessment.assessment):
            cell["source"] = f"**Your answer.**\n\n{TEXT_STUB}".replace(TEXT_STUB, HOSTILE_TEXT)
    notebook.write_text(json.dumps(data), "utf-8")
    for student in [*cohort, HOSTILE]:  # what nbgrader collect leaves beside each submission
        (course_dir / "submitted" / student / ASSIGNMENT / "submission_secret.txt").write_text(secrets.token_hex(16))
    run([str(BIN / "asit"), "--root", str(root), "grade", ASSIGNMENT], root)
    stock_feedback(course_dir)
    return Graded(root, course_dir, assessment.assessment, {**cohort, HOSTILE: "hostile"})


def scores_and_comments(page: str) -> dict[str, object]:
    """What a trainee reads of the gradebook: total, each listed cell's score, each comment."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page))).split())
    total = re.search(r"\(Score: (-?[\d.]+) / ([\d.]+)\)", text)
    listed = re.findall(r"(Test cell|Written response|Coding free-response|Task) \(Score: ([\d.]+) / ([\d.]+)\)", text)
    comments = [" ".join(c.split()) for c in re.findall(r"Comments:</b>(.*?)</div>\s*</div>", page, re.S)]
    late = re.findall(r"Late submission penalty \(Score: -([\d.]+)\)", text)
    return {
        "total": total.groups() if total else None,
        "listed": listed,
        "comments": [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in comments],
        "late": late,
    }


def words(page: str) -> set[str]:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)
    return set(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", body))))


def test_every_trainee_has_a_page_in_nbgraders_place(graded: Graded) -> None:
    for student in graded.cohort:
        folder = graded.course_dir / "feedback" / student / ASSIGNMENT
        names = sorted(p.name for p in folder.iterdir())
        assert f"{ASSIGNMENT}.html" in names and "timestamp.txt" in names and "submission_secret.txt" in names
        assert sorted(p.name for p in (graded.course_dir / "stock-feedback" / student / ASSIGNMENT).iterdir()) == names
        assert (folder / f"{ASSIGNMENT}.html").stat().st_mode & 0o777 == 0o644
        assert folder.stat().st_mode & 0o777 == 0o755
        assert [p.name for p in folder.parent.iterdir()] == [ASSIGNMENT]  # no build folder left behind


def test_scores_and_comments_equal_nbgraders(graded: Graded) -> None:
    for student, kind in graded.cohort.items():
        mine, stock = scores_and_comments(graded.mine(student)), scores_and_comments(graded.stock(student))
        assert same_figures(mine, stock), (student, kind, mine, stock)
        assert mine["total"] is not None and mine["listed"], student
    shown = [scores_and_comments(graded.mine(s)) for s in graded.cohort]
    assert any(page["late"] for page in shown), "the cohort has a late submission"
    assert any(page["comments"] for page in shown), "the autograder's comments are shown"


def test_no_more_than_nbgraders_feedback_shows(graded: Graded) -> None:
    released = json.loads((graded.course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text("utf-8"))
    hidden = [
        "".join(c["source"]) for c in released["cells"] if "BEGIN HIDDEN TESTS" in "".join(c["source"])
    ]  # the instructor's copy: the keys
    assert hidden
    for student in graded.cohort:
        mine = html.unescape(graded.mine(student))
        assert "BEGIN HIDDEN TESTS" not in mine and "notebook.grade(" not in mine and "For graders only" not in mine
        q = next(q for q in graded.assessment.questions if isinstance(q, TextQuestion))
        assert q.model_answer.strip() not in mine or graded.cohort[student] in ("right", "text", "partly")
        extra = words(graded.mine(student)) - words(graded.stock(student))
        assert extra <= {"Top"}, (student, sorted(extra)[:20])


def test_the_hostile_answer_is_text_in_both_pages(graded: Graded) -> None:
    mine = graded.mine(HOSTILE)
    assert active_markup(mine) == []
    assert HOSTILE_TEXT in html.unescape(mine)
    # nbgrader's own generate_feedback, with the course's configuration, shows it as text too:
    # the hostile page holds no more active markup than an honest one (its template's own scripts)
    honest = next(s for s, kind in graded.cohort.items() if kind == "text")
    assert sorted(active_markup(graded.stock(HOSTILE))) == sorted(active_markup(graded.stock(honest)))
    assert MARKER not in re.sub(r"(?s)<pre.*?</pre>", "", graded.stock(HOSTILE))


def test_asit_feedback_after_a_manual_grade_changes_the_page(graded: Graded) -> None:
    from nbgrader.api import Gradebook

    student = next(s for s, kind in graded.cohort.items() if kind == "text")
    qid = text_id(graded.assessment)
    before = graded.mine(student)
    with Gradebook(f"sqlite:///{graded.course_dir / 'gradebook.db'}") as gb:
        grade = gb.find_grade(qid, ASSIGNMENT, ASSIGNMENT, student)
        grade.manual_score = MANUAL[0]
        comment = gb.find_comment(qid, ASSIGNMENT, ASSIGNMENT, student)
        comment.manual_comment = MANUAL[1]
        gb.db.commit()
    out = run([str(BIN / "asit"), "--root", str(graded.root), "feedback", ASSIGNMENT], graded.root)
    assert f"{len(graded.cohort)} feedback pages written from the gradebook" in out
    after = graded.mine(student)
    assert after != before and MANUAL[1] in html.unescape(after)
    assert f"Written response (Score: {MANUAL[0]} / 3)" in html.unescape(re.sub(r"<[^>]+>", "", after))
    stock_feedback(graded.course_dir, f"--student={student}")
    assert same_figures(scores_and_comments(after), scores_and_comments(graded.stock(student)))


def test_release_delivers_the_pages_through_nbgraders_exchange(graded: Graded) -> None:
    exchange = graded.course_dir / "exchange"  # as an instructor's release of the assignment left it
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)
    out = run([str(BIN / "asit"), "--root", str(graded.root), "feedback", ASSIGNMENT, "--release"], graded.root)
    assert f"released to {len(graded.cohort)} trainees" in out
    outbound = sorted((graded.course_dir / "exchange" / "asit-thb" / "feedback").glob("*.html"))
    assert len(outbound) == len(graded.cohort)
    released = {p.read_text("utf-8") for p in outbound}
    assert {graded.mine(s) for s in graded.cohort} == released


def test_plain_nbgrader_release_after_a_manual_grade_releases_the_fresh_page(graded: Graded) -> None:
    """Whatever the order: grade by hand, then release with nbgrader itself (or formgrader's button)."""
    from nbgrader.api import Gradebook

    student = next(s for s, kind in graded.cohort.items() if kind == "text")
    later = "A second look: the referral steps are right too."
    with Gradebook(f"sqlite:///{graded.course_dir / 'gradebook.db'}") as gb:
        gb.find_comment(text_id(graded.assessment), ASSIGNMENT, ASSIGNMENT, student).manual_comment = later
        gb.db.commit()
    exchange = graded.course_dir / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)
    run([str(BIN / "nbgrader"), "release_feedback", ASSIGNMENT], graded.course_dir)
    page = graded.mine(student)
    assert later in html.unescape(page)
    outbound = [p.read_text("utf-8") for p in (exchange / "asit-thb" / "feedback").glob("*.html")]
    assert page in outbound
