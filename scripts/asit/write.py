"""The only code that writes generated files: whole trees, atomically, or nothing.

A build writes into a temporary sibling folder and swaps it in at the end (``replacing``,
the one routine every command that replaces a folder whole uses), so a failure midway leaves
the last good output in place and never a half-written one.

Where a user names the place (``--out``, ``--root``), a command writes only its own files:
it never deletes or replaces a folder that holds anything it did not write. A folder is
replaced whole only when it is absent, empty, or holds nothing but files of the names the
command writes; anything else is refused with ``UnsafeOutputError`` before a byte is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class UnsafeOutputError(Exception):
    """Writing there would delete or replace something the command did not make."""


def _describe(path: Path) -> str:
    return "a symbolic link" if path.is_symlink() else "a file" if path.exists() else "missing"


def check_output_folder(folder: Path) -> None:
    """Refuse a folder path that is a file, a symbolic link or a dangling link.

    A link is refused rather than followed: whatever it points at is not the command's own.
    """
    if folder.is_symlink():
        raise UnsafeOutputError(f"{folder} is a symbolic link; name a real folder to write into")
    if folder.exists() and not folder.is_dir():
        raise UnsafeOutputError(f"{folder} is {_describe(folder)}, not a folder; nothing was written")
    for parent in folder.parents:  # the nearest existing ancestor must be a folder too
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise UnsafeOutputError(f"{parent} is {_describe(parent)}, not a folder; nothing was written")
            break


def _check_targets(folder: Path, rels: list[str]) -> None:
    """Each target is a path inside ``folder`` whose own place is not a folder or a link."""
    for rel in rels:
        parts = Path(rel).parts
        if Path(rel).is_absolute() or ".." in parts or not parts:
            raise UnsafeOutputError(f"{rel!r} is not a path inside {folder}")
        target = folder
        for part in parts:
            target = target / part
            if target.is_symlink():
                raise UnsafeOutputError(f"{target} is a symbolic link; nothing was written")
        if target.is_dir():
            raise UnsafeOutputError(f"{target} is a folder; nothing was written over it")
        for parent in target.parents:
            if parent == folder:
                break
            if parent.exists() and not parent.is_dir():
                raise UnsafeOutputError(f"{parent} is {_describe(parent)}, not a folder; nothing was written")


def _foreign_entries(folder: Path, files: Mapping[str, str | bytes], limit: int = 6) -> list[str]:
    """Up to ``limit`` things in ``folder`` that are not ``files`` (as regular files): what a swap would lose.

    Stops at the limit, so naming a large folder (the course, a home) costs no full walk.
    """
    ours = set(files)
    folders_of_ours = {parent.as_posix() for rel in files for parent in Path(rel).parents if parent != Path(".")}
    foreign: list[str] = []
    for top, dirs, names in os.walk(folder):
        base = Path(top)
        for name in sorted(dirs) + sorted(names):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            kept = rel in folders_of_ours if name in dirs else rel in ours
            if path.is_symlink() or not kept or not (path.is_dir() or path.is_file()):
                foreign.append(rel)
                if len(foreign) >= limit:
                    return foreign
        dirs[:] = [d for d in dirs if (base / d).relative_to(folder).as_posix() in folders_of_ours]
    return foreign


def check_replaceable(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Raise ``UnsafeOutputError`` unless replacing ``folder`` with ``files`` loses nothing but old copies."""
    check_output_folder(folder)
    if not folder.exists():
        return
    foreign = _foreign_entries(folder, files)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" and more" if len(foreign) > 5 else "")
        raise UnsafeOutputError(
            f"{folder} holds files this command did not write ({shown}); it is left as it is. "
            "Name an empty or new folder."
        )


def _umask() -> int:
    """The process's umask (read by setting and restoring it: there is no other way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def usual_mode(path: Path, base: int) -> None:
    """Temp files and folders are private (0600/0700); what we publish gets the usual modes,
    so a web server, a second user or nbgrader's exchange can read it."""
    path.chmod(base & ~_umask())


