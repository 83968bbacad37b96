"""The harms field: an author's flag that the validator enforces and no rendered file carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from asit.errors import InvalidContentError
from asit.loader import load_or_raise
from asit.models import Choice, Option


def test_harms_is_in_the_schema_but_never_in_a_dump() -> None:
    option = Option(id="a", text="Send her back to the driver", feedback="why", harms=True)
    choice = Choice(id="b", text="Hold her", consequence="c", feedback="f", harms=True)
    assert "harms" in Option.model_json_schema()["properties"]
    assert "harms" in Choice.model_json_schema()["properties"]
    assert "harms" not in option.model_dump(mode="json")
    assert "harms" not in choice.model_dump(mode="json")
    assert option.harms and choice.harms
    assert not Option(id="c", text="t", feedback="f").harms


def test_a_harmful_choice_at_zero_points_is_accepted(course_copy: Path) -> None:
    path = course_copy / "modules/01-sample/scenarios/roadside.yml"
    path.write_text(path.read_text().replace("points: 0\n", "points: 0\n            harms: true\n", 1))
    load_or_raise(course_copy)  # no error: the harmful choice scores nothing


def test_a_harmful_choice_with_points_names_file_line_and_field(course_copy: Path) -> None:
    path = course_copy / "assessments/01-sample.yml"
    text = path.read_text()
    old = "{id: b, text: Insist on a statement, points: 0,"
    assert old in text
    path.write_text(text.replace(old, "{id: b, text: Insist on a statement, points: 1, harms: true,"))
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    [error] = [str(e) for e in caught.value.errors]
    assert error.startswith("assessments/01-sample.yml:")
    assert error.endswith(
        "stages[1].questions[2].choices[1].points: harms a presumed victim (harms: true), so it must score 0"
    )
