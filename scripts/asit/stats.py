"""Per-module figures an editor checks against the course's bar (words, questions, kinds, branches)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .loader import Course, ModuleFolder
from .models import DecisionQuestion, Scenario, TextQuestion
from .scoring import play

FENCE = re.compile(r"^(```|~~~)")
ROLE = re.compile(r"\{[a-z:]+\}`([^`<]*)(?:<[^>]*>)?`")
WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’-]*")

# The bar every module meets (issue "Course content"); the capstone asks for more.
MIN_WORDS, MAX_WORDS = 2500, 4000
MIN_OBJECTIVES, MAX_OBJECTIVES = 4, 6
MIN_SCENARIOS, MIN_STAGES, MIN_SCENARIO_QUESTIONS, MIN_KINDS = 2, 3, 8, 4
MIN_ASSESSMENT_QUESTIONS = 10


def prose_words(markdown: str) -> int:
    """Words a reader reads: code blocks, directive options and role markup left out."""
    count = 0
    fences: list[bool] = []  # one entry per open fence: True when it holds code, not prose
    for line in markdown.splitlines():
        stripped = line.strip()
        if FENCE.match(stripped):
            if fences and stripped.strip("`~") == "":
                fences.pop()
            else:
                fences.append("{" not in stripped)
            continue
        if any(fences) or re.match(r"^:[a-z-]+:", stripped):
            continue
        count += len(WORD.findall(ROLE.sub(r"\1", line)))
    return count


@dataclass(frozen=True)
class ScenarioStats:
    id: str
    stages: int
    questions: int
    kinds: tuple[str, ...]
    decisions: int
    ends_reachable: int


@dataclass(frozen=True)
class ModuleStats:
    name: str
    words: int
    objectives: int
    objectives_assessed: int
    scenarios: tuple[ScenarioStats, ...]
    assessment_questions: int
    assessment_kinds: tuple[str, ...]
    assessment_text_questions: int

    def shortfalls(self) -> list[str]:
        """What this module still lacks against the bar; empty when it meets it."""
        out = []
        if not MIN_WORDS <= self.words <= MAX_WORDS:
            out.append(f"lesson words {self.words} (want {MIN_WORDS}-{MAX_WORDS})")
        if not MIN_OBJECTIVES <= self.objectives <= MAX_OBJECTIVES:
            out.append(f"objectives {self.objectives} (want {MIN_OBJECTIVES}-{MAX_OBJECTIVES})")
        if self.objectives_assessed < self.objectives:
            out.append("an objective is not assessed")
        if len(self.scenarios) < MIN_SCENARIOS:
            out.append(f"practice scenarios {len(self.scenarios)} (want {MIN_SCENARIOS}+)")
        for s in self.scenarios:
            if s.stages < MIN_STAGES or s.questions < MIN_SCENARIO_QUESTIONS or len(s.kinds) < MIN_KINDS:
                out.append(f"scenario {s.id}: {s.stages} stages, {s.questions} questions, {len(s.kinds)} kinds")
            if s.decisions < 1 or s.ends_reachable < 2:
                out.append(f"scenario {s.id}: needs a decision leading to different ends")
        if self.assessment_questions < MIN_ASSESSMENT_QUESTIONS:
            out.append(f"assessment questions {self.assessment_questions} (want {MIN_ASSESSMENT_QUESTIONS}+)")
        if self.assessment_text_questions < 1:
            out.append("assessment has no text question")
        return out


def _reachable_ends(scenario: Scenario) -> int:
    """How many distinct ends the decisions can lead to (each decision explored)."""
    from .validate import scenario_edges

    ends = {e.id for e in scenario.ends}
    edges = scenario_edges(scenario)
    seen: set[str] = set()
    todo = [scenario.stages[0].id]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(t for t, _ in edges.get(node, []))
    return len(seen & ends)


def scenario_stats(scenario: Scenario) -> ScenarioStats:
    questions = list(scenario.questions)
    assert play(scenario, {}).path  # a scenario always starts somewhere
    return ScenarioStats(
        id=scenario.id,
        stages=len(scenario.stages),
        questions=len(questions),
        kinds=tuple(sorted({q.kind for q in questions})),
        decisions=sum(isinstance(q, DecisionQuestion) for q in questions),
        ends_reachable=_reachable_ends(scenario),
    )


def module_stats(folder: ModuleFolder) -> ModuleStats:
    words = sum(
        prose_words((folder.directory / page).read_text(encoding="utf-8"))
        for page in folder.module.pages
        if (folder.directory / page).is_file()
    )
    questions = list(folder.assessment.assessment.questions) if folder.assessment else []
    assessed = {q.objective for q in questions}
    return ModuleStats(
        name=folder.name,
        words=words,
        objectives=len(folder.module.objectives),
        objectives_assessed=sum(o.id in assessed for o in folder.module.objectives),
        scenarios=tuple(scenario_stats(item.scenario) for item in folder.scenarios),
        assessment_questions=len(questions),
        assessment_kinds=tuple(sorted({q.kind for q in questions})),
        assessment_text_questions=sum(isinstance(q, TextQuestion) for q in questions),
    )


def course_stats(course: Course) -> list[ModuleStats]:
    return [module_stats(folder) for folder in course.modules]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_stats(stats: list[ModuleStats]) -> str:
    lines = []
    for m in stats:
        lines.append(
            f"{m.name}: {m.words} words, objectives {m.objectives_assessed}/{m.objectives} assessed, "
            f"assessment {m.assessment_questions} questions ({', '.join(m.assessment_kinds)}; "
            f"{m.assessment_text_questions} text)"
        )
        for s in m.scenarios:
            lines.append(
                f"  scenario {s.id}: {s.stages} stages, {s.questions} questions, "
                f"{len(s.kinds)} kinds ({', '.join(s.kinds)}), {_count(s.decisions, 'decision')}, "
                f"{_count(s.ends_reachable, 'end')}"
            )
        short = m.shortfalls()
        lines.append("  meets the bar" if not short else "  short of the bar: " + "; ".join(short))
    return "\n".join(lines)