def write_file(path: Path, content: str | bytes) -> None:
    """Write one file atomically (temp file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        usual_mode(Path(tmp), 0o666)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (relative path -> content) into ``folder``, each atomically; touch nothing else.

    Every target is checked before the first write, so a refusal writes nothing.
    """
    check_output_folder(folder)
    _check_targets(folder, list(files))
    written = []
    for rel, content in sorted(files.items()):
        write_file(folder / rel, content)
        written.append(folder / rel)
    return written


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace ``folder`` with exactly ``files`` (relative path -> content), all or nothing.

    Refused (``UnsafeOutputError``) when ``folder`` holds anything but earlier copies of ``files``.
    """
    check_replaceable(folder, files)
    _check_targets(folder, list(files))
    with replacing(folder) as staging:
        for rel, content in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


# ---------------------------------------------------------------- replacing a folder whole
#
# Every folder the course publishes whole (a report, the built site, a trainee's autograded
# folder) is built in a staging folder beside it and swapped in with two renames: the folder
# to its "old" name, the staging folder to the folder's name. A reader sees the old folder or
# the new one. A failure before the swap leaves the folder as it was; a failure of the second
# rename puts the old folder back; a process killed between the two renames leaves the old
# folder whole under its "old" name, where ``recover`` puts it back.

OLD_SUFFIX = ".old"


def staging_prefix(folder: Path) -> str:
    """The name every staging folder of ``folder`` starts with: ``.<name>.new.``"""
    return f".{folder.name}.new."


def staging_beside(folder: Path, prefix: str | None = None) -> Path:
    """A new, empty folder beside ``folder`` (same file system: the swap is a rename) to build its next version in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=prefix or staging_prefix(folder)))
    usual_mode(staging, 0o777)
    return staging


def swap_in(staging: Path, folder: Path, old: Path | None = None) -> None:
    """Put ``staging`` in ``folder``'s place and remove the folder it replaces.

    ``old`` is where the replaced folder waits between the two renames (by default the
    staging folder's name with ``.old``, so it is unique). If the second rename fails, the
    old folder is put back and the error raised; ``staging`` is then the caller's to remove.
    """
    old = old or staging.with_name(staging.name + OLD_SUFFIX)
    if os.path.lexists(old):  # a killed run's; the new version replaces it
        _remove(old)
    moved = False
    if os.path.lexists(folder):
        folder.rename(old)
        moved = True
    try:
        staging.rename(folder)
    except BaseException:
        if moved:
            old.rename(folder)
        raise
    if moved:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def replacing(folder: Path, prefix: str | None = None) -> Iterator[Path]:
    """Build the next version of ``folder`` in the staging folder this yields; swapped in when the block ends.

    What an earlier, killed swap left beside ``folder`` is cleaned first (``recover``). If the
    block raises, the staging folder is removed and ``folder`` is left as it was.
    """
    recover(folder, prefix=prefix)
    staging = staging_beside(folder, prefix)
    try:
        yield staging
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@dataclass(frozen=True)
class Leftovers:
    """What ``recover`` found beside a folder: staging folders removed, an old folder put back."""

    removed: tuple[Path, ...] = ()
    restored: Path | None = None  # the old folder's name before it was put back in place


def recover(folder: Path, prefix: str | None = None, old: str | None = None) -> Leftovers:
    """Clean what a killed swap of ``folder`` left beside it; put the old folder back if ``folder`` is gone.

    Leftovers are the folders (never links) whose names start with the staging ``prefix``
    (staging folders and their default old names) or equal ``old`` (a fixed old name). When
    ``folder`` is missing, the most recent old folder is the last whole version: it is renamed
    back rather than removed.
    """
    prefix = prefix or staging_prefix(folder)
    try:
        entries = list(os.scandir(folder.parent))
    except (FileNotFoundError, NotADirectoryError):
        return Leftovers()
    found = sorted(
        Path(entry.path)
        for entry in entries
        if entry.is_dir(follow_symlinks=False) and (entry.name.startswith(prefix) or entry.name == old)
    )
    restored = None
    olds = [path for path in found if path.name == old or path.name.endswith(OLD_SUFFIX)]
    if olds and not os.path.lexists(folder):
        restored = max(olds, key=lambda path: path.stat().st_mtime)
        restored.rename(folder)
        found.remove(restored)
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return Leftovers(tuple(found), restored)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def sync_tree(folder: Path, files: Mapping[str, str]) -> list[str]:
    """Make ``folder`` hold exactly ``files``, rewriting only what changed.

    Unchanged files keep their modification time, so Sphinx's incremental build skips
    them. Returns the paths written or removed. Only for folders that are generated by
    definition (``_generated/``), never for a folder a user names; a link is refused.
    """
    check_output_folder(folder)
    changed: list[str] = []
    for rel, content in sorted(files.items()):
        target = folder / rel
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        write_file(target, content)
        changed.append(rel)
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
