"""The course's own steps in nbgrader's pipelines, named in ``asit.nbgrader.config``.

Autograde: ``PlaceGraderNotes`` moves each rubric shown by the last cell next to its text
answer cell, so a grader in formgrader reads the rubric beside the answer.
Feedback: ``HideKeyFromFeedback`` removes hidden tests, grader notes and tracebacks from
test cells, so the feedback a trainee gets holds no key.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from ..notebooks.cells import markdown
from .runtime import NOTES_KEY, NOTES_MARKER

Resources = dict[str, Any]


class PlaceGraderNotes(NbGraderPreprocessor):  # type: ignore[misc]
    """Move grader notes (rubrics) from the cell that printed them to after their answer cells."""

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        notes: dict[str, str] = {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.outputs:
                qid = output.get("metadata", {}).get(NOTES_KEY, {}).get("grader_notes")
                if isinstance(qid, str):
                    notes[qid] = str(output.get("data", {}).get("text/markdown", ""))
                else:
                    kept.append(output)
            cell.outputs = kept
        placed: list[NotebookNode] = []
        for cell in nb.cells:
            placed.append(cell)
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in notes:
                note = markdown(
                    f"grader-notes-{grade_id}", notes.pop(grade_id), {NOTES_KEY: {"grader_notes": grade_id}}
                )
                placed.append(note)
        nb.cells = placed
        return nb, resources


def is_grader_note(cell: NotebookNode) -> bool:
    return NOTES_KEY in cell.get("metadata", {}) or NOTES_MARKER in cell.get("source", "")


class HideKeyFromFeedback(ClearHiddenTests):  # type: ignore[misc]
    """Feedback without the key: no hidden tests, no grader notes, no traceback of a test."""

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        nb.cells = [cell for cell in nb.cells if not is_grader_note(cell)]
        return super().preprocess(nb, resources)  # type: ignore[no-any-return]

    def preprocess_cell(self, cell: NotebookNode, resources: Resources, index: int) -> tuple[NotebookNode, Resources]:
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code":
            outputs = []
            for output in cell.outputs:
                if NOTES_KEY in output.get("metadata", {}):
                    continue
                if output.output_type == "error" and utils.is_grade(cell):
                    output.traceback = [f"{output.ename}: {output.evalue}"]
                outputs.append(output)
            cell.outputs = outputs
        return cell, resources
