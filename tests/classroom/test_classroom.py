"""The trial classroom, for real: a hub, 30 trainees and 2 instructors as local accounts,
a shared exchange and a PostgreSQL gradebook; load, faults, isolation, stop and start again."""

from __future__ import annotations

import functools
import grp
import os
import signal
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from asit.classroom import postgres
from asit.classroom.asuser import as_user
from asit.classroom.client import RequestError
from asit.classroom.drive import (
    Classroom,
    fetch_answer_submit_all,
    graded_in_gradebook,
    key_answers_text,
    retrying,
    start_all,
)
from asit.classroom.layout import INSTRUCTORS_GROUP, TRAINEES_GROUP
from asit.classroom.lifecycle import HUB_EXPECT, PROXY_EXPECT, SERVER_EXPECT
from asit.classroom.processes import alive, listening, read_pid, recorded_alive
from asit.widgets.answers import FILE_NAME

from .conftest import ASSIGNMENT, INSTRUCTORS, REPO, TRAINEES, asit

pytestmark = pytest.mark.slow
WORKERS = 6  # requests at once: a class arriving together, on a small shared machine


def server_pids(room: Classroom) -> dict[str, int]:
    return {p.stem: read_pid(p) or 0 for p in room.layout.server_pids.glob("*.pid")}


def test_up_starts_every_part_on_loopback(classroom: Classroom) -> None:
    room, layout = classroom, classroom.layout
    assert len(room.state.trainees) == TRAINEES and len(room.state.instructors) == INSTRUCTORS
    assert recorded_alive(layout.pid_file("hub"), HUB_EXPECT)
    assert recorded_alive(layout.pid_file("proxy"), PROXY_EXPECT)
    assert postgres.running_pid(layout)
    for port in (room.state.hub_port, room.state.hub_api_port, room.state.proxy_api_port, room.state.pg_port):
        assert listening(port)
    groups = {g: set(grp.getgrnam(g).gr_mem) for g in (TRAINEES_GROUP, INSTRUCTORS_GROUP)}
    assert groups[TRAINEES_GROUP] == set(room.state.trainees)
    assert groups[INSTRUCTORS_GROUP] == set(room.state.instructors)
    mode = layout.exchange.stat().st_mode
    assert stat.S_IMODE(mode) == 0o1777  # nbgrader's shared exchange: all write, owners delete
    assert stat.S_IMODE(layout.course.stat().st_mode) & 0o007 == 0  # nothing for other users
    password = layout.password_file.read_text().strip()
    assert room.hub.sign_in(room.state.trainees[0], password)
    assert not room.hub.sign_in(room.state.trainees[0], password + "x")
    # Every trainee's Jupyter knows the exchange and the course, and hides the instructors' tools.
    config = (layout.home(room.state.trainees[0]) / ".jupyter" / "nbgrader_config.json").read_text()
    assert str(layout.exchange) in config and room.state.course_id in config


