"""``asit bench grade``'s printout: the grading step and the whole run side by side, and how nbgrader was timed."""

from __future__ import annotations

import re

from asit.bench.grade_bench import GradeFigures, Steps, report, sample_of


def figures(stock: Steps | None, sample: int) -> GradeFigures:
    return GradeFigures(
        assignment="06-bulgaria",
        questions=17,
        students=1000,
        kinds={"right": 500, "wrong": 500},
        stock=stock,
        stock_sample=sample,
        fast=Steps(20.0, 4.0, 2.0),
        in_process=1000,
        identical=True if stock else None,
    )


def test_whole_run_ratio_and_per_submission_costs() -> None:
    out = report(figures(Steps(1500.0, 250.0, 10.0), 100))
    assert "timed on a sample of 100 of the 1000 submissions" in out and "scaled to 1000" in out
    assert re.search(r"ratio: 75\.0x \(meets the target of 50x\)", out)
    assert re.search(r"total\s+26\.00s\s+26\.0 ms\s+1760\.0s\s+1\.76 s\s+67\.7x", out), out
    assert "whole-run ratio: 67.7x (meets the target of 50x)" in out
    assert "asit grade, whole run: 26.0 s for 1000 submissions, 26.0 ms per submission" in out
    assert "identical: yes (the 100 sampled submissions)" in out


def test_without_nbgrader() -> None:
    out = report(figures(None, 0))
    assert "nbgrader: not timed (--no-stock)" in out
    assert "ratio" not in out.replace("whole run", "")
    assert re.search(r"feedback\s+4\.00s\s+4\.0 ms", out)


def test_the_sample_spreads_over_the_cohort() -> None:
    students = [f"t{n:03d}" for n in range(200)]
    picked = sample_of(students, 25)
    assert len(picked) == len(set(picked)) == 25 and picked[0] == "t000" and picked[-1] >= "t190"
    assert sample_of(students, 500) == students
