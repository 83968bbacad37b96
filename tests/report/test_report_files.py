"""The report's files rendered from plain data: exact CSV contents, and a page that flags and loads nothing."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_cohort import ASSIGNMENT, OPTIONS_CSV, QUESTIONS_CSV, TRAINEES_CSV, assessment, records

from asit.loader import Course, load_or_raise
from asit.models import (
    DecisionQuestion,
    MatchQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
)
from asit.nbgrader.selfcheck import KEY_STUDENT, answer_sets
from asit.offline import external_loads_in_html
from asit.report import stats
from asit.report.csv_files import csv_files
from asit.report.html import render_html
from asit.report.stats import CohortReport, TraineeRecord, analyse, option_counts
from asit.scoring import score_question

REPO = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
NOTE = "answers of cara not counted (it is not valid JSON (line 1, column 2)): their choices count as unanswered"


@pytest.fixture(scope="module")
def report() -> CohortReport:
    a = assessment()
    return analyse(ASSIGNMENT, a.title, a.questions, records(), [NOTE])


@pytest.fixture(scope="module")
def page(report: CohortReport) -> str:
    return render_html(report)


def test_csv_files_exactly(report: CohortReport) -> None:
    files = csv_files(report)
    assert sorted(files) == ["options.csv", "questions.csv", "trainees.csv"]
    assert files["questions.csv"] == QUESTIONS_CSV
    assert files["options.csv"] == OPTIONS_CSV
    assert files["trainees.csv"] == TRAINEES_CSV


def test_same_data_same_bytes(report: CohortReport) -> None:
    a = assessment()
    again = analyse(ASSIGNMENT, a.title, a.questions, list(reversed(records())), [NOTE])
    assert csv_files(again) == csv_files(report)
    assert render_html(again) == render_html(report)


def test_page_flags_the_questions_to_review(page: str) -> None:
    review = page[page.index('id="review"') : page.index('id="distribution"')]
    assert "Question 1 (sm-a-indicator)" in review and "too easy (difficulty 1.000)" in review
    assert "Question 3 (sm-a-days)" in review and "too hard (difficulty 0.250); negative discrimination" in review
    assert "Question 5 (sm-a-match)" in review
    assert "Question 6 (sm-a-decide)" in review and "discrimination -1.000, point-biserial -0.781" in review
    assert "sm-a-multi" not in review and "sm-a-text" not in review
    assert len(re.findall(r'<tr id="q-[^"]+" class="flagged">', page)) == 4
    assert "4 questions are flagged for review" in page


def test_page_loads_nothing_from_outside(page: str) -> None:
    assert external_loads_in_html(page) == []
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "<style>" in page and "<svg" in page


class _Structure(HTMLParser):
    """Collects what accessibility rests on: tables with captions and header cells, the plot's alternative."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.captions = 0
        self.scoped_headers = 0
        self.svg_attrs: dict[str, str | None] = {}
        self.svg_children: list[str] = []
        self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.scoped_headers += tag == "th" and values.get("scope") in ("col", "row")
        if tag == "svg":
            self.svg_attrs, self._in_svg = values, True
        elif self._in_svg:
            self.svg_children.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg = False


def test_page_is_accessible(page: str, report: CohortReport) -> None:
    found = _Structure()
    found.feed(page)
    assert found.tables == found.captions >= 4
    assert found.scoped_headers > 40
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert found.svg_attrs["role"] == "img"
    assert found.svg_attrs["aria-labelledby"] == "hist-title hist-desc"
    assert found.svg_children[:2] == ["title", "desc"]
    desc = re.search(r'<desc id="hist-desc">(.*?)</desc>', page)
    assert desc is not None and "20–30%: 1" in desc.group(1) and "50–60%: 2" in desc.group(1)
    assert page.count('class="bar"') == sum(1 for n in report.histogram if n)


def test_page_shows_notes_thresholds_and_not_computable(page: str) -> None:
    assert "Notes on the data" in page and "answers of cara not counted" in page
    assert f"above {stats.DEFAULTS.too_easy}" in page and f"below {stats.DEFAULTS.too_hard}" in page
    assert '<abbr title="not computable">n/c</abbr>' in page  # sm-a-indicator's point-biserial


def test_text_from_course_and_gradebook_is_escaped() -> None:
    a = assessment()
    ids = [q.id for q in a.questions]
    odd = TraineeRecord('<script>alert("x")</script>', dict.fromkeys(ids, 1.0), {})
    page = render_html(analyse(ASSIGNMENT, a.title, a.questions, [odd], ["<b>note</b>"]))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>note</b>" not in page


def test_instructors_page_documents_the_thresholds() -> None:
    text = (REPO / "book" / "instructors.md").read_text(encoding="utf-8")
    section = text[text.index("## Cohort report") :]
    defaults = stats.DEFAULTS
    for figure in (f"{defaults.too_easy}", f"{defaults.too_hard}", f"{defaults.group_share * 100:.0f}%", "asit report"):
        assert figure in section, figure


@functools.cache
def course(root: Path) -> Course:
    return load_or_raise(root)


ASSESSMENT_FILES = [p for root in (FIXTURE_COURSE, REPO) for p in sorted((root / "assessments").glob("*.yml"))]


def course_file_id(path: Path) -> str:
    return f"{'fixture' if FIXTURE_COURSE in path.parents else 'course'}/{path.stem}"


@pytest.mark.parametrize("path", ASSESSMENT_FILES, ids=course_file_id)
def test_every_graded_assessment_of_the_course(path: Path) -> None:
    """The key's answers, the wrong ones and none at all, through every real question: counts add up, page offline."""
    folder = course(path.parents[1]).module(path.stem)
    assert folder.assessment is not None
    graded = folder.assessment.assessment
    questions = graded.questions
    sets = answer_sets(graded)
    cohort = [
        TraineeRecord(student, {q.id: score_question(q, answers.get(q.id)) for q in questions}, answers)
        for student, answers in sets.items()
    ]
    cohort.append(TraineeRecord("blank", {q.id: 0.0 for q in questions}, {}))
    report = analyse(graded.id, graded.title, questions, cohort)
    for q in questions:
        rows = [o for o in report.options if o.question == q.id]
        if isinstance(q, TextQuestion):
            assert rows == []
            continue
        assert {o.answered for o in rows} == {len(sets)}, q.id  # key and wrong are answers; blank is not
        # what the key chooses is exactly what the report marks right (decisions: the best choice)
        key_rows = option_counts(q, [sets[KEY_STUDENT][q.id]])
        assert all(o.correct for o in key_rows if o.chosen), q.id
        if not isinstance(q, (NumericQuestion, DecisionQuestion)):  # one value given; choices may tie for best
            assert all(o.chosen for o in key_rows if o.correct), q.id
        if isinstance(q, (SingleQuestion, DecisionQuestion, NumericQuestion)):
            assert sum(o.chosen for o in rows) == len(sets), q.id
        if isinstance(q, OrderQuestion):
            assert sum(o.chosen for o in rows) == len(sets) * len(q.answer), q.id
        if isinstance(q, MatchQuestion):
            assert sum(o.chosen for o in rows) == len(sets) * len(q.answer), q.id
    page = render_html(report)
    assert external_loads_in_html(page) == []
    assert all(f'id="q-{q.id}"' in page for q in questions)
