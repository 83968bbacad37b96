"""Rules that span fields and files: what makes loaded content a course that works.

Each rule returns errors that point at the line an author fixes; all rules run, so one
``asit check`` lists every problem at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .answer_shape import is_complete
from .course_model import Course, ModuleFolder, SourceFile
from .errors import ContentError, KeyPath, relative
from .models import (
    DecisionQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
    Stage,
    TextQuestion,
)

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
HEADING = re.compile(r"^#\s+\S", re.MULTILINE)
# An option or choice that would harm a presumed victim never earns points (course scoring rule).
HARMS_MUST_SCORE_ZERO = "harms a presumed victim (harms: true), so it must score 0"


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(k for k, n in Counter(ids).items() if n > 1)


# ---------------------------------------------------------------- questions


def check_question(source: SourceFile, path: KeyPath, q: Question, *, branching: bool) -> Iterator[ContentError]:
    """Rules for one question; ``branching`` is true in practice scenarios, false in assessments."""
    if q.points < 1:
        yield source.error((*path, "points"), "must be at least 1")
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        for dup in _duplicates(o.id for o in q.options):
            yield source.error((*path, "options"), f'two options share the id "{dup}"')
        correct = [o for o in q.options if o.correct]
        if not correct:
            yield source.error((*path, "options"), "no option is marked correct")
        elif isinstance(q, SingleQuestion) and len(correct) > 1:
            yield source.error((*path, "options"), "more than one option is marked correct (use kind: multiple)")
        for index, option in enumerate(q.options):
            if option.harms and option.correct:
                yield source.error((*path, "options", index, "correct"), HARMS_MUST_SCORE_ZERO)
    elif isinstance(q, OrderQuestion):
        ids = [i.id for i in q.items]
        for dup in _duplicates(ids):
            yield source.error((*path, "items"), f'two items share the id "{dup}"')
        if not is_complete("order", list(q.answer), ids):  # the key is itself a full answer
            yield source.error((*path, "answer"), "must list every item id exactly once")
        elif list(q.answer) == ids:
            yield source.error((*path, "items"), "are shown in the answer order; list them in another order")
    elif isinstance(q, MatchQuestion):
        items = [i.id for i in q.items]
        targets = [t.id for t in q.targets]
        for dup in _duplicates(items):
            yield source.error((*path, "items"), f'two items share the id "{dup}"')
        for dup in _duplicates(targets):
            yield source.error((*path, "targets"), f'two targets share the id "{dup}"')
        if sorted(q.answer) != sorted(items):
            yield source.error((*path, "answer"), "must pair every item id exactly once")
        for item, target in sorted(q.answer.items()):
            if target not in targets:
                yield source.error((*path, "answer", item), f'"{target}" is not a target id')
    elif isinstance(q, NumericQuestion):
        if q.tolerance < 0:
            yield source.error((*path, "tolerance"), "must not be negative")
    elif isinstance(q, DecisionQuestion):
        for dup in _duplicates(c.id for c in q.choices):
            yield source.error((*path, "choices"), f'two choices share the id "{dup}"')
        best = max(c.points for c in q.choices)
        if q.points != best:
            yield source.error((*path, "points"), f"must equal the best choice's points ({best})")
        for index, choice in enumerate(q.choices):
            if choice.harms and choice.points > 0:
                yield source.error((*path, "choices", index, "points"), HARMS_MUST_SCORE_ZERO)
            if branching and choice.next is None:
                yield source.error((*path, "choices", index), "needs next: the stage or end it leads to")
            if not branching and choice.next is not None:
                yield source.error((*path, "choices", index, "next"), "graded assessments do not branch; remove next")
    elif isinstance(q, TextQuestion):
        for dup in _duplicates(c.id for c in q.rubric):
            yield source.error((*path, "rubric"), f'two criteria share the id "{dup}"')
        total = sum(c.points for c in q.rubric)
        if q.points != total:
            yield source.error((*path, "points"), f"must equal the rubric's total ({total})")


def check_stages(source: SourceFile, stages: tuple[Stage, ...], *, branching: bool) -> Iterator[ContentError]:
    for s_index, stage in enumerate(stages):
        for dup in _duplicates(q.id for q in stage.questions):
            yield source.error(("stages", s_index, "questions"), f'two questions share the id "{dup}"')
        decisions = [i for i, q in enumerate(stage.questions) if isinstance(q, DecisionQuestion)]
        for q_index, q in enumerate(stage.questions):
            yield from check_question(source, ("stages", s_index, "questions", q_index), q, branching=branching)
        if not branching:
            if stage.next is not None:
                yield source.error(("stages", s_index, "next"), "graded assessments run in order; remove next")
            continue
        if len(decisions) > 1:
            yield source.error(("stages", s_index, "questions"), "a stage has at most one decision")
        if decisions and decisions[-1] != len(stage.questions) - 1:
            yield source.error(
                ("stages", s_index, "questions", decisions[-1]), "a decision must be the stage's last question"
            )
        if decisions and stage.next is not None:
            yield source.error(("stages", s_index, "next"), "a stage closed by a decision takes no next")
        if not decisions and stage.next is None:
            yield source.error(("stages", s_index), "needs next (a stage or end id) or a decision that branches")


# ---------------------------------------------------------------- scenario graph


def scenario_edges(scenario: Scenario) -> dict[str, list[tuple[str, KeyPath]]]:
    """Each stage's outgoing links, with the key path of the field that makes each one."""
    edges: dict[str, list[tuple[str, KeyPath]]] = {}
    for s_index, stage in enumerate(scenario.stages):
        out: list[tuple[str, KeyPath]] = []
        if stage.next is not None:
            out.append((stage.next, ("stages", s_index, "next")))
        for q_index, q in enumerate(stage.questions):
            if isinstance(q, DecisionQuestion):
                for c_index, choice in enumerate(q.choices):
                    if choice.next is not None:
                        out.append((choice.next, ("stages", s_index, "questions", q_index, "choices", c_index, "next")))
        edges[stage.id] = out
    return edges


