"""Item analysis of a graded assessment, from plain data (no files, no gradebook).

The classical measures instructors use to review questions: difficulty (the share of the
points the cohort earned), the upper-lower discrimination index (Kelley's 27% groups by
total) and the point-biserial correlation of a question's score with the rest of the test.
A measure that cannot be computed (one trainee, no spread in the scores) is ``None``, never
an error: a small cohort still gets its report. The thresholds are settings
(``asit.report`` in ``_config.yml``, ``asit.settings.ReportSettings``), passed in by the command;
the report carries the ones it was computed with.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from ..scoring import is_answered, numeric_is_right
from ..settings import ReportSettings
from ..widgets.views import plain

DEFAULTS = ReportSettings()  # what the report uses when the course's _config.yml sets nothing
NOISE = 1e-9  # rounding noise ignored when comparing a measure with a threshold

FLAG_TOO_EASY = "too easy"
FLAG_TOO_HARD = "too hard"
FLAG_NEGATIVE = "negative discrimination"


@dataclass(frozen=True)
class TraineeRecord:
    """One trainee's graded submission: scores from the gradebook, answers from the answers file."""

    student: str
    scores: Mapping[str, float | None]  # question id -> grade of record; None: not graded yet
    answers: Mapping[str, Any]  # question id -> answer as saved (shapes in asit.scoring)


@dataclass(frozen=True)
class ItemStats:
    """The measures of one question; ``None`` where a measure is not computable."""

    position: int  # 1-based, in the assessment's order
    question: str
    kind: str
    max_points: float
    graded: int  # trainees with a grade for this question
    answered: int | None  # trainees whose answers file holds an answer (None for text: written in the notebook)
    mean: float | None
    difficulty: float | None
    discrimination: float | None
    point_biserial: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class OptionCount:
    """How many trainees chose one option (or pair, or place, or value) of a question."""

    question: str
    option: str
    label: str
    correct: bool
    chosen: int
    answered: int  # trainees who answered the question: the share's denominator

    @property
    def share(self) -> float | None:
        return self.chosen / self.answered if self.answered else None


@dataclass(frozen=True)
class TraineeTotal:
    student: str
    total: float
    max_total: float
    ungraded: int  # questions still awaiting a grade (counted as 0 in the total)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.total / self.max_total if self.max_total > 0 else None


@dataclass(frozen=True)
class CohortReport:
    """Everything the report shows, ready to render."""

    assignment: str
    title: str
    questions: tuple[Question, ...]
    items: tuple[ItemStats, ...]
    options: tuple[OptionCount, ...]
    trainees: tuple[TraineeTotal, ...]
    histogram: tuple[int, ...]  # trainees per band (settings.histogram_bins of them), lowest band first
    max_total: float
    notes: tuple[str, ...]  # what the instructor should know about the data (bad files, ...)
    settings: ReportSettings = DEFAULTS  # the thresholds the flags and groups were computed with

    @property
    def mean_total(self) -> float | None:
        return mean([t.total for t in self.trainees])

    @property
    def flagged(self) -> tuple[ItemStats, ...]:
        return tuple(item for item in self.items if item.flags)


# ---------------------------------------------------------------- measures


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def difficulty(scores: Sequence[float], max_points: float) -> float | None:
    """Mean score over the maximum: 1 when everyone has full points, 0 when nobody scores."""
    average = mean(scores)
    return average / max_points if average is not None and max_points > 0 else None


def group_size(n: int, share: float = DEFAULTS.group_share) -> int:
    """Trainees in each of the upper and lower groups: ``share`` (27%) of ``n``, rounded, at least 1."""
    return max(1, math.floor(share * n + 0.5))


def discrimination_index(
    scores: Sequence[float], totals: Sequence[float], max_points: float, share: float = DEFAULTS.group_share
) -> float | None:
    """(Mean score of the upper group - mean score of the lower group) / max points.

    Groups are taken by total score; ties at a group's edge are broken by the input order
    (the report passes trainees sorted by id). Not computable with fewer than two trainees,
    when every total is the same (no upper or lower group exists) or with no points.
    """
    n = len(scores)
    if n < 2 or max_points <= 0 or len(set(totals)) < 2:
        return None
    ranked = sorted(range(n), key=lambda i: (-totals[i], i))
    g = group_size(n, share)
    upper = mean([scores[i] for i in ranked[:g]])
    lower = mean([scores[i] for i in ranked[-g:]])
    assert upper is not None and lower is not None
    return (upper - lower) / max_points


def point_biserial(scores: Sequence[float], rest: Sequence[float]) -> float | None:
    """Pearson correlation of a question's scores with the rest-of-test totals.

    For a right-or-wrong question this is the point-biserial correlation; with partial
    credit it is the same formula on the graded scores. The question itself is left out of
    the total so that it does not correlate with itself. Not computable with fewer than
    two trainees or when either side has no spread.
    """
    n = len(scores)
    if n < 2 or len(set(scores)) < 2 or len(set(rest)) < 2:
        return None
    mx = math.fsum(scores) / n
    my = math.fsum(rest) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(scores, rest, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in scores)
    syy = math.fsum((y - my) ** 2 for y in rest)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def flags_for(
    diff: float | None, disc: float | None, rpb: float | None, settings: ReportSettings = DEFAULTS
) -> tuple[str, ...]:
    """Why a question deserves a second look; empty when it does not (or nothing is computable)."""
    flags = []
    if diff is not None and diff > settings.too_easy + NOISE:
        flags.append(FLAG_TOO_EASY)
    if diff is not None and diff < settings.too_hard - NOISE:
        flags.append(FLAG_TOO_HARD)
    if any(v is not None and v < settings.min_discrimination - NOISE for v in (disc, rpb)):
        flags.append(FLAG_NEGATIVE)
    return tuple(flags)


