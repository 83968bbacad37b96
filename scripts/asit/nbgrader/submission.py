"""A trainee's submission read as data: its answers, and what differs from the released notebook.

Only three regular files inside the submission folder are read, each opened without following
a link and without blocking, and never past its cap (``asit.widgets.answers``' reading rules;
a link, pipe, device or file past its cap refuses the submission, with the reason):
the notebook (for the text answers, found by grade id, and to tell the instructor what differs
from the released notebook), ``answers.json`` and ``timestamp.txt``. Nothing else is opened;
other entries are only named. Trainee ids and assignment names are literal folder names, never
patterns. A notebook that cannot be read as JSON costs only its text answers and is named for
review.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..widgets import answers as answers_file
from .blueprint import Blueprint, CellPlan, source_text

TIMESTAMP = "timestamp.txt"
SECRET = "submission_secret.txt"  # nbgrader's submit writes it; release_feedback names the page with it
SECRET_MAX_BYTES = 1024
SECRET_PATTERN = re.compile(r"[0-9a-f]{16,256}")  # nbgrader writes secrets.token_hex(64)
NBGRADER_FILES = (SECRET,)
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# Metadata that Jupyter itself writes while a trainee works: never a difference worth naming.
JUPYTER_CELL_METADATA = frozenset({"collapsed", "scrolled", "execution", "trusted", "jupyter", "editable", "deletable"})
JUPYTER_NOTEBOOK_METADATA = frozenset({"widgets", "language_info", "kernelspec"})
MAX_DIFFERENCES = 12  # named per submission; the rest are counted
PATTERN_CHARACTERS = frozenset("*?[]")


class SubmissionRefusedError(Exception):
    """The submission is not graded: a folder or file that is not read, with why."""


@dataclass(frozen=True)
class Submission:
    """What grading uses of one trainee's submission."""

    student: str
    answers: bytes | None  # answers.json as read (None: none handed in)
    timestamp_text: bytes | None  # timestamp.txt as read (None: none handed in)
    timestamp: datetime | None
    texts: dict[str, str]  # text answers by grade id (the cells the notebook holds)
    differences: tuple[str, ...]  # what differs from the released notebook, for the instructor
    secret: bytes | None = None  # nbgrader's submission secret, when it is one (kept for feedback)

    def kept_files(self) -> list[tuple[str, bytes]]:
        """The files, as read, that go beside the graded notebook (what feedback and release need)."""
        files = ((answers_file.FILE_NAME, self.answers), (TIMESTAMP, self.timestamp_text), (SECRET, self.secret))
        return [(name, raw) for name, raw in files if raw is not None]


def literal_name_problem(name: str, what: str) -> str | None:
    """Why ``name`` cannot be one folder's literal name, or None."""
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        return f"the {what} {name!r} is not a folder name"
    if not name.isprintable() or name.strip() != name:
        return f"the {what} {name!r} holds control characters or surrounding spaces"
    return None


def has_pattern(name: str) -> bool:
    """Whether nbgrader's own commands would read ``name`` as a glob pattern."""
    return any(c in PATTERN_CHARACTERS for c in name)


