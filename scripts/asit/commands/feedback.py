"""``asit feedback ASSIGNMENT [--release]``: every trainee's feedback page, made again from the gradebook.

Run it after grading text answers in formgrader, and whenever a grade or comment changed:
it always writes every page again (never "skipping existing"), so the page a trainee
fetches has the manual points and comments the gradebook holds at that moment. With
``--release`` it then hands the pages to nbgrader's exchange (``nbgrader release_feedback``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..loader import load_or_raise


def register(sub: Any) -> None:
    feedback = sub.add_parser(
        "feedback",
        help="write every feedback page again from the gradebook (after manual grading); --release returns them",
        description="Write feedback/<student>/ASSIGNMENT/<notebook>.html for every graded submission, from the "
        "gradebook as it is now (manual grades and comments included), in the folders nbgrader release_feedback "
        "reads. Trainees' text answers are shown as text.",
    )
    feedback.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment name, e.g. 01-slovakia")
    feedback.add_argument(
        "--student", action="append", metavar="ID", help="only this trainee (repeat for more; default: every one)"
    )
    feedback.add_argument(
        "--release", action="store_true", help="then release the pages to the trainees (nbgrader release_feedback)"
    )
    feedback.set_defaults(handler=run_feedback)


def run_feedback(args: argparse.Namespace) -> int:
    from ..feedback.run import FeedbackError, write_feedback
    from ..nbgrader.pipeline import api_for
    from ..nbgrader.progress import Progress
    from .grading import course_dir_of

    course = load_or_raise(args.root)
    course_dir = course_dir_of(course)
    assignment = args.assignment
    if not (course_dir / "gradebook.db").is_file() and not (course_dir / "nbgrader_config.py").is_file():
        print(f"error: no nbgrader course in {course_dir}; run: asit assign, then asit grade", file=sys.stderr)
        return 2
    api = api_for(course_dir)
    progress = Progress(len(args.student) if args.student else 0, "feedback ")
    try:
        if not args.student:
            progress.total = _count_submissions(api, assignment)
        run = write_feedback(api, assignment, args.student, lambda s, e: progress.step(s, e or "ok", always=bool(e)))
    except FeedbackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        progress.finish()
    folder = f"{api.coursedir.format_path(api.coursedir.feedback_directory, '<student>', assignment)}/"
    print(
        f"{assignment}: {len(run.written)} feedback pages written from the gradebook in {run.seconds:.1f} s -> {folder}"
    )
    for student, reason in sorted(run.failed.items()):
        print(f"  feedback failed: {student}: {reason}")
    if not run.written:
        print("no trainee's page was written (grade the submissions first: asit grade)", file=sys.stderr)
        return 1
    if args.release:
        released = _release(api, assignment, run.written, everyone=not run.failed and not args.student)
        if not released:
            return 1
        print(f"released to {len(run.written)} trainees: they get it with nbgrader fetch_feedback (Assignment List)")
    else:
        print(f"return the pages with: asit feedback {assignment} --release")
    return 1 if run.failed else 0


def _count_submissions(api: Any, assignment: str) -> int:
    from nbgrader.api import Gradebook, MissingEntry

    from ..feedback.run import FeedbackError

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        try:
            return len(gb.assignment_submissions(assignment))
        except MissingEntry as exc:
            raise FeedbackError(f"the gradebook has no assignment {assignment!r} (run: asit assign)") from exc


def _release(api: Any, assignment: str, students: list[str], everyone: bool) -> bool:
    """nbgrader's release_feedback: the whole assignment at once, or only the pages written now."""
    for student in [None] if everyone else students:
        result = api.release_feedback(assignment, student)
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or "unknown error").strip()
            print(f"error: nbgrader release_feedback failed:\n{detail}", file=sys.stderr)
            return False
    return True
