"""``asit grade`` against nbgrader's own autograde, on the same cohort of the real course.

One cohort of submissions of the capstone assessment (every question kind, two text
questions; every kind of submission twice) is collected once and copied into two courses. One
is graded by the command ``nbgrader autograde`` and the other by ``asit grade``. Every grade
of every cell, every comment, timestamp and late penalty, the exported CSV and the autograded
notebooks must be the same; then a grader's manual grade, formgrader's page, feedback and
export must work on the fast-graded course as on the other.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_workflow import BIN, env, run

from asit.loader import load_or_raise
from asit.models import (
    Assessment,
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
)
from asit.nbgrader.cohort import KINDS, set_due_date, write_cohort
from asit.nbgrader.fastgrade import as_text
from asit.nbgrader.pipeline import KERNEL_DIED_AT_START, KERNEL_START_TRIES
from conftest import REPO, copy_course
from shared_builds import Assigned
from shown_figures import same_figures

pytestmark = pytest.mark.slow

ASSIGNMENT = "06-bulgaria"
# Every kind of submission twice. The seed's random answers give every question each kind of
# score it can take (full, partial where its kind allows, zero, each decision's every choice):
# the same scores per question as four of each kind gave; a test below checks that this holds.
STUDENTS = 2 * len(KINDS)
SEED = 1
LATE_PENALTY = '\nc.LateSubmissionPlugin.penalty_method = "zero"  # a late submission scores 0\n'
CHANGED_NOTEBOOK = ("tampered", "added-cell")  # named for the instructor to review
MANUAL = {"points": 3.0, "comment": "Names the referral steps in order, in plain words."}


@dataclass
class Graded:
    stock: Path  # the nbgrader course folders
    fast: Path
    fast_root: Path
    cohort: dict[str, str]
    assessment: Assessment
    fast_output: str


def db_url(course_dir: Path) -> str:
    return f"sqlite:///{course_dir / 'gradebook.db'}"


def snapshot(course_dir: Path) -> dict[str, Any]:
    """Everything autograde saves: per submission, its timestamp and late penalty, each grade and comment."""
    from nbgrader.api import Gradebook

    out: dict[str, Any] = {}
    with Gradebook(db_url(course_dir)) as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
            for notebook in submission.notebooks:
                out[submission.student.id] = {
                    "timestamp": str(submission.timestamp),
                    "late_penalty": notebook.late_submission_penalty,
                    "score": notebook.score,
                    "grades": sorted(
                        (g.name, g.auto_score, g.manual_score, g.needs_manual_grade, g.max_score)
                        for g in notebook.grades
                    ),
                    "comments": sorted((c.name, c.auto_comment, c.manual_comment) for c in notebook.comments),
                }
    return out


def merged_streams(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outputs with consecutive prints to one stream joined (a kernel splits them by timing)."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        text = "".join(output["text"]) if output["output_type"] == "stream" else None
        last = merged[-1] if merged else None
        if text is not None and last and last["output_type"] == "stream" and last["name"] == output["name"]:
            last["text"] += text
        else:
            merged.append({**output, "text": text} if text is not None else output)
    return merged


def normalized(path: Path) -> dict[str, Any]:
    """An autograded notebook without what only a kernel run adds (timings) or varies (stream splits)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            cell["outputs"] = merged_streams(cell["outputs"])
            for output in cell["outputs"]:
                for mime, value in output.get("data", {}).items():
                    output["data"][mime] = "".join(value) if isinstance(value, list) else value
    return nb


