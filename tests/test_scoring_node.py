"""The book player's scoring file, run under Node, scores exactly as ``asit.scoring`` does.

No browser: ``asit-scoring.js`` is the player's whole scoring, so Node loads it as the page
does and scores thousands of seeded, generated answers to every question of the fixture
course and the real course (right, partly right, wrong, and malformed: wrong types, unknown,
missing or repeated ids, NaN, infinities, numbers too large for a float), walks random
answer sets through every practice scenario, and formats points. Every float, path and
text must equal Python's. The browser test (tests/browser/test_score_equality.py) still
plays the built pages; this one covers far more answers in well under a second.
"""

from __future__ import annotations

import functools
import html
import json
import math
import random
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from asit.answer_shape import well_formed
from asit.loader import load_course
from asit.models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderItem,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
)
from asit.points import points_number, points_phrase, round_points
from asit.render import scenario_page
from asit.render.scenario_page import question_data, scenario_data
from asit.scoring import is_answered, order_pairs, play, score_question
from conftest import FIXTURE_COURSE, REPO

STATIC = REPO / "scripts" / "asit" / "static"
HARNESS = Path(__file__).parent / "js" / "score_cases.js"
MARK = "\u0000asit-number"  # how a number JSON cannot carry travels to Node
SEED = "asit-scoring-node"
ANSWERS_PER_QUESTION = 40
PLAYS_PER_SCENARIO = 30

MALFORMED: list[Any] = [
    True, False, 0, 1, -1, 2.5, "", " ", "zz", "__proto__", "constructor", [], {}, [None], [1, 2], [True],
    {"a": 1}, {"__proto__": "x"}, {"constructor": "x"}, [["a"]], float("nan"), float("inf"), -float("inf"),
    10**400, -(10**400), 2**1000, "30", "1e3",
]  # fmt: skip


def courses() -> list[tuple[str, list[Question], list[Scenario]]]:
    found = []
    for label, root in (("fixture", FIXTURE_COURSE), ("course", REPO)):
        course, _errors = load_course(root)  # content errors are asit check's job; score what loads
        scenarios = [item.scenario for folder in course.modules for item in folder.scenarios]
        questions = [q for s in scenarios for q in s.questions]
        questions += [q for f in course.modules if f.assessment for q in f.assessment.assessment.questions]
        found.append((label, questions, scenarios))
    return found


def long_orders() -> list[Question]:
    """Order questions longer than the content's, so that many pair counts occur."""
    out: list[Question] = []
    for n in range(2, 10):
        ids = [f"s{i}" for i in range(n)]
        items = tuple(OrderItem(id=i, text=i, feedback=".") for i in reversed(ids))
        out.append(OrderQuestion(id=f"long-{n}", prompt="?", points=n % 4 + 1, objective="o", kind="order",
                                 items=items, answer=tuple(ids)))  # fmt: skip
    return out


def valid_answer(q: Question, rng: random.Random) -> Any:
    """A well-formed answer: right, partly right or wrong."""
    if isinstance(q, SingleQuestion):
        return rng.choice(q.options).id
    if isinstance(q, DecisionQuestion):
        return rng.choice(q.choices).id
    if isinstance(q, MultipleQuestion):
        picks = [o.id for o in q.options if rng.random() < 0.5]
        rng.shuffle(picks)
        return picks
    if isinstance(q, OrderQuestion):
        order = list(q.answer)
        if rng.random() < 0.3:  # a few swaps of neighbours: near the key
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(order) - 1)
                order[i], order[i + 1] = order[i + 1], order[i]
        else:
            rng.shuffle(order)
        return order
    if isinstance(q, MatchQuestion):
        return {item.id: rng.choice(q.targets).id for item in q.items}
    if isinstance(q, NumericQuestion):
        a, t = q.answer, q.tolerance
        near = [a, a + t, a - t, math.nextafter(a + t, math.inf), math.nextafter(a - t, -math.inf), -0.0]
        value = rng.choice([*near, a + rng.uniform(-3 * t - 5, 3 * t + 5), round(a + rng.uniform(-5, 5))])
        return int(value) if value == int(value) and rng.random() < 0.5 else value
    return rng.choice(["My answer.", "   ", "", "Support first, then the interview."])


