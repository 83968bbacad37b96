"""A hostile cohort graded through ``asit grade``: nothing a trainee hands in runs, and a grade is
exactly what the answers earn.

One course (the fixture course's graded assessment) gets every payload of
``hostile_payloads`` as one trainee each, and is graded by ``asit grade`` (in process).
A second copy, whose configuration sends every submission to nbgrader's own autograde
(a convert hook the in-process grader does not know), grades the payloads marked ``kernel``
through a real kernel. For each trainee: no marker file anywhere, a gradebook row whose every
score is what ``asit.scoring`` gives the answers file as the course reads it (or a named
failure), the summary and the review file counting every folder, text answers without live
HTML, and notebooks that nbformat accepts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hostile_payloads import PAYLOADS, Context, Payload, earned, write_payload

from asit.loader import load_or_raise
from asit.models import TextQuestion
from asit.scoring import score_question
from shared_builds import Assigned

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-sample"
BIN = Path(sys.executable).parent
HOOK = "\nc.Autograde.post_convert_hook = lambda **kwargs: None  # a hook: nbgrader's autograde grades\n"
ALLOWED_TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS |= {"blockquote", "br", "hr", "a", "del", "span", "table", "thead", "tbody", "tr", "th", "td"}


def env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def asit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "asit"), "--root", str(root), *args], cwd=root, env=env(), capture_output=True, text=True
    )


@dataclass
class Graded:
    base: Path  # everything this run wrote is under here
    root: Path
    ctx: Context
    payloads: list[Payload]
    result: subprocess.CompletedProcess[str]

    @property
    def course_dir(self) -> Path:
        return self.root / "assessments"

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    def review(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(
            (self.course_dir / "reports" / f"{ASSIGNMENT}-grading.json").read_text(encoding="utf-8")
        )
        return data


@pytest.fixture(scope="module")
def assigned(assigned_fixture_course: Assigned) -> Path:
    """The fixture course after ``asit assign`` (made once per run): each grading below copies it."""
    return assigned_fixture_course.root


def _graded(assigned: Path, base: Path, payloads: list[Payload], *grade_args: str, hook: bool = False) -> Graded:
    root = base / "course"
    shutil.copytree(assigned, root, symlinks=True)
    course_dir = root / "assessments"
    if hook:
        with (course_dir / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
            handle.write(HOOK)
    folder = load_or_raise(root).module(ASSIGNMENT).assessment
    assert folder is not None
    release = json.loads((course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))
    ctx = Context(course_dir, folder.assessment, release, f"asit-hostile-{os.getpid()}-{base.name}")
    for payload in payloads:
        write_payload(ctx, payload)
    result = asit(root, "grade", ASSIGNMENT, *grade_args)
    return Graded(base, root, ctx, payloads, result)


@pytest.fixture(scope="module")
def in_process(assigned: Path, tmp_path_factory: pytest.TempPathFactory) -> Graded:
    return _graded(assigned, tmp_path_factory.mktemp("hostile"), PAYLOADS)


@pytest.fixture(scope="module")
def by_kernel(assigned: Path, tmp_path_factory: pytest.TempPathFactory) -> Graded:
    chosen = [p for p in PAYLOADS if p.kernel]
    return _graded(assigned, tmp_path_factory.mktemp("hostile-kernel"), chosen, "--no-feedback", hook=True)


def gradebook(course_dir: Path) -> dict[str, dict[str, tuple[float | None, bool]]]:
    """Per graded student, per grade cell: its auto score and whether it needs a person."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, tuple[float | None, bool]]] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
            for notebook in submission.notebooks:
                out[submission.student.id] = {
                    g.name: (None if g.auto_score is None else float(g.auto_score), bool(g.needs_manual_grade))
                    for g in notebook.grades
                }
    return out


def markers_left(run: Graded) -> list[str]:
    token = run.ctx.token
    found = [str(p) for p in Path("/tmp").iterdir() if p.name.startswith(token)]
    found += [str(p) for p in run.base.rglob(f"*{token}*")]
    return found


