"""Item analysis: difficulty, discrimination and point-biserial, worked by hand, and the edge cases."""

from __future__ import annotations

import math

import pytest
from report_cohort import ASSIGNMENT, assessment, records

from asit.report import stats
from asit.report.stats import (
    FLAG_NEGATIVE,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    CohortReport,
    TraineeRecord,
    analyse,
    difficulty,
    discrimination_index,
    group_size,
    histogram,
    point_biserial,
)
from asit.settings import ReportSettings


@pytest.fixture(scope="module")
def report() -> CohortReport:
    a = assessment()
    return analyse(ASSIGNMENT, a.title, a.questions, records(), ["a note"])


def item(report: CohortReport, qid: str) -> stats.ItemStats:
    return next(i for i in report.items if i.question == qid)


def test_thresholds_are_the_documented_ones() -> None:
    defaults = ReportSettings()
    figures = (defaults.too_easy, defaults.too_hard, defaults.min_discrimination, defaults.group_share)
    assert figures == (0.9, 0.3, 0.0, 0.27)
    assert defaults == stats.DEFAULTS


def test_measures_on_plain_lists() -> None:
    # Five trainees; the question is worth 2. Scores x = 2,2,0,2,0; totals 9,7,3,5,1.
    x = [2.0, 2.0, 0.0, 2.0, 0.0]
    totals = [9.0, 7.0, 3.0, 5.0, 1.0]
    # difficulty: mean 6/5 = 1.2, over 2 points = 0.6
    assert difficulty(x, 2) == pytest.approx(0.6)
    # groups of round(0.27 * 5) = 1: upper = total 9 (scored 2), lower = total 1 (scored 0): (2 - 0) / 2
    assert group_size(5) == 1
    assert discrimination_index(x, totals, 2) == pytest.approx(1.0)
    # rest = totals - x = 7,5,3,3,1 (mean 3.8); x mean 1.2
    # sxy = .8*3.2 + .8*1.2 + -1.2*-.8 + .8*-.8 + -1.2*-2.8 = 7.2
    # sxx = 3*.64 + 2*1.44 = 4.8; syy = 10.24 + 1.44 + .64 + .64 + 7.84 = 20.8
    rest = [t - s for s, t in zip(x, totals, strict=True)]
    assert point_biserial(x, rest) == pytest.approx(7.2 / math.sqrt(4.8 * 20.8))
    assert point_biserial(x, rest) == pytest.approx(0.720577, abs=1e-6)


@pytest.mark.parametrize(("n", "size"), [(1, 1), (2, 1), (4, 1), (5, 1), (6, 2), (10, 3), (30, 8), (100, 27)])
def test_group_size_is_27_percent_rounded(n: int, size: int) -> None:
    assert group_size(n) == size