def visible_text(page: str) -> str:
    """A feedback page's text as a reader sees it."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def assigned_course(assigned: Assigned, root: Path, assignment: str, config: str) -> Assessment:
    """The assigned real course copied to ``root`` with only ``assignment`` kept (in its trees
    and gradebook, as ``asit assign ASSIGNMENT`` alone leaves it), ``config`` added to its
    nbgrader settings and a due date in its gradebook; the assessment."""
    from nbgrader.api import Gradebook

    assigned.copy_to(root)
    course_dir = root / "assessments"
    with Gradebook(db_url(course_dir)) as gb:
        others = [a.name for a in gb.assignments if a.name != assignment]
        for other in others:
            gb.remove_assignment(other)
    for other in others:
        for tree in ("source", "release"):
            shutil.rmtree(course_dir / tree / other)
    with (course_dir / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write(config)
    set_due_date(db_url(course_dir), assignment)
    folder = load_or_raise(root).module(assignment).assessment
    assert folder is not None
    return folder.assessment


def stock_autograde(assignment: str, course_dir: Path) -> str:
    """The command ``nbgrader autograde ASSIGNMENT --force``, as an instructor runs stock
    nbgrader; started again if a kernel lost its ports to another process's kernel at start
    (nothing graded differs then: that kernel ran nothing), as ``asit grade`` does."""
    args = [str(BIN / "nbgrader"), "autograde", assignment, "--force"]
    for _try in range(KERNEL_START_TRIES):
        result = subprocess.run(args, cwd=course_dir, env=env(), capture_output=True, text=True, check=False)
        said = result.stdout + result.stderr
        if result.returncode == 0 or KERNEL_DIED_AT_START not in said:
            break
    assert result.returncode == 0, f"{args} failed:\n{said}"
    return said


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, assigned_real_course: Assigned) -> Graded:
    base = tmp_path_factory.mktemp("fast")
    root = base / "base"
    assessment = assigned_course(assigned_real_course, root, ASSIGNMENT, LATE_PENALTY)
    course_dir = root / "assessments"
    cohort = write_cohort(course_dir, assessment, STUDENTS, KINDS, seed=SEED)
    stock_root, fast_root = base / "stock", base / "fast"
    shutil.copytree(root, stock_root)
    shutil.copytree(root, fast_root)
    stock, fast = stock_root / "assessments", fast_root / "assessments"
    stock_autograde(ASSIGNMENT, stock)
    run([str(BIN / "nbgrader"), "generate_feedback", ASSIGNMENT, "--force"], stock)
    run([str(BIN / "nbgrader"), "export"], stock)
    output = run([str(BIN / "asit"), "--root", str(fast_root), "grade", ASSIGNMENT], fast_root)
    return Graded(stock, fast, fast_root, cohort, assessment, output)


def test_the_cohort_covers_every_kind_and_question_kind(graded: Graded) -> None:
    counts = {kind: list(graded.cohort.values()).count(kind) for kind in KINDS}
    assert min(counts.values()) >= 2, counts
    kinds = {q.kind for q in graded.assessment.questions}
    assert kinds == {"single", "multiple", "order", "match", "numeric", "decision", "text"}


def can_score_partly(q: Question) -> bool:
    if isinstance(q, DecisionQuestion):
        return any(0 < choice.points < q.points for choice in q.choices)
    return isinstance(q, (MultipleQuestion, OrderQuestion, MatchQuestion))


def test_every_question_gets_every_kind_of_score(graded: Graded) -> None:
    """The grades compared below reach, for every question, full marks, zero, a partial score
    where its kind allows one, and every decision's choice (the unanswered kind, counted above,
    leaves every question out)."""
    stock = snapshot(graded.stock)
    for q in graded.assessment.questions:
        if isinstance(q, TextQuestion):
            continue
        scores = {grade[1] for s in stock.values() for grade in s["grades"] if grade[0] == q.id}
        assert {0.0, float(q.points)} <= scores, (q.id, scores)
        assert any(0 < score < q.points for score in scores) == can_score_partly(q), (q.id, scores)
        if isinstance(q, DecisionQuestion):
            assert {float(choice.points) for choice in q.choices} <= scores, (q.id, scores)


def test_every_submission_is_graded_in_process_and_a_changed_notebook_named(graded: Graded) -> None:
    out = graded.fast_output
    assert f"{len(graded.cohort)} in process (no kernel), 0 by nbgrader autograde" in out, out
    for student, kind in graded.cohort.items():
        named = f"\n    {student}: " in out
        assert named == (kind in CHANGED_NOTEBOOK), (student, kind)
    assert f"graded {len(graded.cohort)} of {len(graded.cohort)} submissions, 0 failed" in out


def test_every_grade_comment_timestamp_and_penalty_is_nbgraders(graded: Graded) -> None:
    stock, fast = snapshot(graded.stock), snapshot(graded.fast)
    assert sorted(fast) == sorted(stock) == sorted(graded.cohort)
    for student in graded.cohort:
        assert fast[student] == stock[student], (student, graded.cohort[student])
    # the cohort really is varied: full, partial and zero totals, text waiting, late penalties
    scores = {s["score"] for s in stock.values()}
    assert len(scores) > 5 and 0.0 in scores
    assert any(s["late_penalty"] for s in stock.values())
    assert any(g[3] for s in stock.values() for g in s["grades"])


def test_exported_csv_is_identical(graded: Graded) -> None:
    stock = (graded.stock / "grades.csv").read_text(encoding="utf-8")
    assert (graded.fast / "grades.csv").read_text(encoding="utf-8") == stock
    assert len(stock.splitlines()) == len(graded.cohort) + 1


def as_graded_in_process(nb: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    """nbgrader's autograded notebook with its text answers written as text, as ``asit grade`` writes them."""
    texts = {q.id for q in assessment.questions if isinstance(q, TextQuestion)}
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") in texts:
            cell["source"] = as_text(cell["source"])
    return nb


