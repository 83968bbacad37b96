"""The classroom's PostgreSQL gradebook: a cluster of its own under the data folder.

Initialised with ``initdb`` and run with ``pg_ctl`` as the unprivileged account
``asit-db``, listening on 127.0.0.1 only, password (SCRAM) authentication for every
connection. The database's role password is kept where only root and the instructors'
group can read it, so a trainee cannot open the gradebook.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from .accounts import chown_tree, ensure_system_user
from .layout import DATABASE, DB_OWNER, DB_ROLE, Layout
from .processes import LOOPBACK, alive, read_pid

POSTGRES_EXPECT = "postgres"


class GradebookError(Exception):
    """The PostgreSQL gradebook could not be set up or started; the message says what to do."""


def pg_bin(program: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version / program).exists():
            return str(version / program)
    raise GradebookError(f"{program} not found: install Debian's 'postgresql' package (scripts/setup.sh does, as root)")


def _as_owner(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", DB_OWNER, "--", *command],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )


def superuser_password_file(layout: Layout) -> Path:
    return layout.gradebook / "superuser-password"


def grader_password_file(layout: Layout) -> Path:
    return layout.gradebook / "grader-password"


def gradebook_url(layout: Layout, port: int) -> str:
    password = grader_password_file(layout).read_text(encoding="utf-8").strip()
    return f"postgresql+psycopg2://{DB_ROLE}:{password}@{LOOPBACK}:{port}/{DATABASE}"


def ensure_cluster(layout: Layout) -> bool:
    """Create the cluster once; True when it was created now."""
    layout.gradebook.mkdir(parents=True, exist_ok=True)
    layout.gradebook.chmod(0o711)
    ensure_system_user(DB_OWNER, layout.gradebook)
    if (layout.pgdata / "PG_VERSION").exists():
        return False
    for path in (superuser_password_file(layout), grader_password_file(layout)):
        if not path.exists():
            path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
            path.chmod(0o600)
    layout.pgdata.mkdir(parents=True, exist_ok=True)
    layout.pg_socket_dir.mkdir(parents=True, exist_ok=True)
    chown_tree(layout.pgdata, DB_OWNER)
    chown_tree(layout.pg_socket_dir, DB_OWNER)
    layout.pgdata.chmod(0o700)
    layout.pg_socket_dir.chmod(0o700)
    pwfile = layout.gradebook / "initdb-password"  # readable by asit-db only, removed at once
    shutil.copyfile(superuser_password_file(layout), pwfile)
    owner = pwd.getpwnam(DB_OWNER)
    os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    pwfile.chmod(0o600)
    try:
        done = _as_owner(
            [
                pg_bin("initdb"),
                "-D",
                str(layout.pgdata),
                "-U",
                "postgres",
                "--pwfile",
                str(pwfile),
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
    finally:
        pwfile.unlink(missing_ok=True)
    if done.returncode != 0:
        raise GradebookError(f"initdb failed in {layout.pgdata}: {done.stderr.strip()}")
    return True


def running_pid(layout: Layout) -> int | None:
    pid = read_pid(layout.pgdata / "postmaster.pid")
    return pid if pid is not None and alive(pid, POSTGRES_EXPECT) else None


def start(layout: Layout, port: int) -> int:
    """Start the cluster on 127.0.0.1:port (no-op when it runs); its postmaster's pid."""
    pid = running_pid(layout)
    if pid is not None:
        return pid
    log_dir = layout.gradebook / "log"  # asit-db writes its log here
    log_dir.mkdir(exist_ok=True)
    owner = pwd.getpwnam(DB_OWNER)
    os.chown(log_dir, owner.pw_uid, owner.pw_gid)
    log_dir.chmod(0o700)
    log = log_dir / "postgres.log"
    options = f"-p {port} -k {layout.pg_socket_dir} -c listen_addresses={LOOPBACK}"
    done = _as_owner(
        [pg_bin("pg_ctl"), "-D", str(layout.pgdata), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]
    )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-800:] if log.exists() else ""
        raise GradebookError(f"PostgreSQL did not start on port {port}: {done.stderr.strip()} {tail}".strip())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = running_pid(layout)
        if pid is not None:
            return pid
        time.sleep(0.2)
    raise GradebookError(f"PostgreSQL started but wrote no pid in {layout.pgdata}")


def stop(layout: Layout) -> bool:
    if running_pid(layout) is None:
        return False
    done = _as_owner([pg_bin("pg_ctl"), "-D", str(layout.pgdata), "-m", "fast", "-w", "stop"])
    if done.returncode != 0:
        raise GradebookError(f"pg_ctl stop failed: {done.stderr.strip()}")
    return True


def ensure_database(layout: Layout, port: int) -> None:
    """The course's database and the role instructors use (idempotent)."""
    import psycopg2
    from psycopg2 import sql

    superuser = superuser_password_file(layout).read_text(encoding="utf-8").strip()
    grader = grader_password_file(layout).read_text(encoding="utf-8").strip()
    connection = psycopg2.connect(host=LOOPBACK, port=port, user="postgres", password=superuser, dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (DB_ROLE,))
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(DB_ROLE)), (grader,))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(DATABASE), sql.Identifier(DB_ROLE))
                )
    finally:
        connection.close()
