"""Notebook cells built deterministically: the same content gives the same bytes.

Cell ids are derived from a stable name (a question id, a stage id or a position), never
random, so regenerating a notebook changes nothing that did not change in the content.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, cast

import nbformat
from nbformat import NotebookNode

_ID_SAFE = re.compile(r"[^a-zA-Z0-9_-]")


def cell_id(name: str) -> str:
    """A valid nbformat cell id (1-64 of [a-zA-Z0-9_-]) from a stable name."""
    safe = _ID_SAFE.sub("-", name)
    if len(safe) <= 64:
        return safe
    return safe[:55] + "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def markdown(name: str, source: str, metadata: dict[str, Any] | None = None) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source.strip(), metadata=metadata or {})  # type: ignore[no-untyped-call]
    cell.id = cell_id(name)
    return cast(NotebookNode, cell)


def code(name: str, source: str, metadata: dict[str, Any] | None = None) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source.rstrip("\n"), metadata=metadata or {})  # type: ignore[no-untyped-call]
    cell.id = cell_id(name)
    return cast(NotebookNode, cell)


def notebook(cells: list[NotebookNode], title: str) -> NotebookNode:
    """A Python 3 notebook holding ``cells``."""
    nb = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "title": title,
    }
    return cast(NotebookNode, nb)


def to_text(nb: NotebookNode) -> str:
    """The notebook's file text, validated by nbformat, with sorted keys and a final newline."""
    nbformat.validate(nb)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def py_string(text: str) -> str:
    """A Python string literal for ``text`` (what a code cell embeds data with)."""
    return repr(text)
