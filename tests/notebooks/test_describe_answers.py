"""Saved answers in words: whatever JSON a trainee's answers file holds, describing it never fails."""

from __future__ import annotations

from typing import Any

import pytest

from asit.loader import load_or_raise
from asit.widgets.graded import describe
from asit.widgets.views import QuestionView, view_of
from conftest import FIXTURE_COURSE


def fixture_views() -> dict[str, QuestionView]:
    course = load_or_raise(FIXTURE_COURSE)
    assessment = next(f.assessment for f in course.modules if f.assessment is not None)
    assert assessment is not None
    return {q.id: view_of(q) for q in assessment.assessment.questions}


@pytest.mark.parametrize(
    "value",
    [[["a"]], [{"x": 1}], [None, 3, True], {"n": ["support"]}, {"n": {"deep": 1}}, [1e308], "a", 12, {}, []],
)
def test_any_json_value_is_described_without_error(value: Any) -> None:
    for view in fixture_views().values():
        text = describe(view, value)
        assert isinstance(text, str) and text


def test_known_ids_read_as_their_option_texts() -> None:
    views = fixture_views()
    multi = views["sm-a-multi"]
    first = multi.entries[0]
    assert first.text.split()[0] in describe(multi, [first.id])
    assert describe(multi, [["a"]]) == '“["a"]”'
