"""``asit assign`` and ``asit grade``: graded assessments through nbgrader.

``assign`` turns each ``assessments/NN-slug.yml`` into an nbgrader source notebook, checks
that its key scores full marks and wrong answers score zero through real nbgrader (in a
temporary course), and only then writes it and runs ``nbgrader generate_assignment``.
``grade`` autogrades every collected submission, writes feedback and exports the CSV.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..loader import Course, ModuleFolder, load_or_raise
from ..write import write_file

# nbgrader (and what it pulls in) is imported by the two handlers only: importing it here
# would add most of a second to every other ``asit`` command.


def register(sub: Any) -> None:
    assign = sub.add_parser(
        "assign", help="build the graded assessments' nbgrader notebooks (self-checked) and release copies"
    )
    assign.add_argument("modules", nargs="*", metavar="MODULE", help="module folders or ids (default: all)")
    assign.set_defaults(handler=run_assign)
    grade = sub.add_parser("grade", help="autograde every collected submission, write feedback and export grades")
    grade.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment name, e.g. 01-slovakia")
    grade.add_argument(
        "--no-feedback",
        dest="feedback",
        action="store_false",
        help="grade and export only; write feedback later with: asit feedback ASSIGNMENT",
    )
    grade.set_defaults(handler=run_grade)


def course_dir_of(course: Course) -> Path:
    return course.root / course.settings.nbgrader_course_dir


def _selected(course: Course, names: list[str]) -> list[ModuleFolder] | None:
    folders = [f for f in course.modules if f.assessment is not None]
    if not names:
        return folders
    known = {f.name: f for f in folders} | {f.module.id: f for f in folders}
    unknown = [n for n in names if n not in known]
    if unknown:
        choices = ", ".join(f.name for f in folders) or "none"
        print(f"error: no assessment for {', '.join(unknown)} (modules with one: {choices})", file=sys.stderr)
        return None
    return sorted({known[n].name: known[n] for n in names}.values(), key=lambda f: f.name)


def run_assign(args: argparse.Namespace) -> int:
    from ..nbgrader.config import CONFIG_FILE_TEXT
    from ..nbgrader.pipeline import CONFIG_FILE, NbgraderError, api_for, generate
    from ..nbgrader.selfcheck_run import check_all
    from ..nbgrader.source import render_sources, source_path

    course = load_or_raise(args.root)
    folders = _selected(course, args.modules)
    if folders is None:
        return 2
    course_dir = course_dir_of(course)
    files = render_sources(course, [f.name for f in folders])
    failed = []
    with tempfile.TemporaryDirectory(prefix="asit-assign-") as tmp:
        drafts = []
        for folder in folders:
            assert folder.assessment is not None
            assessment = folder.assessment.assessment
            draft = Path(tmp) / f"{assessment.id}.ipynb"
            draft.write_text(files[source_path(assessment.id)], encoding="utf-8")
            drafts.append((draft, assessment))
        for checked in check_all(drafts, course.settings.course_id):
            if checked.problem is not None:
                print(f"error: {checked.problem}", file=sys.stderr)
                failed.append(checked.assessment)
            else:
                passed = "self-check passed (key: full marks, wrong answers: 0)"
                print(f"{checked.assessment}: {passed} in {checked.seconds:.1f} s")
    if failed:
        print(f"nothing was written: {', '.join(failed)} did not pass the self-check.", file=sys.stderr)
        return 1
    if not (course_dir / CONFIG_FILE).is_file():
        write_file(course_dir / CONFIG_FILE, CONFIG_FILE_TEXT)
    api = api_for(course_dir)
    for folder in folders:
        assert folder.assessment is not None
        assessment = folder.assessment.assessment
        write_file(course_dir / source_path(assessment.id), files[source_path(assessment.id)])
        try:
            generate(api, assessment.id)
        except NbgraderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        qs = assessment.questions
        release = course_dir / "release" / assessment.id / f"{assessment.id}.ipynb"
        where = release.relative_to(course.root)
        print(f"{assessment.id}: {len(qs)} questions, {sum(q.points for q in qs)} points -> {where}")
    print("next: nbgrader release_assignment ASSIGNMENT (from the assessments folder); see book/instructors.md")
    return 0


def run_grade(args: argparse.Namespace) -> int:
    import json

    from ..nbgrader.grade_run import autograde_all, feedback_all, review_document, review_path, summary_lines
    from ..nbgrader.pipeline import api_for, export_csv, submitted_students
    from ..nbgrader.submission import has_pattern, literal_name_problem

    course = load_or_raise(args.root)
    course_dir = course_dir_of(course)
    assignment = args.assignment
    problem = literal_name_problem(assignment, "assignment name")
    if problem or has_pattern(assignment):
        reason = problem or f"the assignment name {assignment!r} holds a pattern character (*, ?, [ or ])"
        print(f"error: {reason}; give the assignment's own name, e.g. 01-slovakia", file=sys.stderr)
        return 2
    source = course_dir / "source" / assignment
    if source.is_symlink() or not source.is_dir():
        print(f"error: no assignment {assignment!r} in {course_dir / 'source'}; run: asit assign", file=sys.stderr)
        return 2
    students = submitted_students(course_dir, assignment)
    if not students:
        where = course_dir / "submitted"
        print(
            f"error: no collected submissions of {assignment} in {where}; run: nbgrader collect {assignment}",
            file=sys.stderr,
        )
        return 1
    api = api_for(course_dir)
    start = time.perf_counter()
    outcomes = autograde_all(api, course_dir, assignment, students, grading=course.settings.grading)
    seconds = time.perf_counter() - start
    graded = [o.student for o in outcomes if not o.error]
    feedback_failed = feedback_all(api, course_dir, assignment, graded) if args.feedback else {}
    csv = course_dir / "grades.csv"
    export_csv(api, csv)
    print()
    for line in summary_lines(assignment, outcomes, seconds):
        print(line)
    review = review_path(course_dir, assignment)
    write_file(review, json.dumps(review_document(assignment, outcomes), indent=1, ensure_ascii=False) + "\n")
    print(f"review:   {review} (every trainee: graded or why not, and what differs from the released notebook)")
    for student, reason in sorted(feedback_failed.items()):
        print(f"  feedback failed: {student}: {reason}")
    if args.feedback:
        folder = f"{course_dir / 'feedback'}/<student>/{assignment}/"
        print(f"feedback: {folder} (return it with: asit feedback {assignment} --release)")
    else:
        print(f"feedback: not written (--no-feedback); write it with: asit feedback {assignment}")
    print(f"grades:   {csv}")
    print(
        "text answers are graded by hand in formgrader; after that, return the feedback with: "
        f"asit feedback {assignment} --release (it writes every page again from the gradebook)"
    )
    return 1 if feedback_failed or any(o.error for o in outcomes) else 0
