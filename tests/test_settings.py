"""The course's settings under ``asit:`` in ``_config.yml``: defaults, errors that name file, line
and key, and each family of settings changing what the tool does."""

from __future__ import annotations

from pathlib import Path

import pytest

from asit.cli import main
from asit.errors import ContentError, InvalidContentError
from asit.loader import load_config, load_or_raise
from asit.models import CourseSettings
from asit.nbgrader.config import settings_for
from asit.settings import GradingSettings, ReportSettings, StatsSettings
from asit.stats import course_stats

HEAD = "title: A course\nasit:\n  course_id: asit-thb\n"


def load(root: Path, text: str) -> tuple[CourseSettings, list[ContentError]]:
    (root / "_config.yml").write_text(text, encoding="utf-8")
    errors: list[ContentError] = []
    _config, settings = load_config(root, errors)
    return settings, errors


def test_absent_settings_are_the_defaults(tmp_path: Path) -> None:
    for text in ("title: A course\n", "title: A course\nasit:\n", HEAD, HEAD + "  report: {}\n"):
        settings, errors = load(tmp_path, text)
        assert errors == [] and settings == CourseSettings()
    assert settings.report == ReportSettings() and settings.report.too_easy == 0.9
    assert settings.grading.execute_timeout == 120 and settings.stats.max_words == 4000


def test_set_values_are_read(tmp_path: Path) -> None:
    text = HEAD + "  report:\n    too_easy: 0.85\n    histogram_bins: 5\n  grading:\n    execute_timeout: 300\n"
    settings, errors = load(tmp_path, text)
    assert errors == []
    assert (settings.report.too_easy, settings.report.histogram_bins) == (0.85, 5)
    assert settings.report.too_hard == 0.3  # the others keep their defaults
    assert settings.grading == GradingSettings(execute_timeout=300)


@pytest.mark.parametrize(
    ("lines", "line", "key", "message"),
    [
        ("  report:\n    too_esay: 0.8\n", 5, "asit.report.too_esay", "unknown key (a typo?)"),
        ("  reprot:\n    too_easy: 0.8\n", 4, "asit.reprot", "unknown key (a typo?)"),
        ("  grading:\n    execute_timeout: two minutes\n", 5, "asit.grading.execute_timeout", "valid integer"),
        ('  grading:\n    batch_size: "50"\n', 5, "asit.grading.batch_size", "valid integer"),
        ("  grading:\n    trainee_timeout: true\n", 5, "asit.grading.trainee_timeout", "valid number"),
        ("  grading:\n    execute_timeout: -5\n", 5, "asit.grading.execute_timeout", "greater than or equal to 1"),
        ("  report:\n    group_share: 0.6\n", 5, "asit.report.group_share", "less than or equal to 0.5"),
        ("  report:\n    too_easy: 0.5\n    too_hard: 0.5\n", 6, "asit.report.too_hard", "must be below too_easy"),
        ("  stats:\n    min_words: 3000\n    max_words: 2000\n", 6, "asit.stats.max_words", "at least min_words"),
        ("  stats:\n    cue_far: 1\n", 5, "asit.stats.cue_far", "greater than 1"),
        ("  report: 0.9\n", 4, "asit.report", "must be a mapping of settings"),
    ],
)
def test_a_wrong_setting_names_file_line_and_key(tmp_path: Path, lines: str, line: int, key: str, message: str) -> None:
    settings, errors = load(tmp_path, HEAD + lines)
    assert len(errors) == 1
    [error] = errors
    assert (error.file, error.line, error.key_path) == ("_config.yml", line, key)
    assert message in error.message
    assert settings == CourseSettings()  # nothing half-read: the defaults, and the error stops the command


def test_asit_check_refuses_a_wrong_setting(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "  report:\n    too_easy: 2\n", encoding="utf-8")
    line = text.count("\n") + 2
    assert main(["--root", str(course_copy), "check"]) == 2
    assert (
        f"_config.yml:{line}: asit.report.too_easy: Input should be less than or equal to 1" in capsys.readouterr().err
    )


def test_nbgrader_refuses_a_wrong_setting_and_defaults_without_a_config(tmp_path: Path) -> None:
    course_dir = tmp_path / "assessments"
    course_dir.mkdir()
    assert settings_for(course_dir) == CourseSettings()  # no _config.yml: a bare nbgrader folder
    (tmp_path / "_config.yml").write_text(HEAD + "  grading:\n    execute_timout: 30\n", encoding="utf-8")
    with pytest.raises(InvalidContentError, match=r"_config.yml:5: asit.grading.execute_timout: unknown key"):
        settings_for(course_dir)


# ---------------------------------------------------------------- each family is used


def test_stats_bar_is_the_setting(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [module] = course_stats(load_or_raise(course_copy))
    assert module.bar == StatsSettings()
    low = module.words - 1
    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"  stats:\n    min_words: {low}\n    max_words: {low}\n", encoding="utf-8")
    [module] = course_stats(load_or_raise(course_copy))
    assert f"lesson words {module.words} (want {low}-{low})" in module.shortfalls()
    assert main(["--root", str(course_copy), "stats"]) == 0
    assert f"lesson words {module.words} (want {low}-{low})" in capsys.readouterr().out
