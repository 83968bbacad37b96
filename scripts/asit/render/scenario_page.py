"""A practice scenario as a book page: readable without JavaScript, playable with it.

The page holds the whole case as static HTML (every stage, question, choice and end, with
links that follow each branch, so it reads and prints without the player) and the
scenario's data as JSON, which ``asit-player.js`` turns into the interactive player.
Practice scenarios are not graded, so their answers may be in the page.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

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


# ---------------------------------------------------------------- the static (no-JS, print) version


def _anchor(scenario: Scenario, node: str) -> str:
    return f"asit-static-{scenario.id}-{node}"


def _static_question(scenario: Scenario, titles: dict[str, str], number: int, q: Question) -> str:
    points = "not scored" if isinstance(q, TextQuestion) else points_phrase(q.points)
    out = [
        '<div class="asit-static-question">',
        f'<p class="asit-static-qhead"><strong>Question {number}</strong> ({points}). {kind_hint(q.kind)}</p>',
        to_html(q.prompt),
    ]
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        out.append('<ul class="asit-static-options">' + "".join(f"<li>{to_html(o.text)}</li>" for o in q.options))
        out.append("</ul>")
    elif isinstance(q, OrderQuestion):
        out.append('<ul class="asit-static-options">' + "".join(f"<li>{to_html(i.text)}</li>" for i in q.items))
        out.append("</ul>")
    elif isinstance(q, MatchQuestion):
        out.append('<ul class="asit-static-options">' + "".join(f"<li>{to_html(i.text)}</li>" for i in q.items))
        out.append("</ul><p>Choose from:</p>")
        out.append('<ul class="asit-static-targets">' + "".join(f"<li>{to_html(t.text)}</li>" for t in q.targets))
        out.append("</ul>")
    elif isinstance(q, NumericQuestion):
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        out.append(f'<p class="asit-static-blank">Your answer{unit}: ____________</p>')
    elif isinstance(q, DecisionQuestion):
        items = []
        for c in q.choices:
            target = c.next or ""
            link = f' <a href="#{_anchor(scenario, target)}">Go to: {html.escape(titles.get(target, target))}</a>'
            items.append(f"<li>{to_html(c.text)}{link if target else ''}</li>")
        out.append('<ul class="asit-static-options">' + "".join(items) + "</ul>")
    elif isinstance(q, TextQuestion):
        out.append('<p class="asit-static-blank">Your answer: ____________</p>')
        out.append(f"<details><summary>Model answer</summary>{to_html(q.model_answer)}</details>")
    out.append("</div>")
    return "".join(out)


def render_static(scenario: Scenario) -> str:
    """The whole case as plain HTML: stages in the order written, each branch a link."""
    titles = {s.id: s.title for s in scenario.stages} | {e.id: f"End: {e.title}" for e in scenario.ends}
    parts = [
        '<div class="asit-static">',
        f'<div class="asit-static-summary">{to_html(scenario.summary)}</div>',
        '<p class="asit-static-note">The whole case follows, stage by stage. With JavaScript on, this page '
        "plays it: you answer, check each answer, follow your decisions and get a score.</p>",
    ]
    for index, stage in enumerate(scenario.stages, start=1):
        parts.append(f'<section class="asit-static-stage" id="{_anchor(scenario, stage.id)}">')
        parts.append(f"<h2>Stage {index}: {html.escape(stage.title)}</h2>{to_html(stage.story)}")
        parts += [_static_question(scenario, titles, n, q) for n, q in enumerate(stage.questions, start=1)]
        if stage.next:
            title = html.escape(titles.get(stage.next, stage.next))
            parts.append(
                f'<p class="asit-static-next"><a href="#{_anchor(scenario, stage.next)}">Go to: {title}</a></p>'
            )
        parts.append("</section>")
    parts.append('<section class="asit-static-ends"><h2>How the case can end</h2>')
    for end in scenario.ends:
        parts.append(
            f'<div class="asit-static-end" id="{_anchor(scenario, end.id)}">'
            f"<h3>{html.escape(end.title)}</h3>{to_html(end.outcome)}</div>"
        )
    parts.append("</section></div>")
    return "".join(parts)


def raw_html_block(body: str) -> list[str]:
    """A MyST ``raw`` directive: passes HTML through whole, blank lines included."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{{raw}} html", body, fence]


def render_scenario_page(course: Course, folder: ModuleFolder, scenario: Scenario) -> str:
    data = json_for_script(scenario_data(scenario))
    course_id = html.escape(course.settings.course_id)
    body = "\n".join(
        [
            f'<div class="asit-scenario" data-scenario="{scenario.id}" data-course="{course_id}" '
            f'data-progress-page="{PROGRESS_PAGE}">',
            render_static(scenario),
            "</div>",
            f'<script type="application/json" class="asit-scenario-data" data-scenario="{scenario.id}">{data}</script>',
        ]
    )
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
