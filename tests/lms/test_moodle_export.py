"""Moodle XML round trip: every exported question bank, parsed back, says what the assessment
says (every question, option, fraction, tolerance and text), its fractions add up as Moodle
requires, and Moodle's grading of each question type gives what ``asit.scoring`` gives for the
same answer (every subset of options, every ordering of up to six steps, every pairing)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asit import scoring
from asit.export.moodle import (
    ORDERING_GRADING,
    assessment_xml,
    category_path,
    moodle_files,
    ordering_grading_type,
    plain_text,
    rubric_html,
)
from asit.loader import Course, load_or_raise
from asit.models import (
    Assessment,
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderItem,
    OrderQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from asit.render.markdown import to_html

REPO = Path(__file__).resolve().parents[2]
COURSES = {"fixture": REPO / "tests" / "fixtures" / "course", "real": REPO}


@pytest.fixture(scope="module", params=sorted(COURSES))
def course(request: pytest.FixtureRequest) -> Course:
    return load_or_raise(COURSES[str(request.param)])


def _assessments(course: Course) -> list[Assessment]:
    return [f.assessment.assessment for f in sorted(course.modules, key=lambda f: f.module.number) if f.assessment]


def _text(node: ET.Element, path: str) -> str:
    found = node.find(path)
    assert found is not None, f"missing {path}"
    return found.text or ""


def _fractions(node: ET.Element) -> list[float]:
    return [float(a.get("fraction", "nan")) / 100 for a in node.findall("answer")]


# ---------------------------------------------------------------- Moodle's grading, per type


def moodle_multichoice(fractions: list[float], picked: set[int]) -> float:
    """Moodle's multichoice (several answers): the picked fractions added up, kept within 0..1."""
    return min(1.0, max(0.0, sum(fractions[i] for i in picked)))


def moodle_match(right: dict[str, str], chosen: dict[str, str]) -> float:
    """Moodle's matching: the share of subquestions answered right."""
    return sum(1 for k, v in right.items() if chosen.get(k) == v) / len(right)


def _check_single(node: ET.Element, q: SingleQuestion) -> None:
    assert _text(node, "single") == "true"
    fractions = _fractions(node)
    assert fractions.count(1.0) == 1 and max(fractions) == 1.0, "one answer must be worth 100%"
    for answer, option, fraction in zip(node.findall("answer"), q.options, fractions, strict=True):
        assert _text(answer, "text") == to_html(option.text)
        assert _text(answer, "feedback/text") == to_html(option.feedback)
        assert fraction * q.points == scoring.score_question(q, option.id)


def _check_decision(node: ET.Element, q: DecisionQuestion) -> None:
    assert _text(node, "single") == "true"
    fractions = _fractions(node)
    assert max(fractions) == pytest.approx(1.0, abs=1e-9), "the best choice must be worth 100%"
    for answer, choice, fraction in zip(node.findall("answer"), q.choices, fractions, strict=True):
        assert _text(answer, "text") == to_html(choice.text)
        assert _text(answer, "feedback/text") == to_html(choice.feedback) + to_html(choice.consequence)
        assert fraction * q.points == pytest.approx(scoring.score_question(q, choice.id), abs=1e-6)


def _check_multiple(node: ET.Element, q: MultipleQuestion) -> None:
    assert _text(node, "single") == "false"
    fractions = _fractions(node)
    positive = sum(f for f in fractions if f > 0)
    assert positive == pytest.approx(1.0, abs=1e-7), "Moodle requires the positive grades to add up to 100%"
    for answer, option in zip(node.findall("answer"), q.options, strict=True):
        assert _text(answer, "text") == to_html(option.text)
        assert _text(answer, "feedback/text") == to_html(option.feedback)
    ids = [o.id for o in q.options]
    for size in range(len(ids) + 1):
        for picked in itertools.combinations(range(len(ids)), size):
            course_score = scoring.score_question(q, [ids[i] for i in picked])
            moodle = moodle_multichoice(fractions, set(picked)) * q.points
            assert moodle == pytest.approx(course_score, abs=1e-6), f"{q.id}: picks {picked}"


def _orders(q: OrderQuestion) -> list[tuple[str, ...]]:
    ids = [i.id for i in q.items]
    if len(ids) <= 6:
        return list(itertools.permutations(ids))
    return [tuple(ids), tuple(q.answer), tuple(reversed(q.answer))]


def _check_order(node: ET.Element, q: OrderQuestion) -> None:
    items = {i.id: i for i in q.items}
    answers = node.findall("answer")
    assert [_text(a, "text") for a in answers] == [to_html(items[i].text) for i in q.answer]
    assert [_text(a, "feedback/text") for a in answers] == [to_html(items[i].feedback) for i in q.answer]
    grading = _text(node, "gradingtype")
    assert _text(node, "selecttype") == "ALL"
    share = ORDERING_GRADING[grading]
    for order in _orders(q):
        assert share(order, q.answer) * q.points == pytest.approx(scoring.score_question(q, list(order)), abs=1e-9)


