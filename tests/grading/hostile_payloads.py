"""A hostile cohort: submissions a dishonest or careless trainee could hand in, by family.

Each payload writes one trainee's submission folder as ``nbgrader collect`` would leave it,
plus whatever the trainee added. Code that a payload hands in (an added cell, an edited
read-only cell, a module beside the notebook) writes marker files if it ever runs: in the
submission folder, in /tmp, in the course folder and beside the gradebook; most also try to
raise the score. Each payload says which answers it earns (the answers file as the course
reads it), or that it must be refused with a named reason.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asit.models import Assessment, TextQuestion
from asit.nbgrader.selfcheck import key_answer, wrong_answer
from asit.widgets import answers as answers_file

STAMP = "2026-01-10 09:00:00.000000 UTC"


@dataclass
class Context:
    course_dir: Path
    assessment: Assessment
    release: dict[str, Any]  # the released notebook
    token: str  # in every marker file's name

    @property
    def assignment(self) -> str:
        return self.assessment.id

    def markers(self, name: str, folder: Path) -> list[str]:
        marker = f"{self.token}-{name}"
        return [
            str(folder / marker),
            f"/tmp/{marker}",
            str(self.course_dir / marker),
            str(self.course_dir / "autograded" / marker),
            str(self.course_dir.parent / marker),
        ]

    def code(self, name: str, folder: Path, extra: str = "") -> str:
        """Python that writes the markers (and does ``extra``) when it runs."""
        lines = [
            "import pathlib",
            f"for _p in {self.markers(name, folder)!r}:",
            "    pathlib.Path(_p).write_text('ran')",
        ]
        return "\n".join([*lines, extra]) if extra else "\n".join(lines)

    def right(self) -> dict[str, Any]:
        return {q.id: key_answer(q) for q in self.assessment.questions if not isinstance(q, TextQuestion)}

    def wrong(self) -> dict[str, Any]:
        qs = [q for q in self.assessment.questions if not isinstance(q, TextQuestion)]
        return {q.id: a for q in qs if (a := wrong_answer(q)) is not None}

    def text_ids(self) -> list[str]:
        return [q.id for q in self.assessment.questions if isinstance(q, TextQuestion)]

    def test_ids(self) -> list[str]:
        return [q.id for q in self.assessment.questions if not isinstance(q, TextQuestion)]


Writer = Callable[[Context, Path, dict[str, Any]], None]


@dataclass
class Payload:
    family: str
    name: str
    write: Writer  # edits the notebook (a copy of the release) or the folder
    answers: str = "wrong"  # the answers file written: "right", "wrong", "none" (no file) or "custom"
    earns: dict[str, Any] | None = None  # with "custom": the answers the course reads from the file
    refused: str = ""  # a named failure is expected, containing this
    student: str = ""  # default: the payload's name
    kernel: bool = False  # also in the cohort graded by nbgrader's autograde
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.student or f"h-{self.name}"


def _cell(source: str, cell_type: str = "code", **metadata: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": cell_type, "id": f"x{abs(hash(source)) % 10**8}", "metadata": metadata}
    cell["source"] = source
    if cell_type == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def _find(nb: dict[str, Any], grade_id: str) -> dict[str, Any]:
    return next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _nothing(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    pass


# ------------------------------------------------------------------ added and edited cells


def _add(where: int, make: Callable[[Context, Path], str], cell_type: str = "code") -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        nb["cells"].insert(where if where >= 0 else len(nb["cells"]), _cell(make(ctx, folder), cell_type))

    return write


def _edit_tests(make: Callable[[Context, Path, str], str]) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        for qid in ctx.test_ids():
            _find(nb, qid)["source"] = make(ctx, folder, qid)

    return write


def _edit(grade_id: str, make: Callable[[Context, Path], str]) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        _find(nb, grade_id)["source"] = make(ctx, folder)

    return write


def _gradebook_attack(ctx: Context, folder: Path) -> str:
    db = ctx.course_dir / "gradebook.db"
    sql = "UPDATE grade SET auto_score = max_score"
    return ctx.code(
        "gradebook", folder, f"import sqlite3\n_c = sqlite3.connect({str(db)!r})\n_c.execute({sql!r})\n_c.commit()"
    )


def _key_printer(ctx: Context, folder: Path) -> str:
    source = ctx.course_dir / "source" / ctx.assignment / f"{ctx.assignment}.ipynb"
    return ctx.code("key", folder, f"print(open({str(source)!r}).read())")


ADDED_AND_EDITED = [
    Payload("added cell", "added-marker", _add(0, lambda c, f: c.code("added-marker", f)), kernel=True),
    Payload(
        "added cell",
        "added-replaces-grade",
        _add(2, lambda c, f: c.code("replaces-grade", f, "notebook.grade = lambda q, k: 100.0")),
        kernel=True,
    ),
    Payload(
        "added cell",
        "added-patches-runtime",
        _add(
            2,
            lambda c, f: c.code(
                "patches-runtime",
                f,
                "import asit.nbgrader.runtime as _r\n_r.AssessmentNotebook.grade = lambda self, q, k: 100.0",
            ),
        ),
    ),
    Payload("added cell", "added-gradebook-write", _add(-1, _gradebook_attack), kernel=True),
    Payload("added cell", "added-prints-key", _add(-1, _key_printer)),
    Payload("added cell", "added-markdown-script", _add(1, lambda c, f: "<script>alert(1)</script>", "markdown")),
    Payload("added cell", "added-raw", _add(1, lambda c, f: c.code("raw", f), "raw")),
    Payload(
        "edited read-only cell",
        "tests-claim-points",
        _edit_tests(lambda c, f, q: c.code(f"claim-{q}", f, "100.0")),
        kernel=True,
    ),
    Payload(
        "edited read-only cell",
        "setup-runs-code",
        _edit("asit-setup", lambda c, f: c.code("setup", f)),
    ),
    Payload(
        "edited read-only cell",
        "check-cell-runs-code",
        _edit("asit-all-answered", lambda c, f: c.code("check", f)),
    ),
    Payload(
        "edited read-only cell",
        "intro-with-script",
        _edit("asit-intro", lambda c, f: "<img src=x onerror=alert(1)><script>alert(2)</script>"),
    ),
]


# ------------------------------------------------------------------ tags, metadata, nbformat


def _tests_meta(change: Callable[[Context, Path, dict[str, Any]], None]) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        for qid in ctx.test_ids():
            cell = _find(nb, qid)
            change(ctx, folder, cell)

    return write


def _tag_skip(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"]["tags"] = ["skip-execution", "raises-exception"]
    cell["source"] = ctx.code("skip", folder, "100.0")


def _solution_test(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"]["nbgrader"].update(solution=True, locked=False)
    cell["source"] = ctx.code("solution", folder, "100.0")


def _no_grade(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"]["nbgrader"]["grade"] = False


def _points(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"]["nbgrader"]["points"] = 1000


def _unlabelled(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"] = {}
    cell["source"] = ctx.code("unlabelled", folder, "100.0")


def _locked_int(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["metadata"]["nbgrader"]["locked"] = 1


def _html_id(ctx: Context, folder: Path, cell: dict[str, Any]) -> None:
    cell["id"] = "<img src=x onerror=alert(1)>"


def _reorder(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    nb["cells"].reverse()


def _remove_tests(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    drop = set(ctx.test_ids())
    nb["cells"] = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in drop]


def _duplicate_text(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    qid = ctx.text_ids()[0]
    cell = _find(nb, qid)
    cell["source"] = "My own first answer."
    twin = copy.deepcopy(cell)
    twin["id"] = "twin"
    twin["source"] = "<script>alert('twin')</script>"
    nb["cells"].append(twin)


def _kernelspec(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    nb["metadata"]["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    nb["metadata"]["nbgrader"] = {"grade": True}


def _nbformat(major: Any, minor: Any, add: bool = False) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        nb["nbformat"], nb["nbformat_minor"] = major, minor
        if add:
            nb["cells"].insert(
                2, _cell(ctx.code(f"format-{major}-{minor}", folder, "notebook.grade = lambda q, k: 9.0"))
            )

    return write


def _raw_notebook(text: str) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        nb.clear()
        nb["__raw__"] = text

    return write


def _deep_metadata(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    nb["metadata"]["deep"] = json.loads("[" * 200 + "]" * 200)


def _long_number(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    nb.clear()
    nb["__raw__"] = json.dumps(ctx.release)[:-1] + ', "x": ' + "9" * 401 + "}"


METADATA_AND_FORMAT = [
    Payload("tags and metadata", "skip-execution-tags", _tests_meta(_tag_skip), kernel=True),
    Payload("tags and metadata", "tests-become-solutions", _tests_meta(_solution_test), kernel=True),
    Payload("tags and metadata", "grade-false", _tests_meta(_no_grade), answers="right"),
    Payload("tags and metadata", "points-1000", _tests_meta(_points), answers="right"),
    Payload("tags and metadata", "tests-unlabelled", _tests_meta(_unlabelled)),
    Payload("tags and metadata", "locked-as-number", _tests_meta(_locked_int)),
    Payload("tags and metadata", "html-cell-ids", _tests_meta(_html_id)),
    Payload("tags and metadata", "cells-reversed", _reorder, answers="right"),
    Payload("tags and metadata", "tests-removed", _remove_tests, answers="right"),
    Payload("tags and metadata", "text-cell-twice", _duplicate_text),
    Payload("tags and metadata", "bash-kernelspec", _kernelspec, kernel=True),
    Payload("nbformat", "minor-4-plus-cell", _nbformat(4, 4, add=True), kernel=True),
    Payload("nbformat", "nbformat-3", _nbformat(3, 0)),
    Payload("nbformat", "nbformat-string", _nbformat("4.0", "5", add=True)),
    Payload("nbformat", "not-json", _raw_notebook('{"cells": [')),
    Payload("nbformat", "a-json-list", _raw_notebook("[1, 2, 3]")),
    Payload("nbformat", "cells-not-a-list", _raw_notebook('{"nbformat": 4, "nbformat_minor": 5, "cells": "x"}')),
    Payload("nbformat", "deep-metadata", _deep_metadata, answers="right"),
    Payload("nbformat", "notebook-401-digits", _long_number, answers="right"),
    Payload("nbformat", "notebook-nested-100k", _raw_notebook("[" * 100_000)),
]


# ------------------------------------------------------------------ files and folders


def _module(path: str, make: Callable[[Context, Path], str]) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(make(ctx, folder), encoding="utf-8")

    return write


def _shadow_asit(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    package = folder / "asit" / "nbgrader"
    package.mkdir(parents=True)
    (folder / "asit" / "__init__.py").write_text(ctx.code("shadow-asit", folder), encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    runtime = (
        "class AssessmentNotebook:\n"
        "    @classmethod\n"
        "    def from_json(cls, text): return cls()\n"
        "    def show(self, q): pass\n"
        "    def grade(self, q, k): return 100.0\n"
        "    def grader_notes(self, r): pass\n"
        "    def check(self): pass\n"
    )
    (package / "runtime.py").write_text(runtime, encoding="utf-8")


def _fifo(name: str) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        path = folder / real_name(ctx, name)
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return write


def _link(name: str, target: Callable[[Context, Path], Path]) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        path = folder / real_name(ctx, name)
        path.unlink(missing_ok=True)
        path.symlink_to(target(ctx, folder))

    return write


def _device(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    (folder / answers_file.FILE_NAME).unlink(missing_ok=True)
    os.mknod(folder / answers_file.FILE_NAME, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers


def _answers_folder(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    (folder / answers_file.FILE_NAME).unlink(missing_ok=True)
    (folder / answers_file.FILE_NAME).mkdir()


def _oversize(name: str, size: int) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        with (folder / real_name(ctx, name)).open("ab") as handle:
            handle.write(b" " * size)

    return write


def _timestamp(text: str) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        (folder / "timestamp.txt").write_text(text, encoding="utf-8")

    return write


def _no_timestamp(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    (folder / "timestamp.txt").unlink()


def _student_link(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    student = folder.parent
    for path in sorted(student.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    student.rmdir()
    student.symlink_to(ctx.course_dir / "submitted" / "h-honest-right")


def _assignment_link(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.symlink_to(ctx.course_dir / "submitted" / "h-honest-right" / ctx.assignment)


def _key_path(ctx: Context, folder: Path) -> Path:
    return ctx.course_dir / "source" / ctx.assignment / f"{ctx.assignment}.ipynb"


FILES_AND_FOLDERS = [
    Payload("files", "shadow-asit-package", _shadow_asit, kernel=True),
    Payload("files", "sitecustomize", _module("sitecustomize.py", lambda c, f: c.code("sitecustomize", f))),
    Payload("files", "shadow-json-module", _module("json.py", lambda c, f: c.code("shadow-json", f)), kernel=True),
    Payload(
        "files",
        "ipython-startup",
        _module(".ipython/profile_default/startup/00-x.py", lambda c, f: c.code("ipython-startup", f)),
    ),
    Payload("files", "ipython-config", _module("ipython_config.py", lambda c, f: c.code("ipython-config", f))),
    Payload("pipes, links, devices", "answers-fifo", _fifo(answers_file.FILE_NAME), refused="named pipe"),
    Payload("pipes, links, devices", "timestamp-fifo", _fifo("timestamp.txt"), refused="named pipe"),
    Payload("pipes, links, devices", "notebook-fifo", _fifo("{notebook}"), refused="named pipe"),
    Payload(
        "pipes, links, devices",
        "answers-to-dev-zero",
        _link(answers_file.FILE_NAME, lambda c, f: Path("/dev/zero")),
        refused="symbolic link",
    ),
    Payload(
        "pipes, links, devices",
        "answers-to-classmate",
        _link(
            answers_file.FILE_NAME,
            lambda c, f: c.course_dir / "submitted" / "h-honest-right" / c.assignment / answers_file.FILE_NAME,
        ),
        refused="symbolic link",
    ),
    Payload("pipes, links, devices", "notebook-to-key", _link("{notebook}", _key_path), refused="symbolic link"),
    Payload("pipes, links, devices", "answers-device", _device, refused="a device"),
    Payload("pipes, links, devices", "answers-is-a-folder", _answers_folder, refused="a folder"),
    Payload("pipes, links, devices", "student-folder-link", _student_link, refused="symbolic link"),
    Payload("pipes, links, devices", "assignment-folder-link", _assignment_link, refused="symbolic link"),
    Payload(
        "huge values",
        "answers-over-cap",
        _oversize(answers_file.FILE_NAME, answers_file.MAX_BYTES),
        answers="right",
        refused="larger than",
    ),
    Payload(
        "huge values",
        "notebook-over-cap",
        _oversize("{notebook}", answers_file.NOTEBOOK_MAX_BYTES),
        answers="right",
        refused="larger than",
    ),
    Payload("timestamps", "timestamp-garbage", _timestamp("next tuesday, honestly"), refused="no valid time"),
    Payload("timestamps", "timestamp-huge-year", _timestamp("99999999999-01-01 00:00:00"), refused="timestamp.txt"),
    Payload("timestamps", "timestamp-missing", _no_timestamp, answers="right"),
]


# ------------------------------------------------------------------ trainee ids


IDS = [
    Payload("trainee ids", "glob-bracket", _nothing, answers="right", student="zz-glob[1]"),
    Payload("trainee ids", "glob-plain", _nothing, answers="wrong", student="zz-glob1"),
    Payload("trainee ids", "glob-star", _nothing, answers="right", student="zz-*"),
    Payload("trainee ids", "glob-question", _nothing, answers="right", student="zz-?"),
    Payload("trainee ids", "html-id", _nothing, answers="right", student="zz-<b>id<i>"),
    Payload("trainee ids", "unicode-id", _nothing, answers="right", student="zz-ñandú"),
    Payload("trainee ids", "newline-id", _nothing, answers="right", student="zz-new\nline", refused="control"),
]


# ------------------------------------------------------------------ values in the answers file


def _custom(text: str) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        (folder / answers_file.FILE_NAME).write_bytes(text.encode("utf-8", "surrogatepass"))

    return write


def _raw(data: bytes) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        (folder / answers_file.FILE_NAME).write_bytes(data)

    return write


def _doc(answers: str) -> str:
    return '{"format": "asit-answers", "version": 1, "assignment": "01-sample", "answers": ' + answers + "}"


VALUES = [
    Payload("huge values", "numeric-401-digits", _custom(_doc('{"sm-a-days": ' + "3" * 401 + "}")), "custom", {}),
    Payload(
        "huge values",
        "numeric-1e999",
        _custom(_doc('{"sm-a-days": 1e999, "sm-a-indicator": "a"}')),
        "custom",
        {"sm-a-days": float("inf"), "sm-a-indicator": "a"},
    ),
    Payload(
        "huge values",
        "numeric-nan",
        _custom(_doc('{"sm-a-days": NaN, "sm-a-indicator": "a"}')),
        "custom",
        {"sm-a-days": None, "sm-a-indicator": "a"},
    ),
    Payload("huge values", "nested-100k", _custom("[" * 100_000 + "]" * 100_000), "custom", {}),
    Payload("huge values", "nested-65", _custom(_doc('{"sm-a-days": ' + "[" * 65 + "]" * 65 + "}")), "custom", {}),
    Payload(
        "huge values",
        "string-1mb",
        _custom(_doc('{"sm-a-indicator": "' + "a" * 1_000_000 + '"}')),
        "custom",
        {"sm-a-indicator": "a" * 1_000_000},
    ),
    Payload("huge values", "lone-surrogate", _custom(_doc('{"sm-a-indicator": "\\ud800"}')), "custom", {}),
    Payload("huge values", "not-utf8", _raw(b"\xff\xfe{"), "custom", {}),
    Payload("huge values", "other-assignment", _custom(_doc("{}").replace("01-sample", "02-other")), "custom", {}),
    Payload(
        "huge values",
        "duplicate-keys",
        _custom(_doc('{"sm-a-indicator": "b", "sm-a-indicator": "a"}')),
        "custom",
        {"sm-a-indicator": "a"},
    ),
    Payload(
        "huge values",
        "wrong-shapes",
        _custom(
            _doc(
                '{"sm-a-indicator": {"a": 1}, "sm-a-multi": [[["a"]]], "sm-a-order": "ab", "sm-a-match": [1, 2],'
                ' "sm-a-decide": null, "sm-a-days": true, "unknown": 1}'
            )
        ),
        "custom",
        {
            "sm-a-indicator": {"a": 1},
            "sm-a-multi": [[["a"]]],
            "sm-a-order": "ab",
            "sm-a-match": [1, 2],
            "sm-a-decide": None,
            "sm-a-days": True,
        },
    ),
    Payload(
        "huge values",
        "numeric-python-code",
        _custom(_doc('{"sm-a-days": "__import__(\\"os\\").system(\\"x\\")"}')),
        "custom",
        {"sm-a-days": '__import__("os").system("x")'},
    ),
]


# ------------------------------------------------------------------ text answers


def _text(answer: str) -> Writer:
    def write(ctx: Context, folder: Path, nb: dict[str, Any]) -> None:
        for qid in ctx.text_ids():
            _find(nb, qid)["source"] = answer

    return write


SCRIPTS = {
    "script": "<script>document.title='pwned'; alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(document.cookie)">',
    "svg-onload": "<svg onload=alert(1)></svg>",
    "iframe-srcdoc": '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    "md-image": "Seen here: ![pixel](http://example.invalid/pixel.png)",
    "md-js-link": "[click me](javascript:alert(1)) and [ref][1]\n\n[1]: javascript:alert(2)",
    "escaped-bracket-link": "\\[x](javascript:alert(3))",
    "entities": "&#60;script&#62;alert(1)&#60;/script&#62; &lt;b&gt;",
    "solution-markers": "### BEGIN SOLUTION\n<script>alert(1)</script>\n### END SOLUTION",
    "style-and-form": "<style>body{display:none}</style><form action=http://x><input autofocus onfocus=alert(1)>",
}
TEXTS = [
    Payload("text answers as HTML", f"text-{name}", _text(text), answers="right") for name, text in SCRIPTS.items()
]


# ------------------------------------------------------------------ honest controls


CONTROLS = [
    Payload(
        "honest controls",
        "honest-right",
        _text("She can rest and decide later; help does not depend on talking."),
        answers="right",
        kernel=True,
    ),
    Payload("honest controls", "honest-wrong", _nothing, answers="wrong"),
    Payload("honest controls", "honest-unanswered", _nothing, answers="custom", earns={}),
    Payload("honest controls", "honest-no-file", _nothing, answers="none"),
    Payload(
        "honest controls",
        "honest-partly",
        _nothing,
        answers="custom",
        earns={"sm-a-indicator": "a", "sm-a-multi": ["a"], "sm-a-days": 29},
    ),
]

PAYLOADS = [*CONTROLS, *ADDED_AND_EDITED, *METADATA_AND_FORMAT, *FILES_AND_FOLDERS, *IDS, *VALUES, *TEXTS]


def earned(ctx: Context, payload: Payload) -> dict[str, Any]:
    """The answers the course reads from the answers file the payload writes."""
    if payload.answers == "right":
        return ctx.right()
    if payload.answers == "wrong":
        return ctx.wrong()
    if payload.answers == "none":
        return {}
    assert payload.earns is not None, payload.name
    return payload.earns


def real_name(ctx: Context, name: str) -> str:
    """A payload's file name, with ``{notebook}`` for the notebook's."""
    return name.replace("{notebook}", f"{ctx.assignment}.ipynb")


def write_payload(ctx: Context, payload: Payload) -> None:
    """The submission folder of one payload, as collected, with the trainee's additions."""
    folder = ctx.course_dir / "submitted" / payload.id / ctx.assignment
    folder.mkdir(parents=True)
    notebook = folder / f"{ctx.assignment}.ipynb"
    if payload.answers in ("right", "wrong") or (payload.answers == "custom" and payload.write is _nothing):
        answers_file.save(folder / answers_file.FILE_NAME, ctx.assignment, earned(ctx, payload))
    (folder / "timestamp.txt").write_text(STAMP, encoding="utf-8")
    notebook.write_text(json.dumps(ctx.release, indent=1), encoding="utf-8")
    nb = copy.deepcopy(ctx.release)
    payload.write(ctx, folder, nb)
    if "__raw__" in nb:
        notebook.write_text(nb["__raw__"], encoding="utf-8")
    elif json.dumps(nb, sort_keys=True) != json.dumps(ctx.release, sort_keys=True):  # 1 == True in Python
        notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
