"""What a valid answer looks like, by question kind: the one rule every reader of answers follows.

Answers arrive from widgets, the browser or an answers file a trainee could have edited, so
any JSON value can stand where an answer should. Three questions are asked of one, each
built on the one before:

- ``well_formed``: the value has the JSON shape its kind needs (no answer at all is fine);
  scoring gives 0 to anything else, and feedback says so;
- ``is_complete``: a well-formed answer given in full (every step placed, every item
  matched): the "all answered" check and the cohort report's counts;
- ``problem``: why a saved answer cannot be used, judged from what the trainee is shown
  (option, item and target ids; never the key): the graded notebook's notice.

Shapes: single, decision: an id | multiple: a list of ids | order: a list of item ids, first
to last | match: {item id: target id} | numeric: a finite number | text: a string. The book's
player mirrors ``well_formed`` and ``is_complete`` in ``static/asit-scoring.js``.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

SHAPES: dict[str, str] = {
    "single": "one option id",
    "multiple": "a list of option ids",
    "order": "a list of the item ids in order",
    "match": "a mapping of item ids to target ids",
    "numeric": "a number",
    "decision": "one choice id",
    "text": "text",
}

# What a graded notebook asks for when an answer is missing or cannot be used.
WANTED: dict[str, str] = {
    "single": "the answer is not one of the options",
    "decision": "the answer is not one of the options",
    "multiple": "choose at least one option",
    "order": "put every step in a position",
    "match": "match every item",
    "numeric": "type a number",
    "text": "write an answer",
}
NO_ANSWER = "no answer yet"


def is_id(value: Any) -> bool:
    """An option, choice, item or target id: a string."""
    return isinstance(value, str)


def id_list(value: Any) -> list[str] | None:
    """The value as a list of ids, or None when it is not one."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def finite_number(value: Any) -> float | None:
    """A numeric answer as a finite float, or None: a boolean is not a number, and an int too
    large for a float (as JavaScript reads it, Infinity) is not one either."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def well_formed(kind: str, answer: Any) -> bool:
    """Whether ``answer`` has the shape ``kind`` needs; None (no answer) counts as well formed."""
    if answer is None:
        return True
    if kind in ("single", "decision", "text"):
        return is_id(answer)
    if kind in ("multiple", "order"):
        return id_list(answer) is not None
    if kind == "match":
        return isinstance(answer, dict) and all(is_id(v) for v in answer.values())
    if kind == "numeric":
        return finite_number(answer) is not None
    raise ValueError(f"unknown question kind {kind!r}")


def is_complete(kind: str, answer: Any, items: Collection[str] = ()) -> bool:
    """Whether a well-formed answer is given in full.

    ``items`` are an order question's steps or a match question's items (unused otherwise):
    an order lists each step exactly once, a match pairs every item.
    """
    if answer is None or not well_formed(kind, answer):
        return False
    if kind in ("single", "decision"):
        return bool(answer != "")
    if kind == "multiple":
        return len(answer) > 0
    if kind == "order":
        return sorted(answer) == sorted(items)
    if kind == "match":
        return all(item in answer for item in items)
    if kind == "numeric":
        return True
    return bool(answer.strip() != "")


def problem(kind: str, answer: Any, ids: Collection[str], targets: Collection[str] = ()) -> str | None:
    """Why a saved answer cannot be used, or None when it can.

    ``ids`` are the ids shown with the question (options, choices or items), ``targets`` a
    match question's entries: a complete answer must also name only those.
    """
    if answer is None:
        return NO_ANSWER
    usable = is_complete(kind, answer, ids)
    if usable and kind in ("single", "decision"):
        usable = answer in ids
    elif usable and kind == "multiple":
        usable = all(v in ids for v in answer)
    elif usable and kind == "match":
        usable = all(answer[item] in targets for item in ids)
    return None if usable else WANTED[kind]
