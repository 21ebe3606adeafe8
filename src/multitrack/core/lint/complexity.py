"""The bureaucracy score: what a framework asks a person to read, with its parts.

A person reads the framework through their job family: the levels of every track open to
them, the titles they will see, the expectations of those levels and the rules that govern
moving between them. The score is the total for the family that must read the most; a
model should not be more complicated than the value it adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from multitrack.core.lint.base import Hit, Option, rule
from multitrack.core.lint.context import Context

__all__ = ["Complexity", "measure"]

PARTS = ("titles", "levels", "expectations", "rules")


@dataclass(frozen=True)
class Complexity:
    """The score (the heaviest family's reading), its parts, and every family's figures."""

    score: int
    budget: float
    family: str | None
    parts: dict[str, int]
    per_family: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "budget": self.budget,
            "family": self.family,
            "parts": self.parts,
            "per_family": self.per_family,
        }


def _reading(ctx: Context, family: str | None) -> dict[str, int]:
    fw = ctx.fw
    tracks = {k for k, fams in ctx.families_of.items() if family is None or family in fams}
    levels = [lv for t in tracks for lv in ctx.levels_by_track[t]]
    rules = sum(
        2 if t.both_ways else 1
        for t in fw.transitions
        if t.from_track in tracks or t.to_track in tracks
    )
    for lv in levels:
        adv = lv.advancement
        rules += len(adv.criteria) + len(adv.minimums) + (adv.points is not None)
    return {
        "titles": len({lv.title_for(family) for lv in levels}),
        "levels": len(levels),
        "expectations": sum(len(lv.expects) for lv in levels),
        "rules": rules,
    }


def measure(ctx: Context) -> Complexity:
    """The framework's complexity (computed once per lint run)."""
    if "complexity" in ctx.memo:
        return ctx.memo["complexity"]
    families = list(ctx.fw.families) or [None]
    per = {f: _reading(ctx, f) for f in families}
    heaviest = max(families, key=lambda f: (sum(per[f].values()), f is None, str(f)))
    out = Complexity(
        score=sum(per[heaviest].values()),
        budget=ctx.opt("complexity_budget"),
        family=heaviest,
        parts=per[heaviest],
        per_family={str(f or "all"): {**p, "score": sum(p.values())} for f, p in per.items()},
    )
    ctx.memo["complexity"] = out
    return out


@rule(
    "MT025",
    "complexity-over-budget",
    "warning",
    "A person must read more titles, levels, expectations and rules than the budget allows.",
    "merge bands or tracks, state expectations once per area, or drop rules nobody uses",
    (
        Option(
            "complexity_budget",
            250,
            "items (titles + levels + expectations + rules) one family's people may have to read",
            minimum=1,
        ),
    ),
)
def complexity_over_budget(ctx: Context) -> Iterator[Hit]:
    c = measure(ctx)
    if c.score > c.budget:
        parts = ", ".join(f"{v} {k}" for k, v in c.parts.items())
        who = f"a person in '{c.family}'" if c.family else "a person"
        yield Hit(
            ("name",),
            f"{who} must read {c.score} items ({parts}); the budget is {c.budget:g}",
        )
