"""The course's tunable settings, by family, under ``asit:`` in ``_config.yml``.

Each figure an academy or an author may want to change (the cohort report's thresholds, the
grader's time limits and pace, the bar ``asit stats`` holds a module to) is a typed field
here, with its default, its range and its description, and nowhere else: commands read the
settings once, from the loaded course, and pass them down. The authoring page's table of
settings is generated from these models (``settings_rows``), so it cannot drift from them.

Not settings, on purpose: the answers-file and notebook caps (``widgets.answers``) are one
reading rule shared by the trainee's kernel, nbgrader's grading kernel and the in-process
grader, and a kernel has no ``_config.yml`` to read; a cap set for one route only would
grade the same file differently on another.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


class SettingsSection(BaseModel):
    """A family of settings: immutable, strictly typed (``"120"`` is not a number), unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class ReportSettings(SettingsSection):
    """``asit report``: when the item analysis flags a question, and how it groups the cohort."""

    too_easy: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description="A question whose difficulty (mean score over its points) is above this is flagged "
        "too easy: nearly everyone scores, so it tells little.",
    )
    too_hard: float = Field(
        default=0.3,
        ge=0,
        lt=1,
        description="A question whose difficulty is below this is flagged too hard: check its wording, "
        "its key and the teaching. Must be below too_easy.",
    )
    min_discrimination: float = Field(
        default=0.0,
        ge=-1,
        le=1,
        description="A question whose discrimination index or point-biserial correlation is below this "
        "is flagged: weaker trainees do better on it than stronger ones; check its key.",
    )
    group_share: float = Field(
        default=0.27,
        gt=0,
        le=0.5,
        description="The share of the cohort in each of the upper and lower groups of the discrimination "
        "index, by total score (Kelley's 27 %).",
    )
    histogram_bins: int = Field(
        default=10,
        ge=1,
        le=100,
        description="Bands of the score distribution, each an equal share of the maximum total.",
    )

    @field_validator("too_hard")
    @classmethod
    def _below_too_easy(cls, value: float, info: ValidationInfo) -> float:
        too_easy = info.data.get("too_easy")
        if too_easy is not None and value >= too_easy:
            raise ValueError(f"must be below too_easy ({too_easy:g}), not {value:g}")
        return value


class GradingSettings(SettingsSection):
    """``asit grade`` and nbgrader's autograde: time limits, and the pace on this machine."""

    execute_timeout: int = Field(
        default=120,
        ge=1,
        le=86_400,
        description="Seconds a cell of a graded notebook may run when nbgrader executes a submission; "
        "a graded notebook's cells take well under one.",
    )
    trainee_timeout: float = Field(
        default=60.0,
        gt=0,
        le=86_400,
        description="Seconds to read and to grade one trainee's submission in process; a submission "
        "that takes longer is not graded, and the summary says why.",
    )
    batch_size: int = Field(
        default=50,
        ge=1,
        le=100_000,
        description="Submissions saved to the gradebook per transaction. Speed only: the grades are "
        "the same; a batch that fails is saved again one submission at a time.",
    )
    min_parallel_tasks: int = Field(
        default=8,
        ge=1,
        le=100_000,
        description="Submissions nbgrader's autograde must have before they are spread over worker "
        "processes (one per core); below it, starting workers costs more than it saves. Speed only.",
    )


class StatsSettings(SettingsSection):
    """``asit stats``: the bar a module is held to."""

    min_words: int = Field(
        default=2500,
        ge=0,
        le=1_000_000,
        description="Fewest words of a module's lesson pages (prose only: code and markup left out).",
    )
    max_words: int = Field(
        default=4000,
        ge=1,
        le=1_000_000,
        description="Most words of a module's lesson pages. Must be at least min_words.",
    )
    cue_far: float = Field(
        default=2.0,
        gt=1,
        le=100,
        description="A module is short of the bar when picking the longest (or the shortest) option finds "
        "the right one more than this many times as often as a blind guess, or less than 1/this as often.",
    )
    cue_min_questions: int = Field(
        default=8,
        ge=1,
        le=100_000,
        description="Single and decision questions a module needs before the low side of the surface-cue "
        "check is judged (with fewer, no right option being the longest happens by chance).",
    )

    @field_validator("max_words")
    @classmethod
    def _not_below_min_words(cls, value: int, info: ValidationInfo) -> int:
        min_words = info.data.get("min_words")
        if min_words is not None and value < min_words:
            raise ValueError(f"must be at least min_words ({min_words}), not {value}")
        return value


# ---------------------------------------------------------------- the documentation table


@dataclass(frozen=True)
class SettingRow:
    """One setting as the authoring page lists it."""

    key: str  # the full key, e.g. asit.report.too_easy
    type: str
    default: str
    description: str


TYPE_NAMES = {int: "integer", float: "number", str: "text", bool: "true or false", type(None): "null"}


def _type_name(annotation: Any) -> str:
    """``float | None`` as an author reads it: ``number or null``."""
    parts = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return " or ".join(TYPE_NAMES.get(part, getattr(part, "__name__", str(part))) for part in parts)


def shown_default(value: Any) -> str:
    """A default as it is written in ``_config.yml``: ``null``, ``70``, ``0.9``, ``assessments``."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def settings_rows(model: type[BaseModel], prefix: str = "asit") -> list[SettingRow]:
    """Every setting of ``model``, families unfolded, in the order of the model."""
    rows: list[SettingRow] = []
    for name, info in model.model_fields.items():
        key = f"{prefix}.{name}"
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows += settings_rows(annotation, key)
            continue
        rows.append(SettingRow(key, _type_name(annotation), shown_default(info.default), info.description or ""))
    return rows
