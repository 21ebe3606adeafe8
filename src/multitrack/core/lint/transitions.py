"""Transition rules: crossovers are guarded, go both ways, and every stated rule does something."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from multitrack.core.lint.base import Hit, rule
from multitrack.core.lint.context import Context


@rule(
    "MT019",
    "unguarded-crossover",
    "warning",
    "A crossover has neither requirements nor a trial period.",
    "state requires (proficiencies, years_in_level, trainings, assessments) or a trial",
)
def unguarded_crossover(ctx: Context) -> Iterator[Hit]:
    for i, t in enumerate(ctx.fw.transitions):
        if t.kind == "crossover" and t.requires.is_empty() and t.trial is None:
            yield Hit(
                ("transitions", i),
                f"crossover {t.from_} -> {t.to} states no requirements and no trial",
            )


@rule(
    "MT020",
    "one-way-crossover",
    "warning",
    "Tracks can be crossed one way only: there is no move back.",
    "set both_ways: true, or add the return transition (moving back is not a demotion)",
)
def one_way_crossover(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    pairs = {
        (fw.levels[m.source].track, fw.levels[m.target].track)
        for m in ctx.moves
        if m.kind == "crossover"
    }
    reported: set[tuple[str, str]] = set()
    for i, t in enumerate(fw.transitions):
        pair = (t.from_track, t.to_track)
        if t.kind != "crossover" or pair not in pairs or pair in reported:
            continue
        if (pair[1], pair[0]) not in pairs:
            reported.add(pair)
            yield Hit(
                ("transitions", i),
                f"people can cross from '{pair[0]}' to '{pair[1]}' but no move leads back",
            )


@rule(
    "MT021",
    "idle-transition",
    "warning",
    "A stated transition permits no move: no level it names exists at the bands it maps.",
    "check from, to, at and bands against the levels that exist, or remove the rule",
)
def idle_transition(ctx: Context) -> Iterator[Hit]:
    made = Counter(m.rule for m in ctx.moves)
    for i, t in enumerate(ctx.fw.transitions):
        if not made[t.ident]:
            yield Hit(("transitions", i), f"transition {t.from_} -> {t.to} permits no move")
