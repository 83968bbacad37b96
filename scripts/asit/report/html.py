"""The report's page: one self-contained HTML file an instructor opens from disk.

No script, no font, no image from anywhere: the styles are inline and the histogram is an
SVG drawn here. Accessible: every table has a caption and header cells, the plot has a
text alternative and the same figures in a table, and flags are words, not colours only.
Every text from the course or the gradebook is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape

from ..models import Question, TextQuestion
from ..widgets.views import plain
from . import numbers, stats
from .stats import CohortReport, ItemStats, OptionCount

CSS = """
:root { --text: #1f2328; --muted: #505a66; --line: #c7ced6; --accent: #0b6477; --flag: #a4231a;
  --flag-bg: #fcebea; --card: #f7f9fa; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text);
  margin: 0; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; min-width: 24rem; }
table.wide { width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--card); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged th, tr.flagged td { background: var(--flag-bg); }
.flag { color: var(--flag); font-weight: 600; }
.muted { color: var(--muted); }
figure { margin: 1rem 0; }
svg { max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--text); }
svg .bar { fill: var(--accent); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--text); stroke-width: 1; }
dt { font-weight: 600; margin-top: 0.5rem; }
@media print { tr.flagged th, tr.flagged td { background: none; } }
""".strip()

NOT_COMPUTABLE = '<abbr title="not computable">n/c</abbr>'


def cell(value: str, *, numeric: bool = False) -> str:
    """A table cell; an empty figure shows as not computable."""
    shown = escape(value) if value != numbers.NOT_COMPUTABLE else NOT_COMPUTABLE
    return f'<td class="num">{shown}</td>' if numeric else f"<td>{shown}</td>"


def header_row(columns: Sequence[str]) -> str:
    return "<tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns) + "</tr>"


def table(caption: str, columns: Sequence[str], rows: Iterable[str], *, wide: bool = False) -> str:
    body = "\n".join(rows)
    opening = '<table class="wide">' if wide else "<table>"
    return (
        f"{opening}\n<caption>{escape(caption)}</caption>\n<thead>{header_row(columns)}</thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def band_label(index: int, bins: int) -> str:
    low, high = 100 * index // bins, 100 * (index + 1) // bins
    return f"{low}–{high}%"


# ---------------------------------------------------------------- histogram


def histogram_svg(counts: Sequence[int], trainees: int) -> str:
    """A bar chart of trainees per score band, with a title and a description for screen readers."""
    width, height = 640, 280
    left, right, top, bottom = 48, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    bins = len(counts)
    step = max(1, math.ceil(max(counts, default=0) / 5))
    y_max = max(step, step * math.ceil(max(counts, default=0) / step))
    slot = plot_w / bins
    parts = [
        f'<svg role="img" aria-labelledby="hist-title hist-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="hist-title">Score distribution of {trainees} trainee{"" if trainees == 1 else "s"}</title>',
        '<desc id="hist-desc">Trainees per band of the maximum total: '
        + "; ".join(f"{band_label(i, bins)}: {n}" for i, n in enumerate(counts))
        + ".</desc>",
    ]
    for tick in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * tick / y_max
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, n in enumerate(counts):
        x = left + slot * i + slot * 0.1
        bar_h = plot_h * n / y_max
        y = top + plot_h - bar_h
        if n:
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{bar_h:.1f}"/>')
            parts.append(f'<text x="{x + slot * 0.4:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>')
        label_y = top + plot_h + 16
        parts.append(
            f'<text x="{left + slot * (i + 0.5):.1f}" y="{label_y}" text-anchor="middle">{band_label(i, bins)}</text>'
        )
    parts.append(f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"/>')
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle">'
        "Total score, as a share of the maximum</text>"
    )
    parts.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">Trainees</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def distribution_section(report: CohortReport) -> str:
    bins = len(report.histogram)
    rows = (
        f'<tr><th scope="row">{band_label(i, bins)}</th>{cell(str(n), numeric=True)}</tr>'
        for i, n in enumerate(report.histogram)
    )
    return "\n".join(
        [
            '<section aria-labelledby="distribution"><h2 id="distribution">Score distribution</h2>',
            "<figure>",
            histogram_svg(report.histogram, len(report.trainees)),
            f"<figcaption>Trainees per band of {100 // bins}% of the maximum total "
            f"({escape(numbers.points(report.max_total))} points); the top band includes 100%. "
            "The table below gives the same figures.</figcaption>",
            "</figure>",
            table("Score distribution: trainees per band", ("Band", "Trainees"), rows),
            "</section>",
        ]
    )


# ---------------------------------------------------------------- questions


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


def review_section(report: CohortReport) -> str:
    flagged = report.flagged
    if not flagged:
        body = "<p>No question is flagged.</p>"
    else:
        items = "\n".join(
            f'<li><a href="#q-{escape(i.question)}">{escape(question_name(i))}</a>: '
            f'<span class="flag">{escape(flag_text(i))}</span></li>'
            for i in flagged
        )
        body = f"<ul>\n{items}\n</ul>"
    return f'<section aria-labelledby="review"><h2 id="review">Questions to review</h2>\n{body}\n</section>'


def question_row(item: ItemStats, question: Question) -> str:
    flags = f'<span class="flag">{escape("; ".join(item.flags))}</span>' if item.flags else ""
    answered = "written in the notebook" if item.answered is None else str(item.answered)
    marked = ' class="flagged"' if item.flags else ""
    return (
        f'<tr id="q-{escape(item.question)}"{marked}>'
        f'<th scope="row">{item.position}</th>'
        f"<td><code>{escape(item.question)}</code><br>{escape(plain(question.prompt))}</td>"
        f"<td>{escape(item.kind)}</td>"
        + cell(numbers.points(item.max_points), numeric=True)
        + cell(str(item.graded), numeric=True)
        + cell(answered, numeric=item.answered is not None)
        + cell(numbers.points(item.mean), numeric=True)
        + cell(numbers.measure(item.difficulty), numeric=True)
        + cell(numbers.measure(item.discrimination), numeric=True)
        + cell(numbers.measure(item.point_biserial), numeric=True)
        + f"<td>{flags}</td></tr>"
    )


def questions_section(report: CohortReport) -> str:
    columns = (
        "#",
        "Question",
        "Kind",
        "Points",
        "Graded",
        "Answered",
        "Mean score",
        "Difficulty",
        "Discrimination (27%)",
        "Point-biserial",
        "Flags",
    )
    rows = (question_row(item, q) for item, q in zip(report.items, report.questions, strict=True))
    return (
        '<section aria-labelledby="questions"><h2 id="questions">Questions</h2>\n'
        + table("Item analysis, one row per question", columns, rows, wide=True)
        + "\n</section>"
    )


def option_table(item: ItemStats, question: Question, options: Sequence[OptionCount]) -> str:
    title = f"{question_name(item)}: {plain(question.prompt)}"
    if isinstance(question, TextQuestion):
        return f'<h3>{escape(title)}</h3>\n<p class="muted">A written answer, graded by rubric: no options.</p>'
    if not options:
        return f'<h3>{escape(title)}</h3>\n<p class="muted">No trainee gave an answer of the right shape.</p>'
    answered = options[0].answered
    rows = (
        f'<tr><th scope="row"><code>{escape(o.option)}</code> {escape(o.label)}</th>'
        f"<td>{'right' if o.correct else 'not right'}</td>"
        + cell(str(o.chosen), numeric=True)
        + cell(numbers.measure(o.share), numeric=True)
        + "</tr>"
        for o in options
    )
    caption = f"{title} ({answered} answered)"
    return table(caption, ("Option", "Key", "Chosen by", "Share of those who answered"), rows)


def options_section(report: CohortReport) -> str:
    tables = [
        option_table(item, q, [o for o in report.options if o.question == q.id])
        for item, q in zip(report.items, report.questions, strict=True)
    ]
    return (
        '<section aria-labelledby="options"><h2 id="options">Answers chosen</h2>\n'
        "<p>From the trainees' answers files. For a decision, the best choice is marked right; for an order "
        "question, each step in each place; for a match, each pairing; for a number, each value given.</p>\n"
        + "\n".join(tables)
        + "\n</section>"
    )


def trainees_section(report: CohortReport) -> str:
    rows = (
        f'<tr><th scope="row">{escape(t.student)}</th>'
        + cell(numbers.points(t.total), numeric=True)
        + cell(numbers.percent(t.percent), numeric=True)
        + cell(str(t.ungraded), numeric=True)
        + "</tr>"
        for t in report.trainees
    )
    caption = f"Total per trainee, out of {numbers.points(report.max_total)} points"
    return (
        '<section aria-labelledby="trainees"><h2 id="trainees">Trainees</h2>\n'
        + table(caption, ("Trainee", "Total", "Percent", "Questions awaiting a grade"), rows)
        + "\n</section>"
    )


# ---------------------------------------------------------------- reading guide, notes, page


def guide_section() -> str:
    share = round(stats.GROUP_SHARE * 100)
    return f"""<section aria-labelledby="guide"><h2 id="guide">How to read this report</h2>
