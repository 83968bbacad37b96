"""Fast tests of the practice pages' rendering: the scenario page (static case plus the
player's data), the progress page and the module start page's progress block, and the
player's own files (served as they are, so they must stay small, offline and ES2017).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from asit import sphinx_ext
from asit.loader import Course, load_or_raise
from asit.models import DecisionQuestion, Scenario
from asit.render.book_pages import render_module_index, render_progress
from asit.render.scenario_page import (
    json_for_script,
    raw_html_block,
    render_scenario_body,
    render_scenario_page,
    scenario_data,
)
from asit.scoring import best_total

STATIC = Path(__file__).resolve().parent.parent / "scripts" / "asit" / "static"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    from conftest import FIXTURE_COURSE, copy_course

    return load_or_raise(copy_course(FIXTURE_COURSE, tmp_path_factory.mktemp("page") / "course"))


@pytest.fixture(scope="module")
def scenario(course: Course) -> Scenario:
    return course.modules[0].scenarios[0].scenario


def _raw_body(page: str) -> str:
    match = re.search(r"^(`{3,})\{raw\} html\n(.*?)\n\1$", page, re.MULTILINE | re.DOTALL)
    assert match, "the page holds one raw HTML block"
    return match.group(2)


def _data_blob(body: str) -> Any:
    match = re.search(
        r'<script type="application/json" class="asit-scenario-data" data-scenario="[^"]+">(.*?)</script>', body
    )
    assert match
    return json.loads(match.group(1))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "a" and str(values.get("href", "")).startswith("#"):
            self.links.append(str(values["href"])[1:])
        if tag not in {"br", "hr", "img", "input"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.balanced = False


def test_the_page_holds_the_players_data(course: Course, scenario: Scenario) -> None:
    page = render_scenario_page(course, course.modules[0], scenario)
    assert page.startswith("# Practice: A check at the roadside\n")
    body = _raw_body(page)
    data = _data_blob(body)
    assert data == json.loads(json.dumps(scenario_data(scenario)))
    assert data["max_score"] == best_total(scenario) == 11.0
    assert [s["id"] for s in data["stages"]] == ["check", "talk", "support"]
    decide = data["stages"][1]["questions"][2]
    assert [(c["id"], c["next"], c["points"]) for c in decide["choices"]] == [("a", "support", 2), ("b", "end-lost", 0)]
    assert 'data-course="asit-thb"' in body and 'data-progress-page="../../progress.html"' in body
    assert page.rstrip().endswith("{cite:p}`cets197`")


def test_the_static_case_reads_without_javascript(course: Course, scenario: Scenario) -> None:
    static = render_scenario_body(course, scenario)
    parser = _Ids()
    parser.feed(static)
    assert parser.balanced and not parser.open
    assert len(parser.ids) == len(set(parser.ids))
    assert set(parser.links) <= set(parser.ids), "every branch link lands on a stage or an end"
    targets = {
        c.next for s in scenario.stages for q in s.questions if isinstance(q, DecisionQuestion) for c in q.choices
    }
    assert {f"asit-static-sm-roadside-{t}" for t in targets} <= set(parser.links)
    for stage in scenario.stages:
        assert f"Stage {scenario.stages.index(stage) + 1}: {stage.title}" in static
        for q in stage.questions:
            assert q.prompt.strip() in static
    for end in scenario.ends:
        assert end.title in static and end.outcome.strip() in static
    assert "Your answer (days): ____________" in static
    assert "<details><summary>Model answer</summary>" in static


def test_script_data_cannot_close_its_element() -> None:
    text = json_for_script({"a": "</script><!-- <b>", "é": 1.5})
    assert "<" not in text
    assert json.loads(text) == {"a": "</script><!-- <b>", "é": 1.5}


def test_raw_block_fence_outlasts_any_backticks_in_the_body() -> None:
    block = raw_html_block("<code>````</code>\n\n<p>after a blank line</p>")
    assert block[0] == "`````{raw} html" and block[-1] == "`````"
    assert raw_html_block("<p>x</p>")[0] == "```{raw} html"


def test_progress_page_catalogue_lists_every_scenario(course: Course) -> None:
    page = render_progress(course)
    body = _raw_body(page)
    assert '<div id="asit-progress" class="asit-progress" data-course="asit-thb">' in body
    match = re.search(r'<script type="application/json" id="asit-progress-catalogue">(.*?)</script>', body)
    assert match
    assert json.loads(match.group(1)) == [
        {
            "module": "1. Sample: first contact",
            "scenarios": [
                {
                    "id": "sm-roadside",
                    "page": "modules/01-sample/scenario-sm-roadside.html",
                    "title": "A check at the roadside",
                }
            ],
        }
    ]


def test_module_start_page_has_a_progress_block(course: Course) -> None:
    page = render_module_index(course, course.modules[0])
    assert (
        '<div class="asit-module-progress" data-scenarios="sm-roadside" data-course="asit-thb" '
        'data-progress-page="../../progress.html"></div>'
    ) in page


def test_rendering_is_deterministic(course: Course, scenario: Scenario) -> None:
    first = render_scenario_page(course, course.modules[0], scenario)
    assert first == render_scenario_page(course, course.modules[0], scenario)
    assert render_progress(course) == render_progress(course)


@pytest.mark.parametrize("name", ["asit-player.js", "asit-scoring.js"])
def test_player_files_are_small_offline_and_es2017(name: str) -> None:
    script = (STATIC / name).read_text(encoding="utf-8")
    css = (STATIC / "asit.css").read_text(encoding="utf-8")
    assert len(script) < 40_000 and len(css) < 20_000
    for text in (script, css):
        assert not re.search(r"https?://", text), "nothing is fetched from outside"
    code = re.sub(r"'(?:[^'\\\n]|\\.)*'", "''", script)  # string literals may say anything
    for newer in ["?.", "??", "import(", "import ", "export "]:
        assert newer not in code, f"{newer!r} is newer than the player's ES2017 (or needs a build step)"
    assert "@media print" in css


@pytest.mark.parametrize("name", ["asit-player.js", "asit-scoring.js"])
def test_player_script_parses(name: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed (scripts/setup.sh uses its npm)"
    result = subprocess.run([node, "--check", str(STATIC / name)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_book_loads_the_scoring_file_before_the_player() -> None:
    """Deferred scripts run in Sphinx's order (priority, then as added): the player finds
    ``window.AsitScoring`` ready, and the LMS hook is in place before the player starts."""
    added: list[tuple[int, int, str]] = []

    class App:
        def connect(self, *_args: object) -> None: ...
        def add_css_file(self, *_args: object) -> None: ...
        def add_config_value(self, *_args: object) -> None: ...
        def add_directive(self, *_args: object) -> None: ...
        def add_js_file(self, name: str, priority: int = 500, **attributes: str) -> None:
            assert attributes == {"defer": "defer"}
            added.append((priority, len(added), name))

    sphinx_ext.setup(App())
    order = [name for _priority, _index, name in sorted(added)]
    assert order == ["asit-lms.js", "asit-scoring.js", "asit-player.js"]
