"""One ipywidgets control per question kind, each reading and writing the scoring shapes.

A control starts empty (no option preselected, so an untouched question is plainly
unanswered), can be filled from a saved answer, reports every change, and can be locked
once checked. Answers use the shapes of ``asit.scoring``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..answer_shape import finite_number, id_list
from .views import Entry, QuestionView, plain

Listener = Callable[[Any], None]
WIDE = {"width": "auto"}  # a layout per control, made when shown (none at import: no widget in a grading run)
LABEL_STYLE = {"description_width": "initial"}


class Control:
    """A question's input: ``widget`` to show, ``get``/``set`` the answer, ``on_change`` to hear edits."""

    def __init__(self, view: QuestionView) -> None:
        self.view = view
        self._listeners: list[Listener] = []
        self._quiet = False
        self.widget: widgets.Widget = widgets.VBox()

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, answer: Any) -> None:
        """Show a saved answer; one of the wrong shape or naming unknown ids is ignored."""
        self._quiet = True
        try:
            self._set(answer)
        finally:
            self._quiet = False

    def _set(self, answer: Any) -> None:
        raise NotImplementedError

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _changed(self, _change: Any = None) -> None:
        if self._quiet:
            return
        answer = self.get()
        for listener in self._listeners:
            listener(answer)

    def inputs(self) -> list[widgets.Widget]:
        """The widgets a learner edits (locked together by ``disable``)."""
        return []

    def disable(self, disabled: bool = True) -> None:
        for widget in self.inputs():
            widget.disabled = disabled


def _options(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    return [(plain(e.text), e.id) for e in entries]


class ChoiceControl(Control):
    """single and decision: radio buttons with nothing selected at first."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        self.radio = widgets.RadioButtons(options=_options(view.entries), value=None, layout=WIDE)
        self.radio.observe(self._changed, names="value")
        self.widget = self.radio

    def get(self) -> Any:
        return self.radio.value

    def _set(self, answer: Any) -> None:
        ids = {e.id for e in self.view.entries}
        self.radio.value = answer if isinstance(answer, str) and answer in ids else None

    def inputs(self) -> list[widgets.Widget]:
        return [self.radio]


class MultipleControl(Control):
    """multiple: one checkbox per option."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        self.boxes = {
            e.id: widgets.Checkbox(value=False, description=plain(e.text), indent=False, layout=WIDE)
            for e in view.entries
        }
        for box in self.boxes.values():
            box.observe(self._changed, names="value")
        self.widget = widgets.VBox(list(self.boxes.values()))

    def get(self) -> Any:
        return [oid for oid, box in self.boxes.items() if box.value]

    def _set(self, answer: Any) -> None:
        picks = set(id_list(answer) or [])
        for oid, box in self.boxes.items():
            box.value = oid in picks

    def inputs(self) -> list[widgets.Widget]:
        return list(self.boxes.values())


class OrderControl(Control):
    """order: a dropdown per position; picking a step already placed swaps the two."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        options = _options(view.entries)
        self.slots = [
            widgets.Dropdown(options=options, value=None, description=f"Step {n}", style=LABEL_STYLE, layout=WIDE)
            for n in range(1, len(view.entries) + 1)
        ]
        for index, slot in enumerate(self.slots):
            slot.observe(lambda change, i=index: self._picked(i, change), names="value")
        self.widget = widgets.VBox(self.slots)

    def _picked(self, index: int, change: Any) -> None:
        new, old = change["new"], change["old"]
        if new is not None and not self._quiet:
            for other, slot in enumerate(self.slots):
                if other != index and slot.value == new:
                    self._quiet = True
                    try:
                        slot.value = old
                    finally:
                        self._quiet = False
        self._changed()

    def get(self) -> Any:
        return [slot.value or "" for slot in self.slots]

    def _set(self, answer: Any) -> None:
        ids = {e.id for e in self.view.entries}
        valid = id_list(answer) is not None
        seen: set[str] = set()
        for index, slot in enumerate(self.slots):
            value = answer[index] if valid and index < len(answer) else None
            ok = value in ids and value not in seen
            slot.value = value if ok else None
            if ok:
                seen.add(str(value))

    def inputs(self) -> list[widgets.Widget]:
        return list(self.slots)


class MatchControl(Control):
    """match: a dropdown of targets beside each item."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        options = _options(view.targets)
        self.pickers = {
            e.id: widgets.Dropdown(
                options=options, value=None, description=plain(e.text), style=LABEL_STYLE, layout=WIDE
            )
            for e in view.entries
        }
        for picker in self.pickers.values():
            picker.observe(self._changed, names="value")
        self.widget = widgets.VBox(list(self.pickers.values()))

    def get(self) -> Any:
        return {item: picker.value for item, picker in self.pickers.items() if picker.value is not None}

    def _set(self, answer: Any) -> None:
        targets = {e.id for e in self.view.targets}
        pairs = answer if isinstance(answer, dict) else {}
        for item, picker in self.pickers.items():
            value = pairs.get(item)
            picker.value = value if value in targets else None

    def inputs(self) -> list[widgets.Widget]:
        return list(self.pickers.values())


def parse_number(text: str) -> float | None:
    """A number as typed: "30", " 30.5 ", "30,5" (decimal comma); anything else is None."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class NumericControl(Control):
    """numeric: a text box read as a number (empty stays unanswered, unlike a number box's 0)."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        unit = f" ({view.unit})" if view.unit else ""
        self.box = widgets.Text(value="", placeholder=f"a number{unit}", description="Answer", style=LABEL_STYLE)
        self.hint = widgets.HTML("")
        self.box.observe(self._typed, names="value")
        self.widget = widgets.HBox([self.box, widgets.Label(view.unit), self.hint])

    def _typed(self, change: Any) -> None:
        bad = self.box.value.strip() != "" and parse_number(self.box.value) is None
        self.hint.value = "<em>Please type a number.</em>" if bad else ""
        self._changed()

    def get(self) -> Any:
        value = parse_number(self.box.value)
        if value is not None and value == int(value) and abs(value) < 2**53:
            return int(value)
        return value

    def _set(self, answer: Any) -> None:
        self.box.value = f"{answer:g}" if finite_number(answer) is not None else ""

    def inputs(self) -> list[widgets.Widget]:
        return [self.box]


class TextControl(Control):
    """text: a free-text area."""

    def __init__(self, view: QuestionView) -> None:
        super().__init__(view)
        self.area = widgets.Textarea(
            value="", placeholder="Type your answer here.", layout=widgets.Layout(width="100%", height="8em")
        )
        self.area.observe(self._changed, names="value")
        self.widget = self.area

    def get(self) -> Any:
        return self.area.value if self.area.value.strip() else None

    def _set(self, answer: Any) -> None:
        self.area.value = answer if isinstance(answer, str) else ""

    def inputs(self) -> list[widgets.Widget]:
        return [self.area]


RENDERERS: dict[str, type[Control]] = {
    "single": ChoiceControl,
    "decision": ChoiceControl,
    "multiple": MultipleControl,
    "order": OrderControl,
    "match": MatchControl,
    "numeric": NumericControl,
    "text": TextControl,
}


def make_control(view: QuestionView) -> Control:
    """The control for a question's kind."""
    return RENDERERS[view.kind](view)
