"""The answers file of a graded notebook: ``answers.json`` beside the notebook.

Widget state is lost when nbgrader re-executes a submission, so every answer is written
here the moment it changes, atomically (a crash leaves the old file or the new one, never
half of one). nbgrader submits the file with the notebook and the autograder tests read it.
The file is JSON and only JSON is read from it: a trainee may have edited it by hand, so
nothing in it is executed, and a malformed file or value costs points, never a crash.

Contract (the cohort report relies on it)::

    {"format": "asit-answers", "version": 1, "assignment": "<assessment id>",
     "answers": {"<question id>": <answer>}}

with answer shapes as in ``asit.answer_shape`` (single/decision: an option id; multiple: a list
of ids; order: a list of item ids; match: {item: target}; numeric: a number; text: a string).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..write import usual_mode

FILE_NAME = "answers.json"
FORMAT = "asit-answers"
VERSION = 1

# The reading rules for what a trainee hands in, the same on every route that reads it (the
# in-process grader, a kernel, the cohort report): each limit is far above any honest file.
MAX_BYTES = 2_000_000  # answers.json; a larger file is not read
NOTEBOOK_MAX_BYTES = 20_000_000  # a submitted notebook, outputs included
TIMESTAMP_MAX_BYTES = 1_000  # timestamp.txt
MAX_DEPTH = 64  # nesting of JSON arrays and objects
MAX_NUMBER_CHARS = 100  # characters of one JSON number (a 401-digit number is refused)
TOO_LARGE = "it holds a value too large or too deeply nested to read"  # past MAX_DEPTH or MAX_NUMBER_CHARS
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class UnreadableFileError(Exception):
    """A file that is not read: not a regular file, a link, or larger than its cap."""


class JsonLimitError(ValueError):
    """JSON beyond the reading rules (nesting, number length, text that is not Unicode)."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path | str, limit: int, *, dir_fd: int | None = None) -> bytes:
    """The bytes of a regular file, never more than ``limit``; a link, pipe or device is not opened.

    ``lstat`` first (a device is never opened), then ``O_NOFOLLOW | O_NONBLOCK`` and ``fstat``
    (what was opened is what was checked); the cap applies to the bytes read, not to what the
    file claims. Raises ``FileNotFoundError`` when there is no such file.
    """
    mode = os.lstat(path, dir_fd=dir_fd).st_mode
    if not stat.S_ISREG(mode):
        raise UnreadableFileError(f"it is {_kind(mode)}, not a regular file")
    try:
        fd = os.open(path, READ_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFileError("it is a symbolic link, not a regular file") from exc
        raise UnreadableFileError(f"it cannot be opened ({exc.strerror})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(f"it is {_kind(mode)}, not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise UnreadableFileError(f"it is larger than {limit} bytes")
    return b"".join(chunks)


def _number(text: str, convert: Any) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonLimitError(TOO_LARGE)
    return convert(text)


def _check_tree(data: Any, text: str) -> None:
    """Nesting and text within the rules, checked without recursion (the stack does not decide)."""
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JsonLimitError(TOO_LARGE)
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
    if SURROGATE_ESCAPE.search(text):  # the only way a lone surrogate gets into decoded UTF-8 text
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise JsonLimitError("it holds text that is not valid Unicode") from exc


def loads_bounded(text: str) -> Any:
    """JSON within the reading rules: ``json.JSONDecodeError`` when it is not JSON, ``JsonLimitError``
    past a limit. ``NaN`` and ``Infinity`` (not JSON, but Python writes them) read as no value."""
    try:
        data = json.loads(
            text,
            parse_int=lambda s: _number(s, int),
            parse_float=lambda s: _number(s, float),
            parse_constant=lambda s: None,
        )
    except RecursionError as exc:  # far deeper than MAX_DEPTH: the same verdict as below
        raise JsonLimitError(TOO_LARGE) from exc
    _check_tree(data, text)
    return data


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
        data = loads_bounded(text)
    except json.JSONDecodeError as exc:
        return LoadedAnswers(exists=True, problem=f"it is not valid JSON (line {exc.lineno}, column {exc.colno})")
    except JsonLimitError as exc:
        return LoadedAnswers(exists=True, problem=str(exc))
    except ValueError:  # nothing else should reach here; the file still costs points, not a crash
        return LoadedAnswers(exists=True, problem="it holds a value that cannot be read")
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
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return LoadedAnswers()
    except UnreadableFileError as exc:
        return LoadedAnswers(exists=True, problem=str(exc))
    except OSError as exc:
        return LoadedAnswers(exists=True, problem=f"it cannot be read ({exc.strerror})")
    return parse_bytes(raw, assignment)


def parse_bytes(raw: bytes, assignment: str | None = None) -> LoadedAnswers:
    """Read the file's bytes (as ``read_regular`` returns them)."""
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