def without_counts(nb: dict[str, Any]) -> None:
    """Execution counts removed (an added cell that ran shifts every later count by one)."""
    for cell in nb["cells"]:
        cell.pop("execution_count", None)
        for output in cell.get("outputs", []):
            output.pop("execution_count", None)


def test_autograded_notebooks_match(graded: Graded) -> None:
    for student, kind in graded.cohort.items():
        relative = Path("autograded") / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        stock = as_graded_in_process(normalized(graded.stock / relative), graded.assessment)
        fast = normalized(graded.fast / relative)
        if kind == "added-cell":  # nbgrader keeps (and runs) the trainee's own cell; asit grade does not
            stock["cells"] = [c for c in stock["cells"] if c.get("id") != "my-notes"]
            without_counts(stock)
            without_counts(fast)
        assert fast == stock, student
        files = sorted(p.name for p in (graded.fast / relative.parent).iterdir())
        assert files == sorted(p.name for p in (graded.stock / relative.parent).iterdir()), student
        assert ((graded.fast / relative).stat().st_mode & 0o777) == 0o444


def test_feedback_shows_nbgraders_scores_and_comments(graded: Graded) -> None:
    """``asit grade`` writes its own pages; each shows what nbgrader's generate_feedback shows of the gradebook."""
    for student in graded.cohort:
        relative = Path("feedback") / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        fast = gradebook_view((graded.fast / relative).read_text(encoding="utf-8"))
        stock = gradebook_view((graded.stock / relative).read_text(encoding="utf-8"))
        assert same_figures(fast, stock), (student, fast, stock)
        assert fast["total"] and fast["cells"], student


def gradebook_view(page: str) -> dict[str, Any]:
    """What a feedback page shows of the gradebook: the total, each listed cell's score, the late penalty."""
    text = visible_text(page)
    return {
        "total": re.findall(r"\(Score: (-?[\d.]+) / ([\d.]+)\)", text)[:1],
        "cells": re.findall(
            r"(Test cell|Written response|Coding free-response|Task) \(Score: ([\d.]+) / ([\d.]+)\)", text
        ),
        "late": re.findall(r"Late submission penalty \(Score: -([\d.]+)\)", text),
        "comments": text.count("Comments:"),
    }


def _text_question(assessment: Assessment) -> str:
    return next(q.id for q in assessment.questions if isinstance(q, TextQuestion))


