"""Measures of how questions are laid out in a real Jupyter page, computed in the browser.

``LAYOUT_JS`` takes, in each question box (``.asit-question``), the bounding box of every
option label, checkbox, dropdown and text box, and returns: the pairs of them that overlap,
those that leave the notebook panel, and those whose text is cut (scrolled or hidden).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LAYOUT_JS = """
([panelSelector, index]) => {
  const parts = '.widget-radio-box label, .widget-checkbox, .widget-dropdown > .widget-label,'
    + ' .widget-dropdown > select, .widget-text input, .widget-textarea textarea, .widget-button';
  const result = {questions: 0, boxes: 0, overlaps: [], outside: [], cut: []};
  const name = (el) => (el.innerText || el.value || el.tagName).trim().slice(0, 60);
  for (const question of [document.querySelectorAll('.asit-question')[index]]) {
    // the notebook that holds this question (another, hidden panel may match the selector first)
    const panel = question.closest('.jp-Notebook') || document.querySelector(panelSelector);
    const bounds = panel.getBoundingClientRect();
    result.questions += 1;
    const items = [...question.querySelectorAll(parts)].filter((el) => el.offsetParent !== null);
    const rects = items.map((el) => el.getBoundingClientRect());
    result.boxes += items.length;
    for (let i = 0; i < items.length; i++) {
      const a = rects[i];
      if (a.left < bounds.left - 0.5 || a.right > bounds.right + 0.5) {
        result.outside.push(`${name(items[i])}: ${Math.round(a.left)}-${Math.round(a.right)} `
          + `not within ${Math.round(bounds.left)}-${Math.round(bounds.right)}`);
      }
      const el = items[i];
      const style = getComputedStyle(el);
      if (el.tagName === 'LABEL' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          && style.overflow !== 'visible') {
        result.cut.push(name(el));
      }
      for (let j = i + 1; j < items.length; j++) {
        const b = rects[j];
        if (items[i].contains(items[j]) || items[j].contains(items[i])) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) result.overlaps.push(`${name(items[i])} | ${name(items[j])}`);
      }
    }
  }
  return result;
}
"""


@dataclass
class Layout:
    """What ``LAYOUT_JS`` found on one page."""

    questions: int
    boxes: int
    overlaps: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return (
            [f"overlap: {o}" for o in self.overlaps]
            + [f"outside: {o}" for o in self.outside]
            + [f"cut: {c}" for c in self.cut]
        )


def measure(page: Any, panel: str) -> Layout:
    """Measure every question of the page, each scrolled into view first (Jupyter draws only what
    is near the screen)."""
    total = Layout(0, 0)
    for index, question in enumerate(page.locator(".asit-question").all()):
        question.scroll_into_view_if_needed()
        data = page.evaluate(LAYOUT_JS, [panel, index])
        total.questions += data["questions"]
        total.boxes += data["boxes"]
        total.overlaps += data["overlaps"]
        total.outside += data["outside"]
        total.cut += data["cut"]
    return total
