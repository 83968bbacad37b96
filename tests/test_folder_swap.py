"""Replacing a folder whole (``asit.write.replacing``): the old folder stays whole whatever fails.

One routine serves the cohort report (``write_tree``), the built site and each trainee's
autograded folder; these tests break it at every step, including a process killed mid-build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asit.nbgrader.fastgrade import BUILD_PREFIX, OLD_PREFIX, clean_stale
from asit.write import recover, replacing, staging_prefix, swap_in, write_tree
from conftest import REPO


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p != folder)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "out" / "site"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("old")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text("old page")
    return folder


def test_the_new_version_replaces_the_old_and_nothing_is_left_beside_it(site: Path) -> None:
    with replacing(site) as staging:
        assert staging.parent == site.parent and staging.name.startswith(staging_prefix(site))
        (staging / "index.html").write_text("new")
    assert tree(site) == {"index.html": "new"}
    assert siblings(site) == []
    mask = os.umask(0o022)
    os.umask(mask)
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~mask)  # published, not private like a temp folder


def test_a_folder_that_is_not_there_yet_is_made(tmp_path: Path) -> None:
    with replacing(tmp_path / "a" / "new") as staging:
        (staging / "x").write_text("1")
    assert tree(tmp_path / "a" / "new") == {"x": "1"}


def test_a_failure_while_building_leaves_the_old_folder_whole(site: Path) -> None:
    before = tree(site)
    with pytest.raises(RuntimeError, match="half way"), replacing(site) as staging:
        (staging / "index.html").write_text("half")
        raise RuntimeError("half way")
    assert tree(site) == before and siblings(site) == []


def test_a_failed_second_rename_puts_the_old_folder_back(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(site)
    real_rename = Path.rename
    calls: list[str] = []

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        calls.append(self.name)
        if len(calls) == 2:  # the staging folder into place
            raise OSError("disk gone")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk gone"), replacing(site) as staging:
        (staging / "index.html").write_text("new")
    monkeypatch.undo()
    assert len(calls) == 3  # out, in (failed), back
    assert tree(site) == before and siblings(site) == []


def test_a_process_killed_while_building_leaves_the_old_folder_whole(site: Path) -> None:
    """A real crash: the writer is killed (SIGKILL, no clean-up) in the middle of the new version."""
    before = tree(site)
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from asit.write import replacing
        with replacing(Path({str(site)!r})) as staging:
            (staging / "index.html").write_text("half")
            print("writing", flush=True)
            time.sleep(60)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "writing"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
    assert tree(site) == before
    left = siblings(site)
    assert len(left) == 1 and left[0].startswith(staging_prefix(site))  # the half-built version
    found = recover(site)
    assert [p.name for p in found.removed] == left and found.restored is None
    assert tree(site) == before and siblings(site) == []


def test_a_process_killed_between_the_renames_gets_its_old_folder_back(site: Path) -> None:
    """What a kill between the two renames leaves: no folder, the old one under its old name."""
    before = tree(site)
    staging = site.with_name(staging_prefix(site) + "k1ll3d00")
    staging.mkdir()
    (staging / "index.html").write_text("new, not yet in place")
    old = staging.with_name(staging.name + ".old")
    site.rename(old)
    found = recover(site)
    assert found.restored == old and found.removed == (staging,)
    assert tree(site) == before and siblings(site) == []


def test_the_next_swap_cleans_what_a_killed_one_left(site: Path) -> None:
    stale = site.with_name(staging_prefix(site) + "abcd1234")
    stale.mkdir()
    (stale / "half.html").write_text("half")
    other = site.with_name(".site-notes")  # not ours: kept
    other.mkdir()
    link = site.with_name(staging_prefix(site) + "link")  # a link is never followed nor removed
    link.symlink_to(other)
    with replacing(site) as staging:
        (staging / "index.html").write_text("new")
    assert tree(site) == {"index.html": "new"}
    assert siblings(site) == sorted([".site-notes", link.name]) and other.is_dir()


def test_swap_in_with_a_fixed_old_name_replaces_a_killed_runs_old_folder(site: Path) -> None:
    old = site.with_name(".site-old")
    old.mkdir()
    (old / "stale").write_text("x")
    staging = site.with_name(".site-build")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    swap_in(staging, site, old=old)
    assert tree(site) == {"index.html": "new"} and siblings(site) == []


def test_write_tree_keeps_the_old_report_when_a_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "report"
    write_tree(folder, {"index.html": "old", "a.csv": "1"})
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        if self.name == "index.html":
            raise OSError("no space left")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="no space"):
        write_tree(folder, {"index.html": "new", "a.csv": "2"})
    monkeypatch.undo()
    assert tree(folder) == {"index.html": "old", "a.csv": "1"} and siblings(folder) == []


def test_a_killed_grading_run_gets_the_trainees_autograded_folder_back(tmp_path: Path) -> None:
    student = tmp_path / "autograded" / "ana"
    old = student / f"{OLD_PREFIX}01-sample"  # the autograded folder, moved out; the new one never came
    old.mkdir(parents=True)
    (old / "01-sample.ipynb").write_text("graded")
    build = student / f"{BUILD_PREFIX}01-sample-ab12cd34"
    build.mkdir()
    removed = clean_stale(tmp_path / "autograded", "01-sample")
    assert removed == [build]
    assert tree(student) == {"01-sample/01-sample.ipynb": "graded"}


def test_the_classrooms_course_copy_is_made_whole_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from asit.classroom import course_copy
    from asit.classroom.layout import Layout

    monkeypatch.setattr(course_copy, "share_with_instructors", lambda folder: None)  # needs the instructors' group
    root = tmp_path / "course"
    (root / "modules" / "01-x").mkdir(parents=True)
    (root / "modules" / "01-x" / "module.yml").write_text("id: x")
    (root / "_config.yml").write_text("title: t")
    layout = Layout(tmp_path / "data")
    layout.data.mkdir()
    half = layout.data / (staging_prefix(layout.course) + "k1ll3d00")  # a copy killed half-way
    half.mkdir()

    def failing(source: str, target: str) -> object:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(shutil, "copy2", failing)  # the copy of _config.yml, after the folders
        with pytest.raises(OSError, match="disk full"):
            course_copy.ensure_course_copy(layout, root)
    assert not layout.course.exists() and sorted(p.name for p in layout.data.iterdir()) == []
    assert course_copy.ensure_course_copy(layout, root) is True
    assert tree(layout.course) == {
        "_config.yml": "title: t",
        "assessments/nbgrader_config.py": course_copy.CONFIG_TEXT,
        "modules/01-x/module.yml": "id: x",
    }
    assert course_copy.ensure_course_copy(layout, root) is False  # kept, with what instructors added
    assert sorted(p.name for p in layout.data.iterdir()) == ["course"]
