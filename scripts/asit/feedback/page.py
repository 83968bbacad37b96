"""One trainee's feedback page: what nbgrader's feedback shows, with every trainee text as text.

The parts every trainee shares are made once per notebook (``NotebookTemplate``): the page's
head and styles, and each read-only cell of the released notebook (the course's prompts and
the test cells without their hidden tests), rendered from the released copy, never from the
trainee's. Per trainee, the page adds the scores and comments from the gradebook, the
outputs of the autograded notebook and the trainee's answers, all escaped: a text answer is
shown as the trainee typed it, never as HTML or markdown. The page has a Content Security
Policy that runs no script and loads nothing, so nothing can run even if a bug let markup
through. It loads no file from anywhere: styles are inline.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from ..nbgrader.answers_as_text import is_course_cell, typed_text
from ..nbgrader.runtime import NOTES_KEY, NOTES_MARKER
from .grades import NotebookGrades

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CSS = """
:root { --text: #1f2328; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --accent: #0b6477; --flag: #a4231a; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: anywhere; }
h1.total { font-size: 1.4rem; }
nav.toc ol { padding-left: 1.5rem; }
li.late-penalty { color: var(--flag); }
.cell { margin: 0.75rem 0; }
.prompt { color: var(--muted); font: 12px ui-monospace, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; padding: 0.4rem 0.6rem;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.input pre { background: var(--panel); border: 1px solid var(--line); }
pre.stderr { background: #fff5f5; }
.panel { border: 1px solid var(--accent); border-radius: 4px; }
.panel-heading { background: var(--accent); color: #fff; padding: 0.3rem 0.6rem; display: flex;
  justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.panel-heading a, .panel-heading code { color: #fff; }
.panel-body { padding: 0.4rem 0.6rem; }
.panel-footer { border-top: 1px solid var(--line); background: var(--panel); padding: 0.4rem 0.6rem; }
.answer-text, .comment-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: var(--muted); font-style: italic; }
img.output { max-width: 100%; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--line); padding: 0.2rem 0.4rem; }
""".strip()

IMAGE_TYPES = ("image/png", "image/jpeg")
BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
TEXT_TYPES = ("text/plain", "text/markdown", "text/latex")


def number(value: float) -> str:
    """A score as nbgrader's feedback prints it (``| float | round(2)``): 13.0, 0.67."""
    return str(round(float(value), 2))


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


def code_block(text: str) -> str:
    return f"<pre>{escape(text)}</pre>"


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


class NotebookTemplate:
    """The parts of one notebook's feedback page every trainee shares, rendered once."""

    def __init__(self, notebook: str, released: dict[str, Any] | None, markdown: Callable[[str], str]) -> None:
        self.notebook = notebook
        self.course_cells: dict[str, tuple[str, str]] = {}  # grade id -> (cell type, rendered source)
        for cell in (released or {}).get("cells", []):
            grade_id = grade_id_of(cell)
            if grade_id is None or not is_course_cell(cell):
                continue
            source = joined(cell.get("source"))
            if cell.get("cell_type") == "markdown":
                self.course_cells[grade_id] = ("markdown", markdown(source))
            elif cell.get("cell_type") == "code":
                self.course_cells[grade_id] = ("code", code_block(clear_hidden_tests(source)))
        self.head = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(notebook)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        )
        self._outputs: dict[str, str] = {}  # rendered outputs by their content: trainees share most of them

    # ------------------------------------------------------------ outputs

    def output(self, output: Any) -> str:
        """One output as text (or a picture), from a cache: most outputs repeat across trainees."""
        key = _output_key(output)
        shown = self._outputs.get(key)
        if shown is None:
            shown = self._render_output(output) if isinstance(output, dict) else ""
            if len(self._outputs) < 100_000:
                self._outputs[key] = shown
        return shown

    def _render_output(self, output: dict[str, Any]) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            return f'<pre class="output {name}">{escape(joined(output.get("text")))}</pre>'
        if kind == "error":
            error = f"{output.get('ename')}: {output.get('evalue')}"
            return f'<pre class="output stderr">{escape(error)}</pre>'
        data = output.get("data")
        if kind not in ("execute_result", "display_data") or not isinstance(data, dict):
            return ""
        prompt = ""
        count = output.get("execution_count")
        if kind == "execute_result" and isinstance(count, int):
            prompt = f'<div class="prompt">Out[{count}]:</div>'
        for mime in IMAGE_TYPES:
            encoded = joined(data.get(mime))
            if encoded and BASE64.fullmatch(encoded) and _decodes(encoded):
                picture = "".join(encoded.split())
                return f'{prompt}<img class="output" alt="a picture" src="data:{mime};base64,{picture}">'
        for mime in TEXT_TYPES:
            if mime in data:
                return f'{prompt}<pre class="output">{escape(joined(data[mime]))}</pre>'
        return f'{prompt}<p class="note">(an output that is not text is not shown)</p>'

    # ------------------------------------------------------------ cells

    def heading(self, meta: dict[str, Any], grades: NotebookGrades) -> str:
        grade_id = escape(str(meta.get("grade_id", "")))
        if meta.get("solution"):
            label = '<span class="label">Student\'s answer</span>'
        elif meta.get("task"):
            label = '<span class="label">Student\'s task</span>'
        else:
            label = f'<span class="label">Grade cell: <code>{grade_id}</code></span>'
        score = grades.grades.get(str(meta.get("grade_id")))
        right = '<a href="#top">(Top)</a>'
        if score is not None and (meta.get("grade") or meta.get("task")):
            right = f"<span>Score: {number(score[0])} / {number(score[1])} {right}</span>"
        return f'<div class="panel-heading">{label}{right}</div>'

    def footer(self, meta: dict[str, Any], grades: NotebookGrades) -> str:
        if not (meta.get("solution") or meta.get("task")):
            return ""
        comment = grades.comments.get(str(meta.get("grade_id")))
        if not comment:
            return ""
        return f'<div class="panel-footer"><b>Comments:</b> <div class="comment-text">{escape(comment)}</div></div>'

    def anchors(self, meta: dict[str, Any]) -> str:
        grade_id = escape(str(meta.get("grade_id", "")))
        out = ""
        if meta.get("solution") or meta.get("task"):
            out += f'<a id="comment-{grade_id}"></a>'
        if meta.get("grade"):
            out += f'<a id="{grade_id}"></a>'
        return out

    def cell(self, cell: Any, grades: NotebookGrades) -> str:
        if not isinstance(cell, dict):
            return ""
        meta = nbgrader_meta(cell)
        if is_grader_note(cell) and not meta.get("solution"):
            return ""
        grade_id = meta.get("grade_id")
        kind = cell.get("cell_type")
        answer = bool(meta.get("solution") or meta.get("task"))  # the trainee's own text
        locked = bool(meta.get("locked")) and not answer
        course = self.course_cells.get(grade_id) if isinstance(grade_id, str) and locked else None
        if course is not None and course[0] != kind:
            course = None
        trusted = course is not None
        if kind == "code":
            count = cell.get("execution_count")
            prompt = f'<div class="prompt">In [{count}]:</div>' if isinstance(count, int) else ""
            body = course[1] if course is not None else code_block(joined(cell.get("source")))
            outputs = cell.get("outputs") if trusted or meta.get("solution") else None
            shown_outputs = "".join(self.output(o) for o in outputs) if isinstance(outputs, list) else ""
        else:
            prompt = ""
            if course is not None:
                body = f'<div class="markdown">{course[1]}</div>'
            else:
                typed = joined(cell.get("source"))
                typed = typed_text(typed) if answer else typed
                body = f'<div class="answer-text">{escape(typed)}</div>'
            shown_outputs = ""
        if not trusted and not answer:
            body = '<p class="note">A cell that is not in the released notebook, shown as handed in:</p>' + body
        if meta.get("solution") or meta.get("grade") or meta.get("task"):
            inner = (
                f'{self.anchors(meta)}<div class="panel">{self.heading(meta, grades)}'
                f'<div class="panel-body">{body}</div>{self.footer(meta, grades)}</div>'
            )
        else:
            inner = body
        return f'<div class="cell {"code" if kind == "code" else "text"}">{prompt}{inner}{shown_outputs}</div>\n'

    # ------------------------------------------------------------ the page

    def toc(self, cells: list[Any], grades: NotebookGrades) -> str:
        items = []
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
                items.append(
                    f'<li><a href="#{escape(grade_id)}">{label}</a> '
                    f"(Score: {number(score[0])} / {number(score[1])})</li>"
                )
            if (meta.get("solution") or meta.get("task")) and grades.comments.get(grade_id):
                items.append(f'<li><a href="#comment-{escape(grade_id)}">Comment</a></li>')
        if grades.late_penalty > 0:
            items.append(
                f'<li class="late-penalty">Late submission penalty (Score: -{number(grades.late_penalty)})</li>'
            )
        return '<nav class="toc" aria-label="Scores"><ol>\n' + "\n".join(items) + "\n</ol></nav>\n"

    def page(self, autograded: dict[str, Any], grades: NotebookGrades) -> str:
        """The whole page of one trainee's notebook."""
        cells = autograded.get("cells")
        cells = cells if isinstance(cells, list) else []
        total = f"{escape(self.notebook)} (Score: {number(grades.shown_score)} / {number(grades.max_score)})"
        body = "".join(self.cell(cell, grades) for cell in cells)
        return (
            f'{self.head}<body>\n<a id="top"></a>\n<main>\n<header>\n<h1 class="total">{total}</h1>\n'
            f"{self.toc(cells, grades)}</header>\n{body}</main>\n</body>\n</html>\n"
        )


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
