"""A practice scenario as a book page: readable without JavaScript, playable with it.

The page holds the whole case as static HTML (every stage and question, so it reads and
prints without the player) and the scenario's data as JSON, which ``asit-player.js`` turns
into the interactive player. Practice scenarios are not graded, so their answers may be in
the page.
"""

from __future__ import annotations

import html
import json
from typing import Any

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
from ..scoring import best_total
from .markdown import to_html


def scenario_page_name(scenario: Scenario) -> str:
    return f"scenario-{scenario.id}"


def question_data(q: Question) -> dict[str, Any]:
    """The player's view of a question: text as HTML, plus what scoring needs."""
    data: dict[str, Any] = {"id": q.id, "kind": q.kind, "prompt": to_html(q.prompt), "points": q.points}
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        data["options"] = [
            {"id": o.id, "text": to_html(o.text), "correct": o.correct, "feedback": to_html(o.feedback)} for o in q.options
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


def _static_question(q: Question) -> list[str]:
    out = [f'<div class="asit-static-question">{to_html(q.prompt)}']
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        out.append("<ul>" + "".join(f"<li>{to_html(o.text)}</li>" for o in q.options) + "</ul>")
    elif isinstance(q, (OrderQuestion, MatchQuestion)):
        out.append("<ul>" + "".join(f"<li>{to_html(i.text)}</li>" for i in q.items) + "</ul>")
    elif isinstance(q, DecisionQuestion):
        out.append("<ul>" + "".join(f"<li>{to_html(c.text)}</li>" for c in q.choices) + "</ul>")
    elif isinstance(q, NumericQuestion):
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        out.append(f"<p><em>Answer with a number{unit}.</em></p>")
    out.append("</div>")
    return out


def render_scenario_page(course: Course, folder: ModuleFolder, scenario: Scenario) -> str:
    data = json.dumps(scenario_data(scenario), sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    static: list[str] = []
    for stage in scenario.stages:
        static.append(f"<section><h3>{html.escape(stage.title)}</h3>{to_html(stage.story)}")
        for q in stage.questions:
            static += _static_question(q)
        static.append("</section>")
    lines = [
        f"# Practice: {scenario.title}",
        "",
        "```{note}",
        "This case is a fictional composite. Practice scenarios are not graded: play them as often as you like.",
        "```",
        "",
        f'<div class="asit-scenario" data-scenario="{scenario.id}">',
        f'<div class="asit-static">{to_html(scenario.summary)}{"".join(static)}</div>',
        "</div>",
        "",
        f'<script type="application/json" class="asit-scenario-data" data-scenario="{scenario.id}">{data}</script>',
        "",
    ]
    if scenario.sources:
        lines += ["## Sources", "", "{cite:p}`" + ",".join(scenario.sources) + "`", ""]
    return "\n".join(lines)
