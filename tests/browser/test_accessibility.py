"""axe-core (the npm package, injected from node_modules) finds no WCAG 2.0/2.1 A or AA violation
on the welcome page, a lesson page, a module's start page, a scenario page (before, during
and after play, in the light and the dark theme) and the progress page, in both courses.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AXE, DESKTOP, Site, SiteOpener, Traffic, open_context
from .playing import answer_and_check, play, question_box, wrong

pytestmark = pytest.mark.slow

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n    ' +
    v.nodes.map(n => n.target.join(' ') + ' | ' + n.failureSummary.replace(/\\s+/g, ' ')).join('\\n    '));
}"""


def violations(page: Any) -> list[str]:
    """Run axe on the page as it is now."""
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run npm ci (scripts/setup.sh does)", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(AXE_RUN, TAGS)
    return found


def _pages(site: Site) -> dict[str, str]:
    first = sorted(site.course.modules, key=lambda f: f.module.number)[0]
    lesson = first.module.pages[0].removesuffix(".md")
    return {
        "welcome": "book/index.html",
        "lesson": f"modules/{first.name}/{lesson}.html",
        "module start": f"_generated/modules/{first.name}/index.html",
        "progress": "_generated/progress.html",
    }


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_book_pages_have_no_violations(any_site: SiteOpener, browser: Any, scheme: str) -> None:
    site = any_site()
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name, rel in _pages(site).items():
        page.goto(site.page_url(rel))
        found[name] = violations(page)
    context.close()
    bad = {name: v for name, v in found.items() if v}
    assert bad == {}, "\n".join(f"{name}:\n  " + "\n  ".join(v) for name, v in bad.items())


def test_scenario_page_in_play_has_no_violations(any_site: SiteOpener, browser: Any, scheme: str) -> None:
    site = any_site()
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    rel, scenario = site.scenario_pages()[0]
    page.goto(site.page_url(rel))
    assert page.locator(".asit-player").is_visible()
    found = {"scenario, start": violations(page)}
    question_box(page, scenario.stages[0].questions[0].id).locator(".asit-check").click()  # the "answer first" message
    found["scenario, error"] = violations(page)
    first = scenario.stages[0].questions[0]
    answer_and_check(page, first, wrong(first))
    found["scenario, feedback"] = violations(page)
    page.goto(site.page_url(rel))
    play(page, scenario, wrong)
    found["scenario, end"] = violations(page)
    page.goto(site.page_url(_pages(site)["progress"]))
    assert page.locator(".asit-progress-item.asit-done").count() == 1
    found["progress, with a result"] = violations(page)
    page.goto(site.page_url(_pages(site)["module start"]))
    found["module start, with a result"] = violations(page)
    context.close()
    bad = {name: v for name, v in found.items() if v}
    assert bad == {}, "\n".join(f"{name}:\n  " + "\n  ".join(v) for name, v in bad.items())
    assert traffic.errors == []
