"""A small cohort over the fixture course's graded assessment, with its figures worked by hand.

Points: sm-a-indicator 2, sm-a-multi 2, sm-a-days 1, sm-a-order 2, sm-a-match 2,
sm-a-decide 2, sm-a-text 3 (14 in all). cara's text answer is not graded yet and her
answers file was unusable; dan's match answer is partial (so unanswered).

    scores      ind multi days order match decide text | total
    ana          2    2    0    2     2     0      3   |  11
    ben          2    1    0    2     0     0      2   |   7
    cara         2    0    0    0     0     2      -   |   4
    dan          2    1    1    1     0     2      1   |   8

Four trainees: the upper and lower groups hold one each (27% of 4 = 1.08 -> 1): ana (11)
and cara (4).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asit.loader import load_or_raise
from asit.models import Assessment
from asit.report.stats import TraineeRecord

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "course"
ASSIGNMENT = "01-sample"
IDS = ("sm-a-indicator", "sm-a-multi", "sm-a-days", "sm-a-order", "sm-a-match", "sm-a-decide", "sm-a-text")

SCORES: dict[str, tuple[float | None, ...]] = {
    "ana": (2, 2, 0, 2, 2, 0, 3),
    "ben": (2, 1, 0, 2, 0, 0, 2),
    "cara": (2, 0, 0, 0, 0, 2, None),
    "dan": (2, 1, 1, 1, 0, 2, 1),
}
ANSWERS: dict[str, dict[str, Any]] = {
    "ana": {
        "sm-a-indicator": "a",
        "sm-a-multi": ["a", "c"],
        "sm-a-days": 30,
        "sm-a-order": ["a", "b"],
        "sm-a-match": {"p": "protect", "n": "support"},
        "sm-a-decide": "b",
    },
    "ben": {
        "sm-a-indicator": "a",
        "sm-a-multi": ["a", "b", "c"],
        "sm-a-days": 31,
        "sm-a-order": ["a", "b"],
        "sm-a-match": {"p": "support", "n": "support"},
        "sm-a-decide": "b",
    },
    "cara": {},
    "dan": {
        "sm-a-indicator": "a",
        "sm-a-multi": ["a"],
        "sm-a-days": 30.0,
        "sm-a-order": ["b", "a"],
        "sm-a-match": {"p": "protect"},
        "sm-a-decide": "a",
    },
}

# What the report files hold for this cohort (figures as above; see test_stats for the working).
QUESTIONS_CSV = """\
position,question,kind,max_points,graded,answered,mean_score,difficulty,discrimination,point_biserial,flags
1,sm-a-indicator,single,2.00,4,3,2.00,1.000,0.000,,too easy
2,sm-a-multi,multiple,2.00,4,3,1.00,0.500,1.000,0.981,
3,sm-a-days,numeric,1.00,4,3,0.25,0.250,0.000,-0.058,too hard; negative discrimination
4,sm-a-order,order,2.00,4,3,1.25,0.625,1.000,0.589,
5,sm-a-match,match,2.00,4,2,0.50,0.250,1.000,0.617,too hard
6,sm-a-decide,decision,2.00,4,3,1.00,0.500,-1.000,-0.781,negative discrimination
7,sm-a-text,text,3.00,3,,2.00,0.667,0.333,0.327,
"""

OPTIONS_CSV = """\
position,question,option,label,correct,chosen,answered,share
1,sm-a-indicator,a,Yes,1,3,3,1.000
1,sm-a-indicator,b,No,0,0,3,0.000
2,sm-a-multi,a,Debt to the employer,1,3,3,1.000
2,sm-a-multi,b,Paid on time,0,1,3,0.333
2,sm-a-multi,c,Cannot leave the farm,1,2,3,0.667
3,sm-a-days,30,30 days,1,2,3,0.667
3,sm-a-days,31,31 days,0,1,3,0.333
4,sm-a-order,b@1,Refer: place 1,0,1,3,0.333
4,sm-a-order,b@2,Refer: place 2,1,2,3,0.667
4,sm-a-order,a@1,Secure: place 1,1,2,3,0.667
4,sm-a-order,a@2,Secure: place 2,0,1,3,0.333
5,sm-a-match,p:protect,Police → Protect,1,1,2,0.500
5,sm-a-match,p:support,Police → Support,0,1,2,0.500
5,sm-a-match,n:protect,NGO → Protect,0,0,2,0.000
5,sm-a-match,n:support,NGO → Support,1,2,2,1.000
6,sm-a-decide,a,Offer support first (2 of 2 points),1,1,3,0.333
6,sm-a-decide,b,Insist on a statement (0 of 2 points),0,2,3,0.667
"""

TRAINEES_CSV = """\
student,total,max_total,percent,ungraded
ana,11.00,14.00,78.6,0
ben,7.00,14.00,50.0,0
cara,4.00,14.00,28.6,1
dan,8.00,14.00,57.1,0
"""


def assessment() -> Assessment:
    folder = load_or_raise(FIXTURE).module(ASSIGNMENT)
    assert folder.assessment is not None
    return folder.assessment.assessment


def records() -> list[TraineeRecord]:
    # Given out of order on purpose: the report sorts trainees by id.
    return [
        TraineeRecord(student, dict(zip(IDS, SCORES[student], strict=True)), ANSWERS[student])
        for student in ("dan", "ben", "cara", "ana")
    ]


__all__ = [
    "ANSWERS",
    "ASSIGNMENT",
    "OPTIONS_CSV",
    "QUESTIONS_CSV",
    "SCORES",
    "TRAINEES_CSV",
    "assessment",
    "records",
]
