"""The SCORM package in a real SCORM 1.2 runtime: ``scorm-again`` in the parent frame, the
package's SCO page in a frame, Debian's chromium. A learner opens the module, goes to the
practice scenario and plays it; the LMS must receive the status, score and one interaction
per answer that ``asit.scoring`` gives for the same answers. Then the learner comes back (a
reload, with the browser's own progress gone): the SCO resumes where it was, from what the
LMS kept. No request leaves the package.
"""

from __future__ import annotations

from typing import Any

import pytest

from asit import scoring
from asit.models import Scenario
from browser.conftest import DESKTOP, Traffic, open_context
from browser.playing import Strategy, correct, page_result, play, randomly, toward, wrong

from .conftest import Package, content_frame
from .expected import expected_interactions

pytestmark = pytest.mark.slow

MODULE = "01-sample"
PASS_PERCENT = 70.0  # the default of lms_pass_percent; the fixture course leaves it unset


def _scenario(package: Package) -> Scenario:
    folder = package.course.module(MODULE)
    assert len(folder.scenarios) == 1, "the fixture module has one practice scenario"
    return folder.scenarios[0].scenario


def _strategies(scenario: Scenario) -> dict[str, Strategy]:
    found: dict[str, Strategy] = {"all-right": correct, "all-wrong": wrong, "random-5": randomly("5")}
    for end in scenario.ends:
        found[f"to-{end.id}"] = toward(scenario, end.id, randomly(end.id))
    return found


def _open_module(page: Any, package: Package) -> Any:
    page.goto(package.lms_url(MODULE))
    page.wait_for_function("() => window.lmsCalls && window.lmsCalls.indexOf('LMSInitialize') >= 0")
    frame = content_frame_when_loaded(page, package)
    return frame


def content_frame_when_loaded(page: Any, package: Package) -> Any:
    page.wait_for_function(
        "base => Array.from(document.getElementById('sco').contentDocument.querySelectorAll('iframe'))"
        ".some(f => f.contentWindow.location.href.startsWith(base) && f.contentDocument.readyState === 'complete')",
        arg=package.package_url,
    )
    return content_frame(page, package)


def _go_to_scenario(page: Any, package: Package, scenario: Scenario) -> Any:
    frame = _open_module(page, package)
    assert frame.url.endswith(f"/_generated/modules/{MODULE}/index.html"), frame.url
    frame.locator(f'a[href="scenario-{scenario.id}.html"]').first.click()
    frame.wait_for_url(f"**/scenario-{scenario.id}.html")
    frame.locator(".asit-player .asit-stage").first.wait_for()
    return frame


def _status(percent: float) -> str:
    return "passed" if percent >= PASS_PERCENT else "failed"


@pytest.mark.parametrize("path", ["all-right", "all-wrong", "random-5", "to-each-end"])
def test_the_lms_gets_what_python_scores(browser: Any, scorm_package: Package, path: str) -> None:
    scenario = _scenario(scorm_package)
    strategies = _strategies(scenario)
    names = [n for n in strategies if n.startswith("to-")] if path == "to-each-end" else [path]
    for name in names:
        traffic = Traffic()
        context = open_context(browser, scorm_package.url, traffic, viewport=DESKTOP)
        page = context.new_page()
        try:
            frame = _go_to_scenario(page, scorm_package, scenario)
            state = page.evaluate("() => window.lmsState()")
            assert state["core"]["lesson_status"] == "incomplete", "a started module is incomplete"
            answers = play(frame, scenario, strategies[name])
            want = scoring.play(scenario, answers)
            assert page_result(frame, scenario.id)["score"] == want.score
            state = page.evaluate("() => window.lmsState()")
            percent = 100 * want.score / want.max_score
            assert float(state["core"]["score"]["raw"]) == percent, name
            assert (state["core"]["score"]["min"], state["core"]["score"]["max"]) == ("0", "100")
            assert state["core"]["lesson_status"] == _status(percent), name
            got = [
                {k: str(i[k]) for k in ("id", "type", "student_response", "result", "weighting")}
                for _, i in sorted(state["interactions"].items(), key=lambda kv: int(kv[0]))
            ]
            assert got == expected_interactions(scenario, answers), name
            assert state["core"]["lesson_location"] == f"_generated/modules/{MODULE}/scenario-{scenario.id}.html"
        finally:
            context.close()
        assert traffic.errors == [], traffic.errors
        outside = [u for u in traffic.requests if not u.startswith(scorm_package.package_url)]
        assert outside == [scorm_package.lms_url(MODULE), scorm_package.url + "lms/scorm12.js"], outside