def total_of(record: TraineeRecord, question_ids: Sequence[str]) -> float:
    """A trainee's total: the sum of the grades present (a question awaiting grading counts 0)."""
    return math.fsum(s for q in question_ids if (s := record.scores.get(q)) is not None)


def item_stats(
    position: int,
    question: Question,
    records: Sequence[TraineeRecord],
    totals: Sequence[float],
    settings: ReportSettings = DEFAULTS,
) -> ItemStats:
    """One question's measures over the trainees graded on it."""
    graded = [(s, t) for r, t in zip(records, totals, strict=True) if (s := r.scores.get(question.id)) is not None]
    scores = [s for s, _ in graded]
    own_totals = [t for _, t in graded]
    rest = [t - s for s, t in graded]
    points = float(question.points)
    diff = difficulty(scores, points)
    disc = discrimination_index(scores, own_totals, points, settings.group_share)
    rpb = point_biserial(scores, rest)
    given = None
    if not isinstance(question, TextQuestion):
        given = sum(is_answered(question, r.answers.get(question.id)) for r in records)
    return ItemStats(
        position=position,
        question=question.id,
        kind=question.kind,
        max_points=points,
        graded=len(scores),
        answered=given,
        mean=mean(scores),
        difficulty=diff,
        discrimination=disc,
        point_biserial=rpb,
        flags=flags_for(diff, disc, rpb, settings),
    )


# ---------------------------------------------------------------- options


def number_text(value: float) -> str:
    """A numeric answer as the report shows it (30, 30.5, 1e+20)."""
    return f"{value:g}"


def option_counts(question: Question, answers: Sequence[Any]) -> list[OptionCount]:
    """How many chose each option; only answers of the right shape count (others are unanswered).

    single, multiple, decision: each option or choice. order: each step in each place.
    match: each item paired with each target. numeric: each distinct value given.
    text: nothing (written answers are read by graders, not counted).
    """
    valid = [a for a in answers if is_answered(question, a)]
    n = len(valid)
    qid = question.id

    def row(option: str, label: str, correct: bool, chosen: int) -> OptionCount:
        return OptionCount(qid, option, label, correct, chosen, n)

    if isinstance(question, SingleQuestion):
        return [row(o.id, plain(o.text), o.correct, sum(a == o.id for a in valid)) for o in question.options]
    if isinstance(question, MultipleQuestion):
        return [row(o.id, plain(o.text), o.correct, sum(o.id in set(a) for a in valid)) for o in question.options]
    if isinstance(question, DecisionQuestion):
        best = question.points
        return [
            row(c.id, f"{plain(c.text)} ({c.points} of {best} points)", c.points == best, sum(a == c.id for a in valid))
            for c in question.choices
        ]
    if isinstance(question, OrderQuestion):
        places = range(len(question.answer))

        def placed(item: str, place: int) -> int:
            return sum(a[place] == item for a in valid)

        return [
            row(f"{i.id}@{p + 1}", f"{plain(i.text)}: place {p + 1}", question.answer[p] == i.id, placed(i.id, p))
            for i in question.items
            for p in places
        ]
    if isinstance(question, MatchQuestion):
        key: Mapping[str, str] = question.answer

        def paired(item: str, target: str) -> int:
            return sum(a.get(item) == target for a in valid)

        return [
            row(f"{i.id}:{t.id}", f"{plain(i.text)} → {plain(t.text)}", key.get(i.id) == t.id, paired(i.id, t.id))
            for i in question.items
            for t in question.targets
        ]
    if isinstance(question, NumericQuestion):
        values = sorted({float(a) for a in valid})
        unit = f" {question.unit}" if question.unit else ""
        right = [numeric_is_right(question, v) for v in values]
        return [
            row(number_text(v), number_text(v) + unit, ok, sum(float(a) == v for a in valid))
            for v, ok in zip(values, right, strict=True)
        ]
    return []


# ---------------------------------------------------------------- the cohort


def histogram(percents: Sequence[float], bins: int = DEFAULTS.histogram_bins) -> tuple[int, ...]:
    """Trainees per band of the maximum total; 100% falls in the top band, anything outside is clamped."""
    counts = [0] * bins
    for p in percents:
        counts[min(bins - 1, max(0, math.floor(p * bins / 100.0 + NOISE)))] += 1
    return tuple(counts)


def analyse(
    assignment: str,
    title: str,
    questions: Sequence[Question],
    records: Sequence[TraineeRecord],
    notes: Sequence[str] = (),
    settings: ReportSettings = DEFAULTS,
) -> CohortReport:
    """The whole item analysis of a cohort (trainees taken in order of their id), by ``settings``."""
    ordered = sorted(records, key=lambda r: r.student)
    ids = [q.id for q in questions]
    totals = [total_of(r, ids) for r in ordered]
    max_total = float(sum(q.points for q in questions))
    trainees = tuple(
        TraineeTotal(r.student, t, max_total, sum(r.scores.get(q) is None for q in ids))
        for r, t in zip(ordered, totals, strict=True)
    )
    return CohortReport(
        assignment=assignment,
        title=title,
        questions=tuple(questions),
        items=tuple(item_stats(i + 1, q, ordered, totals, settings) for i, q in enumerate(questions)),
        options=tuple(o for q in questions for o in option_counts(q, [r.answers.get(q.id) for r in ordered])),
        trainees=trainees,
        histogram=histogram([p for t in trainees if (p := t.percent) is not None], settings.histogram_bins),
        max_total=max_total,
        notes=tuple(notes),
        settings=settings,
    )
