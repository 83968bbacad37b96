"""Formgrader's grading page and the feedback page, drawn with the course's nbgrader config:
no script from another site, and the rules that make long lines wrap."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from asit.jupyter_setup.formgrader import NBGRADER_TEMPLATES
from asit.nbgrader.config import configure

REPO = Path(__file__).resolve().parents[2]
BOOTSTRAP_CSS = NBGRADER_TEMPLATES.parent / "static" / "node_modules" / "bootstrap" / "dist" / "css"
REMOTE = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//(?!/)""", re.IGNORECASE)


def page(template: str) -> str:
    config = Config()
    configure(config, REPO / "assessments", course_id="asit-thb")
    config.HTMLExporter.template_name = template
    config.HTMLExporter.extra_template_paths = [str(BOOTSTRAP_CSS)]  # as nbgrader's feedback sets it
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("A long line " * 60)])
    facts: dict[str, object] = {"score": 1, "max_score": 2, "late_penalty": 0}
    facts |= {"student": "tara", "notebook": "nb", "assignment": "a", "timestamp": "t"}
    resources = {"base_url": "", "index": 0, "total": 1, "nbgrader": facts}
    html, _ = HTMLExporter(config=config).from_notebook_node(notebook, resources=resources)
    return str(html)


def test_grading_and_feedback_pages_load_nothing_from_outside_and_wrap() -> None:
    for template in ("formgrade", "feedback"):
        html = page(template)
        assert "A long line" in html
        assert REMOTE.findall(html) == [], template
        assert re.findall(r"<script[^>]*mathjax", html, re.IGNORECASE) == [], template
        assert "white-space: pre-wrap" in html, template
