"""The practice player in a real browser, on the fixture course's scenario: wrong answers down
the branch that loses the person's trust, then a restart and right answers to the good end;
feedback, consequences, scores, the progress kept after a reload, keyboard-only play, the
page without JavaScript, print, and phone width. Screenshots go to _build/screenshots/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, Site, Traffic, open_context
from .playing import answer_and_check, correct, page_result, play, question_box

pytestmark = pytest.mark.slow

SCENARIO = "_generated/modules/01-sample/scenario-sm-roadside.html"
PROGRESS = "_generated/progress.html"
MODULE = "_generated/modules/01-sample/index.html"


def _scenario(site: Site) -> Any:
    return next(item.scenario for item in site.course.modules[0].scenarios if item.scenario.id == "sm-roadside")


def _q(site: Site, qid: str) -> Any:
    return next(q for q in _scenario(site).questions if q.id == qid)


def _continue(page: Any) -> None:
    page.locator(".asit-player .asit-stage").last.locator(".asit-continue").click()


def _focused_matches(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector))


def test_wrong_then_right_answers_branch_score_and_progress(page: Any, fixture_site: Site, traffic: Traffic) -> None:
    page.goto(fixture_site.page_url(SCENARIO))
    assert page.locator(".asit-static").is_hidden()
    assert page.locator(".asit-player .asit-stage").count() == 1

    # An empty check asks for an answer first and scores nothing.
    box = question_box(page, "sm-r-indicators")
    box.locator(".asit-check").click()
    assert box.locator(".asit-q-error").inner_text() == "Answer the question first."
    assert box.locator(".asit-feedback").is_hidden()

    # Wrong answers: feedback for each chosen option, the right ones named, 0 points.
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-indicators"), ["b"])
    assert "Not right" in feedback.locator(".asit-result").inner_text()
    assert "You got 0 of 2 points." in feedback.locator(".asit-result").inner_text()
    assert _focused_matches(page, '[data-question="sm-r-indicators"] .asit-result')
    chosen = feedback.locator(".asit-fb-wrong")
    assert "The passengers look tired" in chosen.inner_text()
    assert "Tiredness alone indicates little." in chosen.inner_text()
    assert feedback.locator(".asit-fb-missed").count() == 2
    assert box.locator("input").first.is_disabled()
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-period"), "25")
    assert "It is at least 30 days." in feedback.inner_text()
    assert page.locator(".asit-scorebar").inner_text().startswith("Score so far: 0 of 11 points")
    _continue(page)

    assert page.locator(".asit-stage").last.get_attribute("data-stage") == "talk"
    assert _focused_matches(page, ".asit-stage:last-of-type h2")
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-order"), ["refer", "inform", "safe"])
    assert "You got 0 of 3 points." in feedback.inner_text()  # reversed: no pair of steps in the right order
    assert "Pairs of steps in the right order: 0 of 3." in feedback.inner_text()
    assert "Safety comes first." in feedback.inner_text()
    answer_and_check(page, _q(fixture_site, "sm-r-match"), {"police": "support", "ngo": "protect"})
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-decide"), "b")
    assert "A poor choice" in feedback.inner_text()
    assert "The passenger stops talking." in feedback.locator(".asit-consequence").inner_text()
    assert "Making support conditional breaks trust and the rules." in feedback.inner_text()
    _continue(page)

    end = page.locator(".asit-end")
    assert end.get_attribute("data-end") == "end-lost"
    assert "Trust lost" in end.locator("h2").inner_text()
    assert re.search(r"Your score: 0 of 11 points", end.inner_text())
    assert end.locator(".asit-review-list li").count() == 5
    assert page_result(page, "sm-roadside")["path"] == ["check", "talk"]

    # Restart, then the right answers take the other branch to the good end.
    end.locator(".asit-restart").click()
    assert page.locator(".asit-end").count() == 0
    assert page.locator(".asit-stage").count() == 1
    assert _focused_matches(page, ".asit-stage h2")
    partial = answer_and_check(page, _q(fixture_site, "sm-r-indicators"), ["a"])
    assert "Partly right" in partial.inner_text() and "You got 1 of 2 points." in partial.inner_text()
    answer_and_check(page, _q(fixture_site, "sm-r-period"), "30")
    _continue(page)
    for qid in ["sm-r-order", "sm-r-match"]:
        assert "Right" in answer_and_check(page, _q(fixture_site, qid), correct(_q(fixture_site, qid))).inner_text()
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-decide"), "a")
    assert "The best choice" in feedback.inner_text()
    assert "The NGO arrives within the hour." in feedback.locator(".asit-consequence").inner_text()
    _screenshot(page, "scenario-desktop.png", ".asit-stage:last-of-type .asit-continue")
    _continue(page)
    answer_and_check(page, _q(fixture_site, "sm-r-single"), "a")
    feedback = answer_and_check(page, _q(fixture_site, "sm-r-text"), "Time to recover; support without conditions.")
    assert "You have time to recover and decide" in feedback.locator(".asit-model").inner_text()
    assert "not scored here (0 points)" in feedback.inner_text()
    _continue(page)
    end = page.locator(".asit-end")
    assert end.get_attribute("data-end") == "end-safe"
    assert "Your score: 10 of 11 points" in end.inner_text()
    assert end.locator(".asit-review-list li").count() == 1
    assert end.locator(".asit-review-list li").get_attribute("data-question") == "sm-r-indicators"
    assert page_result(page, "sm-roadside")["path"] == ["check", "talk", "support"]

    # A third play, all right: the best score rises to the maximum.
    end.locator(".asit-restart").click()
    play(page, _scenario(fixture_site), correct)
    assert "Your score: 11 of 11 points" in page.locator(".asit-end").inner_text()
    assert "Every question you answered was fully right." in page.locator(".asit-end").inner_text()

    # The progress is kept: on the scenario page, the progress page and the module's start page.
    page.reload()
    record = "Played 3 times. Best score: 11 of 11. Last score: 11 of 11."
    assert record in page.locator(".asit-record").inner_text()
    page.goto(fixture_site.page_url(PROGRESS))
    item = page.locator('#asit-progress .asit-progress-item[data-scenario="sm-roadside"]')
    assert "Done" in item.inner_text() and record in item.inner_text()
    assert page.locator(".asit-progress-summary").inner_text() == "You have finished 1 of 1 practice scenarios."
    assert item.locator("a").get_attribute("href") == "modules/01-sample/scenario-sm-roadside.html"
    page.goto(fixture_site.page_url(MODULE))
    module = page.locator(".asit-module-progress")
    assert "Your practice here: 1 of 1 scenario done." in module.inner_text()
    assert record in module.inner_text()
    page.goto(fixture_site.page_url(PROGRESS))
    item.locator("a").click()
    page.wait_for_url("**/scenario-sm-roadside.html")

    # Clearing (after a confirmation) forgets every result kept in this browser.
    page.goto(fixture_site.page_url(PROGRESS))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".asit-clear").click()
    assert page.locator(".asit-progress-summary").inner_text() == "You have finished 0 of 1 practice scenarios."
    page.goto(fixture_site.page_url(MODULE))
    assert "0 of 1 scenario done." in page.locator(".asit-module-progress").inner_text()
    assert traffic.outside(fixture_site.url) == []


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_matches(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_plays_the_case(page: Any, fixture_site: Site) -> None:
    page.goto(fixture_site.page_url(SCENARIO))
    ind = '[data-question="sm-r-indicators"]'
    _tab_to(page, f'{ind} input[value="a"]')
    page.keyboard.press("Space")
    _tab_to(page, f'{ind} input[value="c"]')
    page.keyboard.press("Space")
    _tab_to(page, f"{ind} .asit-check")
    page.keyboard.press("Enter")
    assert _focused_matches(page, f"{ind} .asit-result")
    _tab_to(page, '[data-question="sm-r-period"] input')
    page.keyboard.type("30")
    page.keyboard.press("Enter")  # no form: Enter in the field submits nothing
    _tab_to(page, '[data-question="sm-r-period"] .asit-check')
    page.keyboard.press("Enter")
    _tab_to(page, ".asit-continue")
    page.keyboard.press("Enter")
    assert _focused_matches(page, '.asit-stage[data-stage="talk"] h2')

    order = '[data-question="sm-r-order"]'
    _tab_to(page, f'{order} [data-item="safe"] .asit-up')
    page.keyboard.press("Enter")
    # at the top, its move-up button is disabled, so the focus stays on the item (move down)
    assert _focused_matches(page, f'{order} [data-item="safe"] .asit-down')
    page.wait_for_function(
        "() => document.querySelector('.asit-player [role=status]').textContent.includes('position 1')"
    )
    assert "Make the person safe: now at position 1 of 3." in page.locator(".asit-player [role=status]").inner_text()
    _tab_to(page, f'{order} [data-item="inform"] .asit-up')
    page.keyboard.press("Enter")
    _tab_to(page, f"{order} .asit-check")
    page.keyboard.press("Enter")
    assert "You got 3 of 3 points." in page.locator(f"{order} .asit-result").inner_text()

    match = '[data-question="sm-r-match"]'
    _tab_to(page, f'{match} select[data-item="police"]')
    page.keyboard.type("Identify")
    _tab_to(page, f'{match} select[data-item="ngo"]')
    page.keyboard.type("Support")
    _tab_to(page, f"{match} .asit-check")
    page.keyboard.press("Enter")
    assert "You got 2 of 2 points." in page.locator(f"{match} .asit-result").inner_text()

    decide = '[data-question="sm-r-decide"]'
    _tab_to(page, f'{decide} input[value="a"]')
    page.keyboard.press("Space")
    _tab_to(page, f"{decide} .asit-check")
    page.keyboard.press("Enter")
    assert _focused_matches(page, f"{decide} .asit-result")
    _tab_to(page, ".asit-continue")
    page.keyboard.press("Enter")
    assert _focused_matches(page, '.asit-stage[data-stage="support"] h2')

    single = '[data-question="sm-r-single"]'
    _tab_to(page, f'{single} input[value="a"]')
    page.keyboard.press("Space")
    _tab_to(page, f"{single} .asit-check")
    page.keyboard.press("Enter")
    _tab_to(page, '[data-question="sm-r-text"] textarea')
    page.keyboard.type("Time to recover; support without conditions.")
    _tab_to(page, '[data-question="sm-r-text"] .asit-check')
    page.keyboard.press("Enter")
    _tab_to(page, ".asit-continue")
    page.keyboard.press("Enter")
    assert _focused_matches(page, ".asit-end h2")
    assert "Your score: 11 of 11 points" in page.locator(".asit-end").inner_text()
    _tab_to(page, ".asit-restart")
    page.keyboard.press("Enter")
    assert _focused_matches(page, '.asit-stage[data-stage="check"] h2')


def test_screen_reader_names_groups_and_controls(page: Any, fixture_site: Site) -> None:
    page.goto(fixture_site.page_url(SCENARIO))
    group = page.get_by_role("group", name=re.compile(r"Question 1 of 2 .*Which of these are indicators"))
    assert group.count() == 1
    assert group.get_by_role("checkbox", name="The driver holds the passports").count() == 1
    assert page.get_by_role("spinbutton", name="Your answer (days)").count() == 1
    play_stage = page.get_by_role("region", name="Practice case: A check at the roadside")
    assert play_stage.count() == 1
    answer_and_check(page, next(q for q in _scenario(fixture_site).stages[0].questions), ["a", "c"])
    answer_and_check(page, _scenario(fixture_site).stages[0].questions[1], "30")
    _continue(page)
    order = page.get_by_role("group", name=re.compile(r"Put the first steps in order"))
    assert order.get_by_role("button", name="Move up: Make the person safe").count() == 1
    assert order.get_by_role("button", name="Move down: Refer to the support service").count() == 1
    match = page.get_by_role("group", name=re.compile(r"Match each actor"))
    assert match.get_by_role("combobox", name="Police").count() == 1


def test_without_javascript_the_case_and_questions_show(browser: Any, fixture_site: Site) -> None:
    traffic = Traffic()
    context = open_context(browser, fixture_site.url, traffic, viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_site.page_url(SCENARIO))
    static = page.locator(".asit-static")
    assert static.is_visible()
    assert page.locator(".asit-player").count() == 0
    text = static.inner_text()
    scenario = _scenario(fixture_site)
    for stage in scenario.stages:
        assert stage.title in text
        for q in stage.questions:
            assert q.prompt.strip() in text
    for end in scenario.ends:
        assert end.title in text
    assert "Call the NGO and offer support without conditions" in text
    # each decision links to where it leads
    assert static.locator('a[href="#asit-static-sm-roadside-end-lost"]').count() == 1
    context.close()


def test_print_shows_the_static_case_not_the_player(page: Any, fixture_site: Site) -> None:
    page.goto(fixture_site.page_url(SCENARIO))
    assert page.locator(".asit-player").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".asit-static").is_visible()
    assert page.locator(".asit-player").is_hidden()
    assert "Which of these are indicators of trafficking?" in page.locator(".asit-static").inner_text()


def test_phone_width_fits_and_targets_are_large(browser: Any, fixture_site: Site) -> None:
    traffic = Traffic()
    context = open_context(browser, fixture_site.url, traffic, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(fixture_site.page_url(SCENARIO))
    scenario = _scenario(fixture_site)
    for q in scenario.stages[0].questions:
        answer_and_check(page, q, correct(q))
    _continue(page)
    question_box(page, "sm-r-match").locator('select[data-item="police"]').select_option("protect")
    _screenshot(page, "scenario-phone.png", '.asit-stage[data-stage="talk"] h2', block="start")
    answer_and_check(page, scenario.stages[1].questions[0], ["refer", "inform", "safe"])
    answer_and_check(page, scenario.stages[1].questions[1], correct(scenario.stages[1].questions[1]))
    answer_and_check(page, scenario.stages[1].questions[2], "a")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for selector in [".asit-option", ".asit-move", ".asit-continue"]:
        box = page.locator(f".asit-player {selector}").first.bounding_box()
        assert box is not None and box["height"] >= 44, selector
    context.close()
    assert traffic.outside(fixture_site.url) == [] and traffic.errors == []


def _screenshot(page: Any, name: str, anchor: str, block: str = "end") -> None:
    """What the learner sees with the ``anchor`` element at the foot (or the top) of the window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(anchor).evaluate("(e, block) => e.scrollIntoView({block: block})", block)
    if block == "end":
        page.evaluate("() => window.scrollBy(0, 24)")  # the headings keep a margin for the theme's header
    page.screenshot(path=str(SCREENSHOTS / name))
