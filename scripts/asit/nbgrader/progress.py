"""A plain-text progress bar with counts and rate, for long grading runs.

On a terminal the bar is redrawn in place (at most ten times a second); in a log or a
pipe it prints a line at each tenth of the run, at the end, and for every step marked
``always`` (a fallback or a failure), so a log stays short and keeps what matters.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.1


class Progress:
    """``autograde [ 30/200] ###................. 61.2/s alice: 12 ms``"""

    def __init__(
        self, total: int, label: str, stream: TextIO | None = None, width: int = 20, tty: bool | None = None
    ) -> None:
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = 0
        self.started = time.perf_counter()
        self._drawn_at = 0.0
        self._open_line = False

    def rate(self) -> float:
        """Steps per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self, name: str, note: str) -> str:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        digits = len(str(self.total))
        return f"{self.label} [{self.done:>{digits}}/{self.total}] {bar} {self.rate():.1f}/s {name}: {note}"

    def step(self, name: str, note: str, *, always: bool = False) -> None:
        self.done += 1
        last = self.done == self.total
        if self.tty:
            now = time.perf_counter()
            if always or last or now - self._drawn_at >= REDRAW_SECONDS:
                self._drawn_at = now
                self.stream.write("\r" + self.line(name, note) + "\x1b[K")
                self._open_line = not (always or last)
                if not self._open_line:
                    self.stream.write("\n")
        else:
            tenth = max(self.total // 10, 1)
            if always or last or self.done % tenth == 0:
                self.stream.write(self.line(name, note) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End an in-place line left open (a run that stopped before its last step)."""
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()
            self._open_line = False