def test_thirty_trainees_at_once_with_faults_nothing_lost(classroom: Classroom) -> None:
    room, layout = classroom, classroom.layout
    course, trainees = room.state.course_id, room.state.trainees
    lead, second = room.state.instructors
    # The instructor records the assignment in the PostgreSQL gradebook and releases it.
    room.instructor(lead, ["nbgrader", "generate_assignment", ASSIGNMENT, "--force"])
    room.instructor(lead, ["nbgrader", "release_assignment", ASSIGNMENT, "--force"])

    started = start_all(room, trainees, WORKERS)
    assert [r.error for r in started if r.error] == []

    # Fault: the proxy stops. The hub starts it again and restores every route; clicks are retried.
    old_proxy = read_pid(layout.pid_file("proxy"))
    assert old_proxy and alive(old_proxy, PROXY_EXPECT)
    os.kill(old_proxy, signal.SIGKILL)
    answers = key_answers_text(REPO, ASSIGNMENT)
    half = trainees[: TRAINEES // 2]
    fetched = [room.server(u) for u in half]  # tokens made through the hub's API, as admin
    for server in fetched:
        retrying(functools.partial(server.fetch, course, ASSIGNMENT), "fetch after the proxy stopped", attempts=15)
    assert read_pid(layout.pid_file("proxy")) != old_proxy

    # Fault: the hub restarts. The trainees' servers keep running; `up` brings the hub back.
    before = server_pids(room)
    hub_pid = read_pid(layout.pid_file("hub"))
    assert hub_pid
    os.kill(hub_pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while alive(hub_pid, HUB_EXPECT) and time.monotonic() < deadline:
        time.sleep(0.2)
    done = asit("classroom", "up", "--data", str(layout.data))
    assert done.returncode == 0, done.stderr
    assert "started: JupyterHub" in done.stdout
    assert server_pids(room) == before and all(alive(p, SERVER_EXPECT) for p in before.values())

    # Fault: one trainee's server dies while it submits. The trainee is told, the server is
    # started again and the trainee submits again; the fetched work is still in the home.
    victim = trainees[4]
    room.server(victim).fetch(course, ASSIGNMENT)
    room.server(victim).write_text(f"{ASSIGNMENT}/{FILE_NAME}", answers)
    with ThreadPoolExecutor(max_workers=1) as pool:
        attempt = pool.submit(room.server(victim).submit, course, ASSIGNMENT)
        time.sleep(0.05)
        os.kill(before[victim], signal.SIGKILL)
        try:
            attempt.result()
        except RequestError as exc:
            assert "submit" in str(exc)
    with pytest.raises(RequestError):  # the dead server answers no click
        room.server(victim).assignments(course)
    room.hub.wait_stopped(victim)
    room.hub.start_server(victim)
    room.hub.wait_ready(victim)
    assert room.server(victim).read_text(f"{ASSIGNMENT}/{FILE_NAME}") == answers

    results = fetch_answer_submit_all(room, trainees, ASSIGNMENT, answers, WORKERS)
    assert [r.error for r in results if r.error] == []

    room.instructor(second, ["nbgrader", "collect", ASSIGNMENT])  # another instructor collects
    collected = sorted(p.name for p in (layout.course / "assessments" / "submitted").iterdir())
    assert collected == sorted(trainees)

    # Fault: PostgreSQL restarts between collect and grade. Grading while it is down fails and
    # says so; after `up` starts it again, grading finds everything.
    postgres.stop(layout)
    down = as_user(
        layout,
        room.bin_dir,
        lead,
        ["asit", "--root", str(layout.course), "grade", ASSIGNMENT, "--no-feedback"],
        cwd=layout.course / "assessments",
        instructor_env=True,
    )
    assert down.returncode != 0
    assert "Connection refused" in down.stdout + down.stderr or "connection" in (down.stdout + down.stderr).lower()
    done = asit("classroom", "up", "--data", str(layout.data))
    assert done.returncode == 0 and "started: PostgreSQL" in done.stdout, done.stdout + done.stderr
    room.instructor(lead, ["asit", "--root", str(layout.course), "grade", ASSIGNMENT, "--no-feedback"])

    graded = graded_in_gradebook(room.gradebook_url(), course, ASSIGNMENT)
    assert graded == dict.fromkeys(trainees, 1)  # every submission graded, each once
    scores = scores_of(room, ASSIGNMENT)
    assert set(scores) == set(trainees) and len(set(scores.values())) == 1 and min(scores.values()) > 0


def scores_of(room: Classroom, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(room.gradebook_url(), room.state.course_id) as gb:
        return {s.student_id: float(s.score) for s in gb.assignment_submissions(assignment)}


def trainee_cannot(room: Classroom, user: str, argv: list[str]) -> str:
    done = as_user(room.layout, room.bin_dir, user, argv)
    assert done.returncode != 0, f"{user} could: {' '.join(argv)}\n{done.stdout}"
    return done.stderr


def test_a_trainee_reads_no_one_elses_work_no_keys_no_gradebook(classroom: Classroom) -> None:
    room, layout = classroom, classroom.layout
    trainee, other = room.state.trainees[1], room.state.trainees[0]
    inbound = layout.exchange / room.state.course_id / "inbound"
    assert any(inbound.iterdir())  # submissions are there (the previous test made them)
    trainee_cannot(room, trainee, ["ls", str(inbound)])  # nbgrader's inbound: write-only for trainees
    trainee_cannot(room, trainee, ["ls", str(layout.home(other))])
    trainee_cannot(room, trainee, ["cat", str(layout.home(other) / ASSIGNMENT / FILE_NAME)])
    trainee_cannot(room, trainee, ["ls", str(layout.course / "assessments" / "source")])
    trainee_cannot(
        room, trainee, ["cat", str(layout.course / "assessments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")]
    )
    trainee_cannot(room, trainee, ["cat", str(layout.instructors_env)])
    trainee_cannot(room, trainee, ["cat", str(postgres.grader_password_file(layout))])
    trainee_cannot(room, trainee, ["cat", str(layout.service_token_file)])
    # Without the password the gradebook refuses the trainee; its socket folder is closed to them.
    error = trainee_cannot(
        room,
        trainee,
        [
            "python",
            "-c",
            "import psycopg2; psycopg2.connect(host='127.0.0.1', port="
            f"{room.state.pg_port}, user='asit_grader', dbname='asit')",
        ],
    )
    assert "password" in error
    trainee_cannot(room, trainee, ["ls", str(layout.pg_socket_dir)])
    # Lab: the trainee's own server has no formgrader; an instructor's has.
    with pytest.raises(RequestError) as missing:
        room.server(trainee).call("/formgrader")
    assert missing.value.status == 404
    instructor = room.state.instructors[0]
    room.hub.start_server(instructor)
    room.hub.wait_ready(instructor)
    page = room.server(instructor).call("/formgrader/api/assignments")
    assert any(a["name"] == ASSIGNMENT for a in page)


def test_an_instructor_reaches_what_the_instructors_page_describes(classroom: Classroom) -> None:
    room, layout = classroom, classroom.layout
    instructor = room.state.instructors[1]
    listed = as_user(layout, room.bin_dir, instructor, ["ls", str(layout.exchange / room.state.course_id / "inbound")])
    assert listed.returncode == 0 and room.state.trainees[0] in listed.stdout
    students = room.instructor(instructor, ["nbgrader", "db", "student", "list"])  # the PostgreSQL gradebook
    assert all(t in students.stdout for t in room.state.trainees)
    exported = room.instructor(instructor, ["nbgrader", "export", "--to", "classroom-grades.csv"])
    assert exported.returncode == 0
    assert (layout.course / "assessments" / "classroom-grades.csv").read_text().count(ASSIGNMENT) == TRAINEES


def test_down_stops_everything_and_up_keeps_the_data(classroom: Classroom) -> None:
    room, layout = classroom, classroom.layout
    pids = [read_pid(layout.pid_file("hub")), read_pid(layout.pid_file("proxy")), postgres.running_pid(layout)]
    pids += list(server_pids(room).values())
    done = asit("classroom", "down", "--data", str(layout.data))
    assert done.returncode == 0, done.stderr
    assert not any(p and Path(f"/proc/{p}").exists() and alive(p, "") for p in pids)
    assert not listening(room.state.hub_port) and not listening(room.state.pg_port)
    done = asit("classroom", "up", "--data", str(layout.data))
    assert done.returncode == 0, done.stdout + done.stderr
    graded = graded_in_gradebook(room.gradebook_url(), room.state.course_id, ASSIGNMENT)
    assert graded == dict.fromkeys(room.state.trainees, 1)
    assert (layout.home(room.state.trainees[0]) / ASSIGNMENT / FILE_NAME).exists()
