"""Formgrader's and the feedback's pages without MathJax from a CDN, and with wrapping text.

nbgrader draws the manual-grading page and the feedback page from nbconvert templates that
call a ``mathjax()`` macro: it loads MathJax from cdnjs (four requests; offline the page
waits and breaks). nbconvert looks for a template in each base folder in turn, so the
course's folder goes first: its ``base/mathjax.html.j2`` replaces the macro with no remote
script and a few rules that make long lines of text and test output wrap to the page.
nbgrader's own template folder follows (formgrader and feedback set it as their only base
folder, and the course's setting replaces theirs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbgrader

TEMPLATES = Path(__file__).resolve().parent / "templates"
NBGRADER_TEMPLATES = Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"


def offline_pages(c: Any) -> None:
    """Make every HTML exporter nbgrader configures find the course's templates first."""
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]
