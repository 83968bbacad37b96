"""What a learner may see of a question: its text and choices, never its key.

Graded notebooks embed only these views, so a released notebook holds no answer key; the
practice player builds them from the full model. Views are plain data (JSON in, JSON out)
so a notebook can carry them and a kernel can rebuild them without the course's YAML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
)
from ..render.markdown import to_html

KINDS = ("single", "multiple", "order", "match", "numeric", "decision", "text")


@dataclass(frozen=True)
class Entry:
    """An option, choice, item or target: its id and Markdown text."""

    id: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    """A question as shown: prompt, points and what can be picked (no correctness)."""

    id: str
    kind: str
    prompt: str
    points: int
    entries: tuple[Entry, ...] = ()  # options (single, multiple), choices (decision) or items (order, match)
    targets: tuple[Entry, ...] = ()  # match only
    unit: str = ""  # numeric only


def view_of(q: Question) -> QuestionView:
    """The learner's view of a content question."""
    entries: tuple[Entry, ...] = ()
    targets: tuple[Entry, ...] = ()
    unit = ""
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        entries = tuple(Entry(o.id, o.text) for o in q.options)
    elif isinstance(q, DecisionQuestion):
        entries = tuple(Entry(c.id, c.text) for c in q.choices)
    elif isinstance(q, (OrderQuestion, MatchQuestion)):
        entries = tuple(Entry(i.id, i.text) for i in q.items)
        if isinstance(q, MatchQuestion):
            targets = tuple(Entry(t.id, t.text) for t in q.targets)
    elif isinstance(q, NumericQuestion):
        unit = q.unit
    return QuestionView(q.id, q.kind, q.prompt, q.points, entries, targets, unit)


def view_to_data(view: QuestionView) -> dict[str, Any]:
    """A view as JSON-ready data (keys sorted when dumped)."""
    data: dict[str, Any] = {"id": view.id, "kind": view.kind, "prompt": view.prompt, "points": view.points}
    if view.entries:
        data["entries"] = [{"id": e.id, "text": e.text} for e in view.entries]
    if view.targets:
        data["targets"] = [{"id": e.id, "text": e.text} for e in view.targets]
    if view.unit:
        data["unit"] = view.unit
    return data


def _entries(data: dict[str, Any], key: str) -> tuple[Entry, ...]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise ValueError(f"question {data.get('id')!r}: {key} must be a list")
    out = []
    for item in raw:
        if not (isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("text"), str)):
            raise ValueError(f"question {data.get('id')!r}: each of {key} needs a text id and text")
        out.append(Entry(item["id"], item["text"]))
    return tuple(out)


def view_from_data(data: Any) -> QuestionView:
    """Rebuild a view from notebook data; a malformed one is a ValueError naming the question."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ValueError("a question view must be a mapping with a text id")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"question {data['id']!r}: unknown kind {kind!r}")
    prompt, points, unit = data.get("prompt"), data.get("points"), data.get("unit", "")
    if not isinstance(prompt, str) or not isinstance(points, int) or not isinstance(unit, str):
        raise ValueError(f"question {data['id']!r}: prompt, points or unit has the wrong type")
    return QuestionView(data["id"], kind, prompt, points, _entries(data, "entries"), _entries(data, "targets"), unit)


_TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=4096)
def plain(markdown: str) -> str:
    """Markdown as one line of plain text, for widget labels that cannot show HTML (cached: a
    grading run asks for the same option texts once per submission)."""
    text = _TAG.sub("", to_html(markdown))
    return " ".join(html.unescape(text).split())
