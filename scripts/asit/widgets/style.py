"""How questions look in Jupyter: wrapped option labels, controls inside the notebook, and a
plain instruction where controls cannot be drawn.

ipywidgets gives each radio and checkbox label one fixed-height line: a long option wraps
over the next one or is cut with "…", and a long match item pushes its dropdown out of the
notebook. Every question is therefore shown in a box of class ``asit-question`` whose
stylesheet (an HTML widget, so it exists exactly while widgets are drawn) lets labels wrap,
gives each option its own height and keeps dropdowns within the notebook's width.

Before each question's controls comes a short note, as ordinary HTML output: "run all
cells". The stylesheet hides it beside controls that are drawn and alive; where they are not
(the notebook reopened or its kernel restarted: Jupyter then shows "model not found" or
greys the controls out) the note stays in view and says what to do.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

QUESTION_CLASS = "asit-question"
NOTE_CLASS = "asit-restart-note"
OUTPUT_AREAS = (".jp-OutputArea", ".output_area")  # JupyterLab and Notebook 7; classic notebook

NOTE_TEXT = (
    "<strong>To {what}, run all cells</strong>: menu <em>Run → Run All Cells</em> "
    "(after a kernel restart: <em>Kernel → Restart Kernel and Run All Cells</em>). "
    "The controls then appear here{saved}."
)


def _each_area(selector: str) -> str:
    return ", ".join(f"{area}{selector}" for area in OUTPUT_AREAS)


STYLESHEET = f"""
.{QUESTION_CLASS} {{ max-width: 100%; overflow: visible; }}
.{QUESTION_CLASS} .widget-radio, .{QUESTION_CLASS} .widget-checkbox,
.{QUESTION_CLASS} .widget-dropdown, .{QUESTION_CLASS} .widget-textarea {{
  width: 100% !important; max-width: 100%; height: auto; line-height: 1.4; box-sizing: border-box; }}
.{QUESTION_CLASS} .widget-radio-box {{ height: auto; overflow: visible; gap: 0.35em; }}
.{QUESTION_CLASS} .widget-radio-box label,
.{QUESTION_CLASS} .widget-checkbox .widget-label-basic {{
  display: flex; align-items: flex-start; gap: 0.6em; height: auto; min-height: 1.6em;
  line-height: 1.4; padding: 0.2em 0; white-space: normal; overflow: visible;
  text-overflow: clip; overflow-wrap: anywhere; cursor: pointer; }}
.{QUESTION_CLASS} .widget-radio-box input, .{QUESTION_CLASS} .widget-checkbox input {{
  order: -1; flex: 0 0 auto; float: none; margin: 0.2em 0 0 1px; height: 1em; }}
.{QUESTION_CLASS} .widget-checkbox {{ margin-bottom: 0.35em; }}
.{QUESTION_CLASS} .widget-dropdown {{ flex-wrap: wrap; gap: 0.2em 0.6em; margin-bottom: 0.5em; }}
.{QUESTION_CLASS} .widget-dropdown > .widget-label {{
  flex: 1 1 20em; max-width: 100%; width: auto; text-align: left; white-space: normal;
  overflow: visible; line-height: 1.4; height: auto; }}
.{QUESTION_CLASS} .widget-dropdown > select {{ flex: 1 1 16em; min-width: 0; max-width: 100%; }}
.{QUESTION_CLASS} .widget-hbox {{ flex-wrap: wrap; max-width: 100%; }}
.{QUESTION_CLASS} .widget-text {{ max-width: 100%; min-width: 0; }}
.{QUESTION_CLASS} .widget-text input {{ min-width: 0; }}
.{QUESTION_CLASS} :focus-visible {{ outline: 2px solid #1a5fb4; outline-offset: 2px; }}
.{QUESTION_CLASS}.jupyter-widgets-disconnected {{ opacity: 0.45; }}
.{QUESTION_CLASS}.jupyter-widgets-disconnected::before,
.{QUESTION_CLASS} .jupyter-widgets-disconnected::before {{ display: none; }}
{_each_area(f":has(.{QUESTION_CLASS}:not(.jupyter-widgets-disconnected)) .{NOTE_CLASS}")} {{ display: none; }}
.{NOTE_CLASS} {{ padding: 0.4em 0.6em; border-left: 4px solid #1a5fb4; background: rgba(26, 95, 180, 0.08); }}
"""


def question_box(control: widgets.Widget) -> widgets.VBox:
    """A question's controls in a box that carries the course's stylesheet."""
    box = widgets.VBox([widgets.HTML(f"<style>{STYLESHEET}</style>"), control], layout={"width": "100%"})
    box.add_class(QUESTION_CLASS)
    return box


def note_html(what: str = "answer this question", saved: bool = True) -> str:
    """The "run all cells" note shown where controls are not drawn."""
    text = NOTE_TEXT.format(what=what, saved=", with the answers you already saved" if saved else "")
    return f'<div class="{NOTE_CLASS}">{text}</div>'


def show_question(control: widgets.Widget, what: str = "answer this question", saved: bool = True) -> None:
    """Display the "run all cells" note, then the question's controls (which hide the note)."""
    display(HTML(note_html(what, saved)))  # type: ignore[no-untyped-call]
    display(question_box(control))  # type: ignore[no-untyped-call]