<dl>
<dt>Difficulty</dt>
<dd>The mean score over the question's points: 1 means everyone had full points. Flagged
<em>{stats.FLAG_TOO_EASY}</em> above {stats.TOO_EASY} and <em>{stats.FLAG_TOO_HARD}</em> below {stats.TOO_HARD}.</dd>
<dt>Discrimination (27%)</dt>
<dd>The mean score of the {share}% of trainees with the highest totals minus that of the {share}% with
the lowest, over the question's points (each group at least one trainee; ties broken by trainee id).
Not computable (n/c) with one trainee or when every total is the same.</dd>
<dt>Point-biserial</dt>
<dd>The correlation of the question's score with the rest of the test (the total without this question).
Not computable when the question's scores or the rest-of-test totals do not vary.</dd>
<dt>Flags</dt>
<dd>A question is flagged <em>{stats.FLAG_NEGATIVE}</em> when its discrimination or its point-biserial is
below {stats.MIN_DISCRIMINATION:g}: trainees who did worse overall did better on it. Check its key and its wording.</dd>
<dt>Scores</dt>
<dd>From the nbgrader gradebook (the grade of record). A question awaiting a grade (a written answer not yet
graded) counts 0 in a trainee's total and is left out of that question's figures. The answers chosen come from
the answers files; a malformed file counts as unanswered.</dd>
</dl>
</section>"""


def notes_section(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    items = "\n".join(f"<li>{escape(n)}</li>" for n in notes)
    return f'<section aria-labelledby="notes"><h2 id="notes">Notes on the data</h2>\n<ul>\n{items}\n</ul>\n</section>'


def flagged_text(count: int) -> str:
    if count == 0:
        return "No question is flagged for review."
    return f"{count} question{' is' if count == 1 else 's are'} flagged for review."


def summary(report: CohortReport) -> str:
    n = len(report.trainees)
    mean_total = report.mean_total
    share = 100 * mean_total / report.max_total if mean_total is not None and report.max_total > 0 else None
    return (
        f"<p>Assignment <code>{escape(report.assignment)}</code>: {n} graded submission{'' if n == 1 else 's'}, "
        f"{len(report.items)} questions; mean total {escape(numbers.points(mean_total))} of "
        f"{escape(numbers.points(report.max_total))} points ({escape(numbers.percent(share))}%). "
        + flagged_text(len(report.flagged))
        + "</p>"
    )


def render_html(report: CohortReport) -> str:
    """The whole page."""
    title = f"Cohort report: {report.title}"
    sections = [
        summary(report),
        review_section(report),
        distribution_section(report),
        questions_section(report),
        options_section(report),
        trainees_section(report),
        notes_section(report.notes),
        guide_section(),
    ]
    body = "\n".join(s for s in sections if s)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
{CSS}
</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
{body}
</main>
</body>
</html>
"""
