"""Graded assessments as Moodle XML question banks, for an instructor to run them as quizzes.

One file per assessment, one question category per assessment, questions in the order
trainees meet them, the case and each stage's story as description items before their
questions. Every question scores in Moodle what ``asit.scoring`` gives for the same answer:
- single, decision: multichoice (one answer); each option's fraction is its share of the points;
- multiple: multichoice (several answers); each right option +1/n, each wrong one -1/n, which
  Moodle adds up and keeps within 0..1, as the course's rule does;
- order: ordering (qtype_ordering), with the grading type that gives the course's rule
  (found by scoring probe answers with ``asit.scoring``, so a change of rule is followed or
  refused, never silently mis-scored);
- match: matching (credit per right pair); numeric: numerical with tolerance;
- text: essay, with the rubric and the model answer as information for graders.
Answer keys are in these files by nature: they are written under ``_build/`` for instructors,
never into the book.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import permutations

from .. import scoring
from ..loader import Course
from ..models import (
    Assessment,
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
)
from ..render.markdown import to_html

CATEGORY_ROOT = "$course$/top"


class UnsupportedRuleError(Exception):
    """The course scores a question in a way no Moodle question type reproduces."""


def fraction_text(share: float) -> str:
    """A fraction as Moodle writes it: a percentage with up to seven decimals."""
    text = f"{share * 100:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_text(markdown: str) -> str:
    """Text for places Moodle shows as plain text (matching answers): the rendered words alone."""
    words = re.sub(r"<[^>]+>", "", to_html(markdown))
    return " ".join(html.unescape(words).split())


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if fmt is not None:
        node.set("format", fmt)
    ET.SubElement(node, "text").text = value
    return node


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _question(quiz: ET.Element, qtype: str, name: str, text_html: str, grade: float, idnumber: str) -> ET.Element:
    q = ET.SubElement(quiz, "question", {"type": qtype})
    _text(q, "name", name)
    _text(q, "questiontext", text_html, "html")
    _text(q, "generalfeedback", "", "html")
    _value(q, "defaultgrade", fraction_text(grade / 100))
    _value(q, "penalty", "0")
    _value(q, "hidden", "0")
    _value(q, "idnumber", idnumber)
    return q


def _answer(q: ET.Element, fraction: float, text: str, feedback: str, fmt: str = "html") -> ET.Element:
    node = ET.SubElement(q, "answer", {"fraction": fraction_text(fraction), "format": fmt})
    ET.SubElement(node, "text").text = text
    _text(node, "feedback", feedback, "html")
    return node


def _choice_settings(q: ET.Element, single: bool) -> None:
    _value(q, "single", "true" if single else "false")
    _value(q, "shuffleanswers", "true")
    _value(q, "answernumbering", "abc")
    _value(q, "showstandardinstruction", "0")


# ---------------------------------------------------------------- order: the grading type


def _absolute_position(order: tuple[str, ...], key: tuple[str, ...]) -> float:
    return sum(1 for a, b in zip(order, key, strict=True) if a == b) / len(key)


def _all_previous_and_next(order: tuple[str, ...], key: tuple[str, ...]) -> float:
    """Share of pairs of steps in the right relative order (each pair seen from both ends)."""
    at = {item: i for i, item in enumerate(order)}
    pairs = [(a, b) for i, a in enumerate(key) for b in key[i + 1 :]]
    return sum(1 for a, b in pairs if at[a] < at[b]) / len(pairs)


def _all_or_nothing(order: tuple[str, ...], key: tuple[str, ...]) -> float:
    return 1.0 if order == key else 0.0


# qtype_ordering grading types, with what each gives as a share of the points.
ORDERING_GRADING = {
    "ABSOLUTE_POSITION": _absolute_position,
    "RELATIVE_ALL_PREVIOUS_AND_NEXT": _all_previous_and_next,
    "ALL_OR_NOTHING": _all_or_nothing,
}


def _probe_orders(key: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every ordering of up to six steps; past that, a fixed sample that tells the rules apart."""
    if len(key) <= 6:
        yield from permutations(key)
        return
    yield key
    yield tuple(reversed(key))
    for shift in range(1, len(key)):
        yield key[shift:] + key[:shift]
    for i in range(len(key) - 1):
        swapped = list(key)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        yield tuple(swapped)


def ordering_grading_type(q: OrderQuestion) -> str:
    """The qtype_ordering grading type that scores like ``asit.scoring`` on this question."""
    for name, share in ORDERING_GRADING.items():
        if all(
            abs(scoring.score_question(q, list(order)) - q.points * share(order, q.answer)) < 1e-9
            for order in _probe_orders(q.answer)
        ):
            return name
    raise UnsupportedRuleError(f"{q.id}: no Moodle ordering grading type scores order questions as the course does")


# ---------------------------------------------------------------- one question each


def _single(quiz: ET.Element, q: SingleQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "multichoice", name, to_html(q.prompt), q.points, idn)
    _choice_settings(node, single=True)
    for o in q.options:
        _answer(node, 1.0 if o.correct else 0.0, to_html(o.text), to_html(o.feedback))


def _multiple(quiz: ET.Element, q: MultipleQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "multichoice", name, to_html(q.prompt), q.points, idn)
    _choice_settings(node, single=False)
    share = 1 / sum(1 for o in q.options if o.correct)
    for o in q.options:
        _answer(node, share if o.correct else -share, to_html(o.text), to_html(o.feedback))


