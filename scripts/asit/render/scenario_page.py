"""A practice scenario as a book page: readable without JavaScript, playable with it.

The page holds the whole case as static HTML (every stage, question, choice and end, with
links that follow each branch, so it reads and prints without the player) and the
scenario's data as JSON, which ``asit-player.js`` turns into the interactive player.
Practice scenarios are not graded, so their answers may be in the page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from ..hints import kind_hint
from ..loader import Course, ModuleFolder
from ..models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
    TextQuestion,
)
from ..points import points_phrase
from ..scoring import best_total
from ..templating import render
from .markdown import to_html

PROGRESS_PAGE = "../../progress.html"  # from _generated/modules/NN-slug/ to _generated/progress.html


def scenario_page_name(scenario: Scenario) -> str:
    return f"scenario-{scenario.id}"


def question_data(q: Question) -> dict[str, Any]:
    """The player's view of a question: text as HTML, plus what scoring needs."""
    data: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "prompt": to_html(q.prompt),
        "points": q.points,
        "hint": kind_hint(q.kind),
    }
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        data["options"] = [
            {"id": o.id, "text": to_html(o.text), "correct": o.correct, "feedback": to_html(o.feedback)}
            for o in q.options
        ]
    elif isinstance(q, OrderQuestion):
        data["items"] = [{"id": i.id, "text": to_html(i.text), "feedback": to_html(i.feedback)} for i in q.items]
        data["answer"] = list(q.answer)
    elif isinstance(q, MatchQuestion):
        data["items"] = [{"id": i.id, "text": to_html(i.text), "feedback": to_html(i.feedback)} for i in q.items]
        data["targets"] = [{"id": t.id, "text": to_html(t.text)} for t in q.targets]
        data["answer"] = dict(sorted(q.answer.items()))
    elif isinstance(q, NumericQuestion):
        data.update(
            answer=q.answer,
            tolerance=q.tolerance,
            unit=q.unit,
            feedback_correct=to_html(q.feedback_correct),
            feedback_incorrect=to_html(q.feedback_incorrect),
        )
    elif isinstance(q, DecisionQuestion):
        data["choices"] = [
            {
                "id": c.id,
                "text": to_html(c.text),
                "points": c.points,
                "consequence": to_html(c.consequence),
                "feedback": to_html(c.feedback),
                "next": c.next,
            }
            for c in q.choices
        ]
    elif isinstance(q, TextQuestion):
        data["model_answer"] = to_html(q.model_answer)
        data["rubric"] = [{"id": c.id, "criterion": to_html(c.criterion), "points": c.points} for c in q.rubric]
    return data


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Everything the player needs to play and score the scenario."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "summary": to_html(scenario.summary),
        "max_score": best_total(scenario),
        "stages": [
            {
                "id": s.id,
                "title": s.title,
                "story": to_html(s.story),
                "next": s.next,
                "questions": [question_data(q) for q in s.questions],
            }
            for s in scenario.stages
        ],
        "ends": [{"id": e.id, "title": e.title, "outcome": to_html(e.outcome)} for e in scenario.ends],
    }


def json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<`` can close it or open a comment."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False).replace("<", "\\u003c")


def raw_html_block(body: str) -> list[str]:
    """A MyST ``raw`` directive: passes HTML through whole, blank lines included."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{{raw}} html", body, fence]


def markdown_html(text: str) -> Markup:
    """An author's text as HTML for the template: safe, as CommonMark without raw HTML cannot carry markup."""
    return Markup(to_html(text))


def render_scenario_body(course: Course, scenario: Scenario) -> str:
    """The page's HTML: the whole case as plain HTML (each branch a link), then the player's data."""
    titles = {s.id: s.title for s in scenario.stages} | {e.id: f"End: {e.title}" for e in scenario.ends}
    return render(
        "scenario.html.j2",
        scenario=scenario,
        course_id=course.settings.course_id,
        progress_page=PROGRESS_PAGE,
        titles=titles,
        markdown=markdown_html,
        points_phrase=points_phrase,
        kind_hint=kind_hint,
        # JSON made for a script element (json_for_script: no "<" left), so it is shown as it is
        data=Markup(json_for_script(scenario_data(scenario))),
    )


def render_scenario_page(course: Course, folder: ModuleFolder, scenario: Scenario) -> str:
    body = render_scenario_body(course, scenario)
    lines = [
        f"# Practice: {scenario.title}",
        "",
        "```{note}",
        "This case is a fictional composite. Practice scenarios are not graded: play them as often as you like.",
        "Your results stay in this browser; see {doc}`/_generated/progress`.",
        "```",
        "",
        *raw_html_block(body),
        "",
    ]
    if scenario.sources:
        lines += ["## Sources", "", "{cite:p}`" + ",".join(scenario.sources) + "`", ""]
    return "\n".join(lines)
