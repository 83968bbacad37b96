"""BibTeX entries as the course needs them: key, type, fields present, and the line.

The entries are read by pybtex's own BibTeX parser, the one the book build uses (through
sphinxcontrib-bibtex), so what ``asit check`` reads is what the book reads: one-line
entries, ``@book(...)`` in parentheses, values that hold ``name = value`` text, macros.
The book's bibliography style refuses entries that lack a required field, which would only
show up as a Sphinx warning at the end of a book build; checking the table below here lets
``asit check`` name the file and line at once, without the cost of formatting every entry.
A test formats entries with the book's real style to keep the table true.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

# Required fields of each entry type in the book's style (pybtex "plain", the entry formatted
# in the bibliography); a tuple inside means any one of those fields will do. A citation in
# the text (sphinxcontrib-bibtex's author_year) shows the author, else the editor, else the
# title, so every type needs one of those three.
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": (("author", "editor"), "title", "publisher", "year"),
    "booklet": ("author", "title", "year"),
    "inbook": (("author", "editor"), "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (("author", "editor", "title"),),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}

PERSON_FIELDS = ("author", "editor")


@dataclass(frozen=True)
class BibEntry:
    key: str
    kind: str
    line: int
    fields: frozenset[str]
    # Problems found while reading the entry (a field given twice, a name pybtex cannot split).
    read_problems: tuple[str, ...] = ()

    def problems(self) -> list[str]:
        """What the bibliography style would refuse in this entry."""
        if self.kind not in REQUIRED:
            return [
                f'"{self.key}": the entry type @{self.kind} is not one the book can show; use one of '
                + ", ".join(f"@{k}" for k in sorted(REQUIRED))
            ]
        missing = []
        for need in REQUIRED[self.kind]:
            options = need if isinstance(need, tuple) else (need,)
            if not self.fields & set(options):
                missing.append(" or ".join(options))
        lacking = [f'"{self.key}" (@{self.kind}) lacks the field {name}' for name in missing]
        return [*(f'"{self.key}": {problem}' for problem in self.read_problems), *lacking]


@dataclass(frozen=True)
class BibProblem:
    """A place in a .bib file that pybtex cannot read."""

    line: int
    message: str


@dataclass(frozen=True)
class BibFile:
    entries: tuple[BibEntry, ...] = ()
    problems: tuple[BibProblem, ...] = ()


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


def _person_problems(name: str, value: str) -> list[str]:
    """Names pybtex cannot split (too many commas); a value with fewer than two commas is always fine."""
    problems: list[str] = []
    if value.count(",") < 2:
        return problems
    for person in split_name_list(value):
        try:
            Person(person)
        except PybtexError as exc:
            problems.append(f"the {name} {person!r} cannot be read as a name: {exc}")
    return problems


def _entry(kind: str, key: str, fields: list[tuple[str, list[str]]], line: int) -> BibEntry:
    seen: set[str] = set()
    problems: list[str] = []
    for name, parts in fields:
        lower = name.lower()
        if lower in seen:
            problems.append(f"the field {lower} is given twice")
        seen.add(lower)
        if lower in PERSON_FIELDS:
            problems += _person_problems(lower, "".join(parts))
    return BibEntry(key=key, kind=kind.lower(), line=line, fields=frozenset(seen), read_problems=tuple(problems))


@functools.lru_cache(maxsize=64)
def read_bib(text: str) -> BibFile:
    """Each entry's key, type, line and field names, and every syntax error with its line.

    Cached by text: a process that checks the course again (an editor's watch, the tests)
    reads an unchanged file once.
    """
    entries: list[BibEntry] = []
    problems: list[BibProblem] = []
    failed: set[int] = set()

    def record(error: PybtexSyntaxError) -> None:
        failed.add(parser.command_start or 0)
        line = error.lineno if error.lineno is not None else _line_at(text, parser.pos)
        problems.append(BibProblem(line, f"BibTeX cannot be read here: {error.args[0] if error.args else error}"))

    parser = LowLevelParser(text, handle_error=record, macros=_month_macros())
    for command, body in parser:
        start = parser.command_start or 0
        if start in failed or command.lower() in ("string", "preamble", "comment"):
            continue
        key, fields = body
        entries.append(_entry(command, key, fields, _line_at(text, start)))
    return BibFile(tuple(entries), tuple(problems))


def read_bib_file(path: Path) -> BibFile:
    """``read_bib`` of a file; a file that is not UTF-8 text is one problem at its first bad line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return BibFile(problems=(BibProblem(line, f"the file is not UTF-8 text: {exc.reason}"),))
    return read_bib(text)


def parse_entries(text: str) -> list[BibEntry]:
    """The entries pybtex reads in ``text`` (syntax errors left out: ``read_bib`` has them)."""
    return list(read_bib(text).entries)


def _month_macros() -> CaseInsensitiveDict:
    """BibTeX's predefined month macros (jan ... dec), a fresh copy per file: @string adds to it."""
    return CaseInsensitiveDict(month_names)
