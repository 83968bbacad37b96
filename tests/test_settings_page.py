"""The authoring page lists every setting under ``asit:`` with its default and description,
from a table generated from the settings model (never written by hand)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from asit.models import CourseSettings
from asit.settings import ReportSettings, SettingRow, settings_rows
from asit.settings_doc import settings_table

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "book" / "authoring.md"


def test_every_setting_has_a_row_with_default_and_description() -> None:
    rows = settings_rows(CourseSettings)
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys))
    for family, model in CourseSettings.model_fields.items():
        annotation = model.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            assert {f"asit.{family}.{name}" for name in annotation.model_fields} <= set(keys)
        else:
            assert f"asit.{family}" in keys
    assert all(r.description and r.default and r.type for r in rows), [r for r in rows if not r.description]
    by_key = {r.key: r for r in rows}
    description = ReportSettings.model_fields["too_easy"].description
    assert by_key["asit.report.too_easy"] == SettingRow("asit.report.too_easy", "number", "0.9", str(description))
    assert by_key["asit.jupyterhub_url"].default == "null" and by_key["asit.grading.execute_timeout"].default == "120"


def test_the_table_holds_every_row() -> None:
    rows = settings_rows(CourseSettings)
    text = settings_table(rows).astext()
    for row in rows:
        assert row.key in text and row.description in text


def test_the_authoring_page_generates_its_table() -> None:
    source = PAGE.read_text(encoding="utf-8")
    assert "```{asit-settings}\n```" in source
    assert "| `asit." not in source  # no hand-written copy of the table to drift


def _cells(html: str) -> list[list[str]]:
    table = html[html.index('<table class="asit-settings') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    plain = [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
        for r in rows
    ]
    return [[c.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') for c in r] for r in plain]


@pytest.mark.slow
def test_the_built_authoring_page_lists_every_setting(tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "asit.sphinx_ext"]\n'
        'myst_enable_extensions = ["colon_fence", "deflist", "substitution"]\n',
        encoding="utf-8",
    )
    shutil.copy(PAGE, tmp_path / "index.md")
    out = tmp_path / "_build"
    app = Sphinx(str(tmp_path), str(tmp_path), str(out), str(tmp_path / "_doctrees"), "html", status=None, warning=None)
    app.build()
    cells = _cells((out / "index.html").read_text(encoding="utf-8"))
    assert cells[0] == ["Setting", "Type", "Default", "What it does"]
    expected = [[r.key, r.type, r.default, r.description] for r in settings_rows(CourseSettings)]
    assert cells[1:] == expected
