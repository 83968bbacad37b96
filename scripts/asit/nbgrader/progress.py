"""A plain-text progress bar with counts, for long grading runs (one line per step)."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """``[ 3/10] ######.......... alice: 2.1 s`` for each finished step."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 20) -> None:
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stdout
        self.done = 0

    def step(self, name: str, note: str) -> None:
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        digits = len(str(self.total))
        self.stream.write(f"{self.label} [{self.done:>{digits}}/{self.total}] {bar} {name}: {note}\n")
        self.stream.flush()
