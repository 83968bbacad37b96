"""Sphinx extension of the course: serves the player's script and styles from the package.

Everything a built page loads comes from the site itself (the course runs offline), so the
player's files are copied into ``_static`` by Sphinx rather than linked from anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Any, config: Any) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    # myst-nb would link widget scripts from a CDN on pages with widget output; none here.
    config.nb_ipywidgets_js = {}


def _drop_remote_loaders(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Remove Thebe's scripts: live code needs a remote kernel and loads its library from a CDN."""
    scripts = context.get("script_files")
    if scripts is None:
        return
    context["script_files"] = [
        js
        for js in scripts
        if "thebe" not in str(js) and "thebe" not in str(getattr(js, "attributes", {}).get("body", ""))
    ]


def _add_lms_settings(app: Any, config: Any) -> None:
    """The course's LMS and LRS settings (``asit:`` in _config.yml), for asit-lms.js."""
    from .export.settings import lms_settings_script

    config.asit_lms_settings = lms_settings_script(Path(app.srcdir))
    app.add_js_file(None, body=config.asit_lms_settings, priority=440)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _drop_remote_loaders)
    app.add_css_file("asit.css")
    app.add_js_file("asit-scoring.js", defer="defer")  # deferred scripts run in order: scoring first
    app.add_js_file("asit-player.js", defer="defer")
    # Reports practice to an LMS (SCORM) or an LRS (xAPI) when launched by one; idle otherwise.
    # It loads before the player so that its hook is in place when the player starts.
    app.add_config_value("asit_lms_settings", "", "html")  # a change rebuilds every page
    app.connect("config-inited", _add_lms_settings)
    app.add_js_file("asit-lms.js", defer="defer", priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
