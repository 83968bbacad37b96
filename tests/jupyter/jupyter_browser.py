"""The browser side of the tests in real Jupyter: a record of every request, script error and
Jupyter dialog of the pages a context opens, and screenshots under _build/screenshots/jupyter/."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "_build" / "screenshots" / "jupyter"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LOCAL = re.compile(r"^(?:https?|wss?)://127\.0\.0\.1[:/]|^(?:data|blob|about):")
# Console errors that come from the course's widgets (their views, models or our own names).
COURSE_ERROR = re.compile(r"asit|widget|Could not create (?:a )?(?:view|model)", re.IGNORECASE)
# Reports the title of every Jupyter dialog (Lab's and Notebook 7's .jp-Dialog) the moment it opens.
DIALOG_JS = """
(() => {
  const seen = new WeakSet();
  const report = (dialog) => {
    if (seen.has(dialog)) return;
    seen.add(dialog);
    // The step is taken the moment the dialog opens; its title is filled in later (late on a
    // busy machine): wait for it, up to 5 s, then name the dialog by its whole text.
    const opened = window.asitDialogSeen();
    let tries = 0;
    const read = () => {
      const title = dialog.querySelector('.jp-Dialog-header');
      const titled = title && title.textContent.trim();
      if (!titled && tries++ < 50) { setTimeout(read, 100); return; }
      const text = titled || dialog.textContent.trim();
      opened.then((index) => window.asitDialogTitled(index, text.replace(/\\s+/g, ' ').slice(0, 120)));
    };
    setTimeout(read, 100);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches('.jp-Dialog')) report(node);
        node.querySelectorAll('.jp-Dialog').forEach(report);
      }
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""


@dataclass
class Watch:
    """Every request the browser made and every script error, across all pages of a context."""

    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    paused: bool = False  # while a kernel is restarted on purpose, widget errors are expected
    step: str = "start"  # what the person is doing, named in the record of dialogs
    dialogs: list[tuple[str, str]] = field(default_factory=list)  # (step, dialog title), in order

    def _dialog_seen(self) -> int:
        """A dialog opened during the current step; its title comes later (``_dialog_titled``)."""
        self.dialogs.append((self.step, ""))
        return len(self.dialogs) - 1

    def _dialog_titled(self, index: int, title: str) -> None:
        step, _untitled = self.dialogs[index]
        self.dialogs[index] = (step, title)

    def titled_dialogs(self, page: Any, seconds: float = 6.0) -> list[tuple[str, str]]:
        """The dialogs, once each has its title (Playwright delivers them while ``page`` waits)."""
        deadline = time.monotonic() + seconds
        while any(title == "" for _step, title in self.dialogs) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        return list(self.dialogs)

    def outside(self) -> list[str]:
        return [url for url in self.requests if not LOCAL.match(url)]

    def course_errors(self) -> list[str]:
        """Script errors that come from the course's widgets (by message or stack); Jupyter's own
        are kept in ``page_errors`` and ``console_errors`` for a person to read."""
        return [e for e in self.page_errors + self.console_errors if COURSE_ERROR.search(e)]

    def attach(self, context: Any) -> Any:
        def route(route: Any) -> None:
            if LOCAL.match(route.request.url):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._page)
        context.expose_binding("asitDialogSeen", lambda _source: self._dialog_seen())
        context.expose_binding("asitDialogTitled", lambda _source, index, title: self._dialog_titled(index, title))
        context.add_init_script(DIALOG_JS)
        return context

    def dialogs_in(self, step: str) -> list[str]:
        return [title for at, title in self.dialogs if at == step]

    def _page(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(f"{error.message}\n{error.stack or ''}"))
        page.on("console", lambda msg: self._console(msg))

    def _console(self, msg: Any) -> None:
        if msg.type == "error" and not self.paused:
            self.console_errors.append(msg.text)


def screenshot_path(name: str) -> Path:
    """Where the screenshot ``name`` is kept: under _build/screenshots/jupyter/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def shot(page: Any, name: str, **options: Any) -> Path:
    """Save a screenshot of the page."""
    path = screenshot_path(name)
    page.screenshot(path=str(path), **options)
    return path


def keep_the_offered_kernel(page: Any, kernel_started: Callable[[], bool], timeout: float = 90.0) -> bool:
    """Jupyter may ask which kernel to start for a notebook it opens before it has read the list
    of kernels: a trainee keeps the one offered (Python 3) and presses Select, as
    book/how-to-use.md says. Waits until Jupyter either asks or starts the kernel by itself
    (``kernel_started``: it then asks nothing); returns whether it asked."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dialog.count() and dialog.first.is_visible():
            shot(page, "lab-select-kernel")
            dialog.first.locator(".jp-Dialog-button.jp-mod-accept").click()
            return True
        if kernel_started():
            return False
        page.wait_for_timeout(250)
    raise AssertionError(f"no kernel started and no Select Kernel question in {timeout:.0f} s")