def show(value: Any, width: int = 60) -> str:
    """A value from a submission, short and printable, for a message."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def trainee_folders(course_dir: Path, assignment: str) -> list[str]:
    """Every entry of ``submitted/`` that holds ``assignment`` (by its literal name), sorted.

    A link among them is listed too (it is refused when read): every folder found is
    accounted for.
    """
    submitted = course_dir / "submitted"
    try:
        entries = sorted(os.scandir(submitted), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [e.name for e in entries if os.path.lexists(os.path.join(e.path, assignment))]


@contextmanager
def _folder(course_dir: Path, student: str, assignment: str) -> Iterator[int]:
    """The submission folder, opened without following a link at any step."""
    fds: list[int] = []
    try:
        fds.append(os.open(course_dir / "submitted", DIR_FLAGS))
        for name, what in ((student, "trainee folder"), (assignment, "submission folder")):
            try:
                mode = os.lstat(name, dir_fd=fds[-1]).st_mode
            except FileNotFoundError as exc:
                raise SubmissionRefusedError(f"its {what} is gone") from exc
            if not stat.S_ISDIR(mode):
                kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
                raise SubmissionRefusedError(f"its {what} {name!r} is {kind}")
            try:
                fds.append(os.open(name, DIR_FLAGS, dir_fd=fds[-1]))
            except OSError as exc:
                raise SubmissionRefusedError(f"its {what} {name!r} cannot be opened ({exc.strerror})") from exc
        yield fds[-1]
    finally:
        for fd in reversed(fds):
            os.close(fd)


def _read(name: str, folder: int, limit: int) -> bytes | None:
    """A file of the submission folder (None when absent); a file that is not read refuses it."""
    try:
        return answers_file.read_regular(name, limit, dir_fd=folder)
    except FileNotFoundError:
        return None
    except answers_file.UnreadableFileError as exc:
        raise SubmissionRefusedError(f"{name}: {exc}") from exc
    except OSError as exc:
        raise SubmissionRefusedError(f"{name} cannot be read ({exc.strerror})") from exc


def parse_timestamp(raw: bytes | None) -> datetime | None:
    """The hand-in time as nbgrader reads it (empty: none); an unreadable time refuses the submission."""
    from nbgrader.utils import parse_utc

    if raw is None:
        return None
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise SubmissionRefusedError(f"{TIMESTAMP} is not UTF-8 text") from exc
    if not text:
        return None
    try:
        value: datetime = parse_utc(text)
    except Exception as exc:  # dateutil raises more than ValueError on odd text
        raise SubmissionRefusedError(f"{TIMESTAMP} holds no valid time ({show(text, 40)})") from exc
    return value


def read_submission(
    course_dir: Path, assignment: str, student: str, blueprint: Blueprint, ignore: Sequence[str] = ()
) -> Submission:
    """Read one trainee's submission; ``SubmissionRefusedError`` when it cannot be graded, with why."""
    problem = literal_name_problem(student, "trainee id")
    if problem:
        raise SubmissionRefusedError(problem)
    notebook_name = f"{blueprint.notebook}.ipynb"
    differences: list[str] = []
    with _folder(course_dir, student, assignment) as folder:
        names = sorted(os.listdir(folder))
        answers = _read(answers_file.FILE_NAME, folder, answers_file.MAX_BYTES)
        stamp = _read(TIMESTAMP, folder, answers_file.TIMESTAMP_MAX_BYTES)
        notebook_bytes = _read(notebook_name, folder, answers_file.NOTEBOOK_MAX_BYTES)
        secret = _read(SECRET, folder, SECRET_MAX_BYTES)
    if secret is not None and not SECRET_PATTERN.fullmatch(secret.decode("ascii", "replace")):
        differences.append(f"its {SECRET} is not one nbgrader writes: its feedback cannot be released to it")
        secret = None
    if notebook_bytes is None:
        differences.append(f"it has no {notebook_name}: its text answers are not graded")
    timestamp = parse_timestamp(stamp)
    texts: dict[str, str] = {}
    if notebook_bytes is not None:
        data = _notebook_data(notebook_bytes, differences)
        if data is not None:
            texts = compare(blueprint, data, differences)
    known = {notebook_name, answers_file.FILE_NAME, TIMESTAMP, *NBGRADER_FILES}
    extra = [n for n in names if n not in known and not any(fnmatch.fnmatch(n, p) for p in ignore)]
    if extra:
        tail = f" and {len(extra) - 10} more" if len(extra) > 10 else ""
        listed = ", ".join(show(n, 40) for n in extra[:10]) + tail
        differences.append(f"other files handed in (not read): {listed}")
    if len(differences) > MAX_DIFFERENCES:
        more = len(differences) - MAX_DIFFERENCES
        differences = [*differences[:MAX_DIFFERENCES], f"and {more} more differences"]
    return Submission(student, answers, stamp, timestamp, texts, tuple(differences), secret)


def _notebook_data(raw: bytes, differences: list[str]) -> dict[str, Any] | None:
    """The submitted notebook's JSON, or None with the reason among the differences."""
    try:
        data = answers_file.loads_bounded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        differences.append("its notebook is not UTF-8 text: its text answers are not graded")
        return None
    except json.JSONDecodeError as exc:
        differences.append(
            f"its notebook is not valid JSON (line {exc.lineno}, column {exc.colno}): its text answers are not graded"
        )
        return None
    except ValueError as exc:
        differences.append(f"its notebook was not read ({exc}): its text answers are not graded")
        return None
    if not isinstance(data, dict):
        differences.append("its notebook is not a notebook: its text answers are not graded")
        return None
    return data


def _grade_id(cell: Any) -> str | None:
    if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
        return None
    meta = cell["metadata"].get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _other_metadata(metadata: Any, ignored: Iterable[str]) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        return {"(not a mapping)": show(metadata)}
    skip = set(ignored)
    return {k: v for k, v in metadata.items() if k not in skip}


def _changed_keys(mine: dict[str, Any], theirs: dict[str, Any]) -> str:
    keys = sorted({k for k in mine.keys() | theirs.keys() if not same(mine.get(k), theirs.get(k))}, key=str)
    return ", ".join(show(k, 30) for k in keys[:5])


def _text_of(cell: dict[str, Any]) -> str | None:
    """A cell's text as valid Unicode (a lone surrogate becomes U+FFFD), or None if it is not text."""
    source = source_text_or_none(cell)
    return None if source is None else source.encode("utf-8", "replace").decode("utf-8")


