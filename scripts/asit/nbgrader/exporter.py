"""Feedback pages that load nothing from outside: nbgrader's feedback HTML, minus remote scripts.

nbgrader's feedback template always adds MathJax from a CDN. Academy networks are often
closed and the course makes no request outside itself, so the feedback exporter drops
every ``<script src="http...">`` (the course's feedback has no mathematics to typeset).
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert.exporters import HTMLExporter

REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>", re.IGNORECASE)


def strip_remote_scripts(page: str) -> str:
    return REMOTE_SCRIPT.sub("", page)


class OfflineHTMLExporter(HTMLExporter):
    """HTMLExporter whose pages reference no script on another site."""

    def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:  # type: ignore[override]
        output, resources = super().from_notebook_node(nb, resources, **kw)
        return strip_remote_scripts(output), resources