def check_graph(source: SourceFile, scenario: Scenario) -> Iterator[ContentError]:
    """Every link lands somewhere, every node is reachable, and no path loops or stops short."""
    stage_ids = [s.id for s in scenario.stages]
    end_ids = [e.id for e in scenario.ends]
    for dup in _duplicates(stage_ids):
        yield source.error(("stages",), f'two stages share the id "{dup}"')
    for dup in _duplicates(end_ids):
        yield source.error(("ends",), f'two ends share the id "{dup}"')
    for clash in sorted(set(stage_ids) & set(end_ids)):
        yield source.error(("ends",), f'"{clash}" is both a stage and an end')
    nodes = set(stage_ids) | set(end_ids)
    edges = scenario_edges(scenario)
    for targets in edges.values():
        for target, path in targets:
            if target not in nodes:
                yield source.error(path, f'"{target}" is neither a stage nor an end of this scenario')
    # reachability from the first stage
    seen: set[str] = set()
    todo = [scenario.stages[0].id]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(t for t, _ in edges.get(node, []) if t in nodes)
    for index, stage in enumerate(scenario.stages):
        if stage.id not in seen:
            yield source.error(("stages", index), f'stage "{stage.id}" cannot be reached from the first stage')
    for index, end in enumerate(scenario.ends):
        if end.id not in seen:
            yield source.error(("ends", index), f'end "{end.id}" cannot be reached from the first stage')
    # cycles: a path that comes back to a stage never has to end
    state: dict[str, int] = {}

    def visit(node: str) -> Iterator[ContentError]:
        state[node] = 1
        for target, path in edges.get(node, []):
            if state.get(target) == 1:
                yield source.error(path, f'leads back to "{target}": every path must reach an end')
            elif target in edges and target not in state:
                yield from visit(target)
        state[node] = 2

    yield from visit(scenario.stages[0].id)


# ---------------------------------------------------------------- modules and course


def _cited_keys(text: str) -> Iterator[tuple[int, str]]:
    for match in CITE_ROLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for key in match.group(1).split(","):
            yield line, key.strip()


def check_pages(course: Course, folder: ModuleFolder) -> Iterator[ContentError]:
    module = folder.module
    listed: set[Path] = set()
    for index, page in enumerate(module.pages):
        path = folder.directory / page
        if not page.endswith(".md"):
            yield folder.source.error(("pages", index), f'"{page}" is not a MyST Markdown (.md) page')
        elif not path.is_file():
            yield folder.source.error(("pages", index), f'"{page}" does not exist in {folder.name}/')
        else:
            listed.add(path.resolve())
    for dup in _duplicates(module.pages):
        yield folder.source.error(("pages",), f'"{dup}" is listed twice')
    for path in sorted(folder.directory.rglob("*.md")):
        rel = relative(path, course.root)
        if path.resolve() not in listed:
            yield ContentError(rel, 1, "", f"the page is not listed in {folder.name}/module.yml pages")
            continue
        text = path.read_text(encoding="utf-8")
        if not HEADING.search(text):
            yield ContentError(rel, 1, "", "a page starts with a '# Title' heading")
        for line, key in _cited_keys(text):
            if key not in course.bib_entries:
                yield ContentError(rel, line, "", f'cites "{key}", which no .bib file of the course defines')


def check_sources(course: Course, source: SourceFile, keys: tuple[str, ...]) -> Iterator[ContentError]:
    for index, key in enumerate(keys):
        if key not in course.bib_entries:
            yield source.error(("sources", index), f'"{key}" is not defined in any .bib file of the course')