def broken_answer(q: Question, rng: random.Random) -> Any:
    """An answer of the wrong shape, or of the right shape with ids that do not fit."""
    ids = [e.id for e in getattr(q, "options", ())] + [c.id for c in getattr(q, "choices", ())]
    ids += [i.id for i in getattr(q, "items", ())]
    targets = [t.id for t in getattr(q, "targets", ())]
    base = valid_answer(q, rng)
    tweaks: list[Any] = [rng.choice(MALFORMED)]
    if isinstance(base, list):
        tweaks += [base[:-1], [*base, "zz"], [*base, base[0]] if base else ["zz"], [*base[:-1], 7], [*base[1:], "zz"]]
        if base:
            tweaks.append([*base[:-1], base[0]])  # one step repeated, one missing
    if isinstance(base, dict):
        first = next(iter(base), None)
        tweaks += [{k: v for k, v in base.items() if k != first}, {**base, "zz": rng.choice(targets or ["zz"])}]
        if first is not None:
            tweaks += [{**base, first: 3}, {**base, first: "zz"}, {**base, first: None}]
        tweaks += [{**base, "zz": 3}, {**base, "zz": None}, {**base, "zz": ["a"]}]  # a stray pair of the wrong shape
    if isinstance(base, str) and ids:
        tweaks += [base.upper(), [base], f" {base}"]
    return rng.choice(tweaks)


