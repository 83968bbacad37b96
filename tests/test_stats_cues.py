"""`asit stats` reports how often the right option is the longest or the shortest, against a blind guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from asit.cli import main
from asit.loader import load_or_raise
from asit.models import Choice, DecisionQuestion, Option, SingleQuestion
from asit.stats import CueStats, course_cues, course_stats, cue_stats


def single(*texts: str, right: int) -> SingleQuestion:
    options = tuple(Option(id=chr(97 + i), text=t, correct=i == right, feedback="why") for i, t in enumerate(texts))
    return SingleQuestion(kind="single", id="q", prompt="p", points=1, objective="o", options=options)


def decision(*choices: tuple[str, int]) -> DecisionQuestion:
    made = tuple(
        Choice(id=chr(97 + i), text=t, points=p, consequence="c", feedback="f") for i, (t, p) in enumerate(choices)
    )
    return DecisionQuestion(
        kind="decision", id="d", prompt="p", points=max(p for _, p in choices), objective="o", choices=made
    )


def test_hit_rates_by_hand() -> None:
    cues = cue_stats(
        [
            single("aaaa", "bb", "c", right=0),  # right is the longest: longest 1, shortest 0, fair 1/3
            single("aa", "bb", "c", right=1),  # tie for longest between a (wrong) and b (right): 1/2
            decision(("long text", 0), ("mid", 2), ("x", 2)),  # two best of three; "x" is the shortest
        ]
    )
    assert cues.questions == 3
    assert cues.longest == pytest.approx((1 + 0.5 + 0) / 3)
    assert cues.shortest == pytest.approx((0 + 0 + 1) / 3)
    assert cues.fair == pytest.approx((1 / 3 + 1 / 3 + 2 / 3) / 3)


def test_far_means_more_than_twice_the_fair_share() -> None:
    # Four two-option questions: fair share 1/2; twice that (100 %) cannot be exceeded.
    two = CueStats(questions=4, longest_hits=4, shortest_hits=0, fair_hits=2)
    assert two.far() == []
    assert not two.near()
    # Eight four-option questions: fair 25 %; the longest is right in 5 of 8 (62.5 % > 50 %).
    four = CueStats(questions=8, longest_hits=5, shortest_hits=2, fair_hits=2)
    assert four.far() == ["the right option is the longest in 62% (fair share 25%)"]
    assert CueStats(questions=8, longest_hits=4, shortest_hits=2, fair_hits=2).far() == []
    assert CueStats(questions=8, longest_hits=2, shortest_hits=2, fair_hits=2).near()
    assert CueStats().near() and CueStats().far() == []


def test_far_below_half_the_fair_share_is_flagged_from_enough_questions() -> None:
    # "Never pick the longest" is a cue too. Eight four-option questions, fair 25 %: the longest
    # right once (12.5 %, exactly half the fair share) is not flagged; never right is.
    assert CueStats(questions=8, longest_hits=1, shortest_hits=2, fair_hits=2).far() == []
    never = CueStats(questions=8, longest_hits=0, shortest_hits=2, fair_hits=2)
    assert never.far() == ["the right option is the longest in only 0% (fair share 25%)"]
    both = CueStats(questions=8, longest_hits=5, shortest_hits=0.5, fair_hits=2)
    assert both.far() == [
        "the right option is the longest in 62% (fair share 25%)",
        "the right option is the shortest in only 6% (fair share 25%)",
    ]
    # Seven questions are too few to judge the low side; the high side is judged at any size.
    assert CueStats(questions=7, longest_hits=0, shortest_hits=0, fair_hits=1.75).far() == []
    assert CueStats(questions=7, longest_hits=4, shortest_hits=0, fair_hits=1.75).far() == [
        "the right option is the longest in 57% (fair share 25%)"
    ]


def test_shares_of_the_fixture_course(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Scenario decision: "Call the NGO and offer support without conditions" (right) is the longest.
    # Scenario single: "The passenger" (right, 13 characters) against "The police" (10).
    # Assessment single: "Yes" (right) against "No". Assessment decision: "Offer support first"
    # (right, 19) against "Insist on a statement" (21). Longest 3/4, shortest 1/4, fair 2/4.
    [module] = course_stats(load_or_raise(course_copy))
    assert (module.cues.questions, module.cues.longest, module.cues.shortest, module.cues.fair) == (4, 0.75, 0.25, 0.5)
    assert course_cues([module]) == module.cues
    assert main(["--root", str(course_copy), "stats"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  surface cues: right option longest 75%, shortest 25%, fair share 50% (4 single/decision questions)" in out
    assert out[-1] == (
        "course surface cues: right option longest 75%, shortest 25%, fair share 50% "
        "(4 single/decision questions): near the fair share"
    )


def test_a_module_far_from_the_fair_share_is_short_of_the_bar(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The assessment's decision gets a third, short choice and a longer right one: every right
    # option is now the longest. Fair share (1/2 + 1/2 + 1/2 + 1/3) / 4 = 11/24; twice it is 11/12 < 1.
    path = course_copy / "assessments/01-sample.yml"
    text = path.read_text().replace("text: Offer support first,", "text: Offer support first and always,")
    text = text.replace(
        "          - {id: b, text: Insist on a statement,",
        "          - {id: c, text: Wait, points: 0, consequence: She leaves., feedback: Waiting loses her.}\n"
        "          - {id: b, text: Insist on a statement,",
    )
    path.write_text(text)
    [module] = course_stats(load_or_raise(course_copy))
    assert module.cues.longest == 1.0 and module.cues.shortest == 0.0
    assert module.cues.fair == pytest.approx(11 / 24)
    assert "surface cue: the right option is the longest in 100% (fair share 46%)" in module.shortfalls()
    # The fixture is short of the bar in other ways too, so the cue is checked in the report itself.
    assert main(["--root", str(course_copy), "stats", "--strict"]) == 1
    assert "surface cue: the right option is the longest in 100% (fair share 46%)" in capsys.readouterr().out


def test_a_module_where_the_right_option_is_never_the_shortest(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A longer right choice in the assessment's decision: no right option is the shortest any
    # more (0 % against a fair share of 50 %), and none is above twice the fair share.
    path = course_copy / "assessments/01-sample.yml"
    path.write_text(path.read_text().replace("text: Offer support first,", "text: Offer support first and always,"))
    cue = "surface cue: the right option is the shortest in only 0% (fair share 50%)"
    [module] = course_stats(load_or_raise(course_copy))
    assert module.cues.shortest == 0.0 and module.cues.fair == 0.5
    # Four questions are too few to judge the low side: no surface cue among the shortfalls.
    assert not any(s.startswith("surface cue") for s in module.shortfalls())
    assert main(["--root", str(course_copy), "stats"]) == 0
    assert cue not in capsys.readouterr().out
    # With asit.stats.cue_min_questions set to 4 in _config.yml, the same module is flagged, and
    # the stats line says so.
    config = course_copy / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  stats:\n    cue_min_questions: 4\n", encoding="utf-8")
    [module] = course_stats(load_or_raise(course_copy))
    assert cue in module.shortfalls()
    assert main(["--root", str(course_copy), "stats"]) == 0
    assert cue in capsys.readouterr().out