def test_upper_and_lower_groups_of_three_each() -> None:
    # Ten trainees: groups of 3. Upper (totals 10, 9, 8) scored 1, 1, 0; lower (3, 2, 1) scored 0, 0, 1.
    x = [1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    totals = [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    assert discrimination_index(x, totals, 1) == pytest.approx((2 / 3 - 1 / 3) / 1)


def test_one_trainee_gives_nothing_computable_but_a_report() -> None:
    assert discrimination_index([1.0], [5.0], 1) is None
    assert point_biserial([1.0], [4.0]) is None
    a = assessment()
    one = [TraineeRecord("solo", {q.id: float(q.points) for q in a.questions}, {})]
    report = analyse(ASSIGNMENT, a.title, a.questions, one)
    assert [t.total for t in report.trainees] == [14.0]
    for i in report.items:
        assert i.difficulty == 1.0
        assert i.discrimination is None
        assert i.point_biserial is None
        assert i.flags == (FLAG_TOO_EASY,)
    assert report.histogram == (0, 0, 0, 0, 0, 0, 0, 0, 0, 1)


def test_all_equal_scores_are_not_computable() -> None:
    x = [1.0, 1.0, 1.0]
    totals = [6.0, 6.0, 6.0]
    assert discrimination_index(x, totals, 2) is None
    assert point_biserial(x, [5.0, 5.0, 5.0]) is None
    a = assessment()
    same = [TraineeRecord(s, {q.id: 1.0 for q in a.questions}, {}) for s in ("a", "b", "c")]
    report = analyse(ASSIGNMENT, a.title, a.questions, same)
    for i in report.items:
        assert i.discrimination is None and i.point_biserial is None
        assert FLAG_NEGATIVE not in i.flags


def test_no_points_or_no_grades_is_not_computable() -> None:
    assert difficulty([], 2) is None
    assert difficulty([0.0, 0.0], 0) is None
    assert discrimination_index([0.0, 0.0], [1.0, 2.0], 0) is None


def test_item_analysis_of_the_cohort(report: CohortReport) -> None:
    # sm-a-indicator: everyone 2 of 2 -> difficulty 1.0 (too easy); upper and lower both 2 -> D = 0;
    # no spread in the scores -> no point-biserial.
    ind = item(report, "sm-a-indicator")
    assert (ind.difficulty, ind.discrimination, ind.point_biserial) == (1.0, 0.0, None)
    assert ind.flags == (FLAG_TOO_EASY,)
    # sm-a-multi: 2,1,0,1 of 2 -> 4/4/2 = 0.5; upper ana 2, lower cara 0 -> 1.0;
    # rest 9,6,4,7: sxy = 5, sxx = 2, syy = 13 -> 5 / sqrt(26)
    multi = item(report, "sm-a-multi")
    assert multi.difficulty == pytest.approx(0.5)
    assert multi.discrimination == pytest.approx(1.0)
    assert multi.point_biserial == pytest.approx(5 / math.sqrt(26))
    assert multi.flags == ()
    # sm-a-days: only dan (total 8) has it: 1/4 = 0.25 (too hard); ana 0, cara 0 -> D = 0;
    # rest 11,7,4,7: sxy = -0.25, sxx = 0.75, syy = 24.75 -> negative
    days = item(report, "sm-a-days")
    assert days.difficulty == pytest.approx(0.25)
    assert days.discrimination == 0.0
    assert days.point_biserial == pytest.approx(-0.25 / math.sqrt(0.75 * 24.75))
    assert days.flags == (FLAG_TOO_HARD, FLAG_NEGATIVE)
    # sm-a-decide: the two weakest have it: 0.5; upper ana 0, lower cara 2 -> -1.0;
    # rest 11,7,2,6: sxy = -10, sxx = 4, syy = 41
    decide = item(report, "sm-a-decide")
    assert decide.difficulty == pytest.approx(0.5)
    assert decide.discrimination == pytest.approx(-1.0)
    assert decide.point_biserial == pytest.approx(-10 / math.sqrt(164))
    assert decide.flags == (FLAG_NEGATIVE,)
    # sm-a-text: graded for ana 3, ben 2, dan 1 (cara awaits) -> 6/3/3 = 2/3; groups among the graded:
    # upper ana (11) 3, lower ben (7) 2 -> 1/3; rest 8,5,7: sxy = 1, sxx = 2, syy = 14/3
    text = item(report, "sm-a-text")
    assert text.graded == 3 and text.answered is None
    assert text.difficulty == pytest.approx(2 / 3)
    assert text.discrimination == pytest.approx(1 / 3)
    assert text.point_biserial == pytest.approx(1 / math.sqrt(28 / 3))
    assert [i.question for i in report.flagged] == ["sm-a-indicator", "sm-a-days", "sm-a-match", "sm-a-decide"]


def test_answered_counts_only_answers_of_the_right_shape(report: CohortReport) -> None:
    # cara's file was unusable; dan's match pairs only one item.
    assert {i.question: i.answered for i in report.items} == {
        "sm-a-indicator": 3,
        "sm-a-multi": 3,
        "sm-a-days": 3,
        "sm-a-order": 3,
        "sm-a-match": 2,
        "sm-a-decide": 3,
        "sm-a-text": None,
    }


def test_option_counts(report: CohortReport) -> None:
    counts = {(o.question, o.option): (o.chosen, o.answered, o.correct) for o in report.options}
    assert counts[("sm-a-multi", "a")] == (3, 3, True)
    assert counts[("sm-a-multi", "b")] == (1, 3, False)
    assert counts[("sm-a-days", "30")] == (2, 3, True)  # 30 and 30.0 are one value
    assert counts[("sm-a-days", "31")] == (1, 3, False)
    assert counts[("sm-a-order", "b@1")] == (1, 3, False)
    assert counts[("sm-a-order", "a@1")] == (2, 3, True)
    assert counts[("sm-a-match", "n:support")] == (2, 2, True)
    assert counts[("sm-a-decide", "b")] == (2, 3, False)
    assert not [o for o in report.options if o.question == "sm-a-text"]


def test_totals_and_distribution(report: CohortReport) -> None:
    assert [(t.student, t.total, t.ungraded) for t in report.trainees] == [
        ("ana", 11.0, 0),
        ("ben", 7.0, 0),
        ("cara", 4.0, 1),
        ("dan", 8.0, 0),
    ]
    assert report.max_total == 14.0
    # 78.6%, 50.0%, 28.6%, 57.1% of 14 points
    assert report.histogram == (0, 0, 1, 0, 0, 2, 0, 1, 0, 0)
    assert report.notes == ("a note",)


def test_histogram_edges() -> None:
    assert histogram([0.0, 9.99, 10.0, 100.0, 120.0, -5.0]) == (3, 1, 0, 0, 0, 0, 0, 0, 0, 2)
    assert histogram([30.000000000000004, 29.999999999999996]) == (0, 0, 0, 2, 0, 0, 0, 0, 0, 0)


def test_absurd_answers_count_as_unanswered() -> None:
    a = assessment()
    odd = {"sm-a-days": 10**400, "sm-a-multi": "a", "sm-a-order": ["a"], "sm-a-match": [1], "sm-a-decide": 3}
    report = analyse(ASSIGNMENT, a.title, a.questions, [TraineeRecord("x", {}, odd)])
    assert all(i.answered in (0, None) for i in report.items)
    assert all(i.graded == 0 and i.difficulty is None for i in report.items)


@pytest.mark.parametrize(
    ("diff", "disc", "rpb", "flags"),
    [
        (0.9, 0.0, 0.0, ()),  # the thresholds themselves are not flagged
        (0.3, None, None, ()),
        (0.91, 0.2, 0.3, (FLAG_TOO_EASY,)),
        (0.29, 0.2, 0.3, (FLAG_TOO_HARD,)),
        (0.5, -0.01, 0.3, (FLAG_NEGATIVE,)),
        (0.5, 0.2, -0.01, (FLAG_NEGATIVE,)),
        (0.1, -0.5, None, (FLAG_TOO_HARD, FLAG_NEGATIVE)),
        (None, None, None, ()),
        ((0.1 + 0.2) * 3, 0.3 - 0.1 - 0.2, 0.0, ()),  # rounding noise (0.9000000000000001, -2.8e-17) is no flag
    ],
)
def test_flag_thresholds(diff: float | None, disc: float | None, rpb: float | None, flags: tuple[str, ...]) -> None:
    assert stats.flags_for(diff, disc, rpb) == flags