def encode(value: Any) -> Any:
    """Numbers JSON cannot carry as a marked string; the rest as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return {MARK: "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def point_values(rng: random.Random, scores: list[float]) -> list[float]:
    """Scores as they occur, fractions of points, their sums, and values on a half-hundredth."""
    values = list(scores)
    values += [p * k / n for p in range(1, 11) for n in range(1, 13) for k in range(n + 1)]
    values += [sum(rng.sample(scores, min(len(scores), rng.randint(2, 9)))) for _ in range(500)] if scores else []
    values += [(2 * k + 1) / 200 for k in range(2000)]  # 0.005, 0.015, ...: where rounding rules differ
    values += [rng.uniform(0, 60) for _ in range(500)]
    return list(dict.fromkeys(values))  # each value once


@functools.cache
def build_cases() -> tuple[dict[str, Any], dict[str, Any]]:
    """The cases for Node, and what Python says of each (built once per run)."""
    rng = random.Random(SEED)
    questions: list[Question] = long_orders()
    scenarios: list[Scenario] = []
    for _label, qs, ss in courses():
        questions += qs
        scenarios += ss
    answers: list[list[Any]] = []
    expected_answers: list[dict[str, Any]] = []
    for index, q in enumerate(questions):
        picks: list[tuple[bool, Any]] = [(False, None), (True, None)]  # no answer at all; a null answer
        picks += [(True, valid_answer(q, rng)) for _ in range(ANSWERS_PER_QUESTION // 2)]
        picks += [(True, broken_answer(q, rng)) for _ in range(ANSWERS_PER_QUESTION // 2)]
        for given, answer in picks:
            answers.append([index, encode(answer)] if given else [index])
            pairs = order_pairs(q, answer) if isinstance(q, OrderQuestion) else None
            expected_answers.append(
                {
                    "score": score_question(q, answer),
                    "answered": is_answered(q, answer),
                    "formed": well_formed(q.kind, answer),
                    "pairs": list(pairs) if pairs is not None else None,
                }
            )
    plays: list[list[Any]] = []
    expected_plays: list[dict[str, Any]] = []
    for index, scenario in enumerate(scenarios):
        for _ in range(PLAYS_PER_SCENARIO):
            chosen = {}
            for q in scenario.questions:
                roll = rng.random()
                if roll < 0.75 or (isinstance(q, DecisionQuestion) and roll < 0.9):
                    chosen[q.id] = valid_answer(q, rng)
                elif roll < 0.9:
                    chosen[q.id] = broken_answer(q, rng)
            result = play(scenario, chosen)
            plays.append([index, encode(chosen)])
            expected_plays.append({"path": list(result.path), "end": result.end, "score": result.score})
    scores = [e["score"] for e in expected_answers] + [e["score"] for e in expected_plays]
    values = point_values(rng, scores)
    with pytest.MonkeyPatch.context() as patch:
        # The page's texts are Markdown made HTML; scoring never reads them, and rendering
        # thousands of them would take most of this test's time.
        patch.setattr(scenario_page, "to_html", html.escape)
        question_list = [question_data(q) for q in questions]
        scenario_list = [scenario_data(s) for s in scenarios]
    cases = {
        "questions": question_list,
        "scenarios": scenario_list,
        "answers": answers,
        "plays": plays,
        "points": values,
    }
    expected = {
        "answers": expected_answers,
        "plays": expected_plays,
        "points": [[points_number(v), points_phrase(v), round_points(v)] for v in values],
    }
    return cases, expected


def run_node(cases: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed (scripts/setup.sh uses its npm)"
    result = subprocess.run(
        [node, str(HARNESS), str(STATIC / "asit-scoring.js")],
        input=json.dumps(cases, allow_nan=False),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_the_players_scoring_under_node_equals_python() -> None:
    start = time.perf_counter()
    cases, expected = build_cases()
    built = time.perf_counter()
    got = run_node(cases)
    ran = time.perf_counter()
    problems = []
    for section in ("answers", "plays", "points"):
        assert len(got[section]) == len(expected[section]), section
        for index, (mine, theirs) in enumerate(zip(expected[section], got[section], strict=True)):
            if mine != theirs:
                case = cases[section][index] if section != "points" else cases["points"][index]
                problems.append(f"{section}[{index}] {case!r}: Python {mine!r}, Node {theirs!r}")
    print(
        f"{len(cases['answers'])} answers to {len(cases['questions'])} questions, "
        f"{len(cases['plays'])} plays of {len(cases['scenarios'])} scenarios, {len(cases['points'])} point values: "
        f"generated and scored in Python in {built - start:.2f} s, in Node in {ran - built:.2f} s"
    )
    assert problems == [], f"{len(problems)} differences, the first ones:\n" + "\n".join(problems[:20])


def test_every_kind_and_both_shapes_are_covered() -> None:
    """The generated answers reach every kind, right and wrong scores, both sides of is_answered
    and of well_formed."""
    cases, expected = build_cases()
    kinds: dict[str, set[tuple[bool, str]]] = {}
    formed: dict[str, set[bool]] = {}
    for (index, *_rest), result in zip(cases["answers"], expected["answers"], strict=True):
        q = cases["questions"][index]
        full = q["kind"] == "text" or result["score"] == q["points"]
        band = "zero" if result["score"] == 0 else ("full" if full else "partial")
        kinds.setdefault(q["kind"], set()).add((result["answered"], band))
        formed.setdefault(q["kind"], set()).add(result["formed"])
    assert set(kinds) == {"single", "multiple", "order", "match", "numeric", "decision", "text"}
    for kind in ("single", "numeric", "decision", "multiple", "order", "match"):
        assert {(True, "full"), (False, "zero")} <= kinds[kind], kind
    for kind in ("multiple", "order", "match"):
        assert any(band == "partial" for _answered, band in kinds[kind]), kind
    assert all(formed[kind] == {True, False} for kind in kinds), formed
    assert len({tuple(p["path"]) for p in expected["plays"]}) > len(cases["scenarios"])  # branches taken


def test_node_counts_pairs_as_documented() -> None:
    """Hand-checked cases, so the comparison above is not only the code against itself."""
    q = long_orders()[1]  # three steps s0, s1, s2 worth 4 points
    answers = [["s0", "s1", "s2"], ["s1", "s0", "s2"], ["s2", "s1", "s0"], ["s0", "s1"]]
    cases = {"questions": [question_data(q)], "scenarios": [], "plays": [], "points": [0.125, 1, 2 / 3]}
    got = run_node({**cases, "answers": [[0, a] for a in answers]})
    assert [(a["pairs"], a["score"]) for a in got["answers"]] == [([3, 3], 4), ([2, 3], 8 / 3), ([0, 3], 0), (None, 0)]
    assert got["points"] == [["0.13", "0.13 points", 0.13], ["1", "1 point", 1], ["0.67", "0.67 points", 0.67]]
