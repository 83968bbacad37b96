"""The rules for reading what a trainee hands in, without nbgrader's pipeline: regular files
only, caps on the bytes read, JSON limits that do not depend on the stack, literal folder
names, what differs from the released notebook, text answers as text, stale folders."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.models import Assessment, TextQuestion
from asit.nbgrader.blueprint import Blueprint, CellPlan
from asit.nbgrader.canonical import canonical_notebook
from asit.nbgrader.fastgrade import as_text, clean_stale
from asit.nbgrader.grade_run import (
    IN_PROCESS,
    NOT_GRADED,
    Outcome,
    TraineeTimeLimitError,
    review_document,
    summary_lines,
    time_limit,
)
from asit.nbgrader.source import source_notebook
from asit.nbgrader.submission import SubmissionRefusedError, has_pattern, read_submission, trainee_folders
from asit.widgets import answers as answers_file
from conftest import FIXTURE_COURSE

STAMP = "2026-01-10 09:00:00.000000 UTC"


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    folder = load_or_raise(FIXTURE_COURSE).module("01-sample").assessment
    assert folder is not None
    return folder.assessment


@pytest.fixture(scope="module")
def release(assessment: Assessment) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(source_notebook(assessment)))
    return data


@pytest.fixture(scope="module")
def blueprint(assessment: Assessment, release: dict[str, Any]) -> Blueprint:
    plans = []
    for cell in release["cells"]:
        meta = cell["metadata"]["nbgrader"]
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        plans.append(CellPlan(meta["grade_id"], cell["cell_type"], meta, source, source, "", ()))
    return Blueprint(assessment.id, assessment.id, release["nbformat_minor"], None, tuple(plans), release)


def _submission(course: Path, student: str, release: dict[str, Any], assignment: str = "01-sample") -> Path:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(release), encoding="utf-8")
    answers_file.save(folder / answers_file.FILE_NAME, assignment, {"sm-a-indicator": "a"})
    (folder / "timestamp.txt").write_text(STAMP, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ files


def test_a_regular_file_is_read_up_to_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert answers_file.read_regular(path, 10) == b"x" * 10
    with pytest.raises(answers_file.UnreadableFileError, match="larger than 9 bytes"):
        answers_file.read_regular(path, 9)
    with pytest.raises(FileNotFoundError):
        answers_file.read_regular(tmp_path / "none", 9)


def test_pipes_links_folders_and_devices_are_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "dir").mkdir()
    os.mknod(tmp_path / "dev", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    start = time.perf_counter()
    for name, kind in (("pipe", "a named pipe"), ("zero", "a symbolic link"), ("dir", "a folder"), ("dev", "a device")):
        with pytest.raises(answers_file.UnreadableFileError, match=f"it is {kind}, not a regular file"):
            answers_file.read_regular(tmp_path / name, 100)
    assert time.perf_counter() - start < 5  # nothing blocked (a real bound would be a hang)
    assert answers_file.load(tmp_path / "pipe").problem == "it is a named pipe, not a regular file"


def test_json_limits_are_explicit_and_do_not_depend_on_the_stack() -> None:
    limit = answers_file.MAX_DEPTH
    assert answers_file.loads_bounded("[" * limit + "]" * limit) is not None
    for text in ("[" * (limit + 1) + "]" * (limit + 1), "[" * 100_000, "[" * 100_000 + "]" * 100_000):
        with pytest.raises(ValueError, match="too large or too deeply nested"):
            answers_file.loads_bounded(text)
    digits = answers_file.MAX_NUMBER_CHARS
    assert answers_file.loads_bounded("9" * digits) == int("9" * digits)
    for text in ("9" * (digits + 1), "0." + "3" * digits, "3" * 401):
        with pytest.raises(answers_file.JsonLimitError):
            answers_file.loads_bounded(text)
    assert answers_file.loads_bounded("[NaN, Infinity, -Infinity, 1e999]") == [None, None, None, float("inf")]
    with pytest.raises(answers_file.JsonLimitError, match="not valid Unicode"):
        answers_file.loads_bounded('{"q": "\\ud800"}')
    doc = '{"format": "asit-answers", "version": 1, "answers": {"q": ' + "3" * 401 + "}}"
    assert answers_file.parse(doc).problem == answers_file.TOO_LARGE


# ------------------------------------------------------------------ folders and names


def test_trainee_ids_are_literal_names(tmp_path: Path, release: dict[str, Any], blueprint: Blueprint) -> None:
    for student in ("zz-glob[1]", "zz-glob1", "zz-*"):
        _submission(tmp_path, student, release)
    (tmp_path / "submitted" / "other").mkdir()  # no submission of this assignment
    assert trainee_folders(tmp_path, "01-sample") == ["zz-*", "zz-glob1", "zz-glob[1]"]
    assert has_pattern("zz-glob[1]") and not has_pattern("zz-glob1")
    read = read_submission(tmp_path, "01-sample", "zz-glob[1]", blueprint)
    assert read.student == "zz-glob[1]" and read.differences == ()


def test_links_to_folders_are_refused(tmp_path: Path, release: dict[str, Any], blueprint: Blueprint) -> None:
    folder = _submission(tmp_path, "ana", release)
    (tmp_path / "submitted" / "ben").symlink_to(folder.parent)
    (tmp_path / "submitted" / "cy").mkdir()
    (tmp_path / "submitted" / "cy" / "01-sample").symlink_to(folder)
    assert trainee_folders(tmp_path, "01-sample") == ["ana", "ben", "cy"]
    with pytest.raises(SubmissionRefusedError, match="trainee folder 'ben' is a symbolic link"):
        read_submission(tmp_path, "01-sample", "ben", blueprint)
    with pytest.raises(SubmissionRefusedError, match="submission folder '01-sample' is a symbolic link"):
        read_submission(tmp_path, "01-sample", "cy", blueprint)
    with pytest.raises(SubmissionRefusedError, match="control characters"):
        read_submission(tmp_path, "01-sample", "a\nb", blueprint)


def test_a_bad_file_refuses_the_submission(tmp_path: Path, release: dict[str, Any], blueprint: Blueprint) -> None:
    folder = _submission(tmp_path, "ana", release)
    (folder / "timestamp.txt").write_text("soon", encoding="utf-8")
    with pytest.raises(SubmissionRefusedError, match=r"timestamp\.txt holds no valid time"):
        read_submission(tmp_path, "01-sample", "ana", blueprint)
    (folder / "timestamp.txt").unlink()
    os.mkfifo(folder / "timestamp.txt")
    with pytest.raises(SubmissionRefusedError, match=r"timestamp\.txt: it is a named pipe"):
        read_submission(tmp_path, "01-sample", "ana", blueprint)


def test_what_differs_is_named_and_text_answers_are_read_by_grade_id(
    tmp_path: Path, assessment: Assessment, release: dict[str, Any], blueprint: Blueprint
) -> None:
    text_id = next(q.id for q in assessment.questions if isinstance(q, TextQuestion))
    nb = json.loads(json.dumps(release))
    nb["cells"].insert(1, {"cell_type": "code", "id": "x", "metadata": {}, "source": "import os", "outputs": []})
    test = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "sm-a-indicator")
    test["metadata"]["tags"] = ["skip-execution"]
    test["metadata"]["nbgrader"]["points"] = 100
    test["source"] = "100.0"
    text = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == text_id)
    text["source"] = ["My ", "answer <b>."]
    nb["nbformat_minor"] = 4
    folder = _submission(tmp_path, "ana", nb)
    (folder / "asit").mkdir()
    read = read_submission(tmp_path, "01-sample", "ana", blueprint, ignore=[".ipynb_checkpoints"])
    assert read.texts == {text_id: "My answer <b>."}
    assert read.differences == (
        f"its format is 4.4, not 4.{release['nbformat_minor']}",
        "added cells at positions 2 (not in the released notebook)",
        "the nbgrader metadata of cells 'sm-a-indicator' was changed",
        "the metadata of cells 'sm-a-indicator' was changed ('tags')",
        "the read-only cells 'sm-a-indicator' were edited",
        "other files handed in (not read): 'asit'",
    )
    (folder / "01-sample.ipynb").write_text("[" * 100_000, encoding="utf-8")
    read = read_submission(tmp_path, "01-sample", "ana", blueprint)
    assert read.texts == {} and "its notebook was not read" in read.differences[0]


def test_the_canonical_notebook_is_the_release_with_the_texts(
    assessment: Assessment, release: dict[str, Any], blueprint: Blueprint
) -> None:
    text_id = next(q.id for q in assessment.questions if isinstance(q, TextQuestion))
    nb: Any = canonical_notebook(blueprint, {text_id: "<script>x</script>", "sm-a-indicator": "100.0"})
    changed = [(a, b) for a, b in zip(release["cells"], nb["cells"], strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1]["source"] == "&lt;script&gt;x&lt;/script&gt;"


# ------------------------------------------------------------------ what is written


def test_text_answers_become_text() -> None:
    from nbconvert.filters.markdown import markdown2html

    hostile = "<img src=x onerror=alert(1)> ![p](http://e/p.png) [l](javascript:x) \\[m](javascript:y) &#60;b&#62;"
    page = markdown2html(as_text(hostile))
    assert 'href="javascript' not in page and "<img" not in page
    assert as_text("Plain words, *emphasis* and 3 > 2") == "Plain words, *emphasis* and 3 &gt; 2"
    assert as_text("*Write your answer here.*") == "*Write your answer here.*"


def test_a_killed_runs_folders_are_removed_and_no_other(tmp_path: Path) -> None:
    student = tmp_path / "autograded" / "ana"
    ours = [".asit-build-01-sample-ab12cd34", ".asit-old-01-sample", ".01-sample.old", ".01-sample.x1y2z3w4"]
    theirs = ["01-sample", ".asit-build-02-other-ab12cd34", ".keep", "notes"]
    for name in ours + theirs:
        (student / name).mkdir(parents=True)
    removed = clean_stale(tmp_path / "autograded", "01-sample")
    assert sorted(p.name for p in removed) == sorted(ours)
    assert sorted(p.name for p in student.iterdir()) == sorted(theirs)


def test_a_trainee_past_the_time_limit_is_stopped() -> None:
    start = time.perf_counter()
    with pytest.raises(TraineeTimeLimitError), time_limit(0.2):
        while True:
            pass
    assert time.perf_counter() - start < 5
    with time_limit(5):
        pass


def test_the_counts_add_up_to_the_folders_found() -> None:
    outcomes = [
        Outcome("ana", IN_PROCESS, 0.01),
        Outcome("ben", IN_PROCESS, 0.01, differences=("added cells at positions 3 (not in the released notebook)",)),
        Outcome("cy\x1b[2J", NOT_GRADED, 0.0, error="answers.json: it is a named pipe, not a regular file"),
    ]
    lines = summary_lines("a1", outcomes, 1.0)
    assert lines[0].startswith("a1: graded 2 of 3 submissions, 1 failed")
    assert "    ben: added cells at positions 3 (not in the released notebook)" in lines
    assert "  failed: 'cy\\x1b[2J': answers.json: it is a named pipe, not a regular file" in lines
    doc = review_document("a1", outcomes)
    assert (doc["folders"], doc["graded"], doc["not_graded"], doc["to_review"]) == (3, 2, 1, 1)
    assert [t["student"] for t in doc["trainees"]] == ["ana", "ben", "cy\x1b[2J"]


def test_nbgraders_submission_secret_is_kept_for_feedback_and_a_forged_one_is_named(
    tmp_path: Path, blueprint: Blueprint, release: dict[str, Any]
) -> None:
    secret = b"0123456789abcdef" * 8  # the form nbgrader's submit writes (token_hex(64))
    _submission(tmp_path, "t-real", release).joinpath("submission_secret.txt").write_bytes(secret)
    kept = read_submission(tmp_path, "01-sample", "t-real", blueprint)
    assert dict(kept.kept_files())["submission_secret.txt"] == secret
    assert not any("submission_secret" in d for d in kept.differences)
    _submission(tmp_path, "t-forged", release).joinpath("submission_secret.txt").write_bytes(b"../../x<script>")
    forged = read_submission(tmp_path, "01-sample", "t-forged", blueprint)
    assert "submission_secret.txt" not in dict(forged.kept_files())
    assert any("submission_secret.txt is not one nbgrader writes" in d for d in forged.differences)
