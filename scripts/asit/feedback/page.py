"""One trainee's feedback page: what nbgrader's feedback shows, with every trainee text as text.

The parts every trainee shares are made once per notebook (``NotebookTemplate``): each
read-only cell of the released notebook (the course's prompts and the test cells without
their hidden tests), rendered from the released copy, never from the trainee's. Per
trainee, the page adds the scores and comments from the gradebook, the outputs of the
autograded notebook and the trainee's answers, all escaped by the templates
(``feedback.html.j2``, ``feedback_output.html.j2``): a text answer is shown as the trainee
typed it, never as HTML or markdown. The page has a Content Security Policy that runs no
script and loads nothing, so nothing can run even if a bug let markup through. It loads no
file from anywhere: styles are inline.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..nbgrader.answer_instruction import without_instruction
from ..nbgrader.answers_as_text import is_course_cell, typed_text
from ..nbgrader.runtime import NOTES_KEY, NOTES_MARKER
from ..points import points_number
from ..templating import render
from .grades import NotebookGrades

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
IMAGE_TYPES = ("image/png", "image/jpeg")
BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
TEXT_TYPES = ("text/plain", "text/markdown", "text/latex")


def number(value: float) -> str:
    """A score by the course's one rule for points (0.125 reads 0.13, 13 reads 13), as the book,
    the notebooks and the cohort report show it."""
    return points_number(float(value))


def joined(source: Any) -> str:
    """A notebook string field, whether the file split it into lines or not."""
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return "" if source is None else str(source)


def nbgrader_meta(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nb = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nb if isinstance(nb, dict) else {}


def grade_id_of(cell: Any) -> str | None:
    grade_id = nbgrader_meta(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else None


def is_grader_note(cell: Any) -> bool:
    """A rubric placed for graders: never in a trainee's page (as the course's feedback step removes it)."""
    meta = cell.get("metadata", {})
    return (isinstance(meta, dict) and NOTES_KEY in meta) or NOTES_MARKER in joined(cell.get("source"))


def clear_hidden_tests(source: str) -> str:
    """A test cell's code without its hidden region (a released cell has none: this is a second guard)."""
    kept, hidden = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


@dataclass(frozen=True)
class Panel:
    """The frame nbgrader's feedback draws round an answer or a graded cell: label, score, comment."""

    grade_id: str
    label: str  # "answer", "task" or "grade"
    score: tuple[str, str] | None  # (given, out of), as nbgrader prints them
    comment: str | None
    comment_anchor: bool
    grade_anchor: bool


@dataclass(frozen=True)
class CellView:
    """One cell of the page; exactly one of ``code_text``, ``course_html`` and ``typed`` is shown."""

    code: bool
    count: int | None  # the "In [n]:" prompt of a code cell
    code_text: str | None  # a code cell's source, shown as text
    course_html: Markup | None  # the course's own markdown cell, rendered from the release
    typed: str | None  # a text cell as the trainee typed it
    foreign: bool  # neither the course's cell nor an answer: shown with a note
    panel: Panel | None
    outputs: tuple[Markup, ...]


@dataclass(frozen=True)
class TocEntry:
    """A line of the page's list of scores: a link to a graded cell or to a comment."""

    anchor: str
    label: str
    score: tuple[str, str] | None