def check_module(course: Course, folder: ModuleFolder) -> Iterator[ContentError]:
    module = folder.module
    number = int(folder.name[:2])
    if module.number != number:
        yield folder.source.error(("number",), f"is {module.number} but the folder is numbered {number:02d}")
    for dup in _duplicates(o.id for o in module.objectives):
        yield folder.source.error(("objectives",), f'two objectives share the id "{dup}"')
    yield from check_pages(course, folder)
    yield from check_sources(course, folder.source, module.sources)
    objectives = {o.id for o in module.objectives}
    for item in folder.scenarios:
        yield from check_stages(item.source, item.scenario.stages, branching=True)
        yield from check_graph(item.source, item.scenario)
        yield from check_sources(course, item.source, item.scenario.sources)
        yield from _check_objectives(item.source, item.scenario.stages, objectives, folder.name)
    if folder.assessment is None:
        if not (course.root / "assessments" / f"{folder.name}.yml").is_file():
            yield folder.source.error((), f"the module has no graded assessment (assessments/{folder.name}.yml)")
        return
    source, assessment = folder.assessment.source, folder.assessment.assessment
    if assessment.id != folder.name:
        yield source.error(("id",), f'must be "{folder.name}", the module folder\'s name')
    yield from check_stages(source, assessment.stages, branching=False)
    yield from check_sources(course, source, assessment.sources)
    yield from _check_objectives(source, assessment.stages, objectives, folder.name)
    assessed = {q.objective for q in assessment.questions}
    for index, objective in enumerate(module.objectives):
        if objective.id not in assessed:
            yield folder.source.error(
                ("objectives", index),
                f'"{objective.id}" is not assessed by any question of assessments/{folder.name}.yml',
            )
    if not any(s.questions for s in assessment.stages):
        yield source.error(("stages",), "the assessment has no question")


def _check_objectives(
    source: SourceFile, stages: tuple[Stage, ...], objectives: set[str], module: str
) -> Iterator[ContentError]:
    for s_index, stage in enumerate(stages):
        for q_index, q in enumerate(stage.questions):
            if q.objective not in objectives:
                path = ("stages", s_index, "questions", q_index, "objective")
                yield source.error(path, f'"{q.objective}" is not an objective of module {module}')


def check_unique_ids(course: Course) -> Iterator[ContentError]:
    """Ids are unique across the whole course, so scores, links and exports never collide."""
    owners: dict[str, str] = {}

    def claim(kind: str, ident: str, source: SourceFile, path: KeyPath) -> Iterator[ContentError]:
        key = f"{kind}:{ident}"
        where = f"{source.path}:{source.located.line_of(path)}"
        if key in owners:
            yield source.error(path, f'the {kind} id "{ident}" is already used at {owners[key]}')
        else:
            owners[key] = where

    for folder in course.modules:
        yield from claim("module", folder.module.id, folder.source, ("id",))
        for index, objective in enumerate(folder.module.objectives):
            yield from claim("objective", objective.id, folder.source, ("objectives", index, "id"))
        containers: list[tuple[SourceFile, str, tuple[Stage, ...]]] = [
            (item.source, item.scenario.id, item.scenario.stages) for item in folder.scenarios
        ]
        if folder.assessment:
            containers.append(
                (folder.assessment.source, folder.assessment.assessment.id, folder.assessment.assessment.stages)
            )
        for source, ident, stages in containers:
            yield from claim("scenario or assessment", ident, source, ("id",))
            for s_index, stage in enumerate(stages):
                for q_index, q in enumerate(stage.questions):
                    yield from claim("question", q.id, source, ("stages", s_index, "questions", q_index, "id"))


def check_glossary(course: Course) -> Iterator[ContentError]:
    seen: dict[str, str] = {}
    for folder in course.modules:
        for index, entry in enumerate(folder.module.glossary):
            key = entry.term.casefold()
            where = f"{folder.source.path}:{folder.source.located.line_of(('glossary', index))}"
            if key in seen:
                yield folder.source.error(
                    ("glossary", index, "term"), f'"{entry.term}" is already defined at {seen[key]}'
                )
            else:
                seen[key] = where


def validate_course(course: Course) -> list[ContentError]:
    """Run every rule; return all errors (empty when the course is sound)."""
    errors: list[ContentError] = []
    if not course.modules:
        errors.append(ContentError("modules", 1, "", "the course has no module"))
    numbers: dict[int, str] = {}
    for folder in course.modules:
        errors.extend(check_module(course, folder))
        if folder.module.number in numbers:
            errors.append(folder.source.error(("number",), f"is also the number of {numbers[folder.module.number]}"))
        numbers[folder.module.number] = folder.name
    for source in course.stray_assessments:
        errors.append(source.error((), "no module folder matches this assessment's file name"))
    errors.extend(check_unique_ids(course))
    errors.extend(check_glossary(course))
    return errors
