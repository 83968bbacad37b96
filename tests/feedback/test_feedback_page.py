"""The feedback page renderer on small notebooks: text answers as text, gradebook scores, no key."""

from __future__ import annotations

import html
import re
from typing import Any

from hostile_answers import HOSTILE_TEXT, PAYLOADS, active_markup

from asit.feedback.grades import NotebookGrades
from asit.feedback.page import CSP, NotebookTemplate, number
from asit.feedback.run import markdown_renderer
from asit.nbgrader.answer_instruction import answer_instruction, without_instruction
from asit.nbgrader.answers_as_text import answers_as_text, as_literal_markdown, typed_text
from asit.nbgrader.runtime import NOTES_MARKER

KEY = 'notebook.grade("q1", \'{"correct": true}\')'


def nbg(grade_id: str, **flags: Any) -> dict[str, Any]:
    meta = {"grade": False, "grade_id": grade_id, "locked": False, "solution": False, "task": False}
    return {"nbgrader": {**meta, **flags}}


PROMPT = nbg("p1", locked=True)
ANSWER = nbg("t1", solution=True, grade=True)
NOTES = {"asit": {"grader_notes": "t1"}}


def released() -> dict[str, Any]:
    return {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "### Question 1\n\nIs it **an indicator**?",
                "metadata": nbg("p1", locked=True),
            },
            {
                "cell_type": "code",
                "source": "# test of question 1\n### BEGIN HIDDEN TESTS\n" + KEY + "\n### END HIDDEN TESTS",
                "metadata": nbg("q1", locked=True, grade=True, points=2),
            },
            {
                "cell_type": "markdown",
                "source": "*Write your answer here.*",
                "metadata": nbg("t1", solution=True, grade=True),
            },
        ]
    }


def autograded(answer: str, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    cells = released()["cells"]
    cells[0]["source"] = "EDITED BY THE TRAINEE <script>__asitHit(0)</script>"  # a course cell: shown from the release
    cells[1]["source"] = "# test of question 1\n### BEGIN HIDDEN TESTS\n" + KEY + "\n### END HIDDEN TESTS"
    cells[1]["execution_count"] = 3
    cells[1]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": ["You chose <b>“No”</b>.\n", "Points: 0 of 2.\n"]},
        {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": "0.0"}},
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": "<img src=x onerror=__asitHit(20)>"}},
    ]
    cells[2]["source"] = answer
    notes = {
        "cell_type": "markdown",
        "source": NOTES_MARKER + "\nModel answer: THE MODEL ANSWER",
        "metadata": {"asit": {"grader_notes": "t1"}},
    }
    return {"cells": [*cells, notes, *(extra or [])], "metadata": {}}


def grades(manual_comment: str | None = None, late: float = 0.0) -> NotebookGrades:
    return NotebookGrades(
        score=2.5,
        max_score=5.0,
        late_penalty=late,
        grades={"q1": (0.0, 2.0), "t1": (2.5, 3.0)},
        comments={"t1": manual_comment},
    )


def page_for(answer: str, g: NotebookGrades | None = None, extra: list[dict[str, Any]] | None = None) -> str:
    template = NotebookTemplate("01-sample", released(), markdown_renderer())
    return template.page(autograded(answer, extra), g or grades())


def visible(page: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_hostile_text_answer_is_shown_as_text_and_nothing_can_run() -> None:
    page = page_for(HOSTILE_TEXT)
    assert active_markup(page) == []
    shown = html.unescape(re.search(r'<div class="answer-text">(.*?)</div>', page, re.S).group(1))  # type: ignore[union-attr]
    assert shown == HOSTILE_TEXT  # exactly what the trainee typed, character for character
    for payload in PAYLOADS:
        assert payload in html.unescape(page)
    assert f'content="{CSP}"' in page and "script-src" not in CSP and "default-src 'none'" in CSP


def test_a_course_cell_is_shown_from_the_release_not_the_trainees_copy() -> None:
    page = page_for("an answer")
    assert "EDITED BY THE TRAINEE" not in page
    assert "Is it <strong>an indicator</strong>?" in page  # the course's markdown, rendered


def test_outputs_are_text() -> None:
    page = page_for("an answer")
    assert "You chose &lt;b&gt;“No”&lt;/b&gt;." in page
    assert "Out[3]:" in page and "0.0" in page
    assert "<img" not in page and "(an output that is not text is not shown)" in page


def test_scores_are_the_gradebooks() -> None:
    text = visible(page_for("an answer", grades(late=0.5)))
    assert "01-sample (Score: 2 / 5)" in text  # 2.5 less the late penalty, as nbgrader's feedback counts it
    assert "Test cell (Score: 0 / 2)" in text and "Written response (Score: 2.5 / 3)" in text
    assert "Late submission penalty (Score: -0.5)" in text
    assert "Grade cell: q1 Score: 0 / 2 (Top)" in text
    assert "Student's answer Score: 2.5 / 3 (Top)" in text
    # the course's one rule for points, as in the book, the notebooks and the report
    assert number(2 / 3) == "0.67" and number(13) == "13" and number(0.125) == "0.13"


def test_a_manual_comment_is_shown_as_text() -> None:
    comment = "Clear and kind. <img src=x onerror=__asitHit(30)> [x](javascript:__asitHit(31))"
    page = page_for("an answer", grades(manual_comment=comment))
    assert active_markup(page) == []
    assert comment in html.unescape(page)
    assert '<li><a href="#comment-t1">Comment</a></li>' in page
    assert "Comment</a>" not in page_for("an answer", grades(manual_comment=None))


def test_no_key_no_hidden_tests_no_grader_notes() -> None:
    page = html.unescape(page_for("an answer"))
    for secret in (KEY, "BEGIN HIDDEN TESTS", "THE MODEL ANSWER", NOTES_MARKER, "notebook.grade("):
        assert secret not in page


def test_a_cell_not_in_the_release_is_text_without_its_outputs() -> None:
    added = {
        "cell_type": "code",
        "source": "print(open('key').read())",
        "execution_count": 9,
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "THE WHOLE KEY"}],
        "metadata": {},
    }
    raw = {"cell_type": "raw", "source": "<script>__asitHit(40)</script>", "metadata": {"format": "text/html"}}
    page = page_for("an answer", extra=[added, raw])
    assert "THE WHOLE KEY" not in page
    assert "<pre>print(open('key').read())</pre>" in html.unescape(page)
    assert "A cell that is not in the released notebook" in page
    assert active_markup(page) == []


