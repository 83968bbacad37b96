"""Located YAML: lines kept per key path, unsafe or ambiguous YAML refused with its line."""

from __future__ import annotations

import pytest

from asit.yamlread import YamlReadError, read_yaml


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
    with pytest.raises(YamlReadError) as caught:
        read_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_empty_document_is_none() -> None:
    assert read_yaml("").data is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x [*x]\n", 1, 'the anchor "&x" is not allowed in course content: write each value out in full'),
        (
            "a: 1\nb: &keep {c: 2}\n",
            2,
            'the anchor "&keep" is not allowed in course content: write each value out in full',
        ),
        ("a: 1\nb: *x\n", 2, 'the alias "*x" is not allowed in course content: write the value out in full'),
        ("a: [" + "[" * 100 + "]" * 100 + "]\n", 1, "the data nests deeper than 100 levels"),
        ("a: " + "[" * 50000 + "\n", 1, "the data nests deeper than 100 levels"),  # past libyaml's own limit
        ("".join("  " * i + f"k{i}:\n" for i in range(150)), 101, "the data nests deeper than 100 levels"),
        ("a: 1\npoints: " + "9" * 5000 + "\n", 2, "a number of 5000 characters is longer than content needs"),
        ("a: 1\nwhen: 2024-13-45\n", 2, "invalid value '2024-13-45': month must be in 1..12"),
        (
            "a: 1\nb: x\x00y\n",
            2,
            "invalid YAML: the character U+0000 is not allowed (YAML allows only printable characters)",
        ),
        ("a:\n\tb: 1\n", 2, "invalid YAML: found character '\\t' that cannot start any token"),
        ("!!python/name:os.system : 1\n", 1, "the tag !!python/name:os.system is not allowed in course content"),
        ("a:\n  <<: {b: 1}\n", 2, "the tag !!merge is not allowed in course content"),
        ("? [a, b]\n: 1\n", 1, "a key must be a plain value"),
    ],
)
def test_repetition_nesting_and_odd_values_are_refused_with_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlReadError) as caught:
        read_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_billion_laughs_is_refused_before_it_expands() -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 9):
        levels.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 9) + "]")
    with pytest.raises(YamlReadError, match="anchor"):
        read_yaml("\n".join(levels) + "\n")


def test_ampersands_and_stars_in_text_are_plain_text() -> None:
    located = read_yaml('a: "NGOs & police *together*"\nb: R&D\nc: 2 * 3\n')
    assert located.data == {"a": "NGOs & police *together*", "b": "R&D", "c": "2 * 3"}
