"""Run Jupyter Book's own command line, with the start-up cost of ``asit.startup`` skipped:
``python -m asit.jupyter_book_run build ...`` is ``jupyter-book build ...``, faster."""

from __future__ import annotations

import sys

from .startup import skip_slow_optional_imports

if __name__ == "__main__":
    skip_slow_optional_imports()
    from jupyter_book.cli.main import main

    sys.argv[0] = "jupyter-book"
    main()
