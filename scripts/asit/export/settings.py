"""The LMS and LRS settings a built page needs, as a small inline script.

``asit-lms.js`` reads ``window.asitLmsSettings``: the course id (activity ids derive from it)
and the pass threshold, from ``asit:`` in ``_config.yml``, so an academy sets them once for
every page. An LRS is named by the launch address, never baked into the pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..loader import load_config
from ..models import CourseSettings


def lms_settings(settings: CourseSettings) -> dict[str, Any]:
    """What the browser needs to know, and nothing more."""
    return {
        "course_id": settings.course_id,
        "pass_percent": settings.lms_pass_percent,
    }


def settings_script_body(settings: CourseSettings) -> str:
    """``window.asitLmsSettings = {...};`` with sorted keys, safe inside a script element."""
    data = json.dumps(lms_settings(settings), sort_keys=True, ensure_ascii=True).replace("</", "<\\/")
    return f"window.asitLmsSettings = {data};"


def lms_settings_script(root: Path) -> str:
    """The script body for the course at ``root`` (a broken _config.yml is reported by the build's check)."""
    errors: list[ContentError] = []
    _, settings = load_config(root, errors)
    return settings_script_body(settings)
