"""Build the fixture course's book for real (Jupyter Book, strict) and look at the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asit.cli import main
from asit.offline import find_external_loads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import FIXTURE_COURSE, copy_course

    root = copy_course(FIXTURE_COURSE, tmp_path_factory.mktemp("book") / "course")
    assert main(["--root", str(root), "build"]) == 0
    return root


def _text(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_pages_are_built(built: Path) -> None:
    site = built / "_build/html"
    for page in [
        "book/index.html",
        "book/how-to-use.html",
        "book/instructors.html",
        "book/references.html",
        "_generated/glossary.html",
        "_generated/progress.html",
        "_generated/modules/01-sample/index.html",
        "_generated/modules/01-sample/scenario-sm-roadside.html",
        "modules/01-sample/lesson.html",
        "search.html",
        "searchindex.js",
    ]:
        assert (site / page).is_file(), page


def test_table_of_contents_follows_the_modules(built: Path) -> None:
    nav = _text(built / "_build/html", "book/index.html")
    order = [m.start() for m in re.finditer(r"Using the course|Modules|1\. Sample: first contact|Glossary", nav)]
    assert len(order) >= 4 and order == sorted(order)
    start = _text(built / "_build/html", "_generated/modules/01-sample/index.html")
    assert "Recognise indicators of trafficking at a first contact." in start
    assert "Sample City, Testland" in start
    assert "scenario-sm-roadside.html" in start


def test_glossary_references_and_citations_resolve(built: Path) -> None:
    site = built / "_build/html"
    glossary = _text(site, "_generated/glossary.html")
    assert 'id="term-Reflection-period"' in glossary
    lesson = _text(site, "modules/01-sample/lesson.html")
    assert "glossary.html#term-Reflection-period" in lesson
    assert "references.html#id" in lesson or "Council of Europe" in lesson
    assert "Council of Europe Convention on Action against Trafficking" in _text(site, "book/references.html")


def test_site_loads_nothing_from_outside(built: Path) -> None:
    assert find_external_loads(built / "_build/html") == []


def test_search_index_is_local(built: Path) -> None:
    index = _text(built / "_build/html", "searchindex.js")
    assert "reflection" in index.lower()


def test_rebuild_with_nothing_changed_keeps_generated_files(built: Path) -> None:
    generated = built / "_generated/glossary.md"
    before = generated.stat().st_mtime_ns
    assert main(["--root", str(built), "build"]) == 0
    assert generated.stat().st_mtime_ns == before


def test_failed_book_build_keeps_the_last_good_site(built: Path) -> None:
    lesson = built / "modules/01-sample/lesson.md"
    good = lesson.read_text()
    index = built / "_build/html/book/index.html"
    before = index.read_bytes()
    lesson.write_text(good + "\nA reference to {term}`No such term`.\n")
    try:
        assert main(["--root", str(built), "build"]) == 1
        assert index.read_bytes() == before
    finally:
        lesson.write_text(good)
