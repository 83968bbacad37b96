"""The only code that writes generated files: whole trees, atomically, or nothing.

A build writes into a temporary sibling folder and swaps it in at the end, so a failure
midway leaves the last good output in place and never a half-written one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


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


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace ``folder`` with exactly ``files`` (relative path -> content), all or nothing."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new."))
    usual_mode(staging, 0o777)
    try:
        for rel, content in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        old = folder.parent / f".{folder.name}.old"
        if old.exists():
            shutil.rmtree(old)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def sync_tree(folder: Path, files: Mapping[str, str]) -> list[str]:
    """Make ``folder`` hold exactly ``files``, rewriting only what changed.

    Unchanged files keep their modification time, so Sphinx's incremental build skips
    them. Returns the paths written or removed.
    """
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
