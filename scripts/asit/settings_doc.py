"""The ``asit-settings`` directive: the table of the course's settings, generated from the model.

The authoring page lists every setting under ``asit:`` with its type, default and description
by this directive rather than by hand, so the page says what the code does: a new setting, or
a changed default, appears on the next build.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive

from .models import CourseSettings
from .settings import SettingRow, settings_rows

HEADERS = ("Setting", "Type", "Default", "What it does")
WIDTHS = (26, 10, 10, 54)


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _row(row: SettingRow) -> nodes.row:
    return nodes.row(
        "",
        _cell(nodes.literal(row.key, row.key)),
        _cell(nodes.Text(row.type)),
        _cell(nodes.literal(row.default, row.default)),
        _cell(nodes.Text(row.description)),
    )


def settings_table(rows: list[SettingRow]) -> nodes.table:
    """A docutils table of ``rows``, with a caption and a header row."""
    group = nodes.tgroup(cols=len(HEADERS))
    group += [nodes.colspec(colwidth=width) for width in WIDTHS]
    group += nodes.thead("", nodes.row("", *(_cell(nodes.Text(h)) for h in HEADERS)))
    group += nodes.tbody("", *(_row(r) for r in rows))
    table = nodes.table("", nodes.title("", "The course's settings under asit: in _config.yml"), group)
    table["classes"].append("asit-settings")
    return table


class SettingsTableDirective(Directive):
    """``{asit-settings}``: no arguments, no content; the table of ``CourseSettings``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [settings_table(settings_rows(CourseSettings))]
