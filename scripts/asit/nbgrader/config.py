"""The nbgrader configuration of the course, applied by ``assessments/nbgrader_config.py``.

Kept here, typed and tested, rather than in the config file itself. Settings:
- the course id and the cell time limit from ``_config.yml`` (``asit.course_id``,
  ``asit.grading.execute_timeout``), read once; a broken setting stops nbgrader with its errors;
- the gradebook: SQLite in the course folder, or ``ASIT_GRADEBOOK_URL`` (e.g. PostgreSQL);
- the exchange: ``assessments/exchange``, or ``ASIT_EXCHANGE_DIR`` (e.g. a hub's shared folder);
- the course's pipeline steps: rubrics beside text answers at autograde, no key in feedback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import Autograde
from nbgrader.preprocessors import GetGrades, SaveAutoGrades

from ..errors import ContentError, InvalidContentError
from ..jupyter_setup.formgrader import offline_pages
from ..loader import load_config
from ..models import CourseSettings
from .answers_as_text import AnswersAsText
from .exporter import OfflineHTMLExporter
from .preprocessors import HideKeyFromFeedback, PlaceGraderNotes

GRADEBOOK_ENV = "ASIT_GRADEBOOK_URL"
EXCHANGE_ENV = "ASIT_EXCHANGE_DIR"
TEXT_STUB = "*Write your answer here.*"
# Arguments of the kernel that runs each submission: no history file (nbgrader's default), and
# only errors logged, so that a grading run does not print, per submission, ipykernel's
# warning that a kernel on this machine's loopback interface talks over unencrypted TCP.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]


def settings_for(course_dir: Path) -> CourseSettings:
    """The course's settings from the book's ``_config.yml`` (one folder up); the defaults without one.

    A setting that is wrong raises its errors (file, line, key), as ``asit check`` reports them:
    nbgrader must not grade with a default where the academy set a value and mistyped it.
    """
    if not (course_dir.parent / "_config.yml").is_file():
        return CourseSettings()
    errors: list[ContentError] = []
    _config, settings = load_config(course_dir.parent, errors)
    if errors:
        raise InvalidContentError(errors)
    return settings


def autograde_steps() -> list[Any]:
    """nbgrader's autograde steps, plus the course's: rubrics placed for graders once grades are saved."""
    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    steps.insert(steps.index(SaveAutoGrades) + 1, PlaceGraderNotes)
    return steps


def configure(c: Any, course_dir: Path, course_id: str | None = None) -> None:
    """Fill a traitlets config for the course folder ``course_dir`` (where nbgrader runs)."""
    course_dir = course_dir.resolve()
    settings = settings_for(course_dir)
    c.CourseDirectory.root = str(course_dir)
    c.CourseDirectory.course_id = course_id or settings.course_id
    c.CourseDirectory.db_url = os.environ.get(GRADEBOOK_ENV) or f"sqlite:///{course_dir / 'gradebook.db'}"
    c.Exchange.root = os.environ.get(EXCHANGE_ENV) or str(course_dir / "exchange")
    c.ClearSolutions.text_stub = TEXT_STUB
    c.Execute.timeout = settings.grading.execute_timeout
    c.Execute.extra_arguments = KERNEL_ARGUMENTS
    c.Autograde.autograde_preprocessors = autograde_steps()
    c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideKeyFromFeedback]
    c.GenerateFeedback.exporter_class = OfflineHTMLExporter
    # formgrader's grading page and nbgrader's feedback show trainees' text as text, never as HTML
    c.HTMLExporter.preprocessors = [AnswersAsText]
    # releasing feedback (nbgrader release_feedback, formgrader) first writes the pages again from the gradebook
    c.ExchangeFactory.release_feedback = "asit.feedback.release.ReleaseFreshFeedback"
    offline_pages(c)  # formgrader's and feedback's pages: no MathJax from a CDN, wrapping text


CONFIG_FILE_TEXT = '''"""nbgrader configuration of the ASIT course: this folder is the nbgrader course directory.

Run nbgrader (or formgrader) from this folder. The settings live in the course's package,
``asit.nbgrader.config``: the course id comes from ../_config.yml (asit.course_id), the
gradebook is gradebook.db here unless ASIT_GRADEBOOK_URL names another database (for
example postgresql://user:password@host/asit for several instructors), and the exchange is
the folder exchange/ here unless ASIT_EXCHANGE_DIR names another (a hub's shared folder).
See the page "For instructors" of the book for the whole workflow.
"""

from pathlib import Path

from asit.nbgrader.config import configure

c = get_config()  # noqa: F821 (provided by nbgrader's config loader)
configure(c, Path(__file__).resolve().parent)
'''
