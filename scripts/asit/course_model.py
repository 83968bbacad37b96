"""The loaded course as data: each YAML file with its line map, each module folder, the course.

Kept apart from ``loader`` (which builds these) so that ``validate`` (which judges them) and
``loader`` (which runs validation in ``load_or_raise``) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError, KeyPath, format_key_path
from .models import Assessment, CourseSettings, Module, Scenario
from .yamlread import LocatedData


@dataclass(frozen=True)
class SourceFile:
    """A YAML file as read: its course-relative path and where each key path sits."""

    path: str
    located: LocatedData

    def error(self, key_path: KeyPath, message: str) -> ContentError:
        return ContentError(self.path, self.located.line_of(key_path), format_key_path(key_path), message)


@dataclass(frozen=True)
class ScenarioFile:
    source: SourceFile
    scenario: Scenario


@dataclass(frozen=True)
class AssessmentFile:
    source: SourceFile
    assessment: Assessment


@dataclass(frozen=True)
class ModuleFolder:
    """A module folder and what it holds."""

    name: str  # the folder name, NN-slug; also the nbgrader assignment name
    directory: Path
    source: SourceFile
    module: Module
    scenarios: tuple[ScenarioFile, ...]
    assessment: AssessmentFile | None


@dataclass(frozen=True)
class Course:
    """Everything the course is made of, loaded and typed."""

    root: Path
    config: dict[str, Any]
    settings: CourseSettings
    modules: tuple[ModuleFolder, ...]
    bib_entries: dict[str, str]  # BibTeX key -> the .bib file that defines it (first one)
    stray_assessments: tuple[SourceFile, ...]  # assessment files with no module folder

    def module(self, name_or_id: str) -> ModuleFolder:
        for folder in self.modules:
            if name_or_id in (folder.name, folder.module.id):
                return folder
        raise KeyError(name_or_id)
