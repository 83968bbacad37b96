"""Located YAML: lines kept per key path, unsafe or ambiguous YAML refused with its line."""

from __future__ import annotations

import pytest

from asit.yamlread import YamlProblem, read_yaml


def test_lines_of_keys_and_items() -> None:
    located = read_yaml("title: x\nstages:\n  - id: a\n    questions:\n      - id: q\n")
    assert located.data == {"title": "x", "stages": [{"id": "a", "questions": [{"id": "q"}]}]}
    assert located.lines[("stages", 0, "questions", 0, "id")] == 5
    assert located.line_of(("stages", 0, "missing", 3)) == 3
    assert located.line_of(("nowhere",)) == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, 'the key "a" appears twice'),
        ("a: !!python/name:os.system x\n", 1, "the tag !!python/name:os.system is not allowed in course content"),
        ("a:\n  - !custom 3\n", 2, "the tag !custom is not allowed in course content"),
        ("a: [1\n", 2, "invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("a: 1\n---\nb: 2\n", 2, "invalid YAML: but found another document"),
    ],
)
def test_problems_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_empty_document_is_none() -> None:
    assert read_yaml("").data is None