def _grade_by_hand(course_dir: Path, student: str, qid: str) -> None:
    """What a grader does in formgrader: a manual score and a comment on a text answer."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course_dir)) as gb:
        grade = gb.find_grade(qid, ASSIGNMENT, ASSIGNMENT, student)
        grade.manual_score = MANUAL["points"]
        comment = gb.find_comment(qid, ASSIGNMENT, ASSIGNMENT, student)
        comment.manual_comment = MANUAL["comment"]
        gb.db.commit()


def test_manual_grading_feedback_and_export_after_a_fast_grade(graded: Graded) -> None:
    student = next(s for s, kind in graded.cohort.items() if kind == "text")
    qid = _text_question(graded.assessment)
    for course_dir in (graded.stock, graded.fast):
        _grade_by_hand(course_dir, student, qid)
        run([str(BIN / "nbgrader"), "generate_feedback", ASSIGNMENT, "--force", f"--student={student}"], course_dir)
        run([str(BIN / "nbgrader"), "export", "--to=after-manual.csv"], course_dir)
    assert snapshot(graded.fast)[student] == snapshot(graded.stock)[student]
    fast_csv = (graded.fast / "after-manual.csv").read_text(encoding="utf-8")
    assert fast_csv == (graded.stock / "after-manual.csv").read_text(encoding="utf-8")
    row = next(r for r in csv.DictReader(fast_csv.splitlines()) if r["student_id"] == student)
    page = (graded.fast / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert str(MANUAL["comment"]) in html.unescape(page)
    shown = re.search(r"Score: ([0-9.]+) / ([0-9.]+)", page)
    assert shown and float(shown.group(1)) == pytest.approx(float(row["score"]), abs=0.01), shown


def test_formgrader_shows_a_fast_graded_submission(graded: Graded) -> None:
    """formgrader's submission page, rendered as its handler renders it, for an in-process grade."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.api import Gradebook
    from nbgrader.server_extensions.formgrader import handlers

    from asit.nbgrader.pipeline import api_for

    student = next(s for s, kind in graded.cohort.items() if kind == "right")
    api = api_for(graded.fast)
    with Gradebook(db_url(graded.fast)) as gb:
        submission = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        indices = api.get_notebook_submission_indices(ASSIGNMENT, ASSIGNMENT)
        resources = {
            "assignment_id": ASSIGNMENT,
            "notebook_id": ASSIGNMENT,
            "submission_id": submission.id,
            "index": indices[submission.id],
            "total": len(indices),
            "base_url": "",
            "student": student,
            "last_name": None,
            "first_name": None,
            "notebook_path": f"autograded/{student}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
        }
    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    path = graded.fast / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    page, _ = exporter.from_filename(str(path), resources=resources)
    text = html.unescape(page)
    qid = _text_question(graded.assessment)
    assert f'id="{qid}"' in page  # the manual grading box of the text answer
    assert "For graders only: rubric of question" in text  # the rubric beside it
    assert "Points: " in text  # the test cells' feedback lines

    # formgrader's list of submissions (its ids are the gradebook's own and differ between the two)
    def listed(course_api: Any) -> list[dict[str, Any]]:
        rows = course_api.get_submissions(ASSIGNMENT)
        return sorted(({k: v for k, v in r.items() if k != "id"} for r in rows), key=lambda r: r["student"])

    assert listed(api) == listed(api_for(graded.stock))


def test_the_grading_benchmark_prints_both_times_and_the_ratio(tmp_path: Path) -> None:
    root = copy_course(REPO, tmp_path / "course")
    out = run([str(BIN / "asit"), "--root", str(root), "bench", "grade", "--students", "4"], root)
    stock = re.search(r"nbgrader autograde\s+([\d.]+)s\s+([\d.]+ m?s)", out)
    fast = re.search(r"asit grade \(grading\)\s+([\d.]+)s\s+([\d.]+ m?s)\s+\(4 in process", out)
    ratio = re.search(r"ratio: ([\d.]+)x", out)
    assert stock and fast and ratio, out
    assert float(ratio.group(1)) == pytest.approx(float(stock.group(1)) / float(fast.group(1)), rel=0.2)
    assert "grades of every cell, totals and CSV export identical: yes" in out
    print("\n" + out)
