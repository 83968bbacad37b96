"""BibTeX read by pybtex's parser: the entries the book reads, with lines, and the style's required fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin
from pybtex.style.template import FieldIsMissing

from asit.bibliography import REQUIRED, BibProblem, read_bib, read_bib_file
from asit.errors import InvalidContentError
from asit.loader import load_or_raise


def test_one_line_entries_have_all_their_fields() -> None:
    bib = read_bib("@techreport{a, author = {A}, title = {T}, institution = {I}, year = {2020}}\n")
    assert bib.problems == ()
    (entry,) = bib.entries
    assert (entry.key, entry.kind, entry.line) == ("a", "techreport", 1)
    assert entry.fields == {"author", "title", "institution", "year"}
    assert entry.problems() == []


def test_entries_in_parentheses_are_read() -> None:
    bib = read_bib("% a comment\n\n@BOOK(b-1,\n  editor = {E},\n  title = {T},\n  publisher = {P},\n  year = 2001\n)\n")
    (entry,) = bib.entries
    assert (entry.key, entry.kind, entry.line) == ("b-1", "book", 3)
    assert entry.problems() == []


def test_field_like_lines_inside_a_value_are_text() -> None:
    text = (
        "@techreport{r,\n"
        "  author = {A},\n"
        "  title = {T},\n"
        "  note = {A long note\n"
        "    institution = {not a field},\n"
        "    year = 1999},\n"
        "}\n"
    )
    (entry,) = read_bib(text).entries
    assert entry.fields == {"author", "title", "note"}
    assert entry.problems() == [
        '"r" (@techreport) lacks the field institution',
        '"r" (@techreport) lacks the field year',
    ]


def test_lines_of_several_entries_and_strings() -> None:
    text = (
        '@string{un = "United Nations"}\n'
        "@misc{first, title = {One}}\n"
        "\n"
        "@misc{second,\n  author = un,\n  title = {Two}, month = jan, year = {2000}\n}\n"
        "@comment{ignored, title = {x}}\n"
        "@preamble{ {x} }\n"
    )
    bib = read_bib(text)
    assert [(e.key, e.line) for e in bib.entries] == [("first", 2), ("second", 4)]
    assert bib.problems == ()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("@misc{ok, title = {A}}\n\n@misc{broken,\n  title = {unclosed\n", 4),
        ("@misc{ok, title = {A}}\n@misc{bad, title = {x}, = {y}}\n", 2),
        ("@misc{m, publisher = undefinedmacro, title = {T}}\n", 1),
    ],
)
def test_syntax_errors_name_their_line(text: str, line: int) -> None:
    bib = read_bib(text)
    assert [p.line for p in bib.problems] == [line]
    assert bib.problems[0].message.startswith("BibTeX cannot be read here: ")
    assert not {"broken", "bad", "m"} & {e.key for e in bib.entries}  # the unreadable entry is not taken


def test_a_field_given_twice_and_an_unreadable_name_are_problems() -> None:
    (entry,) = read_bib("@misc{d, title = {A}, TITLE = {B}, author = {Doe, Jane, Jr, Extra}}\n").entries
    problems = entry.problems()
    assert problems[0] == '"d": the field title is given twice'
    assert problems[1].startswith("\"d\": the author 'Doe, Jane, Jr, Extra' cannot be read as a name")


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_bytes(b"@misc{a, title = {A}}\n@misc{b, title = {\xff}}\n")
    assert read_bib_file(path).problems == (BibProblem(2, "the file is not UTF-8 text: invalid start byte"),)


def test_a_booklet_without_author_or_year_fails_check(course_copy: Path) -> None:
    """The book's style needs a booklet's author and year: check says so, not the book build."""
    bib = course_copy / "book" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@booklet{sm-leaflet,\n  title = {A leaflet}\n}\n", "utf-8")
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    messages = [str(e) for e in caught.value.errors]
    assert any('"sm-leaflet" (@booklet) lacks the field author' in m for m in messages)
    assert any('"sm-leaflet" (@booklet) lacks the field year' in m for m in messages)
    assert all(m.startswith("book/references.bib:") for m in messages)


def test_a_syntax_error_fails_check_with_file_and_line(course_copy: Path) -> None:
    bib = course_copy / "book" / "references.bib"
    lines = bib.read_text(encoding="utf-8").count("\n")
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{sm-x,\n  title = {open\n", "utf-8")
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    (error,) = caught.value.errors
    assert error.file == "book/references.bib" and error.line > lines
    assert "BibTeX cannot be read here" in error.message


# --- the table against the book's real style --------------------------------------------------

STYLE = find_plugin("pybtex.style.formatting", "plain")()
VALUES = {"year": "2001", "month": "jan", "pages": "1-2"}


def formats(kind: str, fields: set[str]) -> bool:
    """Whether pybtex's "plain" style (the book's) formats an entry with exactly these fields."""
    persons = {role: [Person("Doe, Jane")] for role in ("author", "editor") if role in fields}
    plain = {name: VALUES.get(name, "Text") for name in fields if name not in persons}
    entry = Entry(kind, fields=plain, persons=persons)
    entry.key = "k"
    try:
        list(STYLE.format_entries([entry]))
    except FieldIsMissing:
        return False
    return True


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_fields_are_exactly_what_the_book_style_needs(kind: str) -> None:
    needs = REQUIRED[kind]
    minimal = {need if isinstance(need, str) else need[0] for need in needs}
    assert formats(kind, minimal), f"@{kind} with {sorted(minimal)} fails the book's style"
    for need in needs:
        options = (need,) if isinstance(need, str) else need
        if kind == "misc":  # misc formats without any; author, editor or title is for the citation
            continue
        assert not formats(kind, minimal - set(options)), f"@{kind} formats without {' or '.join(options)}"
        for option in options[1:]:
            assert formats(kind, (minimal - {options[0]}) | {option}), f"@{kind}: {option} does not do"
    # And nothing else is required: the optional fields alone never make the entry fail.
    every = {"address", "note", "month", "volume", "number", "series", "edition", "pages", "url", "howpublished"}
    assert formats(kind, minimal | every)
