"""What ``asit`` tells its user, through ``logging``: results on stdout, problems on stderr.

``--quiet`` keeps only warnings and errors; ``--verbose`` adds the steps and their times.
Messages are printed as they are (no level or logger prefix): a content error reads
``file:line: key: message`` exactly, whatever the level.
"""

from __future__ import annotations

import logging
import sys

LOGGER = "asit"


class _Below(logging.Filter):
    """Pass records under a level (info and debug go to stdout, the rest to stderr)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < self.level


def configure(verbosity: int) -> logging.Logger:
    """Route the ``asit`` logger to this process's current stdout and stderr.

    ``verbosity``: -1 quiet (warnings and errors), 0 normal, 1 verbose (debug). Called by each
    ``main()``, so repeated in-process runs (the tests) neither double nor lose output.
    """
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    logger.setLevel(level)
    logger.propagate = False
    out = logging.StreamHandler(sys.stdout)
    out.addFilter(_Below(logging.WARNING))
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    for handler in (out, err):
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


def logger_for(name: str) -> logging.Logger:
    """The logger of one part of ``asit`` (a child of the one ``configure`` sets up)."""
    return logging.getLogger(f"{LOGGER}.{name.removeprefix('asit.')}")
