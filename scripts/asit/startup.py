"""Start-up cost: what the course's commands skip importing, and why.

jsonschema (imported by nbformat and by Jupyter Book's config) imports ``rfc3987_syntax``
whenever it is installed (jupyter-events pulls it in), and that module compiles about forty
grammars at import: some 1.4 s added to every command and every book build. It only checks
the ``iri`` formats of JSON Schema, which neither notebooks nor Jupyter Book's config use.
Marking it absent makes jsonschema skip those format checks and nothing else.
"""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Mark the slow optional modules as absent (before anything imports jsonschema)."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
