"""Career paths: the ways from one level to another over promotions and crossovers.

The career graph may contain cycles (moves go both ways); a path never visits a level twice.
Two costs are offered:

* ``steps`` — every move counts 1;
* ``years`` — a move costs the time spent in the level it leaves: that level's
  ``typical_years`` (``DEFAULT_YEARS`` when the framework states none), or the move's
  required years in level when that is longer.

When several rules permit the same move (a spine promotion and a stated transition), the
cheaper one is used, then the one asking less, then the spine.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

import networkx as nx

from multitrack.core.graph import Move, moves
from multitrack.core.model import Framework, Requirements

__all__ = [
    "DEFAULT_YEARS",
    "CareerPath",
    "PathStep",
    "UnknownLevelError",
    "find_paths",
    "resolve_level",
    "shortest_path",
    "step_years",
]

DEFAULT_YEARS = 2.0  # typical years in a level when the framework states none

Cost = Literal["steps", "years"]


class UnknownLevelError(LookupError):
    """A level named by a person does not exist; ``matches`` holds the closest keys."""

    def __init__(self, given: str, matches: list[str]) -> None:
        self.given = given
        self.matches = matches
        hint = f"; did you mean {', '.join(matches)}?" if matches else ""
        super().__init__(f"'{given}' is not a level (give track/band or a title){hint}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class PathStep:
    """One move of a path, with what it asks and what it costs in years."""

    move: Move
    years: float
    years_stated: bool  # False when DEFAULT_YEARS stood in for a missing typical_years

    @property
    def source(self) -> str:
        return self.move.source

    @property
    def target(self) -> str:
        return self.move.target

    @property
    def kind(self) -> str:
        return self.move.kind

    @property
    def requires(self) -> Requirements:
        return self.move.requires


@dataclass(frozen=True)
class CareerPath:
    """A simple path from one level to another."""

    source: str
    steps: tuple[PathStep, ...]

    @property
    def levels(self) -> list[str]:
        return [self.source, *(s.target for s in self.steps)]

    @property
    def target(self) -> str:
        return self.steps[-1].target if self.steps else self.source

    @property
    def years(self) -> float:
        return sum(s.years for s in self.steps)

    @property
    def crossovers(self) -> int:
        return sum(s.kind == "crossover" for s in self.steps)

    def to_dict(self, fw: Framework | None = None) -> dict[str, object]:
        """Plain data for JSON output (titles added when the framework is given)."""
        return {
            "levels": self.levels,
            "steps": [_step_dict(s, fw) for s in self.steps],
            "n_steps": len(self.steps),
            "years": self.years,
            "crossovers": self.crossovers,
        }


def _step_dict(step: PathStep, fw: Framework | None) -> dict[str, object]:
    req = step.requires
    out: dict[str, object] = {
        "from": step.source,
        "to": step.target,
        "kind": step.kind,
        "rule": step.move.rule,
        "years": step.years,
        "years_stated": step.years_stated,
        "requires": req.model_dump(mode="json", exclude_defaults=True),
    }
    t = step.move.transition
    if t is not None:
        out["pay"] = t.pay
        if t.trial:
            out["trial"] = t.trial.model_dump(mode="json")
    if fw is not None:
        out["title"] = fw.levels[step.target].title_for()
    return out


def step_years(fw: Framework, move: Move, default: float = DEFAULT_YEARS) -> tuple[float, bool]:
    """Years a move costs, and whether the framework stated them (see the module rules)."""
    typical = fw.levels[move.source].typical_years
    stated = typical is not None
    years = typical if typical is not None else default
    floor = max(move.requires.years_in_level or 0.0, fw.levels[move.source].min_years or 0.0)
    return max(years, floor), stated


def _burden(req: Requirements) -> int:
    return (
        len(req.proficiencies)
        + len(req.trainings)
        + len(req.assessments)
        + (1 if req.years_in_level else 0)
    )


def _graph(fw: Framework, cost: Cost, default: float) -> nx.DiGraph:
    """One edge per ordered pair of levels: the best move between them."""
    g = nx.DiGraph()
    g.add_nodes_from(fw.levels)
    for order, m in enumerate(moves(fw)):
        years, stated = step_years(fw, m, default)
        weight = years if cost == "years" else 1.0
        rank = (weight, _burden(m.requires), m.rule != "spine", order)
        if g.has_edge(m.source, m.target) and g[m.source][m.target]["rank"] <= rank:
            continue
        g.add_edge(m.source, m.target, weight=weight, rank=rank, step=PathStep(m, years, stated))
    return g


def resolve_level(fw: Framework, spec: str) -> str:
    """A level key from a key or a title (any family, any case); else UnknownLevelError."""
    if spec in fw.levels:
        return spec
    wanted = spec.strip().casefold()
    by_title = sorted(
        key
        for key, lv in fw.levels.items()
        if wanted in {t.casefold() for t in (lv.title, *lv.titles.values()) if t}
    )
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        raise UnknownLevelError(spec, by_title)
    names = {key.casefold(): key for key in fw.levels}
    names.update({lv.title.casefold(): key for key, lv in fw.levels.items() if lv.title})
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    raise UnknownLevelError(spec, sorted({names[c] for c in close}))


def _paths(g: nx.DiGraph, source: str, target: str) -> Iterator[CareerPath]:
    try:
        for nodes in nx.shortest_simple_paths(g, source, target, weight="weight"):
            steps = tuple(g[u][v]["step"] for u, v in zip(nodes, nodes[1:], strict=False))
            yield CareerPath(source, steps)
    except nx.NetworkXNoPath:
        return


def find_paths(
    fw: Framework,
    source: str,
    target: str,
    *,
    by: Cost = "years",
    k: int = 3,
    default_years: float = DEFAULT_YEARS,
) -> list[CareerPath]:
    """Up to ``k`` simple paths from ``source`` to ``target``, cheapest first.

    ``source`` and ``target`` are level keys or titles (see :func:`resolve_level`); an
    unknown one raises UnknownLevelError. No path gives an empty list; source == target
    gives one empty path.
    """
    source, target = resolve_level(fw, source), resolve_level(fw, target)
    if source == target:
        return [CareerPath(source, ())]
    return list(islice(_paths(_graph(fw, by, default_years), source, target), max(k, 0)))


def shortest_path(
    fw: Framework,
    source: str,
    target: str,
    *,
    by: Cost = "years",
    default_years: float = DEFAULT_YEARS,
) -> CareerPath | None:
    """The cheapest path, or None when the target cannot be reached."""
    found = find_paths(fw, source, target, by=by, k=1, default_years=default_years)
    return found[0] if found else None
