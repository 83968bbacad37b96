"""A module's practice notebook: every practice scenario of the module, played with widgets.

The notebook carries the scenarios as JSON (practice data may hold the answers: it is not
graded) and imports the installed ``asit`` package to play them, so it works wherever the
course's package is installed: the academy's JupyterHub or a learner's own Jupyter.
"""

from __future__ import annotations

import json

from nbformat import NotebookNode

from ..loader import Course, ModuleFolder
from . import cells
from .links import NOTEBOOK_DIR, practice_notebook_name


def practice_notebook(folder: ModuleFolder) -> NotebookNode:
    """The practice notebook of one module."""
    module = folder.module
    scenarios = {item.scenario.id: item.scenario.model_dump(mode="json") for item in folder.scenarios}
    intro = f"""# {module.number}. {module.title}: practice scenarios

Practice cases from this module, with instant feedback. Nothing here is graded and nothing
is saved or sent anywhere.

**How to use.** Run every cell (menu *Run → Run All Cells*). Each case then appears below
its heading. Answer a question with the controls, then press **Check**: you see the
feedback on what you chose and your points, and the answer is locked. Decisions change
where the case goes. When the case ends, a summary gives your score on the path you took
and the most the best path can score; **Play again** starts the case anew.

This notebook needs the course's Python package (`asit`): it is installed on the
academy's JupyterHub; on your own machine, install the course as the book's page *How to
use this course* explains."""
    setup = "\n".join(
        [
            "# Run this cell first: it loads this module's practice cases (it shows nothing itself).",
            "import json",
            "",
            "from asit.widgets.practice import show",
            "",
            f"SCENARIOS = json.loads({cells.py_string(json.dumps(scenarios, sort_keys=True, ensure_ascii=False))})",
        ]
    )
    out = [
        cells.markdown("intro", intro),
        cells.code("setup", setup, {"jupyter": {"source_hidden": True}}),
    ]
    for number, item in enumerate(folder.scenarios, start=1):
        scenario = item.scenario
        out.append(cells.markdown(f"head-{scenario.id}", f"## Case {number}: {scenario.title}"))
        out.append(cells.code(f"play-{scenario.id}", f'show(SCENARIOS["{scenario.id}"])'))
    return cells.notebook(out, f"{module.title}: practice scenarios")


def practice_notebooks(course: Course) -> dict[str, str]:
    """Every module's practice notebook, keyed by its path under the course root."""
    return {
        f"{NOTEBOOK_DIR}/{practice_notebook_name(folder)}": cells.to_text(practice_notebook(folder))
        for folder in course.modules
        if folder.scenarios
    }
