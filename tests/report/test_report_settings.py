"""The report's thresholds, band count and group share are the settings ``asit.report`` passes in."""

from __future__ import annotations

import pytest
from report_cohort import ASSIGNMENT, assessment, records

from asit.report.html import render_html
from asit.report.stats import FLAG_TOO_EASY, FLAG_TOO_HARD, analyse
from asit.settings import ReportSettings


def test_report_thresholds_decide_the_flags() -> None:
    a = assessment()

    def flags(settings: ReportSettings) -> dict[str, tuple[str, ...]]:
        report = analyse(ASSIGNMENT, a.title, a.questions, records(), (), settings)
        assert report.settings == settings
        return {i.question: i.flags for i in report.items}

    default = flags(ReportSettings())
    assert default["sm-a-indicator"] == (FLAG_TOO_EASY,)  # difficulty 1.0
    assert FLAG_TOO_HARD in default["sm-a-days"]  # difficulty 0.25
    assert flags(ReportSettings(too_easy=1.0))["sm-a-indicator"] == ()
    assert FLAG_TOO_HARD not in flags(ReportSettings(too_hard=0.2))["sm-a-days"]
    assert flags(ReportSettings(too_easy=0.4))["sm-a-multi"] == (FLAG_TOO_EASY,)  # difficulty 0.5


def test_report_group_share_and_bands_are_the_settings() -> None:
    a = assessment()
    default = analyse(ASSIGNMENT, a.title, a.questions, records())
    assert len(default.histogram) == 10
    fives = analyse(ASSIGNMENT, a.title, a.questions, records(), (), ReportSettings(histogram_bins=5))
    assert len(fives.histogram) == 5 and sum(fives.histogram) == sum(default.histogram)
    # With half the cohort in each group (two of four), sm-a-multi's upper group is ana and ben
    # (2 and 1 of 2) and its lower cara and dan (0 and 1): D = (1.5 - 0.5) / 2 = 0.5, not 1.0.
    halves = analyse(ASSIGNMENT, a.title, a.questions, records(), (), ReportSettings(group_share=0.5))
    multi = next(i for i in halves.items if i.question == "sm-a-multi")
    assert multi.discrimination == pytest.approx(0.5)
    assert next(i for i in default.items if i.question == "sm-a-multi").discrimination == pytest.approx(1.0)


def test_the_report_page_states_the_thresholds_it_used() -> None:
    a = assessment()
    chosen = ReportSettings(too_easy=0.85, too_hard=0.25, group_share=0.33, min_discrimination=0.1)
    page = render_html(analyse(ASSIGNMENT, a.title, a.questions, records(), (), chosen))
    assert "above 0.85" in page and "below 0.25" in page and "33%" in page and "0.1" in page
    assert "above 0.9" not in page and "below 0.3" not in page
