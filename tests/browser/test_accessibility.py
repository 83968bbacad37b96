"""axe-core (the npm package, injected from node_modules) finds no WCAG 2.0/2.1 A or AA violation
on every built page of both courses (in the light theme; one page of each kind in the dark
theme too), and on a scenario page before, during and after play.

The crawl of every built page is also the book's offline check: each page is counted with
what it loads, the player's scripts are among them, no request of any page leaves the local
server (each is refused and named with its page) and no page raises an error.
test_offline.py plays a scenario to its end under the same watch.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

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


def axe_script() -> str:
    """The path of axe-core's script (a missing one fails the test, never skips it)."""
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run npm ci (scripts/setup.sh does)", pytrace=False)
    return str(AXE)


SETTLED = """() => document.getAnimations().every(a =>
  a.playState !== 'running' || a.effect === null || a.effect.getComputedTiming().iterations === Infinity)"""


def start_axe(page: Any) -> None:
    """Start axe on the page as a reader sees it, once its colour transitions have ended: the
    theme's search buttons fade their colours in from black when shown, and a page the crawl
    has not looked at yet may still be on the fade's first frame, black on the dark theme's
    grey. The page runs axe while the test waits on others."""
    page.wait_for_function(SETTLED, polling=50)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=axe_script())
    page.evaluate(f"tags => {{ window.__asitAxe = ({AXE_RUN})(tags); }}", TAGS)


def axe_found(page: Any) -> list[str]:
    """What the axe run started by ``start_axe`` found."""
    found: list[str] = page.evaluate("() => window.__asitAxe")
    return found


def violations(page: Any) -> list[str]:
    """Run axe on the page as it is now."""
    start_axe(page)
    return axe_found(page)


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


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)
AT_ONCE = 4  # pages loaded side by side: their waits for a quiet network overlap


@dataclass
class Crawled:
    """One page of the crawl: where it ended, what it requested and raised, what axe found
    (None for a redirect stub, which is checked by where it leads)."""

    landed: str
    requests: list[str]
    errors: list[str]
    found: list[str] | None


def _settle(page: Any, site: Site, rel: str) -> str:
    """Wait until a page opened with ``wait_until="commit"`` is quiet; a redirect stub is
    followed to where it leads first. Return where the page ended."""
    stub = REFRESH.search((site.root / "_build" / "html" / rel).read_text(encoding="utf-8", errors="replace")[:2000])
    if stub:
        target = urljoin(site.page_url(rel), stub.group(1))
        page.wait_for_url(lambda url: url.split("#", 1)[0] == target, wait_until="commit")
    page.wait_for_load_state("networkidle")
    return str(page.url).split("#", 1)[0]


def crawl(browser: Any, site: Site, pages: list[str], **options: Any) -> dict[str, Crawled]:
    """Open every page, ``AT_ONCE`` at a time, each in its own context (made with ``options``)
    whose requests and errors are recorded apart, so each is named with the page that made
    it; run axe on each once the page is quiet (the theme labels its controls after load).
    axe comes with each page as the context's init script (it only defines ``window.axe``
    until run), which costs the browser less than adding it to every page after load."""
    axe = axe_script()
    slots = [Traffic() for _ in range(AT_ONCE)]
    contexts = [open_context(browser, site.url, traffic, viewport=DESKTOP, **options) for traffic in slots]
    for context in contexts:
        context.add_init_script(path=axe)
    tabs = [context.new_page() for context in contexts]
    crawled: dict[str, Crawled] = {}
    try:
        for first in range(0, len(pages), AT_ONCE):
            batch = list(zip(pages[first : first + AT_ONCE], tabs, slots, strict=False))
            for rel, tab, traffic in batch:
                traffic.requests.clear()
                traffic.errors.clear()
                tab.goto(site.page_url(rel), wait_until="commit")
            landed = {}
            for rel, tab, _traffic in batch:
                landed[rel] = _settle(tab, site, rel)
                if landed[rel] == site.page_url(rel):
                    start_axe(tab)
            for rel, tab, traffic in batch:
                found = axe_found(tab) if landed[rel] == site.page_url(rel) else None
                crawled[rel] = Crawled(landed[rel], list(traffic.requests), list(traffic.errors), found)
    finally:
        for context in contexts:
            context.close()
    return crawled


