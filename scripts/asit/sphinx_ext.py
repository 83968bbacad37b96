"""Sphinx extension of the course: serves the player's script and styles from the package.

Everything a built page loads comes from the site itself (the course runs offline), so the
player's files are copied into ``_static`` by Sphinx rather than linked from anywhere else.
It also mends what the HTML writer emits for accessibility: every page must pass WCAG 2.1 AA.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .settings_doc import SettingsTableDirective

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


# docutils marks each bibliography entry role="doc-biblioentry" inside a role="list" wrapper.
# DPUB-ARIA 1.1 deprecates that role, and a list must hold list items: as "listitem" the
# entries are the wrapper's items, which screen readers announce as a list of N sources.
DEPRECATED_ROLES = {'role="doc-biblioentry"': 'role="listitem"'}


def _accessible_roles(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Replace deprecated ARIA roles in the page body with the roles that say the same."""
    body = context.get("body")
    if not isinstance(body, str):
        return
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(old, new)
    context["body"] = body


# The theme's own controls, as written into every page: the colour-mode icons carry a title
# (read as the button's text, which then differs from its label "Color mode") and the search
# field's label "Search" leaves out its visible shortcut text. Both are decorative or
# redundant: the icons are hidden from assistive technology, the field is named by its text.
THEME_FIXES = (
    (
        re.compile(r'<i class="theme-switch ([^"]*)" data-mode="(\w+)"\s+title="[^"]*"'),
        r'<i class="theme-switch \1" data-mode="\2" aria-hidden="true"',
    ),
    (re.compile(r'(<button class="[^"]*search-button-field[^"]*"[^>]*?) aria-label="Search"'), r"\1"),
)


def _mend_theme_controls(app: Any, exception: Exception | None) -> None:
    """After a successful HTML build, mend the theme's controls in every written page."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        mended = text
        for pattern, replacement in THEME_FIXES:
            mended = pattern.sub(replacement, mended)
        if mended != text:
            page.write_text(mended, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _drop_remote_loaders)
    app.connect("html-page-context", _accessible_roles)
    app.connect("build-finished", _mend_theme_controls)
    app.add_css_file("asit.css")
    app.add_js_file("asit-scoring.js", defer="defer")  # deferred scripts run in order: scoring first
    app.add_js_file("asit-player.js", defer="defer")
    # Reports practice to an LMS (SCORM) or an LRS (xAPI) when launched by one; idle otherwise.
    # It loads before the player so that its hook is in place when the player starts.
    app.add_config_value("asit_lms_settings", "", "html")  # a change rebuilds every page
    app.connect("config-inited", _add_lms_settings)
    app.add_js_file("asit-lms.js", defer="defer", priority=450)
    # The authoring page's table of the course's settings, generated from the settings model.
    app.add_directive("asit-settings", SettingsTableDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
