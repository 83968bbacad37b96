"""The instructors' copy of the course inside the classroom: sources with keys, the
gradebook's settings and nbgrader's working folders, readable by the instructors' group only.

Copied once at the first ``up`` (later runs keep it, with every submission and grade) from
the course folder the command runs in, including the generated ``assessments/source`` and
``release`` trees when ``asit assign`` has built them.
"""

from __future__ import annotations

import grp
import os
import shutil
from pathlib import Path

from ..write import replacing
from .layout import INSTRUCTORS_GROUP, Layout

COPIED = ("_config.yml", "book", "modules", "assessments")
SKIPPED = shutil.ignore_patterns(
    "__pycache__", ".ipynb_checkpoints", "gradebook.db", "exchange", "submitted", "autograded", "feedback", "*.csv"
)

# The classroom's nbgrader settings: the course's own, and files shared by the instructors'
# group (several instructors collect and grade the same course).
CONFIG_TEXT = '''"""nbgrader configuration of the classroom's course copy (written by asit classroom up).

The course's own settings (asit.nbgrader.config; the gradebook from ASIT_GRADEBOOK_URL and
the exchange from ASIT_EXCHANGE_DIR, both set for instructors by the hub), and folders
shared by the instructors' group.
"""

from pathlib import Path

from asit.nbgrader.config import configure

c = get_config()  # noqa: F821 (provided by nbgrader's config loader)
configure(c, Path(__file__).resolve().parent)
c.CourseDirectory.groupshared = True
'''


def ensure_course_copy(layout: Layout, root: Path) -> bool:
    """Copy the course once; True when copied now. Permissions are set on every run."""
    created = False
    if not layout.course.exists():
        with replacing(layout.course) as staging:  # all or nothing: an interrupted copy is redone
            for name in COPIED:
                source = root / name
                if source.is_dir():
                    shutil.copytree(source, staging / name, ignore=SKIPPED, symlinks=False)
                elif source.is_file():
                    shutil.copy2(source, staging / name)
            (staging / "assessments").mkdir(exist_ok=True)
            (staging / "assessments" / "nbgrader_config.py").write_text(CONFIG_TEXT, encoding="utf-8")
        created = True
    share_with_instructors(layout.course)
    return created


def share_with_instructors(folder: Path) -> None:
    """root:asit-instructors, folders 2770 (new files keep the group), files 0660; others nothing."""
    gid = grp.getgrnam(INSTRUCTORS_GROUP).gr_gid
    for current, _dirs, files in os.walk(folder):
        os.chown(current, -1, gid)
        os.chmod(current, (os.stat(current).st_mode & 0o7000) | 0o2770)
        for name in files:
            path = os.path.join(current, name)
            os.chown(path, -1, gid, follow_symlinks=False)
            if not os.path.islink(path):
                os.chmod(path, (os.stat(path).st_mode & 0o770) | 0o660)
