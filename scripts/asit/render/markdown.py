"""Markdown to HTML for text shown by the browser player and in notebooks.

Scenario text is CommonMark without raw HTML, so an author's text can never inject markup.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(text: str) -> str:
    """Render Markdown to an HTML fragment (no raw HTML passes through)."""
    return str(_parser().render(text)).strip()