def test_hostile_grade_ids_and_metadata_stay_text() -> None:
    sneaky = {
        "cell_type": "markdown",
        "source": "x",
        "metadata": nbg('"><script>__asitHit(50)</script>', solution=True, grade=True),
    }
    page = page_for("an answer", extra=[sneaky])
    assert active_markup(page) == []


def test_same_input_same_bytes() -> None:
    assert page_for(HOSTILE_TEXT) == page_for(HOSTILE_TEXT)


# ---------------------------------------------------------------- what formgrader and nbgrader's feedback show


def test_literal_markdown_renders_the_text_verbatim() -> None:
    from nbconvert.filters.markdown import markdown2html

    for text in (HOSTILE_TEXT, "~~~\nbreak out\n~~~", "~" * 12 + "text\nx"):
        rendered = str(markdown2html(as_literal_markdown(text)))
        assert active_markup(rendered) == []
        assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == text.strip()


def test_formgrader_view_keeps_course_cells_and_turns_answers_to_text() -> None:
    import nbformat

    nb = nbformat.from_dict({**autograded(HOSTILE_TEXT), "nbformat": 4, "nbformat_minor": 5})
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells[0].source = "### Question 1"
    answers_as_text(nb)
    assert nb.cells[0].source == "### Question 1"  # the course's own cell keeps its markdown
    assert nb.cells[2].source.startswith("~~~") and HOSTILE_TEXT in nb.cells[2].source
    assert nb.cells[1].outputs[2]["data"] == {"text/plain": "<img src=x onerror=__asitHit(20)>"}
    assert "widgets" not in nb.metadata


# The form the grading step may write a text answer in (characters that start HTML, links, images escaped).
GRADING_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def test_an_escaped_answer_is_shown_as_typed() -> None:
    typed = HOSTILE_TEXT + "\n[x] &lt; a\\b \\[ end"
    escaped = typed.translate(GRADING_ESCAPES)
    assert "<" not in escaped and "&lt; a" not in escaped
    assert typed_text(escaped) == typed
    assert typed_text(typed) == typed  # not in the escaped form: shown as it is
    page = page_for(escaped)
    assert active_markup(page) == []
    shown = re.search(r'<div class="answer-text">(.*?)</div>', page, re.S)
    assert shown and html.unescape(shown.group(1)) == typed


def test_a_written_answer_is_shown_without_the_courses_instruction() -> None:
    typed = "I would speak with her alone, with an interpreter she trusts."
    page = page_for(f"{answer_instruction(15)}\n\n{typed}")
    assert typed in visible(page)
    assert "Double-click this cell" not in page and "Your answer to question" not in page
    assert without_instruction(f"{answer_instruction(3)}\n\n{typed}") == typed
    assert without_instruction(typed) == typed  # an answer that has no instruction is left whole
    assert without_instruction(f"My note. {answer_instruction(3)}") == f"My note. {answer_instruction(3)}"
