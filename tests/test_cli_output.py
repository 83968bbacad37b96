"""``asit``'s output goes through logging: --quiet keeps only problems, --verbose adds the steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from asit.cli import main


def test_check_normal_quiet_and_verbose(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(course_copy), "check"]) == 0
    assert capsys.readouterr().out == "ok: 1 modules, 14 questions, no errors\n"
    assert main(["--root", str(course_copy), "--quiet", "check"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["--root", str(course_copy), "--verbose", "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"course root: {course_copy.resolve()}"
    assert lines[1].startswith("loaded and validated in ") and lines[1].endswith(" s")
    assert lines[2] == "ok: 1 modules, 14 questions, no errors"


def test_quiet_still_prints_every_content_error(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = course_copy / "modules" / "01-sample" / "module.yml"
    module.write_text(module.read_text(encoding="utf-8") + "zz: &x 1\n", encoding="utf-8")
    runs = []
    for _ in range(2):  # a second run in the same process neither doubles nor loses lines
        assert main(["--root", str(course_copy), "-q", "check"]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        lines = err.splitlines()
        assert lines[-1] == f"{len(lines) - 1} error(s); nothing was written."
        assert any(
            line.startswith("modules/01-sample/module.yml:") and 'the anchor "&x" is not allowed' in line
            for line in lines
        )
        runs.append(err)
    assert runs[0] == runs[1]


def test_quiet_and_verbose_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--quiet", "--verbose", "check"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
