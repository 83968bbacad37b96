"""Where a module's practice notebook is published, and the links its start page shows."""

from __future__ import annotations

from ..loader import Course, ModuleFolder

NOTEBOOK_DIR = "_generated/notebooks"
HUB_FOLDER = "asit-practice"  # where the academy's Jupyter image puts the practice notebooks


def practice_notebook_name(folder: ModuleFolder) -> str:
    return f"{folder.name}-practice.ipynb"


def hub_link(hub_url: str, name: str) -> str:
    """A link that opens the notebook in the learner's own JupyterLab on the hub."""
    base = hub_url.rstrip("/")
    if not base.endswith("/hub"):
        base += "/hub"
    return f"{base}/user-redirect/lab/tree/{HUB_FOLDER}/{name}"


def practice_links(course: Course, folder: ModuleFolder) -> list[str]:
    """MyST lines offering the practice notebook: a download, and a hub launch when configured."""
    if not folder.scenarios:
        return []
    name = practice_notebook_name(folder)
    lines = [
        "",
        f"The same scenarios as a Jupyter notebook: {{download}}`download the practice notebook "
        f"</{NOTEBOOK_DIR}/{name}>` (it needs the course's Python package, see *How to use this course*).",
    ]
    if course.settings.jupyterhub_url:
        lines.append(f"[Open it on the academy's JupyterHub]({hub_link(course.settings.jupyterhub_url, name)}).")
    return lines
