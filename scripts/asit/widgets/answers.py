"""The answers file of a graded notebook: ``answers.json`` beside the notebook.

Widget state is lost when nbgrader re-executes a submission, so every answer is written
here the moment it changes, atomically (a crash leaves the old file or the new one, never
half of one). nbgrader submits the file with the notebook and the autograder tests read it.
The file is JSON and only JSON is read from it: a trainee may have edited it by hand, so
nothing in it is executed, and a malformed file or value costs points, never a crash.

Contract (the cohort report relies on it)::

    {"format": "asit-answers", "version": 1, "assignment": "<assessment id>",
     "answers": {"<question id>": <answer>}}

with answer shapes as in ``asit.scoring`` (single/decision: an option id; multiple: a list
of ids; order: a list of item ids; match: {item: target}; numeric: a number; text: a string).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..write import usual_mode

FILE_NAME = "answers.json"
FORMAT = "asit-answers"
VERSION = 1
MAX_BYTES = 2_000_000  # far above any real set of answers; a larger file is not read


@dataclass
class LoadedAnswers:
    """What was read: the answers, and the problem that made the file unusable, if any."""

    answers: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # None when the file was fine or absent
    exists: bool = False


def document(assignment: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The file's content for a set of answers."""
    return {"format": FORMAT, "version": VERSION, "assignment": assignment, "answers": answers}


def dumps(assignment: str, answers: dict[str, Any]) -> str:
    """The file's text: sorted keys, so the same answers give the same bytes."""
    return json.dumps(document(assignment, answers), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def parse(text: str, assignment: str | None = None) -> LoadedAnswers:
    """Read the file's text; anything off is a problem in words a trainee understands."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return LoadedAnswers(exists=True, problem=f"it is not valid JSON (line {exc.lineno}, column {exc.colno})")
    except (ValueError, RecursionError):  # a number of over 4300 digits, or nesting too deep to read
        return LoadedAnswers(exists=True, problem="it holds a value too large or too deeply nested to read")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return LoadedAnswers(exists=True, problem=f'it is not an answers file (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        return LoadedAnswers(exists=True, problem=f"it has version {data.get('version')!r}; expected {VERSION}")
    if assignment is not None and data.get("assignment") != assignment:
        return LoadedAnswers(
            exists=True, problem=f"it holds answers for {data.get('assignment')!r}, not for {assignment!r}"
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return LoadedAnswers(exists=True, problem='its "answers" is not a mapping of question ids to answers')
    return LoadedAnswers(answers=answers, exists=True)


def load(path: Path, assignment: str | None = None) -> LoadedAnswers:
    """Read an answers file; absent means no answers yet (not a problem)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return LoadedAnswers(exists=True, problem=f"it is larger than {MAX_BYTES} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedAnswers()
    except OSError as exc:
        return LoadedAnswers(exists=True, problem=f"it cannot be read ({exc.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return LoadedAnswers(exists=True, problem="it is not UTF-8 text")
    return parse(text, assignment)


def save(path: Path, assignment: str, answers: dict[str, Any]) -> None:
    """Write the file atomically and durably: temp file, fsync, rename."""
    data = dumps(assignment, answers).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        usual_mode(Path(tmp), 0o666)  # mkstemp makes it private; the grader must read it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
