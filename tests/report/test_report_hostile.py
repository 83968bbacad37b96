"""The cohort report shows trainees' text as text: ids, answers and notes carrying payloads run nothing."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest
from report_cohort import ASSIGNMENT, SCORES, assessment
from test_report_command import build_gradebook, write_answers, write_config

from asit.cli import main
from asit.offline import external_loads_in_html
from asit.widgets import answers as answers_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "feedback"))
from hostile_answers import HOSTILE_TEXT, PAYLOADS, active_markup

HOSTILE_ID = '<img src=x onerror="__asitHit(90)">'


@pytest.mark.slow
def test_report_of_hostile_answers_runs_nothing(course_copy: Path) -> None:
    course_dir = course_copy / "assessments"
    db_url = write_config(course_dir)
    scores = dict(SCORES)
    scores[HOSTILE_ID] = next(iter(SCORES.values()))
    build_gradebook(db_url, scores)
    hostile_answers = {q.id: PAYLOADS[n % len(PAYLOADS)] for n, q in enumerate(assessment().questions)}
    hostile_answers["not-a-question"] = HOSTILE_TEXT
    for student in SCORES:
        write_answers(course_dir, student, answers_file.dumps(ASSIGNMENT, hostile_answers))
    # a file whose problem, quoted in the report's notes, holds markup
    broken = json.dumps({"format": "asit-answers", "version": 1, "assignment": HOSTILE_TEXT, "answers": {}})
    write_answers(course_dir, HOSTILE_ID, broken)

    assert main(["--root", str(course_copy), "report", ASSIGNMENT]) == 0

    page = (course_dir / "reports" / ASSIGNMENT / "index.html").read_text(encoding="utf-8")
    assert active_markup(page) == ["<svg>"]  # the histogram, drawn by the report itself
    assert external_loads_in_html(page) == []
    assert HOSTILE_ID not in page and f'<th scope="row">{HOSTILE_ID}</th>' in html.unescape(page)  # as text
    for payload in PAYLOADS:
        assert not (payload.startswith("<") and payload in page), payload
