"""Commands that write where a user points them write only their own files and refuse the rest.

Each command is pointed at a hostile place: the course folder itself (with a .git inside),
``book/``, a folder holding other files, a file, a symbolic link. Nothing that was there
before may be deleted or changed, except files of the very names the command writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from asit.cli import main
from asit.write import UnsafeOutputError, write_files, write_tree

SCHEMA_FILES = ["assessment.schema.json", "module.schema.json", "scenario.schema.json"]


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file bytes, link targets, folders as a mark (links not followed)."""
    out: dict[str, bytes | str] = {}
    for top, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(top) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                out[rel] = "folder"
            else:
                out[rel] = path.read_bytes()
    return out


@pytest.fixture
def course(course_copy: Path) -> Path:
    """The fixture course with a repository's .git and an author's own file, as a real checkout has."""
    (course_copy / ".git").mkdir()
    (course_copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (course_copy / "notes.txt").write_text("an author's own notes\n", encoding="utf-8")
    return course_copy


def assert_only_added(before: dict[str, bytes | str], after: dict[str, bytes | str], added: set[str]) -> None:
    """Everything that was there is still there, unchanged; new entries are exactly ``added``."""
    assert {k: v for k, v in after.items() if k not in added} == {k: v for k, v in before.items() if k not in added}
    assert set(after) - set(before) <= added


# --- asit schema --out ---------------------------------------------------------------------


@pytest.mark.parametrize("out", [".", "book", "modules/01-sample"])
def test_schema_into_a_folder_with_other_files_adds_only_its_own(
    course: Path, out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(course)
    assert main(["--root", str(course), "schema", "--out", out]) == 0
    after = snapshot(course)
    prefix = "" if out == "." else f"{out}/"
    assert_only_added(before, after, {prefix + name for name in SCHEMA_FILES})
    for name in SCHEMA_FILES:
        content = after[prefix + name]
        assert isinstance(content, bytes) and b'"$schema"' in content
    assert (course / ".git" / "HEAD").is_file()
    printed = capsys.readouterr().out.split()
    assert printed == [str(course / out / name) for name in SCHEMA_FILES]


def test_schema_onto_a_file_is_refused(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(course)
    assert main(["--root", str(course), "schema", "--out", "notes.txt"]) == 1
    assert "notes.txt is a file, not a folder; nothing was written" in capsys.readouterr().err
    assert snapshot(course) == before


def test_schema_through_a_symbolic_link_is_refused(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    (course / "link").symlink_to(elsewhere, target_is_directory=True)
    before, outside = snapshot(course), snapshot(elsewhere)
    assert main(["--root", str(course), "schema", "--out", "link"]) == 1
    assert "link is a symbolic link" in capsys.readouterr().err
    assert snapshot(course) == before and snapshot(elsewhere) == outside


def test_schema_under_a_file_is_refused(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(course)
    assert main(["--root", str(course), "schema", "--out", "notes.txt/schemas"]) == 1
    assert "notes.txt is a file, not a folder; nothing was written" in capsys.readouterr().err
    assert snapshot(course) == before


def test_an_unwritable_folder_is_a_plain_error(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = course / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # root writes anywhere: then the place is one no one can create a folder in
        target = "/proc/asit-schema" if os.access(locked, os.W_OK) else str(locked)
        assert main(["--root", str(course), "schema", "--out", target]) == 1
    finally:
        locked.chmod(0o700)
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_schema_refuses_a_folder_where_its_file_goes(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder named like an output file is not overwritten, and no other schema file is written either."""
    (course / "out" / "module.schema.json").mkdir(parents=True)
    (course / "out" / "module.schema.json" / "inside.txt").write_text("x", encoding="utf-8")
    before = snapshot(course)
    assert main(["--root", str(course), "schema", "--out", "out"]) == 1
    assert "module.schema.json is a folder" in capsys.readouterr().err
    assert snapshot(course) == before


def test_schema_again_rewrites_its_own_files(course: Path) -> None:
    assert main(["--root", str(course), "schema"]) == 0
    first = snapshot(course / "_build" / "schema")
    assert main(["--root", str(course), "schema"]) == 0
    assert snapshot(course / "_build" / "schema") == first
    assert sorted(first) == SCHEMA_FILES


# --- asit notebooks --out ------------------------------------------------------------------


@pytest.mark.parametrize("out", [".", "book"])
def test_notebooks_into_a_folder_with_other_files_adds_only_their_own(
    course: Path, out: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(course)
    before = snapshot(course)
    assert main(["--root", str(course), "notebooks", "--out", out]) == 0
    prefix = "" if out == "." else f"{out}/"
    assert_only_added(before, snapshot(course), {prefix + "01-sample-practice.ipynb"})
    assert (course / out / "01-sample-practice.ipynb").is_file()


@pytest.mark.parametrize("hostile", ["file", "link", "dangling link"])
def test_notebooks_refuse_a_file_or_link(
    course: Path, tmp_path: Path, hostile: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(course)
    target = course / "out"
    if hostile == "file":
        target.write_text("mine", encoding="utf-8")
    else:
        pointed = tmp_path / ("elsewhere" if hostile == "link" else "missing")
        if hostile == "link":
            pointed.mkdir()
        target.symlink_to(pointed, target_is_directory=True)
    before = snapshot(course)
    assert main(["--root", str(course), "notebooks", "--out", "out"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "out is a" in err
    assert snapshot(course) == before
    assert not (tmp_path / "elsewhere").exists() or not any((tmp_path / "elsewhere").iterdir())


# --- asit build: _generated is generated by definition, but never through a link ---------


def test_build_refuses_a_linked_generated_folder(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.md").write_text("not generated", encoding="utf-8")
    (course / "_generated").symlink_to(elsewhere, target_is_directory=True)
    assert main(["--root", str(course), "build", "--no-book"]) == 1
    assert "_generated is a symbolic link" in capsys.readouterr().err
    assert snapshot(elsewhere) == {"precious.md": b"not generated"}


# --- the writer itself: whole-folder replacement only of its own folder -------------------


def test_write_tree_replaces_its_own_earlier_output(tmp_path: Path) -> None:
    write_tree(tmp_path / "out", {"a.txt": "1", "sub/b.txt": "2"})
    write_tree(tmp_path / "out", {"a.txt": "3", "sub/b.txt": "4"})
    assert snapshot(tmp_path / "out") == {"a.txt": b"3", "sub": "folder", "sub/b.txt": b"4"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or old copy left


@pytest.mark.parametrize(
    "setup",
    ["other file", "other folder", "course root", "link inside", "file", "link"],
)
def test_write_tree_refuses_what_it_did_not_make(tmp_path: Path, setup: str) -> None:
    target = tmp_path / "out"
    if setup == "file":
        target.write_text("x", encoding="utf-8")
    elif setup == "link":
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real", target_is_directory=True)
    else:
        target.mkdir()
        (target / "a.txt").write_text("old", encoding="utf-8")
        if setup == "other file":
            (target / "mine.txt").write_text("keep", encoding="utf-8")
        elif setup == "other folder":
            (target / ".git").mkdir()
        elif setup == "course root":
            (target / "_config.yml").write_text("title: x\n", encoding="utf-8")
            (target / "modules").mkdir()
        else:
            (target / "b.txt").symlink_to(tmp_path / "nowhere")
    before = snapshot(tmp_path)
    with pytest.raises(UnsafeOutputError):
        write_tree(target, {"a.txt": "new", "b.txt": "new"})
    assert snapshot(tmp_path) == before


def test_write_files_refuses_paths_out_of_the_folder(tmp_path: Path) -> None:
    for rel in ("../escape.txt", "/etc/escape.txt", "sub/../../escape.txt"):
        with pytest.raises(UnsafeOutputError):
            write_files(tmp_path / "out", {rel: "x"})
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "out").exists()


def test_write_files_refuses_a_link_where_its_file_goes(tmp_path: Path) -> None:
    """A link where an output file goes is refused: following it would write outside the folder."""
    (tmp_path / "out").mkdir()
    (tmp_path / "target.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "out" / "a.txt").symlink_to(tmp_path / "target.txt")
    with pytest.raises(UnsafeOutputError, match=r"a\.txt is a symbolic link"):
        write_files(tmp_path / "out", {"a.txt": "new"})
    assert (tmp_path / "target.txt").read_text(encoding="utf-8") == "keep"
