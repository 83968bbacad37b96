"""Run a graded notebook's known cell programs in this process, with the outputs a kernel gives.

Only the calls ``asit.nbgrader.blueprint`` recognises are run, on the same
``AssessmentNotebook`` class the kernel uses, so the printed feedback and the returned
points are the kernel's own. Outputs are recorded as a kernel reports them: consecutive
prints to one stream merge into one output, and a cell whose last statement returns a
value gets an ``execute_result`` with that value's text. Anything that raises makes the
submission unprovable; nbgrader's autograde then grades it.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from IPython.core.display import Markdown

from ..widgets.views import QuestionView, view_from_data
from .blueprint import Call, NotProvableError
from .runtime import AssessmentNotebook

Setup = tuple[str, list[QuestionView]]  # what a setup cell's JSON holds: the assignment and its question views


class OutputRecorder(io.TextIOBase):
    """A stream (stdout or stderr) that appends what is written to a cell's outputs."""

    def __init__(self, outputs: list[dict[str, Any]], name: str) -> None:
        super().__init__()
        self.outputs, self.name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            last = self.outputs[-1] if self.outputs else None
            if last is not None and last["output_type"] == "stream" and last["name"] == self.name:
                last["text"] += text
            else:
                self.outputs.append({"name": self.name, "output_type": "stream", "text": text})
        return len(text)


class InProcessKernel:
    """One submission's run: the session the setup cell makes, and a running execution count."""

    def __init__(self, folder: Path, setups: dict[str, Setup]) -> None:
        self.folder = folder
        self.setups = setups  # parsed setup cells by their text, shared across submissions
        self.imported = False
        self.session: AssessmentNotebook | None = None
        self.count = 0

    def _setup(self, text: str) -> None:
        if not self.imported:
            raise NotProvableError("the setup cell runs before its import")
        if text not in self.setups:
            data = json.loads(text)
            self.setups[text] = (str(data["assignment"]), [view_from_data(v) for v in data["questions"]])
        assignment, views = self.setups[text]
        self.session = AssessmentNotebook(assignment, views, self.folder)

    def _call(self, call: Call, outputs: list[dict[str, Any]]) -> Any:
        if call.name == "import":
            self.imported = True
            return None
        if call.name == "setup":
            self._setup(call.args[0])
            return None
        session = self.session
        if session is None:
            raise NotProvableError(f"notebook.{call.name} runs before the setup cell")
        if call.name == "grader_notes":
            for text, metadata in session.grader_note_outputs(call.args[0]):
                data = {"text/markdown": text, "text/plain": repr(Markdown(text))}  # type: ignore[no-untyped-call]
                outputs.append({"data": data, "metadata": metadata, "output_type": "display_data"})
            return None
        method = getattr(session, call.name)
        return method(*call.args)

    def run(self, program: tuple[Call, ...]) -> tuple[int, list[dict[str, Any]]]:
        """Execute one code cell: its execution count and outputs."""
        self.count += 1
        outputs: list[dict[str, Any]] = []
        value: Any = None
        try:
            with (
                contextlib.redirect_stdout(OutputRecorder(outputs, "stdout")),
                contextlib.redirect_stderr(OutputRecorder(outputs, "stderr")),
            ):
                for call in program:
                    value = self._call(call, outputs)
        except NotProvableError:
            raise
        except Exception as exc:  # anything a kernel would show as an error: leave it to nbgrader
            raise NotProvableError(f"grading in process raised {type(exc).__name__}: {exc}") from exc
        if value is not None:
            result = {"text/plain": repr(value)}
            outputs.append(
                {"data": result, "execution_count": self.count, "metadata": {}, "output_type": "execute_result"}
            )
        return self.count, outputs
