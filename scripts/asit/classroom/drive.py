"""Drive a classroom as its people do: trainees through the hub and their own servers (start,
fetch, answer, submit), instructors in a terminal (release, collect, ``asit grade``).

Shared by the load-and-faults test and ``asit bench classroom``. Trainees are driven a few at
a time (``workers``), as a class arriving together, without swamping a small machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..widgets.answers import FILE_NAME, dumps
from .asuser import as_user, users_bin
from .client import Hub, RequestError, UserServer
from .layout import Layout
from .postgres import gradebook_url
from .state import ClassroomState, load_state


@dataclass
class TraineeResult:
    user: str
    start_seconds: float = 0.0
    fetch_seconds: float = 0.0
    submit_seconds: float = 0.0
    error: str = ""


@dataclass
class Classroom:
    """A running classroom, seen from outside: its folders, its settings and its hub."""

    layout: Layout
    state: ClassroomState
    hub: Hub
    bin_dir: Path
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, data: Path) -> Classroom:
        layout = Layout(data.resolve())
        state = load_state(layout.state_file)
        if state is None:
            raise RequestError(f"no classroom in {layout.data}: run asit classroom up --data {data}")
        return cls(layout, state, Hub.of(layout, state), users_bin(layout))

    def server(self, user: str) -> UserServer:
        if user not in self.tokens:
            # Made through the proxy, like any click: retried while a stopped proxy is restarted.
            self.tokens[user] = retrying(lambda: self.hub.new_token(user), f"a token for {user}", attempts=15)
        return UserServer.of(self.hub, user, self.tokens[user])

    def gradebook_url(self) -> str:
        return gradebook_url(self.layout, self.state.pg_port)

    def instructor(self, user: str, argv: list[str]) -> Any:
        """A command in the instructors' course folder, as ``user``; raises with its output if it fails."""
        done = as_user(
            self.layout, self.bin_dir, user, argv, cwd=self.layout.course / "assessments", instructor_env=True
        )
        if done.returncode != 0:
            raise RequestError(
                f"{' '.join(argv)} as {user} failed ({done.returncode}):\n{done.stdout[-1500:]}\n{done.stderr[-2500:]}"
            )
        return done


def key_answers_text(course_root: Path, assignment: str) -> str:
    """An answers file with the key's answers: what a trainee who knows the material writes."""
    from ..loader import load_or_raise
    from ..nbgrader.selfcheck import key_answer

    course = load_or_raise(course_root)
    for folder in course.modules:
        if folder.assessment is not None and folder.assessment.assessment.id == assignment:
            questions = folder.assessment.assessment.questions
            return dumps(assignment, {q.id: key_answer(q) for q in questions})
    raise RequestError(f"no assessment {assignment} in {course_root}")


def retrying(step: Callable[[], Any], what: str, attempts: int = 5, pause: float = 2.0) -> Any:
    """A trainee's click, clicked again when the hub or the proxy did not answer or had no route
    yet (they restart, then the hub gives the proxy its routes again)."""
    for attempt in range(1, attempts + 1):
        try:
            return step()
        except RequestError as exc:
            if attempt == attempts or not (exc.status in (0, 502, 503, 599) or exc.no_route):
                raise RequestError(f"{what}: {exc} (after {attempt} attempt(s))", exc.status, exc.no_route) from exc
            time.sleep(pause)
    raise AssertionError("unreachable")


def start_server(room: Classroom, user: str) -> float:
    start = time.perf_counter()
    retrying(lambda: room.hub.start_server(user), f"start the server of {user}")
    room.hub.wait_ready(user)
    return time.perf_counter() - start


def fetch_answer_submit(room: Classroom, user: str, assignment: str, answers: str) -> TraineeResult:
    result = TraineeResult(user)
    try:
        server = room.server(user)
        course = room.state.course_id
        start = time.perf_counter()
        retrying(lambda: server.fetch(course, assignment), f"{user} fetch")
        result.fetch_seconds = time.perf_counter() - start
        retrying(lambda: server.write_text(f"{assignment}/{FILE_NAME}", answers), f"{user} answers")
        start = time.perf_counter()
        retrying(lambda: server.submit(course, assignment), f"{user} submit")
        result.submit_seconds = time.perf_counter() - start
    except RequestError as exc:
        result.error = str(exc)
    return result


def run_many(users: list[str], job: Callable[[str], Any], workers: int) -> list[Any]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(job, users))


def start_all(room: Classroom, users: list[str], workers: int) -> list[TraineeResult]:
    def one(user: str) -> TraineeResult:
        try:
            return TraineeResult(user, start_seconds=start_server(room, user))
        except RequestError as exc:
            return TraineeResult(user, error=str(exc))

    return run_many(users, one, workers)


def fetch_answer_submit_all(
    room: Classroom, users: list[str], assignment: str, answers: str, workers: int
) -> list[TraineeResult]:
    return run_many(users, lambda u: fetch_answer_submit(room, u, assignment, answers), workers)


def graded_in_gradebook(db_url: str, course_id: str, assignment: str) -> dict[str, int]:
    """Per student, how many graded submissions of ``assignment`` the gradebook holds."""
    from nbgrader.api import Gradebook

    counts: dict[str, int] = {}
    with Gradebook(db_url, course_id) as gb:
        for submission in gb.assignment_submissions(assignment):
            counts[submission.student_id] = counts.get(submission.student_id, 0) + 1
    return counts
