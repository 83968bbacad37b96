"""Typed, frozen models of the course content.

The YAML an author writes is parsed into these models and nothing else: every later stage
(validation, scoring, rendering) reads models, never raw YAML. Structure and types are
checked here by pydantic; rules that need several fields or files live in ``validate``.
The JSON Schemas that ``asit schema`` writes are generated from these classes, so the
field descriptions below are what an author's editor shows.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .settings import GradingSettings, ReportSettings, StatsSettings

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=64,
        description="Lower-case letters, digits and hyphens; stable, used in links and scores.",
    ),
]
Markdown = Annotated[str, Field(min_length=1, description="MyST Markdown text.")]
Points = Annotated[int, Field(ge=0, le=100, description="Whole points.")]


class Frozen(BaseModel):
    """Base of every content model: immutable, and unknown keys are errors (typos surface)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


# ---------------------------------------------------------------- questions


class Option(Frozen):
    """One answer option of a `single` or `multiple` question."""

    id: Id
    text: Markdown
    correct: bool = False
    feedback: Markdown = Field(description="Why this option is right or wrong; shown after a check.")
    harms: bool = Field(
        default=False,
        exclude=True,
        description="True when choosing this option would harm a presumed victim; such an option must "
        "score 0 (not correct). An authoring check only: it is left out of every rendered file.",
    )


class OrderItem(Frozen):
    """One step of an `order` question, shown in the authored order (not the answer order)."""

    id: Id
    text: Markdown
    feedback: Markdown = Field(description="Why this step belongs where it does.")


class MatchTarget(Frozen):
    """A right-hand entry of a `match` question (a role, an institution...)."""

    id: Id
    text: Markdown


class RubricCriterion(Frozen):
    """One criterion a grader checks in a `text` answer, with the points it is worth."""

    id: Id
    criterion: Markdown
    points: Points


class Choice(Frozen):
    """One choice of a `decision`: its points, what happens next and why."""

    id: Id
    text: Markdown
    points: Points = 0
    consequence: Markdown = Field(description="What happens in the case after this choice.")
    feedback: Markdown = Field(description="Why this choice is good or poor practice.")
    harms: bool = Field(
        default=False,
        exclude=True,
        description="True when this choice would harm a presumed victim; such a choice must have 0 points. "
        "An authoring check only: it is left out of every rendered file.",
    )
    next: Id | None = Field(
        default=None,
        description="Practice scenarios: the id of the stage or end this choice leads to. "
        "Graded assessments: leave out (their stages run in order).",
    )


class QuestionBase(Frozen):
    id: Id
    prompt: Markdown
    points: Points = Field(description="The most this question can score.")
    objective: Id = Field(description="The id of the module's learning objective it assesses.")


class SingleQuestion(QuestionBase):
    """One right answer among several options."""

    kind: Literal["single"]
    options: tuple[Option, ...] = Field(min_length=2)


class MultipleQuestion(QuestionBase):
    """Select all that apply: partial credit, and each wrong pick costs as much as a right one earns."""

    kind: Literal["multiple"]
    options: tuple[Option, ...] = Field(min_length=2)


class OrderQuestion(QuestionBase):
    """Put steps in order: credit for each pair of steps in the right relative order."""

    kind: Literal["order"]
    items: tuple[OrderItem, ...] = Field(min_length=2)
    answer: tuple[Id, ...] = Field(description="The item ids in the right order.")


class MatchQuestion(QuestionBase):
    """Pair each item with a target: credit for each right pair."""

    kind: Literal["match"]
    items: tuple[OrderItem, ...] = Field(min_length=2)
    targets: tuple[MatchTarget, ...] = Field(min_length=2)
    answer: dict[Id, Id] = Field(description="Item id to target id.")


class NumericQuestion(QuestionBase):
    """A number, right within a tolerance (for example days of a reflection period)."""

    kind: Literal["numeric"]
    answer: float
    tolerance: float = 0.0
    unit: str = ""
    feedback_correct: Markdown
    feedback_incorrect: Markdown


class DecisionQuestion(QuestionBase):
    """A branching choice; `points` must equal the best choice's points."""

    kind: Literal["decision"]
    choices: tuple[Choice, ...] = Field(min_length=2)


class TextQuestion(QuestionBase):
    """A free answer graded by a person against a rubric; `points` is the rubric's sum."""

    kind: Literal["text"]
    rubric: tuple[RubricCriterion, ...] = Field(min_length=1)
    model_answer: Markdown = Field(
        description="What a full answer covers. Practice: shown after the learner answers. "
        "Graded: seen by graders only."
    )


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | OrderQuestion
    | MatchQuestion
    | NumericQuestion
    | DecisionQuestion
    | TextQuestion,
    Field(discriminator="kind"),
]