def test_a_learner_who_comes_back_resumes(browser: Any, scorm_package: Package) -> None:
    scenario = _scenario(scorm_package)
    traffic = Traffic()
    context = open_context(browser, scorm_package.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    try:
        frame = _go_to_scenario(page, scorm_package, scenario)
        first = play(frame, scenario, wrong)
        first_score = scoring.play(scenario, first).score
        max_score = scoring.best_total(scenario)
        assert page.evaluate("() => window.lmsState().core.lesson_status") == _status(100 * first_score / max_score)
        # Leave: the SCO finishes. Forget the browser's own progress: only the LMS remembers.
        page.evaluate("() => localStorage.removeItem('asit-progress:asit-thb')")
        page.goto("about:blank")
        page.goto(scorm_package.lms_url(MODULE))
        page.wait_for_function("() => window.lmsCalls.indexOf('LMSInitialize') >= 0")
        frame = content_frame_when_loaded(page, scorm_package)
        assert frame.url.endswith(f"scenario-{scenario.id}.html"), "the SCO reopens where the learner was"
        assert page.evaluate("() => window.API.cmi.core.entry") == "resume"
        record = frame.locator(".asit-player .asit-record")
        assert f"Best score: {first_score:g} of {max_score:g}" in record.inner_text()
        assert "Played once" in record.inner_text()
        second = play(frame, scenario, correct)
        second_score = scoring.play(scenario, second).score
        state = page.evaluate("() => window.lmsState()")
        best = max(first_score, second_score)
        assert float(state["core"]["score"]["raw"]) == 100 * best / max_score
        assert state["core"]["lesson_status"] == _status(100 * best / max_score)
        assert '"p":2' in state["suspend_data"], state["suspend_data"]
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert all(u.startswith(scorm_package.url) for u in traffic.requests), traffic.requests


def test_a_module_reports_over_all_its_scenarios(browser: Any, real_scorm_package: Package) -> None:
    """The real course: a module stays incomplete until each of its scenarios has been played;
    its score adds up each scenario's best over the module's best paths."""
    package = real_scorm_package
    folder = package.course.module("01-slovakia")
    scenarios = [item.scenario for item in folder.scenarios]
    assert len(scenarios) >= 2, "the module has several practice scenarios"
    total_max = sum(scoring.best_total(s) for s in scenarios)
    traffic = Traffic()
    context = open_context(browser, package.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    got_points = 0.0
    expected: list[dict[str, str]] = []
    try:
        page.goto(package.lms_url(folder.name))
        frame = content_frame_when_loaded(page, package)
        for n, scenario in enumerate(scenarios):
            frame.goto(f"{package.package_url}_generated/modules/{folder.name}/scenario-{scenario.id}.html")
            frame.locator(".asit-player .asit-stage").first.wait_for()
            answers = play(frame, scenario, correct if n % 2 == 0 else randomly(scenario.id))
            got_points += scoring.play(scenario, answers).score
            expected += expected_interactions(scenario, answers)
            state = page.evaluate("() => window.lmsState()")
            percent = 100 * got_points / total_max
            assert float(state["core"]["score"]["raw"]) == percent, scenario.id
            last = n == len(scenarios) - 1
            assert state["core"]["lesson_status"] == (_status(percent) if last else "incomplete"), scenario.id
        got = [
            {k: str(i[k]) for k in ("id", "type", "student_response", "result", "weighting")}
            for _, i in sorted(state["interactions"].items(), key=lambda kv: int(kv[0]))
        ]
        assert got == expected
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert all(u.startswith(package.url) for u in traffic.requests)


def test_without_an_lms_the_module_still_works(browser: Any, scorm_package: Package) -> None:
    """The SCO page opened on its own: the module's pages show, the scenario plays and scores
    as always, and the page says that nothing is recorded."""
    scenario = _scenario(scorm_package)
    traffic = Traffic()
    context = open_context(browser, scorm_package.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"{scorm_package.package_url}asit-sco/{MODULE}.html")
        assert page.locator("#asit-sco-note").is_visible()
        page.wait_for_function("() => document.querySelector('iframe').contentDocument.readyState === 'complete'")
        frame = content_frame(page, scorm_package)
        frame.locator(f'a[href="scenario-{scenario.id}.html"]').first.click()
        frame.wait_for_url(f"**/scenario-{scenario.id}.html")
        answers = play(frame, scenario, correct)
        assert page_result(frame, scenario.id)["score"] == scoring.play(scenario, answers).score
    finally:
        context.close()
    assert traffic.errors == [], traffic.errors
    assert all(u.startswith(scorm_package.package_url) for u in traffic.requests), traffic.requests
