"""axe-core (the npm package, injected from node_modules) finds no WCAG 2.0/2.1 A or AA violation
on every built page of both courses (each page in the light and the dark theme, every request
it makes staying on the local server), and on a scenario page before, during and after play.
"""

from __future__ import annotations

import time
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


def built_pages(site: Site) -> list[str]:
    """Every HTML page of the built site (not the theme's or Sphinx's own support files)."""
    html = site.root / "_build" / "html"
    support = {"_static", "_sources", "_images", "_downloads"}
    return sorted(
        p.relative_to(html).as_posix() for p in html.rglob("*.html") if not support & set(p.relative_to(html).parts)
    )


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def visit(page: Any, url: str) -> str:
    """Open a page and let its scripts settle (the theme labels its controls after load);
    return the address it ends on (a redirect stub ends on its target)."""
    page.goto(url, wait_until="networkidle")
    page.wait_for_load_state("networkidle")
    return str(page.url).split("#", 1)[0]


def test_every_built_page_has_no_violations_and_stays_local(any_site: SiteOpener, browser: Any) -> None:
    """Every page, not a sample: a fault in a shared template or in one generated page shows here.

    A redirect stub (Jupyter Book's root index.html) is checked by where it leads, which must
    be a built page; that page is checked itself.
    """
    site = any_site()
    pages = built_pages(site)
    assert "book/references.html" in pages and len(pages) > 5
    found: dict[str, list[str]] = {}
    outside: dict[str, list[str]] = {}
    redirects: dict[str, str] = {}
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP)
    page = context.new_page()
    start = time.perf_counter()
    for rel in pages:
        traffic.requests.clear()
        landed = visit(page, site.page_url(rel))
        outside[rel] = traffic.outside(site.url)
        if landed != site.page_url(rel):
            redirects[rel] = landed.removeprefix(site.url)
            continue
        found[rel] = violations(page)
    context.close()
    took = time.perf_counter() - start
    print(f"\naxe on {len(found)} pages of the {site.name} course (+{len(redirects)} redirect stubs): {took:.1f} s")
    bad = {rel: v for rel, v in found.items() if v}
    assert bad == {}, f"{len(bad)} of {len(found)} pages:\n" + "\n".join(
        f"{rel}:\n  " + "\n  ".join(v) for rel, v in bad.items()
    )
    assert {rel: urls for rel, urls in outside.items() if urls} == {}
    assert site.url.startswith("http://127.0.0.1:")
    assert all(target in found for target in redirects.values()), redirects
    assert len(redirects) <= 1, redirects  # only the root stub
    assert traffic.errors == []


def test_sample_pages_in_the_dark_theme_have_no_violations(any_site: SiteOpener, browser: Any) -> None:
    """The dark theme's colours, on one page of each kind (every page is checked in the light theme)."""
    site = any_site()
    traffic = Traffic()
    context = open_context(browser, site.url, traffic, viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    found = {}
    for name, rel in {**_pages(site), "references": "book/references.html"}.items():
        visit(page, site.page_url(rel))
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
