"""The report's page: one self-contained HTML file an instructor opens from disk.

No script, no font, no image from anywhere: the styles are inline and the histogram is an
SVG drawn by the template. Accessible: every table has a caption and header cells, the plot
has a text alternative and the same figures in a table, and flags are words, not colours
only. The page is ``templates/report.html.j2``: every text from the course or the gradebook
is escaped by the template; this module only works out what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Question, TextQuestion
from ..templating import render
from ..widgets.views import plain
from . import numbers, stats
from .stats import CohortReport, ItemStats, OptionCount


def band_label(index: int, bins: int) -> str:
    low, high = 100 * index // bins, 100 * (index + 1) // bins
    return f"{low}–{high}%"


# ---------------------------------------------------------------- histogram


@dataclass(frozen=True)
class Tick:
    """A grid line of the histogram: its count and where it is drawn."""

    value: int
    y: str
    label_y: str


@dataclass(frozen=True)
class Bar:
    """One band of the histogram: its label, its count and where its bar is drawn."""

    label: str
    count: int
    x: str
    y: str
    width: str
    height: str
    count_x: str
    count_y: str
    label_x: str


@dataclass(frozen=True)
class Histogram:
    """Where everything of the bar chart goes, in SVG units (coordinates as written to the page)."""

    width: int
    height: int
    left: int
    right: int  # where the plot ends on the right
    axis_y: int
    label_y: int
    title_x: str
    title_y: int
    middle_y: str
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def histogram(counts: Sequence[int]) -> Histogram:
    """The bar chart of trainees per score band: a grid of about five lines, one bar per band."""
    width, height = 640, 280
    left, right, top, bottom = 48, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    bins = len(counts)
    step = max(1, math.ceil(max(counts, default=0) / 5))
    y_max = max(step, step * math.ceil(max(counts, default=0) / step))
    slot = plot_w / bins
    ticks = []
    for tick in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * tick / y_max
        ticks.append(Tick(tick, one_decimal(y), one_decimal(y + 4)))
    bars = []
    for i, n in enumerate(counts):
        x = left + slot * i + slot * 0.1
        bar_h = plot_h * n / y_max
        y = top + plot_h - bar_h
        bars.append(
            Bar(
                label=band_label(i, bins),
                count=n,
                x=one_decimal(x),
                y=one_decimal(y),
                width=one_decimal(slot * 0.8),
                height=one_decimal(bar_h),
                count_x=one_decimal(x + slot * 0.4),
                count_y=one_decimal(y - 4),
                label_x=one_decimal(left + slot * (i + 0.5)),
            )
        )
    return Histogram(
        width=width,
        height=height,
        left=left,
        right=width - right,
        axis_y=top + plot_h,
        label_y=top + plot_h + 16,
        title_x=one_decimal(left + plot_w / 2),
        title_y=height - 12,
        middle_y=one_decimal(top + plot_h / 2),
        ticks=tuple(ticks),
        bars=tuple(bars),
    )


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class QuestionView:
    """One question as the page shows it: its measures, its prompt as text and the answers chosen."""

    item: ItemStats
    name: str
    prompt: str  # as one line of plain text
    title: str
    flag_text: str
    written: bool  # a written answer, graded by rubric: no options
    options: tuple[OptionCount, ...]


def question_name(item: ItemStats) -> str:
    return f"Question {item.position} ({item.question})"


def flag_text(item: ItemStats) -> str:
    """Each flag with the figure behind it, in words."""
    reasons = []
    for flag in item.flags:
        if flag == stats.FLAG_NEGATIVE:
            figures = f"discrimination {numbers.measure(item.discrimination) or 'n/c'}, "
            figures += f"point-biserial {numbers.measure(item.point_biserial) or 'n/c'}"
        else:
            figures = f"difficulty {numbers.measure(item.difficulty)}"
        reasons.append(f"{flag} ({figures})")
    return "; ".join(reasons)


def question_view(item: ItemStats, question: Question, options: Sequence[OptionCount]) -> QuestionView:
    name, prompt = question_name(item), plain(question.prompt)
    return QuestionView(
        item=item,
        name=name,
        prompt=prompt,
        title=f"{name}: {prompt}",
        flag_text=flag_text(item),
        written=isinstance(question, TextQuestion),
        options=tuple(options),
    )


def flagged_text(count: int) -> str:
    if count == 0:
        return "No question is flagged for review."
    return f"{count} question{' is' if count == 1 else 's are'} flagged for review."


def render_html(report: CohortReport) -> str:
    """The whole page."""
    questions = [
        question_view(item, q, [o for o in report.options if o.question == q.id])
        for item, q in zip(report.items, report.questions, strict=True)
    ]
    mean_total = report.mean_total
    share = 100 * mean_total / report.max_total if mean_total is not None and report.max_total > 0 else None
    return render(
        "report.html.j2",
        title=f"Cohort report: {report.title}",
        report=report,
        questions=questions,
        flagged=[q for q in questions if q.item.flags],
        flagged_text=flagged_text(len(report.flagged)),
        mean_share=share,
        band_width=100 // len(report.histogram),
        histogram=histogram(report.histogram),
        guide={
            "too_easy": report.settings.too_easy,
            "too_hard": report.settings.too_hard,
            "flag_too_easy": stats.FLAG_TOO_EASY,
            "flag_too_hard": stats.FLAG_TOO_HARD,
            "flag_negative": stats.FLAG_NEGATIVE,
            "group_share": round(report.settings.group_share * 100),
            "min_discrimination": f"{report.settings.min_discrimination:g}",
        },
        points=numbers.points,
        measure=numbers.measure,
        percent=numbers.percent,
        not_computable=numbers.NOT_COMPUTABLE,
    )
