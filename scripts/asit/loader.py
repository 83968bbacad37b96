"""Load the course from disk into frozen models, collecting every error on the way.

Nothing here judges content beyond its shape: a file that parses and fits its model is
loaded; one that does not becomes errors with file, line and key path. Rules that span
fields or files are in ``validate``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .bibliography import read_bib_file
from .course_model import AssessmentFile as AssessmentFile
from .course_model import Course as Course
from .course_model import ModuleFolder as ModuleFolder
from .course_model import ScenarioFile as ScenarioFile
from .course_model import SourceFile as SourceFile
from .errors import ContentError, InvalidContentError, KeyPath, relative
from .models import Assessment, CourseSettings, Module, Scenario
from .validate import validate_course
from .yamlread import LocatedData, YamlReadError, read_yaml

M = TypeVar("M", bound=BaseModel)

MODULE_DIR = re.compile(r"^(\d\d)-[a-z0-9][a-z0-9-]*$")


def _pydantic_message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (a typo?)"
    if kind == "union_tag_not_found":
        return "kind is missing"
    if kind == "union_tag_invalid":
        expected = err.get("ctx", {}).get("expected_tags", "")
        return f"unknown kind {err.get('input', {}).get('kind')!r}; expected one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{err.get('input')!r} is not a valid id (lower-case letters, digits and hyphens)"
    message = str(err.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """Turn a pydantic error location into the key path in the YAML (dropping union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node and node.get("kind") == part:
            continue
        path.append(part)
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        node = node[part] if in_dict or in_list else None
    return tuple(path)


def read_source(path: Path, root: Path, errors: list[ContentError]) -> SourceFile | None:
    """Read one YAML file; on failure record the error and return None."""
    rel = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(ContentError(rel, 1, "", f"cannot read the file: {exc}"))
        return None
    try:
        located = read_yaml(text)
    except YamlReadError as problem:
        errors.append(ContentError(rel, problem.line, "", problem.message))
        return None
    return SourceFile(rel, located)


def parse_model(source: SourceFile, model: type[M], errors: list[ContentError]) -> M | None:
    """Fit a file's data to its model; each mismatch becomes an error at its line."""
    data = source.located.data
    if not isinstance(data, dict):
        errors.append(source.error((), "the file must hold a mapping of keys to values"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(source.error(_data_path(data, tuple(err["loc"])), _pydantic_message(dict(err))))
        return None


def _load_model(path: Path, root: Path, model: type[M], errors: list[ContentError]) -> tuple[SourceFile, M] | None:
    source = read_source(path, root, errors)
    if source is None:
        return None
    parsed = parse_model(source, model, errors)
    return (source, parsed) if parsed is not None else None


def bib_files(root: Path) -> list[Path]:
    """The course's BibTeX files: the book's shared one first, then each module's."""
    files = [root / "book" / "references.bib"]
    files += sorted((root / "modules").glob("*/references.bib"))
    return [f for f in files if f.is_file()]


def _load_bib(root: Path, errors: list[ContentError]) -> dict[str, str]:
    entries: dict[str, str] = {}
    for path in bib_files(root):
        rel = relative(path, root)
        bib = read_bib_file(path)
        errors += [ContentError(rel, problem.line, "", problem.message) for problem in bib.problems]
        for entry in bib.entries:
            if entry.key in entries:
                message = f'the BibTeX key "{entry.key}" is already defined in {entries[entry.key]}'
                errors.append(ContentError(rel, entry.line, "", message))
                continue
            entries[entry.key] = rel
            errors += [ContentError(rel, entry.line, "", problem) for problem in entry.problems()]
    return entries


def load_config(root: Path, errors: list[ContentError]) -> tuple[dict[str, Any], CourseSettings]:
    """Read ``_config.yml``: Jupyter Book's settings, plus the course's own under ``asit:``."""
    source = read_source(root / "_config.yml", root, errors)
    if source is None or not isinstance(source.located.data, dict):
        if source is not None:
            errors.append(source.error((), "the file must hold a mapping of keys to values"))
        return {}, CourseSettings()
    config: dict[str, Any] = source.located.data
    section = config.get("asit", {}) or {}
    if not isinstance(section, dict):
        errors.append(source.error(("asit",), "must be a mapping of course settings"))
        return config, CourseSettings()
    found: list[ContentError] = []
    settings = parse_model(SourceFile(source.path, _sub(source.located, "asit")), CourseSettings, found)
    # Each error names the key as written in the file: asit.report.too_easy, not report.too_easy.
    for e in found:
        family = e.message.startswith("Input should be a valid dictionary")
        message = "must be a mapping of settings" if family else e.message
        errors.append(ContentError(e.file, e.line, f"asit.{e.key_path}" if e.key_path else "asit", message))
    return config, settings or CourseSettings()


def _sub(located: LocatedData, key: str) -> LocatedData:
    """The part of a file under one top-level key, keeping the original lines."""
    data = located.data.get(key, {}) if isinstance(located.data, dict) else {}
    prefixed = {p[1:]: line for p, line in located.lines.items() if p[:1] == (key,)}
    return LocatedData(data=data or {}, lines=prefixed or {(): 1})


def load_course(root: Path) -> tuple[Course, list[ContentError]]:
    """Load every content file under ``root``; return the course and all errors found."""
    errors: list[ContentError] = []
    config, settings = load_config(root, errors)
    folders: list[ModuleFolder] = []
    modules_dir = root / "modules"
    assessments_dir = root / "assessments"
    claimed: set[Path] = set()
    for directory in sorted(p for p in modules_dir.iterdir() if p.is_dir()) if modules_dir.is_dir() else []:
        if directory.name.startswith((".", "_")):
            continue
        rel = relative(directory, root)
        if not MODULE_DIR.match(directory.name):
            errors.append(ContentError(rel, 1, "", "a module folder is named NN-slug (two digits, a hyphen, a slug)"))
            continue
        if not (directory / "module.yml").is_file():
            errors.append(ContentError(rel + "/module.yml", 1, "", "the module folder has no module.yml"))
            continue
        loaded = _load_model(directory / "module.yml", root, Module, errors)
        scenarios = []
        for path in sorted((directory / "scenarios").glob("*.y*ml")):
            parsed = _load_model(path, root, Scenario, errors)
            if parsed:
                scenarios.append(ScenarioFile(*parsed))
        assessment = None
        assessment_path = assessments_dir / f"{directory.name}.yml"
        claimed.add(assessment_path)
        if assessment_path.is_file():
            parsed_a = _load_model(assessment_path, root, Assessment, errors)
            if parsed_a:
                assessment = AssessmentFile(*parsed_a)
        if loaded:
            folders.append(ModuleFolder(directory.name, directory, loaded[0], loaded[1], tuple(scenarios), assessment))
    stray = []
    for path in sorted(assessments_dir.glob("*.yml")) if assessments_dir.is_dir() else []:
        if path not in claimed:
            source = read_source(path, root, errors)
            if source:
                stray.append(source)
    bib = _load_bib(root, errors)
    course = Course(root, config, settings, tuple(folders), bib, tuple(stray))
    return course, errors


def load_or_raise(root: Path) -> Course:
    """Load and validate; raise ``InvalidContentError`` with every problem if there is any."""
    course, errors = load_course(root)
    errors += validate_course(course)
    if errors:
        raise InvalidContentError(errors)
    return course