def _decision(quiz: ET.Element, q: DecisionQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "multichoice", name, to_html(q.prompt), q.points, idn)
    _choice_settings(node, single=True)
    for c in q.choices:
        feedback = to_html(c.feedback) + to_html(c.consequence)
        _answer(node, c.points / q.points if q.points else 0.0, to_html(c.text), feedback)


def _order(quiz: ET.Element, q: OrderQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "ordering", name, to_html(q.prompt), q.points, idn)
    _value(node, "layouttype", "VERTICAL")
    _value(node, "selecttype", "ALL")
    _value(node, "selectcount", "0")
    _value(node, "gradingtype", ordering_grading_type(q))
    _value(node, "showgrading", "SHOW")
    _value(node, "numberingstyle", "none")
    items = {i.id: i for i in q.items}
    for item_id in q.answer:  # qtype_ordering reads the answers in their right order
        _answer(node, 1.0, to_html(items[item_id].text), to_html(items[item_id].feedback))


def _match(quiz: ET.Element, q: MatchQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "matching", name, to_html(q.prompt), q.points, idn)
    _value(node, "shuffleanswers", "true")
    targets = {t.id: t for t in q.targets}
    for item in q.items:
        sub = _text(node, "subquestion", to_html(item.text), "html")
        _text(sub, "answer", plain_text(targets[q.answer[item.id]].text))
    used = set(q.answer.values())
    for t in q.targets:  # entries no item takes: answers with no question, as Moodle writes them
        if t.id not in used:
            sub = _text(node, "subquestion", "", "html")
            _text(sub, "answer", plain_text(t.text))


def _numeric(quiz: ET.Element, q: NumericQuestion, name: str, idn: str) -> None:
    prompt = to_html(q.prompt) + (f"<p>({html.escape(q.unit)})</p>" if q.unit else "")
    node = _question(quiz, "numerical", name, prompt, q.points, idn)
    right = _answer(node, 1.0, repr(float(q.answer)), to_html(q.feedback_correct), "moodle_auto_format")
    _value(right, "tolerance", repr(float(q.tolerance)))
    wrong = _answer(node, 0.0, "*", to_html(q.feedback_incorrect), "moodle_auto_format")
    _value(wrong, "tolerance", "0")
    _value(node, "unitgradingtype", "0")
    _value(node, "unitpenalty", "0")
    _value(node, "showunits", "3")
    _value(node, "unitsleft", "0")


def rubric_html(q: TextQuestion) -> str:
    """What a grader needs: each criterion with its points, then the model answer."""
    rows = "".join(f"<tr><td>{to_html(r.criterion)}</td><td>{r.points}</td></tr>" for r in q.rubric)
    return (
        f"<table><thead><tr><th>Criterion</th><th>Points</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p><strong>Model answer</strong></p>{to_html(q.model_answer)}"
    )


def _essay(quiz: ET.Element, q: TextQuestion, name: str, idn: str) -> None:
    node = _question(quiz, "essay", name, to_html(q.prompt), q.points, idn)
    _value(node, "responseformat", "editor")
    _value(node, "responserequired", "1")
    _value(node, "responsefieldlines", "15")
    _value(node, "attachments", "0")
    _value(node, "attachmentsrequired", "0")
    _text(node, "graderinfo", rubric_html(q), "html")
    _text(node, "responsetemplate", "", "html")


def _description(quiz: ET.Element, name: str, text_html: str, idn: str) -> None:
    node = _question(quiz, "description", name, text_html, 0, idn)
    node.find("defaultgrade").text = "0"  # type: ignore[union-attr]


WRITERS = {
    "single": _single,
    "multiple": _multiple,
    "decision": _decision,
    "order": _order,
    "match": _match,
    "numeric": _numeric,
    "text": _essay,
}


def item_name(assessment: Assessment, number: int, what: str) -> str:
    """Names sort in the order trainees meet the case, the stories and the questions."""
    return f"{assessment.id} {number:02d} {what}"


def category_path(course: Course, assessment: Assessment) -> str:
    return f"{CATEGORY_ROOT}/{course.settings.course_id}/{assessment.id}: {assessment.title}"


def assessment_xml(course: Course, assessment: Assessment) -> str:
    """One assessment as a Moodle XML file (UTF-8, same bytes for the same content)."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category", category_path(course, assessment))
    _text(category, "info", to_html(f"{assessment.title}. Time: {assessment.duration_minutes} minutes."), "html")
    _value(category, "idnumber", f"{course.settings.course_id}-{assessment.id}")
    _description(quiz, item_name(assessment, 0, "Case"), to_html(assessment.case), f"{assessment.id}-case")
    number = 0
    for stage in assessment.stages:
        number += 1
        story = f"<h3>{html.escape(stage.title)}</h3>{to_html(stage.story)}"
        _description(
            quiz, item_name(assessment, number, f"Stage: {stage.title}"), story, f"{assessment.id}-stage-{stage.id}"
        )
        for q in stage.questions:
            number += 1
            writer = WRITERS[q.kind]
            writer(quiz, q, item_name(assessment, number, q.id), f"{assessment.id}-{q.id}")  # type: ignore[operator]
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def moodle_files(course: Course) -> dict[str, str]:
    """File name -> Moodle XML, one per graded assessment, in module order."""
    files: dict[str, str] = {}
    for folder in sorted(course.modules, key=lambda f: f.module.number):
        if folder.assessment is not None:
            assessment = folder.assessment.assessment
            files[f"{assessment.id}.xml"] = assessment_xml(course, assessment)
    return files
