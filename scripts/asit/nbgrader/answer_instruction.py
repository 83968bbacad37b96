"""The instruction at the top of a written answer's cell, and the answer without it.

The trainee writes in the same cell that tells them how (Lab edits a cell in place), so a
submitted answer starts with the course's instruction. The feedback page shows the trainee's
own words, without the course's instruction in raw Markdown above them.
"""

from __future__ import annotations

import re

ANSWER_INSTRUCTION = (
    "**Your answer to question {number}.** Double-click this cell to write in it, replace the\n"
    "line below with your answer, then press Shift+Enter. It is saved with the notebook."
)
_LEADING = re.compile(
    r"\s*" + re.escape(ANSWER_INSTRUCTION).replace(re.escape("{number}"), r"\d+").replace(r"\n", r"\s+") + r"\s*"
)


def answer_instruction(number: int) -> str:
    """The instruction for question ``number`` (1-based), as the released notebook shows it."""
    return ANSWER_INSTRUCTION.format(number=number)


def without_instruction(answer: str) -> str:
    """The trainee's words: ``answer`` without the course's instruction it starts with, if it does."""
    found = _LEADING.match(answer)
    return answer[found.end() :] if found else answer
