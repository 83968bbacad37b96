"""Per-module figures an editor checks against the course's bar (words, questions, kinds, branches)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .loader import Course, ModuleFolder
from .models import DecisionQuestion, Question, Scenario, SingleQuestion, TextQuestion
from .scoring import play
from .settings import StatsSettings

FENCE = re.compile(r"^(```|~~~)")
ROLE = re.compile(r"\{[a-z:]+\}`([^`<]*)(?:<[^>]*>)?`")
WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’-]*")

# The bar every module meets; the capstone asks for more. The lesson's length and the surface-cue
# check are settings (asit.stats in _config.yml, asit.settings.StatsSettings), read with the course.
MIN_OBJECTIVES, MAX_OBJECTIVES = 4, 6
MIN_SCENARIOS, MIN_STAGES, MIN_SCENARIO_QUESTIONS, MIN_KINDS = 2, 3, 8, 4
MIN_ASSESSMENT_QUESTIONS = 10

# Surface cues, two-sided: a module is flagged when "pick the longest" (or "the shortest") finds
# the right option more than cue_far times as often as a blind guess, since a learner can then
# guess by length; or less than 1/cue_far times as often, since "never pick the longest" is a cue
# too. The low side is judged only from cue_min_questions single/decision questions up: with
# fewer, a fair module often has no right option that is the longest, by chance alone. The
# course as a whole should stay within CUE_NEAR_LOW..CUE_NEAR_HIGH times the blind guess.
DEFAULTS = StatsSettings()
CUE_NEAR_LOW, CUE_NEAR_HIGH = 0.5, 1.5


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
class CueStats:
    """How often the right option of single and decision questions is the longest or the shortest.

    A share is the hit rate of a strategy that ignores the content ("pick the longest option",
    ties broken at random) over the questions counted; ``fair`` is the hit rate of a blind guess
    (right options / options, averaged). Length is the option text's length in characters.
    Totals are kept, not rates, so modules add up to the course.
    """

    questions: int = 0
    longest_hits: float = 0.0
    shortest_hits: float = 0.0
    fair_hits: float = 0.0

    @property
    def longest(self) -> float:
        return self.longest_hits / self.questions if self.questions else 0.0

    @property
    def shortest(self) -> float:
        return self.shortest_hits / self.questions if self.questions else 0.0

    @property
    def fair(self) -> float:
        return self.fair_hits / self.questions if self.questions else 0.0

    def __add__(self, other: CueStats) -> CueStats:
        return CueStats(
            self.questions + other.questions,
            self.longest_hits + other.longest_hits,
            self.shortest_hits + other.shortest_hits,
            self.fair_hits + other.fair_hits,
        )

    def far(self, bar: StatsSettings = DEFAULTS) -> list[str]:
        """The cues far from a blind guess: above ``bar.cue_far`` times it, or below ``1 / bar.cue_far`` times it.

        The low side needs ``bar.cue_min_questions`` questions; the high side is flagged at any size.
        """
        out = []
        judge_low = self.questions >= bar.cue_min_questions
        for name, share in (("longest", self.longest), ("shortest", self.shortest)):
            if self.questions and share > bar.cue_far * self.fair:
                out.append(f"the right option is the {name} in {share:.0%} (fair share {self.fair:.0%})")
            elif judge_low and share < self.fair / bar.cue_far:
                out.append(f"the right option is the {name} in only {share:.0%} (fair share {self.fair:.0%})")
        return out

    def near(self) -> bool:
        """Both shares within the band around the fair share the whole course is held to."""
        low, high = CUE_NEAR_LOW * self.fair, CUE_NEAR_HIGH * self.fair
        return not self.questions or all(low <= share <= high for share in (self.longest, self.shortest))


def _hit_rate(lengths: list[int], right: list[bool], pick: int) -> float:
    """Share of right options among those whose length equals ``pick`` (the chance of a tie-broken pick)."""
    picked = [r for n, r in zip(lengths, right, strict=True) if n == pick]
    return sum(picked) / len(picked)


def cue_stats(questions: list[Question]) -> CueStats:
    """Longest/shortest totals over the single and decision questions given."""
    total = CueStats()
    for q in questions:
        if isinstance(q, SingleQuestion):
            lengths = [len(o.text.strip()) for o in q.options]
            right = [o.correct for o in q.options]
        elif isinstance(q, DecisionQuestion):
            best = max(c.points for c in q.choices)
            lengths = [len(c.text.strip()) for c in q.choices]
            right = [c.points == best for c in q.choices]
        else:
            continue
        total += CueStats(
            1,
            _hit_rate(lengths, right, max(lengths)),
            _hit_rate(lengths, right, min(lengths)),
            sum(right) / len(right),
        )
    return total


def _cue_questions(folder: ModuleFolder) -> list[Question]:
    """Every question a learner meets in the module: practice scenarios, then the assessment."""
    out = [q for item in folder.scenarios for q in item.scenario.questions]
    if folder.assessment:
        out.extend(folder.assessment.assessment.questions)
    return out


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
    cues: CueStats
    bar: StatsSettings = DEFAULTS  # the course's settings the shortfalls are judged by

    def shortfalls(self) -> list[str]:
        """What this module still lacks against the bar; empty when it meets it."""
        out = []
        low, high = self.bar.min_words, self.bar.max_words
        if not low <= self.words <= high:
            out.append(f"lesson words {self.words} (want {low}-{high})")
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
        out.extend(f"surface cue: {cue}" for cue in self.cues.far(self.bar))
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


def module_stats(folder: ModuleFolder, bar: StatsSettings = DEFAULTS) -> ModuleStats:
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
        cues=cue_stats(_cue_questions(folder)),
        bar=bar,
    )


def course_stats(course: Course) -> list[ModuleStats]:
    """Every module's figures, judged by the course's own bar (``asit.stats``)."""
    return [module_stats(folder, course.settings.stats) for folder in course.modules]


def course_cues(stats: list[ModuleStats]) -> CueStats:
    """The longest/shortest shares over every single and decision question of the course."""
    return sum((m.cues for m in stats), CueStats())


def _cue_line(label: str, cues: CueStats) -> str:
    return (
        f"{label}: right option longest {cues.longest:.0%}, shortest {cues.shortest:.0%}, "
        f"fair share {cues.fair:.0%} ({_count(cues.questions, 'single/decision question')})"
    )


def format_cues(cues: CueStats) -> str:
    """The course's line: its shares, and whether they sit near the fair share."""
    verdict = (
        "near the fair share"
        if cues.near()
        else (f"NOT near the fair share (want {CUE_NEAR_LOW:g}-{CUE_NEAR_HIGH:g} times it)")
    )
    return f"{_cue_line('course surface cues', cues)}: {verdict}"


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
        lines.append("  " + _cue_line("surface cues", m.cues))
        short = m.shortfalls()
        lines.append("  meets the bar" if not short else "  short of the bar: " + "; ".join(short))
    lines.append(format_cues(course_cues(stats)))
    return "\n".join(lines)