def _check_match(node: ET.Element, q: MatchQuestion) -> None:
    targets = {t.id: t for t in q.targets}
    subs = node.findall("subquestion")
    asked = subs[: len(q.items)]
    assert [_text(s, "text") for s in asked] == [to_html(i.text) for i in q.items]
    assert [_text(s, "answer/text") for s in asked] == [plain_text(targets[q.answer[i.id]].text) for i in q.items]
    spare = [_text(s, "answer/text") for s in subs[len(q.items) :]]
    assert all(_text(s, "text") == "" for s in subs[len(q.items) :])
    assert sorted(spare) == sorted(plain_text(t.text) for t in q.targets if t.id not in set(q.answer.values()))
    # Moodle offers every answer text in each menu; pairing by text is pairing by target here.
    by_text = {plain_text(t.text): t.id for t in q.targets}
    assert len(by_text) == len(q.targets), f"{q.id}: two targets read the same in Moodle's menus"
    right_text = {i.id: plain_text(targets[q.answer[i.id]].text) for i in q.items}
    for choice in itertools.islice(itertools.product(sorted(by_text), repeat=len(q.items)), 500):
        chosen = {item.id: text for item, text in zip(q.items, choice, strict=True)}
        course_score = scoring.score_question(q, {k: by_text[v] for k, v in chosen.items()})
        assert moodle_match(right_text, chosen) * q.points == pytest.approx(course_score, abs=1e-9)


def _check_numeric(node: ET.Element, q: NumericQuestion) -> None:
    right, wrong = node.findall("answer")
    assert float(right.get("fraction", "")) == 100 and float(wrong.get("fraction", "")) == 0
    answer, tolerance = float(_text(right, "text")), float(_text(right, "tolerance"))
    assert (answer, tolerance) == (q.answer, q.tolerance)
    assert _text(wrong, "text") == "*"
    assert _text(right, "feedback/text") == to_html(q.feedback_correct)
    assert _text(wrong, "feedback/text") == to_html(q.feedback_incorrect)
    for value in (answer, answer - tolerance, answer + tolerance, answer + tolerance + 0.5, answer - tolerance - 1):
        moodle = q.points if abs(value - answer) <= tolerance else 0
        assert moodle == scoring.score_question(q, value)


def _check_essay(node: ET.Element, q: TextQuestion) -> None:
    info = _text(node, "graderinfo/text")
    assert info == rubric_html(q)
    for criterion in q.rubric:
        assert to_html(criterion.criterion) in info
    assert to_html(q.model_answer) in info


CHECKS = {
    "single": ("multichoice", _check_single),
    "decision": ("multichoice", _check_decision),
    "multiple": ("multichoice", _check_multiple),
    "order": ("ordering", _check_order),
    "match": ("matching", _check_match),
    "numeric": ("numerical", _check_numeric),
    "text": ("essay", _check_essay),
}


def _check_question(node: ET.Element, q: Question, assessment: Assessment) -> None:
    qtype, check = CHECKS[q.kind]
    assert node.get("type") == qtype, f"{q.id}: {node.get('type')} is not {qtype}"
    assert _text(node, "questiontext/text").startswith(to_html(q.prompt))
    assert float(_text(node, "defaultgrade")) == q.points
    assert _text(node, "idnumber") == f"{assessment.id}-{q.id}"
    check(node, q)  # type: ignore[operator]


# ---------------------------------------------------------------- the tests


def test_every_assessment_round_trips(course: Course) -> None:
    files = moodle_files(course)
    assessments = _assessments(course)
    assert sorted(files) == sorted(f"{a.id}.xml" for a in assessments)
    for assessment in assessments:
        root = ET.fromstring(files[f"{assessment.id}.xml"])
        nodes = root.findall("question")
        category = nodes.pop(0)
        assert category.get("type") == "category"
        assert _text(category, "category/text") == category_path(course, assessment)
        case = nodes.pop(0)
        assert (case.get("type"), _text(case, "questiontext/text")) == ("description", to_html(assessment.case))
        for stage in assessment.stages:
            story = nodes.pop(0)
            assert story.get("type") == "description"
            assert _text(story, "questiontext/text").endswith(to_html(stage.story))
            assert _text(story, "defaultgrade") == "0"
            for q in stage.questions:
                _check_question(nodes.pop(0), q, assessment)
        assert nodes == [], f"{assessment.id}: questions the assessment does not have"
        names = [_text(n, "name/text") for n in root.findall("question")[1:]]
        assert names == sorted(names), "names sort in the order trainees meet the questions"


def test_kinds_are_all_exported(course: Course) -> None:
    kinds = {q.kind for a in _assessments(course) for q in a.questions}
    assert kinds <= set(CHECKS)
    if course.root == COURSES["fixture"]:
        assert kinds == set(CHECKS), "the fixture course has every kind of question"


def test_same_bytes_every_time(course: Course) -> None:
    for assessment in _assessments(course):
        assert assessment_xml(course, assessment) == assessment_xml(course, assessment)


def test_ordering_follows_the_course_rule() -> None:
    """The grading type is found from ``asit.scoring``, whatever its order rule is."""
    items = tuple(OrderItem(id=x, text=x.upper(), feedback="Why.") for x in "abcd")
    q = OrderQuestion(
        kind="order", id="q", prompt="Order.", points=6, objective="o", items=items, answer=("a", "b", "c", "d")
    )
    grading = ordering_grading_type(q)
    for order in itertools.permutations("abcd"):
        assert ORDERING_GRADING[grading](order, q.answer) * 6 == pytest.approx(scoring.score_question(q, list(order)))


def test_the_command_writes_under_build(tmp_path: Path) -> None:
    out = tmp_path / "banks"
    out.mkdir()
    (out / "notes.txt").write_text("an instructor's own file", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "asit.cli",
        "--root",
        str(COURSES["fixture"]),
        "export",
        "moodle",
        "--out",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["01-sample.xml", "notes.txt"], "other files are kept"
    ET.parse(out / "01-sample.xml")
    assert "answer keys" in result.stdout