AUTO_KINDS = ("single", "multiple", "order", "match", "numeric", "decision")
ALL_KINDS = (*AUTO_KINDS, "text")


# ---------------------------------------------------------------- scenarios and assessments


class Stage(Frozen):
    """One step of a case: more of the story, then questions."""

    id: Id
    title: str = Field(min_length=1)
    story: Markdown
    questions: tuple[Question, ...] = ()
    next: Id | None = Field(
        default=None,
        description="Practice scenarios: the stage or end that follows when the stage has no "
        "decision. Leave out when a decision question closes the stage.",
    )


class End(Frozen):
    """An end node of a practice scenario: how the case closes."""

    id: Id
    title: str = Field(min_length=1)
    outcome: Markdown


class Scenario(Frozen):
    """A practice scenario: a case told in stages, branching at decisions, closing at an end."""

    id: Id
    title: str = Field(min_length=1)
    summary: Markdown
    sources: tuple[str, ...] = Field(default=(), description="BibTeX keys of the sources it draws on.")
    stages: tuple[Stage, ...] = Field(min_length=1, description="The first stage is where the case starts.")
    ends: tuple[End, ...] = Field(min_length=1)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question of every stage, in the order written."""
        return tuple(q for stage in self.stages for q in stage.questions)


class Assessment(Frozen):
    """A graded assessment: one case, stages in order, every question graded."""

    id: Id = Field(description="The nbgrader assignment name; the same as the module folder name.")
    title: str = Field(min_length=1)
    case: Markdown = Field(description="The case as the trainee first reads it.")
    duration_minutes: int = Field(gt=0, le=600)
    sources: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = Field(min_length=1)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in the order trainees meet them."""
        return tuple(q for stage in self.stages for q in stage.questions)


# ---------------------------------------------------------------- modules and course


class Objective(Frozen):
    id: Id
    text: str = Field(min_length=1)


class Exchange(Frozen):
    """The ASIT exchange of practice the module comes from."""

    country: str = Field(min_length=1)
    city: str = Field(min_length=1)
    hosts: tuple[str, ...] = Field(min_length=1)
    partners: tuple[str, ...] = ()
    summary: Markdown


class GlossaryEntry(Frozen):
    term: str = Field(min_length=1)
    definition: Markdown


class Module(Frozen):
    """One module: one exchange of practice (`modules/NN-slug/module.yml`)."""

    id: Id
    number: int = Field(ge=0, le=99, description="Must match the NN of the folder name.")
    title: str = Field(min_length=1)
    summary: Markdown = Field(description="Opening text of the module's start page.")
    exchange: Exchange
    duration_minutes: int = Field(gt=0, le=6000)
    objectives: tuple[Objective, ...] = Field(min_length=1)
    pages: tuple[str, ...] = Field(
        min_length=1, description="Lesson pages (MyST .md files in the module folder), in order."
    )
    sources: tuple[str, ...] = Field(default=(), description="BibTeX keys of the module's sources.")
    glossary: tuple[GlossaryEntry, ...] = ()


class CourseSettings(Frozen):
    """Course-level settings, under the `asit:` key of `_config.yml`."""

    course_id: Id = Field(
        default="asit-thb",
        description="The course's id: nbgrader's course id, and the root of the LMS and LRS activity ids.",
    )
    jupyterhub_url: str | None = Field(
        default=None,
        description="A JupyterHub to open practice notebooks on (a launch link is shown); none by default.",
    )
    nbgrader_course_dir: str = Field(
        default="assessments",
        description="The nbgrader course folder, relative to the course root (source, release, submitted, gradebook).",
    )
    lms_pass_percent: float | None = Field(
        default=70,
        ge=0,
        le=100,
        description="LMS and LRS exports: the share of the points (in percent) a learner needs to pass a "
        "module (SCORM) or a scenario (xAPI); none reports completed instead of passed or failed.",
    )
    # The tunable figures, by family (asit.settings): each has its default, range and description.
    report: ReportSettings = Field(default_factory=ReportSettings, description="The cohort report (asit report).")
    grading: GradingSettings = Field(default_factory=GradingSettings, description="Grading (asit grade, nbgrader).")
    stats: StatsSettings = Field(default_factory=StatsSettings, description="The bar of asit stats.")
