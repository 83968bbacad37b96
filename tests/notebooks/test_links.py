"""A module's start page offers its practice notebook, and a hub launch link when one is set."""

from __future__ import annotations

from asit.loader import load_or_raise
from asit.models import CourseSettings
from asit.notebooks.links import hub_link, practice_links
from conftest import FIXTURE_COURSE


def test_download_link_and_no_hub_by_default() -> None:
    course = load_or_raise(FIXTURE_COURSE)
    lines = practice_links(course, course.module("01-sample"))
    assert any(
        "{download}`download the practice notebook </_generated/notebooks/01-sample-practice.ipynb>`" in line
        for line in lines
    )
    assert not any("JupyterHub" in line for line in lines)


def test_hub_link_when_configured() -> None:
    course = load_or_raise(FIXTURE_COURSE)
    hub = course.__class__(
        **{**course.__dict__, "settings": CourseSettings(jupyterhub_url="https://hub.academy.example/hub/")}
    )
    lines = practice_links(hub, hub.module("01-sample"))
    link = "https://hub.academy.example/hub/user-redirect/lab/tree/asit-practice/01-sample-practice.ipynb"
    assert f"[Open it on the academy's JupyterHub]({link})." in lines
    assert (
        hub_link("https://hub.example", "x.ipynb")
        == "https://hub.example/hub/user-redirect/lab/tree/asit-practice/x.ipynb"
    )