def check_accounted(run: Graded) -> None:
    review = run.review()
    rows = {t["student"]: t for t in review["trainees"]}
    assert sorted(rows) == sorted(p.id for p in run.payloads)
    assert review["folders"] == len(run.payloads) == review["graded"] + review["not_graded"]
    failed = sum(1 for p in run.payloads if p.refused or not rows[p.id]["graded"])
    assert f"graded {len(run.payloads) - failed} of {len(run.payloads)} submissions, {failed} failed" in run.output
    book = gradebook(run.course_dir)
    for p in run.payloads:
        row = rows[p.id]
        if p.refused:
            assert not row["graded"] and p.refused in row["error"], (p.name, row)
            assert p.id not in book, p.name
        else:
            assert row["graded"], (p.name, row)
            assert p.id in book, p.name


def check_scores(run: Graded) -> None:
    book = gradebook(run.course_dir)
    questions = run.ctx.assessment.questions
    for p in run.payloads:
        if p.refused:
            continue
        answers = earned(run.ctx, p)
        grades = book[p.id]
        for q in questions:
            auto, manual = grades[q.id]
            if isinstance(q, TextQuestion):  # written: waits for a person; untouched: 0 at once, as nbgrader does
                written = p.family == "text answers as HTML" or p.name in ("honest-right", "text-cell-twice")
                assert (auto, manual) == ((None, True) if written else (0.0, False)), (p.name, q.id)
            else:
                assert auto == pytest.approx(score_question(q, answers.get(q.id))), (p.name, q.id, auto)
        earns = sum(score_question(q, answers.get(q.id)) for q in questions if not isinstance(q, TextQuestion))
        assert sum(a or 0.0 for a, _ in grades.values()) <= earns + 1e-9, p.name


def test_no_payload_runs_in_process(in_process: Graded) -> None:
    assert in_process.result.returncode == 1, in_process.output  # the refused ones fail the run
    assert markers_left(in_process) == []


def test_every_trainee_is_graded_or_named(in_process: Graded) -> None:
    check_accounted(in_process)
    for row in in_process.review()["trainees"]:  # a value only a kernel can show goes to nbgrader's, canonical
        assert row["route"] in ("in process", "not graded") or row["reason"].startswith("in-process grading failed")


def test_every_grade_is_what_the_answers_earn(in_process: Graded) -> None:
    check_scores(in_process)
    book = gradebook(in_process.course_dir)
    right = {q.id: float(q.points) for q in in_process.ctx.assessment.questions if not isinstance(q, TextQuestion)}
    assert {k: v[0] for k, v in book["h-honest-right"].items() if k in right} == right
    assert all(v[0] == 0 for k, v in book["h-honest-wrong"].items() if k in right)
    assert book["zz-glob[1]"] != book["zz-glob1"]  # each trainee graded on their own folder


def test_differing_notebooks_are_named_for_review(in_process: Graded) -> None:
    rows = {t["student"]: t for t in in_process.review()["trainees"]}
    for p in in_process.payloads:
        if p.refused:
            continue
        differs = bool(rows[p.id]["differences"])
        if p.family in ("honest controls", "trainee ids", "huge values", "text answers as HTML", "timestamps"):
            assert not differs or p.name.startswith("notebook"), (p.name, rows[p.id]["differences"])
        else:
            assert differs, p.name
    assert "to review (graded from their answers" in in_process.output
    assert "h-shadow-asit-package: other files handed in (not read): 'asit'" in in_process.output


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.bad.append(f"{tag} {name}={value}")


