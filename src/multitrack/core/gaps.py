"""Gap scoring: how far a person's profile is from what a target level (and the move) asks.

Pure functions on plain values, so that the analytics layer can call them per person and
tests can work small cases by hand.

The stated rules
- *Assessed proficiency* per competency combines the newest assessment of each source with
  weights manager 3, peer 2, upward 2, self 1 (a weighted mean of step numbers, 1-based).
  Older assessments of the same source are ignored: people change.
- *Readiness* for a target is ``COMPETENCY_WEIGHT`` × competency coverage +
  (1 − ``COMPETENCY_WEIGHT``) × share of other requirements met. Coverage is the mean over
  required competencies of ``min(1, assessed / expected)`` (an unassessed competency counts
  0). When a part has nothing to require it counts as fully met. A person who meets every
  requirement therefore has readiness 1.0, and meeting one more requirement never lowers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from multitrack.core.model import Framework, Requirements

__all__ = [
    "COMPETENCY_WEIGHT",
    "SOURCE_WEIGHTS",
    "Assessment",
    "CompetencyGap",
    "GapReport",
    "RequirementCheck",
    "combine_assessments",
    "gap_report",
    "required_steps",
]

SOURCE_WEIGHTS: Mapping[str, float] = {"manager": 3.0, "peer": 2.0, "upward": 2.0, "self": 1.0}
COMPETENCY_WEIGHT = 0.7


@dataclass(frozen=True)
class Assessment:
    competency: str
    proficiency: int  # 1-based step
    source: str
    date: dt.date


def combine_assessments(records: Iterable[Assessment]) -> dict[str, float]:
    """Competency -> assessed step: the weighted mean over sources of each source's newest
    assessment (several on that newest date, e.g. three upward raters, are averaged)."""
    newest: dict[tuple[str, str], list[Assessment]] = {}
    for r in records:
        key = (r.competency, r.source)
        have = newest.get(key)
        if have is None or r.date > have[0].date:
            newest[key] = [r]
        elif r.date == have[0].date:
            have.append(r)
    sums: dict[str, list[float]] = {}
    for (comp, source), rs in newest.items():
        w = SOURCE_WEIGHTS.get(source, 1.0)
        acc = sums.setdefault(comp, [0.0, 0.0])
        acc[0] += w * sum(r.proficiency for r in rs) / len(rs)
        acc[1] += w
    return {comp: s / w for comp, (s, w) in sums.items() if w > 0}


@dataclass(frozen=True)
class CompetencyGap:
    competency: str
    expected: int
    expected_step: str
    assessed: float | None

    @property
    def shortfall(self) -> float:
        return max(0.0, self.expected - (self.assessed or 0.0))

    @property
    def coverage(self) -> float:
        return min(1.0, (self.assessed or 0.0) / self.expected) if self.expected else 1.0

    @property
    def met(self) -> bool:
        return self.shortfall == 0


@dataclass(frozen=True)
class RequirementCheck:
    kind: str  # years_in_level | training | assessment
    requirement: str
    met: bool
    detail: str = ""


@dataclass(frozen=True)
class GapReport:
    """One person against one target level, with every part of the readiness figure."""

    target: str
    competencies: tuple[CompetencyGap, ...]
    requirements: tuple[RequirementCheck, ...]
    kind: str = "promotion"
    rule: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def competency_coverage(self) -> float:
        if not self.competencies:
            return 1.0
        return sum(g.coverage for g in self.competencies) / len(self.competencies)

    @property
    def requirements_met(self) -> float:
        if not self.requirements:
            return 1.0
        return sum(r.met for r in self.requirements) / len(self.requirements)

    @property
    def readiness(self) -> float:
        return (
            COMPETENCY_WEIGHT * self.competency_coverage
            + (1 - COMPETENCY_WEIGHT) * self.requirements_met
        )

    @property
    def ready(self) -> bool:
        return all(g.met for g in self.competencies) and all(r.met for r in self.requirements)

    @property
    def gaps(self) -> list[CompetencyGap]:
        return sorted(
            (g for g in self.competencies if not g.met), key=lambda g: (-g.shortfall, g.competency)
        )


def _step_number(fw: Framework, competency: str, step: str) -> int:
    scale = fw.scale_of(competency)
    if step.isdigit() and step not in {s.key for s in scale.steps}:
        return int(step)
    return scale.index(step)


def required_steps(
    fw: Framework, target: str, requires: Requirements | None = None
) -> dict[str, tuple[int, str]]:
    """Competency -> (step number, step key) asked by the target level and the move's rule.

    Where both state a step for one competency, the higher one counts.
    """
    out: dict[str, tuple[int, str]] = {}
    sources: list[Mapping[str, str]] = [fw.levels[target].expects]
    if requires is not None:
        sources.append(requires.proficiencies)
    for mapping in sources:
        for comp, step in mapping.items():
            n = _step_number(fw, comp, step)
            if comp not in out or n > out[comp][0]:
                out[comp] = (n, step)
    return out


def gap_report(
    fw: Framework,
    target: str,
    assessed: Mapping[str, float],
    *,
    requires: Requirements | None = None,
    years_in_level: float | None = None,
    trainings_done: Iterable[str] = (),
    assessments_passed: Iterable[str] = (),
    kind: str = "promotion",
    rule: str = "",
) -> GapReport:
    """Compare an assessed profile with a target level and the requirements of the move."""
    steps = required_steps(fw, target, requires)
    comps = tuple(
        CompetencyGap(c, n, key, assessed.get(c)) for c, (n, key) in sorted(steps.items())
    )
    checks: list[RequirementCheck] = []
    done = {t.casefold() for t in trainings_done}
    passed = {a.casefold() for a in assessments_passed}
    if requires is not None:
        if requires.years_in_level:
            have = years_in_level or 0.0
            checks.append(
                RequirementCheck(
                    "years_in_level",
                    f"{requires.years_in_level:g} years in level",
                    have >= requires.years_in_level,
                    f"{have:.1f} years so far",
                )
            )
        for t in requires.trainings:
            checks.append(RequirementCheck("training", t, t.casefold() in done))
        for a in requires.assessments:
            checks.append(
                RequirementCheck(
                    "assessment",
                    a,
                    a.casefold() in passed,
                    "" if a.casefold() in passed else "not recorded",
                )
            )
    return GapReport(target, comps, tuple(checks), kind, rule)
