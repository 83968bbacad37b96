"""Trainees' answers shown as text wherever nbgrader turns a graded notebook into a page.

formgrader's grading page and ``nbgrader generate_feedback`` render a notebook with
nbconvert, which passes a markdown cell's HTML through and runs what it holds: a text
answer such as ``<img src=x onerror=...>`` would run in the grader's browser. This
preprocessor, set on nbconvert's ``HTMLExporter`` by the course's nbgrader configuration,
changes only what is shown (never a file): every cell that is not one of the course's own
read-only cells becomes a literal code block, raw cells too; outputs keep only their plain
text and pictures; the notebook's saved widget state (which would load scripts) is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

SAFE_OUTPUT_TYPES = ("text/plain", "image/png", "image/jpeg")
TEXT_LIKE_TYPES = ("text/markdown", "text/latex", "text/html", "image/svg+xml")
FENCE_CHAR = "~"


# The grading step may write a text answer into the autograded notebook with the characters that
# start HTML, links and images escaped (``<`` as ``&lt;``, ``[`` as ``\[``, ...). Pages that show
# the answer as text undo exactly that, so a trainee and a grader read what was typed.
ESCAPES = {"\\\\": "\\", "\\[": "[", "&amp;": "&", "&lt;": "<", "&gt;": ">"}
ESCAPED_TEXT = re.compile(r"(?:[^\\&<>\[]|\\\\|\\\[|&amp;|&lt;|&gt;)*", re.S)
ESCAPE = re.compile(r"\\\\|\\\[|&amp;|&lt;|&gt;")


def typed_text(source: str) -> str:
    """The text a trainee typed: the answer unescaped when it is in the escaped form, else as it is."""
    if not ESCAPED_TEXT.fullmatch(source):
        return source
    return ESCAPE.sub(lambda match: ESCAPES[match.group()], source)


def is_course_cell(cell: Any) -> bool:
    """A read-only cell of the course (a prompt, a test): its text is the instructor's, not a trainee's."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return isinstance(meta, dict) and bool(meta.get("locked")) and not meta.get("solution")


def as_literal_markdown(text: str) -> str:
    """Markdown that renders ``text`` verbatim: a fenced block longer than any fence inside it."""
    longest = max((len(run) for run in re.findall(f"{FENCE_CHAR}+", text)), default=0)
    fence = FENCE_CHAR * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def plain_outputs(outputs: list[Any]) -> list[Any]:
    """Outputs with every rich representation (HTML, SVG, scripts, markdown) reduced to text."""
    kept = []
    for output in outputs:
        data = output.get("data")
        if isinstance(data, dict):
            safe = {mime: data[mime] for mime in SAFE_OUTPUT_TYPES if mime in data}
            if "text/plain" not in safe:
                fallback = next((data[mime] for mime in TEXT_LIKE_TYPES if mime in data), None)
                if fallback is not None:
                    safe["text/plain"] = fallback
            output["data"] = safe
            output["metadata"] = {}
        kept.append(output)
    return kept


def answers_as_text(nb: NotebookNode) -> NotebookNode:
    """The notebook as a page may show it: trainee text literal, outputs plain, no widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = plain_outputs(cell.get("outputs", []))
            continue
        if cell.cell_type == "markdown" and is_course_cell(cell):
            continue
        source = typed_text(cell.source if isinstance(cell.source, str) else "".join(cell.source))
        cell.cell_type = "markdown"
        cell.source = as_literal_markdown(source)
        cell.pop("attachments", None)
        for key in ("format", "raw_mimetype"):
            cell.metadata.pop(key, None)
    return nb


class AnswersAsText(Preprocessor):
    """nbconvert step: show trainees' text as text (see the module's docstring); on unless configured off."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        return answers_as_text(nb), resources
