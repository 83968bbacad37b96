"""BibTeX entries as the course needs them: key, type, fields present, and the line.

The book's bibliography style refuses entries that lack a required field, which would only
show up as a Sphinx warning at the end of a book build. Checking here lets ``asit check``
name the file and line at once, without the cost of formatting every entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
FIELD = re.compile(r"^\s*([A-Za-z][\w-]*)\s*=", re.MULTILINE)

# Required fields of each entry type in the book's style (pybtex "plain"); a tuple inside
# means any one of those fields will do.
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": (("author", "editor"), "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": (("author", "editor"), "title", ("chapter", "pages"), "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}


@dataclass(frozen=True)
class BibEntry:
    key: str
    kind: str
    line: int
    fields: frozenset[str]

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
        return [f'"{self.key}" (@{self.kind}) lacks the field {field}' for field in missing]


def parse_entries(text: str) -> list[BibEntry]:
    """Each entry's key, type, line and field names (values are not needed here)."""
    starts = list(ENTRY.finditer(text))
    entries = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        kind = match.group(1).lower()
        if kind in ("comment", "preamble", "string"):
            continue
        entries.append(
            BibEntry(
                key=match.group(2),
                kind=kind,
                line=text.count("\n", 0, match.start(2)) + 1,
                fields=frozenset(name.lower() for name in FIELD.findall(body)),
            )
        )
    return entries