def compare(blueprint: Blueprint, data: dict[str, Any], differences: list[str]) -> dict[str, str]:
    """The text answers of a submitted notebook (by grade id); what differs goes to ``differences``."""
    nbformat, minor = data.get("nbformat"), data.get("nbformat_minor")
    if nbformat != 4 or minor != blueprint.nbformat_minor:
        differences.append(f"its format is {show(nbformat, 12)}.{show(minor, 12)}, not 4.{blueprint.nbformat_minor}")
    released_meta = _other_metadata(blueprint.release.get("metadata", {}), JUPYTER_NOTEBOOK_METADATA)
    meta = _other_metadata(data.get("metadata", {}), JUPYTER_NOTEBOOK_METADATA)
    if not same(meta, released_meta):
        differences.append(f"its notebook metadata was changed ({_changed_keys(meta, released_meta)})")
    cells = data.get("cells")
    if not isinstance(cells, list):
        differences.append("it has no list of cells: its text answers are not graded")
        return {}
    plans = {plan.grade_id: (position, plan) for position, plan in enumerate(blueprint.cells)}
    seen: dict[str, dict[str, Any]] = {}
    found = Found()
    for number, cell in enumerate(cells, start=1):
        grade_id = _grade_id(cell)
        if grade_id is None or grade_id not in plans:
            found.added.append(str(number))
        elif grade_id in seen:
            found.twice.append(repr(grade_id))
        else:
            assert isinstance(cell, dict)
            seen[grade_id] = cell
    released_order = [plan.grade_id for plan in blueprint.cells]
    texts: dict[str, str] = {}
    for grade_id in released_order:
        position, plan = plans[grade_id]
        cell = seen.get(grade_id)
        if cell is None:
            found.removed.append(repr(grade_id))
            continue
        _compare_cell(blueprint, position, plan, cell, found)
        if plan.takes_text:
            text = _text_of(cell)
            if text is None:
                found.not_text.append(repr(grade_id))
            else:
                texts[grade_id] = text
    differences += found.lines(list(seen) != [g for g in released_order if g in seen])
    return texts


@dataclass
class Found:
    """What differs cell by cell, gathered so that each kind of change is one line."""

    added: list[str] = field(default_factory=list)  # positions
    twice: list[str] = field(default_factory=list)  # grade ids, quoted
    removed: list[str] = field(default_factory=list)
    retyped: list[str] = field(default_factory=list)
    nbgrader: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    metadata_keys: set[str] = field(default_factory=set)
    edited: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    not_text: list[str] = field(default_factory=list)

    def lines(self, reordered: bool) -> list[str]:
        def cells(names: list[str]) -> str:
            shown = ", ".join(names[:8])
            return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")

        out = []
        if self.added:
            out.append(f"added cells at positions {cells(self.added)} (not in the released notebook)")
        if self.twice:
            out.append(f"cells {cells(self.twice)} appear more than once (the first is graded)")
        if self.removed:
            out.append(f"the released cells {cells(self.removed)} were removed")
        if reordered:
            out.append("its cells are in another order than the released notebook's")
        if self.retyped:
            out.append(f"the cells {cells(self.retyped)} were turned into another kind of cell")
        if self.nbgrader:
            out.append(f"the nbgrader metadata of cells {cells(self.nbgrader)} was changed")
        if self.metadata:
            keys = ", ".join(show(k, 30) for k in sorted(self.metadata_keys)[:5])
            out.append(f"the metadata of cells {cells(self.metadata)} was changed ({keys})")
        if self.edited:
            out.append(f"the read-only cells {cells(self.edited)} were edited")
        if self.ids:
            out.append(f"the cell ids of {cells(self.ids)} were changed")
        if self.attachments:
            out.append(f"the cells {cells(self.attachments)} carry attachments (not kept)")
        if self.not_text:
            out.append(f"the answer cells {cells(self.not_text)} hold no text: they are not graded")
        return out


def same(mine: Any, theirs: Any) -> bool:
    """Equal as JSON, types included (``1`` is not ``true``, as it is for Python's ``==``)."""
    return mine == theirs and json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def _compare_cell(blueprint: Blueprint, position: int, plan: CellPlan, cell: dict[str, Any], found: Found) -> None:
    gid = repr(plan.grade_id)
    if cell.get("cell_type") != plan.cell_type:
        found.retyped.append(gid)
    released_cell = blueprint.release_cell(position)
    if not same(cell["metadata"], released_cell.get("metadata")):  # most cells come back as they went out
        if not same(cell["metadata"].get("nbgrader"), plan.nbgrader):
            found.nbgrader.append(gid)
        released = _other_metadata(released_cell.get("metadata", {}), {"nbgrader", *JUPYTER_CELL_METADATA})
        mine = _other_metadata(cell["metadata"], {"nbgrader", *JUPYTER_CELL_METADATA})
        if not same(mine, released):
            found.metadata.append(gid)
            changed = {k for k in mine.keys() | released.keys() if not same(mine.get(k), released.get(k))}
            found.metadata_keys |= {str(k) for k in changed}
    if cell.get("id") != released_cell.get("id"):
        found.ids.append(gid)
    if not plan.takes_text and source_text_or_none(cell) != plan.release_source:
        found.edited.append(gid)
    if cell.get("attachments"):
        found.attachments.append(gid)


def source_text_or_none(cell: dict[str, Any]) -> str | None:
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return source_text(source)
    return source if isinstance(source, str) else None
