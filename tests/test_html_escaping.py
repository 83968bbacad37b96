"""The course's HTML comes from autoescaped templates: hostile text in every field a trainee or an
author writes comes out as text, in the cohort report, a scenario page, the progress page and a
feedback page; a value a template needs but is not given is an error, not an empty string.
"""

from __future__ import annotations

import dataclasses
import html
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest

from asit.feedback.grades import NotebookGrades
from asit.feedback.page import NotebookTemplate
from asit.feedback.run import markdown_renderer
from asit.loader import Course, load_or_raise
from asit.models import Assessment, Scenario
from asit.render.book_pages import module_progress_block, render_progress
from asit.render.scenario_page import render_scenario_body
from asit.report.html import render_html
from asit.report.stats import TraineeRecord, analyse
from asit.templating import render

FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"
HOSTILE = ("<script>alert(1)</script>", '" onmouseover="x', "</textarea>")
# What a value from the course or a trainee may never become: an element or an attribute of its own.
FORBIDDEN_TAGS = {"script", "textarea"}


class Markup(HTMLParser):
    """The elements, attributes and text of a page, as a browser would read them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag == "script":
            self.scripts.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_shown_as_text(page: str, value: str, *, data_scripts: int = 0) -> Markup:
    """``value`` is on the page as text (or in an attribute's value) and made no markup of its own."""
    parsed = Markup(page)
    assert value not in page, "the value is on the page unescaped"
    assert "<script" not in page.replace('<script type="application/json"', ""), "a script element from data"
    assert [s.get("type") for s in parsed.scripts] == ["application/json"] * data_scripts
    assert not FORBIDDEN_TAGS & {t.lstrip("/") for t in parsed.tags if t not in ("script", "/script")}
    assert not [name for name, _ in parsed.attributes if name.startswith("on")], "an event handler from data"
    shown = "".join(parsed.text) + "".join(v for _, v in parsed.attributes)
    assert value in shown or value.strip() in shown, "the value is not shown at all"
    return parsed


def swap_texts(data: Any, value: str, keys: frozenset[str]) -> Any:
    """``data`` (a model dumped to plain data) with every text under ``keys`` replaced by ``value``."""
    if isinstance(data, dict):
        return {k: value if k in keys and isinstance(v, str) else swap_texts(v, value, keys) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [swap_texts(v, value, keys) for v in data]
    return data


AUTHOR_TEXTS = frozenset(
    {"title", "summary", "story", "prompt", "text", "feedback", "unit", "consequence", "outcome", "model_answer"}
    | {"criterion", "feedback_correct", "feedback_incorrect"}
)


@cache
def fixture_course() -> Course:
    return load_or_raise(FIXTURE_COURSE)


def hostile_course(value: str) -> Course:
    course = fixture_course()
    return dataclasses.replace(course, settings=course.settings.model_copy(update={"course_id": value}))


def hostile_scenario(value: str) -> Scenario:
    scenario = fixture_course().modules[0].scenarios[0].scenario
    return Scenario.model_validate(swap_texts(scenario.model_dump(), value, AUTHOR_TEXTS))


def hostile_assessment(value: str) -> Assessment:
    folder = fixture_course().modules[0]
    assert folder.assessment is not None
    graded = folder.assessment.assessment
    return Assessment.model_validate(swap_texts(graded.model_dump(), value, AUTHOR_TEXTS))


# ---------------------------------------------------------------- the cohort report


@pytest.mark.parametrize("value", HOSTILE)
def test_report_shows_trainee_and_author_text_as_text(value: str) -> None:
    assessment = hostile_assessment(value)
    ids = [q.id for q in assessment.questions]
    key_answer = {q.id: "a" for q in assessment.questions}
    trainees = [
        TraineeRecord(value, dict.fromkeys(ids, 1.0), key_answer),  # a student id
        TraineeRecord("ana", dict.fromkeys(ids, 0.0), {}),
    ]
    report = analyse(value, value, assessment.questions, trainees, [f"answers of {value} not counted"])
    page = render_html(report)
    parsed = assert_shown_as_text(page, value)
    text = "".join(parsed.text)
    assert f'<th scope="row">{value}</th>' in html.unescape(page)  # the student id, as a row's header
    assert f"Cohort report: {value}" in text  # the assessment's title
    assert f"): {value}" in text  # a question's prompt, after its name
    assert f"<code>a</code> {value}" in html.unescape(page)  # an option's label
    assert f"answers of {value} not counted" in text  # a note quoting a trainee's file


# ---------------------------------------------------------------- the book's practice pages


@pytest.mark.parametrize("value", HOSTILE)
def test_scenario_page_shows_author_text_as_text(value: str) -> None:
    scenario = hostile_scenario(value)
    body = render_scenario_body(hostile_course(value), scenario)
    parsed = assert_shown_as_text(body, value, data_scripts=1)
    assert ("data-course", value) in parsed.attributes
    text = "".join(parsed.text)
    assert f"Stage 1: {value}" in text  # a stage's title
    assert f"Go to: {value}" in text and f"Go to: End: {value}" in text  # the branch links name stages and ends
    assert f"Your answer ({value}): ____________" in text  # a numeric question's unit
    for stage in scenario.stages:
        for question in stage.questions:
            assert question.prompt == value
    # the player's data holds the option feedback; no "<" of it can close the script element
    data = parsed.text[-1]
    assert value.replace("<", "\\u003c").replace('"', '\\"') in data


@pytest.mark.parametrize("value", HOSTILE)
def test_progress_page_and_module_block_keep_the_course_id_in_its_attribute(value: str) -> None:
    course = hostile_course(value)
    page = render_progress(course)
    parsed = assert_shown_as_text(page, value, data_scripts=1)
    assert ("data-course", value) in parsed.attributes
    block = "\n".join(module_progress_block(course, course.modules[0]))
    assert ("data-course", value) in assert_shown_as_text(block, value).attributes


# ---------------------------------------------------------------- a trainee's feedback page


def nbgrader(grade_id: str, **flags: bool) -> dict[str, Any]:
    meta = {"grade": False, "grade_id": grade_id, "locked": False, "solution": False, "task": False}
    return {"nbgrader": {**meta, **flags}}


def feedback_page(value: str) -> str:
    released: dict[str, list[dict[str, Any]]] = {
        "cells": [
            {"cell_type": "markdown", "source": f"### Question 1\n\n{value}", "metadata": nbgrader("p1", locked=True)},
            {"cell_type": "code", "source": f"# {value}", "metadata": nbgrader("q1", locked=True, grade=True)},
            {"cell_type": "markdown", "source": "*Write here.*", "metadata": nbgrader("t1", solution=True, grade=True)},
        ]
    }
    handed_in: list[dict[str, Any]] = [dict(cell) for cell in released["cells"]]
    handed_in[1]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": value},
        {"output_type": "error", "ename": value, "evalue": value, "traceback": []},
        {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": value}},
    ]
    handed_in[1]["execution_count"] = 1
    handed_in[2]["source"] = value  # the trainee's answer
    handed_in.append({"cell_type": "markdown", "source": "x", "metadata": nbgrader(value, solution=True, grade=True)})
    handed_in.append({"cell_type": "code", "source": value, "metadata": {}, "outputs": []})  # not in the release
    grades = NotebookGrades(
        score=1.0,
        max_score=2.0,
        late_penalty=0.0,
        grades={"q1": (0.0, 1.0), "t1": (1.0, 1.0), value: (0.0, 0.0)},
        comments={"t1": value, value: value},  # a grader's feedback
    )
    return NotebookTemplate(value, released, markdown_renderer()).page({"cells": handed_in}, grades)


@pytest.mark.parametrize("value", HOSTILE)
def test_feedback_page_shows_trainee_and_author_text_as_text(value: str) -> None:
    page = feedback_page(value)
    parsed = assert_shown_as_text(page, value)
    text = "".join(parsed.text)
    assert f"{value} (Score: 1 / 2)" in text  # the notebook's name
    assert f"Question 1{value}" in text.replace("\n", "").replace("¶", "")  # the course's prompt, rendered
    assert text.count(value) >= 8  # answer, comments, outputs, grade id, prompt, code
    assert ("id", f"comment-{value}") in parsed.attributes and ("href", f"#{value}") in parsed.attributes


# ---------------------------------------------------------------- the environment


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError, match="catalogue"):
        render("progress.html.j2", course_id="asit-thb")
