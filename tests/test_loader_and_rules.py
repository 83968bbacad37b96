"""Loading the course and the cross-file rules, beyond the one-mistake corpus."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from asit.cli import main
from asit.errors import InvalidContentError
from asit.loader import load_or_raise
from asit.stats import course_stats, prose_words


def test_fixture_course_loads_as_frozen_models(course_copy: Path) -> None:
    course = load_or_raise(course_copy)
    folder = course.module("sample")
    assert folder.name == "01-sample"
    assert folder.assessment is not None
    assert folder.assessment.assessment.id == "01-sample"
    with pytest.raises(Exception, match="frozen"):
        folder.module.title = "changed"  # type: ignore[misc]


def test_all_errors_of_a_run_are_reported(course_copy: Path) -> None:
    scenario = course_copy / "modules/01-sample/scenarios/roadside.yml"
    scenario.write_text(scenario.read_text().replace("tolerance: 0", "tolerance: -1"))
    module = course_copy / "modules/01-sample/module.yml"
    module.write_text(module.read_text().replace("pages: [lesson.md]", "pages: [lesson.md, gone.md]"))
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    assert [str(e) for e in caught.value.errors] == [
        'modules/01-sample/module.yml:19: pages[1]: "gone.md" does not exist in 01-sample/',
        "modules/01-sample/scenarios/roadside.yml:28: stages[0].questions[1].tolerance: must not be negative",
    ]


def test_unlisted_page_and_unknown_citation(course_copy: Path) -> None:
    (course_copy / "modules/01-sample/extra.md").write_text("# Extra\n\nSee {cite:p}`nowhere-2020`.\n")
    lesson = course_copy / "modules/01-sample/lesson.md"
    lesson.write_text(lesson.read_text() + "\nAlso {cite:t}`cets197,missing-key`.\n")
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    assert [str(e) for e in caught.value.errors] == [
        "modules/01-sample/extra.md:1: the page is not listed in 01-sample/module.yml pages",
        'modules/01-sample/lesson.md:10: cites "missing-key", which no .bib file of the course defines',
    ]


def test_module_without_assessment_and_stray_assessment(course_copy: Path) -> None:
    (course_copy / "assessments/01-sample.yml").rename(course_copy / "assessments/09-other.yml")
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    assert [str(e) for e in caught.value.errors] == [
        "assessments/09-other.yml:1: no module folder matches this assessment's file name",
        "modules/01-sample/module.yml:1: the module has no graded assessment (assessments/01-sample.yml)",
    ]


def test_duplicate_glossary_term_and_bib_key(course_copy: Path) -> None:
    module = course_copy / "modules/01-sample/module.yml"
    module.write_text(module.read_text() + "  - term: reflection period\n    definition: Again.\n")
    (course_copy / "modules/01-sample/references.bib").write_text("@misc{cets197,\n  title = {Again}\n}\n")
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    assert [str(e) for e in caught.value.errors] == [
        'modules/01-sample/module.yml:26: glossary[2].term: "reflection period" is already defined at '
        "modules/01-sample/module.yml:22",
        'modules/01-sample/references.bib:1: the BibTeX key "cets197" is already defined in book/references.bib',
    ]


def test_check_command_exit_codes(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(course_copy), "check"]) == 0
    assert capsys.readouterr().out.strip() == "ok: 1 modules, 14 questions, no errors"


def test_schema_command_writes_one_schema_per_kind(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(course_copy), "schema"]) == 0
    folder = course_copy / "_build/schema"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["assessment.schema.json", "module.schema.json", "scenario.schema.json"]
    scenario = json.loads((folder / "scenario.schema.json").read_text())
    kinds = {
        ref.split("/")[-1]
        for ref in scenario["$defs"]["Stage"]["properties"]["questions"]["items"]["discriminator"]["mapping"].values()
    }
    assert kinds == {
        "SingleQuestion",
        "MultipleQuestion",
        "OrderQuestion",
        "MatchQuestion",
        "NumericQuestion",
        "DecisionQuestion",
        "TextQuestion",
    }
    assert scenario["additionalProperties"] is False


def test_prose_words_skip_code_and_markup() -> None:
    text = (
        "# Title here\n\nOne two {term}`three <Three>`.\n\n"
        "```python\nnot counted at all\n```\n\n"
        "```{note}\n:class: x\nFour five\n```\n"
    )
    assert prose_words(text) == 7


def test_stats_count_the_fixture(course_copy: Path) -> None:
    [stats] = course_stats(load_or_raise(course_copy))
    assert stats.objectives == 2 and stats.objectives_assessed == 2
    assert stats.assessment_questions == 7 and stats.assessment_text_questions == 1
    [scenario] = stats.scenarios
    assert (scenario.stages, scenario.questions, len(scenario.kinds), scenario.decisions, scenario.ends_reachable) == (
        3,
        7,
        7,
        1,
        2,
    )
    assert "practice scenarios 1 (want 2+)" in stats.shortfalls()


def test_bib_entries_the_book_style_would_refuse(course_copy: Path) -> None:
    (course_copy / "modules/01-sample/references.bib").write_text(
        "@techreport{sm-report,\n  title = {A report},\n  author = {{An Office}},\n  year = {2020}\n}\n\n"
        "@online{sm-page,\n  title = {A page}\n}\n\n@misc{sm-fine,\n  title = {Fine}\n}\n"
    )
    with pytest.raises(InvalidContentError) as caught:
        load_or_raise(course_copy)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0] == 'modules/01-sample/references.bib:1: "sm-report" (@techreport) lacks the field institution'
    assert messages[1].startswith('modules/01-sample/references.bib:7: "sm-page": the entry type @online is not')
    assert len(messages) == 2


def test_written_files_and_folders_get_the_usual_modes(tmp_path: Path) -> None:
    """Temp files are private; what a build publishes must be readable by a web server or a grader."""
    from asit.write import write_file, write_tree

    old = os.umask(0o022)
    try:
        write_tree(tmp_path / "site", {"a/b.html": "<p>x</p>"})
        write_file(tmp_path / "one.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "site" / "a").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "site" / "a" / "b.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "one.txt").stat().st_mode) == 0o644