def test_autograded_notebooks_hold_text_not_html_and_open_in_nbformat(in_process: Graded) -> None:
    from nbconvert.filters.markdown import markdown2html

    texts = {q.id for q in in_process.ctx.assessment.questions if isinstance(q, TextQuestion)}
    checked = 0
    for p in in_process.payloads:
        if p.refused:
            continue
        folder = in_process.course_dir / "autograded" / p.id / ASSIGNMENT
        assert (folder.stat().st_mode & 0o777) == 0o755, p.name
        assert {f.name for f in folder.iterdir()} <= {f"{ASSIGNMENT}.ipynb", "answers.json", "timestamp.txt"}, p.name
        nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert ((folder / f"{ASSIGNMENT}.ipynb").stat().st_mode & 0o777) == 0o444
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") in texts:
                parser = Tags()
                parser.feed(markdown2html(cell.source))
                assert parser.bad == [], (p.name, parser.bad, cell.source)
                checked += 1
    assert checked >= 60
    script = in_process.course_dir / "autograded" / "h-text-script" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert "&lt;script&gt;document.title" in script.read_text(encoding="utf-8")


def test_feedback_is_written_for_every_graded_trainee(in_process: Graded) -> None:
    rows = {t["student"]: t for t in in_process.review()["trainees"]}
    for student, row in rows.items():
        page = in_process.course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert page.is_file() == bool(row["graded"]), student
        assert f"feedback failed: {student}" not in in_process.output, student
    # Pages are written at literal paths: an id that reads as a pattern keeps its own page.
    pages = {
        s: (in_process.course_dir / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html").read_bytes()
        for s in ("zz-glob[1]", "zz-glob1")
        if rows.get(s, {}).get("graded")
    }
    assert len(pages) == 2 and pages["zz-glob[1]"] != pages["zz-glob1"]


def test_nothing_reaches_nbgraders_kernel(by_kernel: Graded) -> None:
    assert by_kernel.result.returncode == 0, by_kernel.output
    assert markers_left(by_kernel) == []
    count = len(by_kernel.payloads)
    assert f"0 in process (no kernel), {count} by nbgrader autograde (on the released notebook)" in by_kernel.output
    check_accounted(by_kernel)
    check_scores(by_kernel)


def test_a_rerun_cleans_a_killed_runs_folders_and_grades_the_same(in_process: Graded) -> None:
    before = gradebook(in_process.course_dir)
    autograded = in_process.course_dir / "autograded" / "h-honest-right"
    stale = [autograded / f".asit-build-{ASSIGNMENT}-k1ll3d00", autograded / f".asit-old-{ASSIGNMENT}"]
    staged = in_process.course_dir / ".asit-staged" / "h-honest-right" / ASSIGNMENT
    for folder in [*stale, staged]:
        folder.mkdir(parents=True)
        (folder / "half.ipynb").write_text("{", encoding="utf-8")
    keep = autograded / ".not-ours"
    keep.mkdir()
    result = asit(in_process.root, "grade", ASSIGNMENT, "--no-feedback")
    assert result.returncode == 1, result.stdout + result.stderr
    assert not any(p.exists() for p in stale) and not (in_process.course_dir / ".asit-staged").exists()
    assert keep.is_dir()
    assert gradebook(in_process.course_dir) == before
    assert markers_left(in_process) == []


def test_formgrader_shows_every_graded_notebook_with_no_payload_markup(in_process: Graded) -> None:
    """formgrader's manual-grading page, rendered as its handler renders it, for every graded trainee."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    rows = {t["student"]: t for t in in_process.review()["trainees"]}
    raw = [
        "<script>document.title",
        "<img src=x onerror",
        "<svg onload",
        "<iframe srcdoc",
        "<style>body",
        "<input autofocus",
    ]
    for student, row in rows.items():
        if not row["graded"]:
            continue
        path = in_process.course_dir / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        resources = {
            "assignment_id": ASSIGNMENT,
            "notebook_id": ASSIGNMENT,
            "submission_id": "x",
            "index": 0,
            "total": len(rows),
            "base_url": "",
            "student": student,
            "last_name": None,
            "first_name": None,
            "notebook_path": f"autograded/{student}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
        }
        page, _ = exporter.from_filename(str(path), resources=resources)
        assert [r for r in raw if r in page] == [], student
        assert 'href="javascript' not in page, student
