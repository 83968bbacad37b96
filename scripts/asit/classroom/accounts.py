"""The classroom's local accounts and groups: real users, so the exchange's permissions are
the ones a production hub has. Only ``groupadd``/``useradd``/``userdel`` touch the system."""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from pathlib import Path


class AccountError(Exception):
    """An account could not be made or removed; the message says which and why."""


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AccountError(f"{' '.join(command)} failed: {done.stderr.strip() or done.returncode}")


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_group(name: str) -> None:
    if not group_exists(name):
        _run(["groupadd", "--system", name])


def ensure_system_user(name: str, home: Path) -> None:
    """An account that runs a service (the gradebook's database): no shell, no login."""
    if not user_exists(name):
        _run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--home-dir",
                str(home),
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                name,
            ]
        )


def ensure_user(name: str, group: str, home: Path) -> None:
    """A person's account in ``group`` with a private home under the classroom's folder."""
    if not user_exists(name):
        _run(["useradd", "--user-group", "--groups", group, "--home-dir", str(home), "--shell", "/bin/bash", name])
    elif group not in groups_of(name):
        _run(["usermod", "--append", "--groups", group, name])
    entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)  # another trainee cannot read what this one fetched or answered


def groups_of(user: str) -> set[str]:
    return {g.gr_name for g in grp.getgrall() if user in g.gr_mem}


def members(group: str) -> list[str]:
    try:
        return sorted(grp.getgrnam(group).gr_mem)
    except KeyError:
        return []


def chown_tree(path: Path, user: str, group: str | None = None) -> None:
    entry = pwd.getpwnam(user)
    gid = grp.getgrnam(group).gr_gid if group else entry.pw_gid
    for folder, dirs, files in os.walk(path):
        os.chown(folder, entry.pw_uid, gid)
        for name in dirs + files:
            os.chown(os.path.join(folder, name), entry.pw_uid, gid, follow_symlinks=False)


def remove_user(name: str) -> None:
    """Delete an account (its home lives in the classroom's folder and is left to the caller)."""
    if user_exists(name):
        _run(["userdel", name])
    if group_exists(name):  # the user's own group, when userdel left it
        _run(["groupdel", name])


def remove_group(name: str) -> None:
    if group_exists(name):
        _run(["groupdel", name])