def test_every_built_page_has_no_violations_and_stays_local(any_site: SiteOpener, browser: Any) -> None:
    """Every page, not a sample: a fault in a shared template or in one generated page shows here.

    Each page must be requested itself, make no request beyond the local server and raise no
    error; the player's scripts must be loaded. A redirect stub (Jupyter Book's root
    index.html) is checked by where it leads, which must be a built page; that page is
    checked itself.
    """
    site = any_site()
    pages = built_pages(site)
    assert "book/references.html" in pages and len(pages) > 5
    assert "_generated/progress.html" in pages and "book/index.html" in pages
    assert site.url.startswith("http://127.0.0.1:")
    start = time.perf_counter()
    crawled = crawl(browser, site, pages)
    took = time.perf_counter() - start
    found = {rel: c.found for rel, c in crawled.items() if c.found is not None}
    redirects = {rel: c.landed.removeprefix(site.url) for rel, c in crawled.items() if c.found is None}
    requests = [url for c in crawled.values() for url in c.requests]
    print(
        f"\naxe on {len(found)} pages of the {site.name} course (+{len(redirects)} redirect stubs), "
        f"{len(requests)} requests, all to {site.url}: {took:.1f} s"
    )
    assert sorted(crawled) == pages
    bad = {rel: v for rel, v in found.items() if v}
    assert bad == {}, f"{len(bad)} of {len(found)} pages:\n" + "\n".join(
        f"{rel}:\n  " + "\n  ".join(v) for rel, v in bad.items()
    )
    assert {rel: urls for rel, c in crawled.items() if (urls := Traffic(c.requests).outside(site.url))} == {}
    assert {rel: c.errors for rel, c in crawled.items() if c.errors} == {}
    assert [rel for rel, c in crawled.items() if site.page_url(rel) not in c.requests] == []  # each page counted
    assert [rel for rel, c in crawled.items() if c.landed not in c.requests] == []
    assert any("/_static/asit-player.js" in url for url in requests)
    assert any("/_static/asit-scoring.js" in url for url in requests)
    assert all(target in found for target in redirects.values()), redirects
    assert len(redirects) <= 1, redirects  # only the root stub


def test_sample_pages_in_the_dark_theme_have_no_violations(any_site: SiteOpener, browser: Any) -> None:
    """The dark theme's colours, on one page of each kind (every page is checked in the light theme)."""
    site = any_site()
    samples = {**_pages(site), "references": "book/references.html"}
    crawled = crawl(browser, site, sorted(samples.values()), color_scheme="dark")
    found = {name: crawled[rel].found for name, rel in samples.items()}
    bad = {name: v for name, v in found.items() if v != []}
    assert bad == {}, "\n".join(f"{name}:\n  " + "\n  ".join(v or ["(not checked)"]) for name, v in bad.items())
    assert {rel: c.errors for rel, c in crawled.items() if c.errors} == {}


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


FADING = """<!doctype html><html lang="en"><head><title>Fade</title><style>
body { background: #121212; }
button { color: #000000; background: #121212; transition: color 1.5s linear; }
.shown button { color: #f3f4f5; }
</style></head><body><main><button type="button">Search</button></main></body></html>"""


def test_axe_measures_colours_once_their_transitions_end(browser: Any) -> None:
    """A colour fading in from black on a dark page fails contrast only while it fades: axe
    run mid-fade finds a contrast no reader is left with, axe as the crawl runs it finds none."""
    page = browser.new_page()
    try:
        page.set_content(FADING)
        page.add_script_tag(path=axe_script())
        # The button's colour is computed before the change, so the change starts a fade.
        page.evaluate(
            "() => { getComputedStyle(document.querySelector('button')).color; document.body.classList.add('shown'); }"
        )
        mid_fade = page.evaluate(f"tags => ({AXE_RUN})(tags)", TAGS)
        assert [v for v in mid_fade if v.startswith("color-contrast")], mid_fade
        assert violations(page) == []
    finally:
        page.close()