class NotebookTemplate:
    """The parts of one notebook's feedback page every trainee shares, rendered once."""

    def __init__(self, notebook: str, released: dict[str, Any] | None, markdown: Callable[[str], str]) -> None:
        self.notebook = notebook
        # grade id -> the course's cell: its type, and its code as text or its markdown as HTML
        self.course_cells: dict[str, tuple[str, str | Markup]] = {}
        for cell in (released or {}).get("cells", []):
            grade_id = grade_id_of(cell)
            if grade_id is None or not is_course_cell(cell):
                continue
            source = joined(cell.get("source"))
            if cell.get("cell_type") == "markdown":
                # the course's own released cell, rendered as nbgrader's feedback renders it: the course's markup
                self.course_cells[grade_id] = ("markdown", Markup(markdown(source)))
            elif cell.get("cell_type") == "code":
                self.course_cells[grade_id] = ("code", clear_hidden_tests(source))
        self._outputs: dict[str, Markup] = {}  # rendered outputs by their content: trainees share most of them

    # ------------------------------------------------------------ outputs

    def output(self, output: Any) -> Markup:
        """One output as text (or a picture), from a cache: most outputs repeat across trainees."""
        key = _output_key(output)
        shown = self._outputs.get(key)
        if shown is None:
            shown = self._render_output(output) if isinstance(output, dict) else Markup()
            if len(self._outputs) < 100_000:
                self._outputs[key] = shown
        return shown

    @staticmethod
    def _render_output(output: dict[str, Any]) -> Markup:
        kind = output.get("output_type")
        if kind == "stream":
            stream = "stderr" if output.get("name") == "stderr" else "stdout"
            return _output_html(css=f"output {stream}", text=joined(output.get("text")))
        if kind == "error":
            return _output_html(css="output stderr", text=f"{output.get('ename')}: {output.get('evalue')}")
        data = output.get("data")
        if kind not in ("execute_result", "display_data") or not isinstance(data, dict):
            return Markup()
        count = output.get("execution_count")
        prompt = count if kind == "execute_result" and isinstance(count, int) else None
        for mime in IMAGE_TYPES:
            encoded = joined(data.get(mime))
            if encoded and BASE64.fullmatch(encoded) and _decodes(encoded):
                return _output_html(prompt=prompt, image=f"data:{mime};base64,{''.join(encoded.split())}")
        for mime in TEXT_TYPES:
            if mime in data:
                return _output_html(prompt=prompt, css="output", text=joined(data[mime]))
        return _output_html(prompt=prompt)

    # ------------------------------------------------------------ cells

    @staticmethod
    def panel(meta: dict[str, Any], grades: NotebookGrades) -> Panel:
        answer = bool(meta.get("solution") or meta.get("task"))
        score = grades.grades.get(str(meta.get("grade_id")))
        shown = score is not None and (meta.get("grade") or meta.get("task"))
        return Panel(
            grade_id=str(meta.get("grade_id", "")),
            label="answer" if meta.get("solution") else "task" if meta.get("task") else "grade",
            score=(number(score[0]), number(score[1])) if score is not None and shown else None,
            comment=(grades.comments.get(str(meta.get("grade_id"))) or None) if answer else None,
            comment_anchor=answer,
            grade_anchor=bool(meta.get("grade")),
        )

    def cell(self, cell: Any, grades: NotebookGrades) -> CellView | None:
        """What the page shows of one cell; None for a cell it leaves out (a grader's note)."""
        if not isinstance(cell, dict):
            return None
        meta = nbgrader_meta(cell)
        if is_grader_note(cell) and not meta.get("solution"):
            return None
        grade_id = meta.get("grade_id")
        kind = cell.get("cell_type")
        code = kind == "code"
        answer = bool(meta.get("solution") or meta.get("task"))  # the trainee's own text
        locked = bool(meta.get("locked")) and not answer
        course = self.course_cells.get(grade_id) if isinstance(grade_id, str) and locked else None
        if course is not None and course[0] != kind:
            course = None
        trusted = course is not None
        count: int | None = None
        code_text: str | None = None
        course_html: Markup | None = None
        typed: str | None = None
        outputs: tuple[Markup, ...] = ()
        if code:
            count = cell.get("execution_count") if isinstance(cell.get("execution_count"), int) else None
            code_text = str(course[1]) if course is not None else joined(cell.get("source"))
            shown = cell.get("outputs") if trusted or meta.get("solution") else None
            outputs = tuple(self.output(o) for o in shown) if isinstance(shown, list) else ()
        elif course is not None and isinstance(course[1], Markup):
            course_html = course[1]
        else:
            source = joined(cell.get("source"))
            typed = without_instruction(typed_text(source)) if answer else source
        graded = bool(meta.get("solution") or meta.get("grade") or meta.get("task"))
        return CellView(
            code=code,
            count=count,
            code_text=code_text,
            course_html=course_html,
            typed=typed,
            foreign=not trusted and not answer,
            panel=self.panel(meta, grades) if graded else None,
            outputs=outputs,
        )

    # ------------------------------------------------------------ the page

    @staticmethod
    def toc(cells: list[Any], grades: NotebookGrades) -> list[TocEntry]:
        entries = []
        for cell in cells:
            if not isinstance(cell, dict):
                continue
            meta = nbgrader_meta(cell)
            grade_id = str(meta.get("grade_id", ""))
            score = grades.grades.get(grade_id)
            label = None
            if meta.get("grade") and not meta.get("solution"):
                label = "Test cell"
            elif cell.get("cell_type") == "code" and meta.get("grade"):
                label = "Coding free-response"
            elif cell.get("cell_type") == "markdown" and meta.get("grade"):
                label = "Written response"
            elif cell.get("cell_type") == "markdown" and meta.get("task"):
                label = "Task"
            if label is not None and score is not None:
                entries.append(TocEntry(grade_id, label, (number(score[0]), number(score[1]))))
            if (meta.get("solution") or meta.get("task")) and grades.comments.get(grade_id):
                entries.append(TocEntry(f"comment-{grade_id}", "Comment", None))
        return entries

    def page(self, autograded: dict[str, Any], grades: NotebookGrades) -> str:
        """The whole page of one trainee's notebook."""
        cells = autograded.get("cells")
        cells = cells if isinstance(cells, list) else []
        views = [view for view in (self.cell(cell, grades) for cell in cells) if view is not None]
        return render(
            "feedback.html.j2",
            # a constant of this module: its quotes need no escaping inside the double-quoted attribute
            csp=Markup(CSP),
            notebook=self.notebook,
            score=(number(grades.shown_score), number(grades.max_score)),
            toc=self.toc(cells, grades),
            late_penalty=number(grades.late_penalty) if grades.late_penalty > 0 else None,
            cells=views,
        )


def _output_html(
    *, prompt: int | None = None, css: str | None = None, text: str | None = None, image: str | None = None
) -> Markup:
    """An output's HTML: text in a ``<pre>``, a picture from ``data:``, or a note that it is not shown."""
    # the template escapes every value: what it returns is markup made from text
    return Markup(render("feedback_output.html.j2", prompt=prompt, css=css, text=text, image=image))


def _output_key(output: Any) -> str:
    """A cache key that tells outputs apart: cheap for the usual printed text, JSON otherwise."""
    if isinstance(output, dict) and output.get("output_type") == "stream" and len(output) == 3:
        text = output.get("text")
        if isinstance(text, (str, list)):
            return f"stream\0{output.get('name')}\0{joined(text)}"
    return json.dumps(output, sort_keys=True, ensure_ascii=False, default=str)


def _decodes(encoded: str) -> bool:
    try:
        base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook file as JSON data (never executed); raises ValueError when it is not a notebook."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError(f"{path.name} is not a notebook (no list of cells)")
    return data
