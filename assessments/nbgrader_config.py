"""nbgrader configuration of the ASIT course: this folder is the nbgrader course directory.

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
