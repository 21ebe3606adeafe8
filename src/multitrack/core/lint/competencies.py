"""Competency rules: expectations rise with the band, every competency is used, and every
step of a scale is described so that assessments mean the same thing."""

from __future__ import annotations

from collections.abc import Iterator

from multitrack.core.lint.base import Hit, rule
from multitrack.core.lint.context import Context, listing


@rule(
    "MT014",
    "falling-expectation",
    "warning",
    "A competency's expected step falls as the band rises on one track.",
    "expect at least the step of the level below (or drop the expectation at both)",
)
def falling_expectation(ctx: Context) -> Iterator[Hit]:
    scale_of, ranks = ctx.comp_scale, ctx.step_ranks
    for levels in ctx.levels_by_track.values():
        best: dict[str, tuple[int, str, str]] = {}  # competency -> (rank, step, level)
        for lv in levels:
            for comp, step in lv.expects.items():
                rank = ranks[scale_of[comp]].get(step)
                if rank is None:
                    continue
                prev = best.get(comp)
                if prev is not None and rank < prev[0]:
                    yield Hit(
                        ("levels", lv.key, "expects", comp),
                        f"'{lv.key}' expects {comp} '{step}', below '{prev[1]}' at {prev[2]}",
                    )
                    continue
                best[comp] = (rank, step, lv.key)


@rule(
    "MT015",
    "dropped-expectation",
    "info",
    "A competency expected at one level is not expected at the next level of its track.",
    "keep the expectation on the higher level, or say in the level's summary why it stops",
)
def dropped_expectation(ctx: Context) -> Iterator[Hit]:
    for levels in ctx.levels_by_track.values():
        for low, high in zip(levels, levels[1:], strict=False):
            gone = [c for c in low.expects if c not in high.expects]
            if gone and high.expects:
                yield Hit(
                    ctx.first_known(("levels", high.key, "expects"), ("levels", high.key)),
                    f"'{high.key}' no longer expects {listing(gone)} (expected at '{low.key}')",
                )


def _used(ctx: Context) -> set[str]:
    fw = ctx.fw
    used: set[str] = set()
    for lv in fw.levels.values():
        used.update(lv.expects)
        used.update(lv.advancement.minimums)
        if lv.advancement.points:
            over = lv.advancement.points.over
            used.update(over or fw.competencies)
            used.update(k for k, c in fw.competencies.items() if c.area in over)
    for t in fw.transitions:
        used.update(t.requires.proficiencies)
    return used


@rule(
    "MT016",
    "unused-competency",
    "warning",
    "A competency is expected nowhere: no level, criterion or transition names it or its kin.",
    "add it to the expectations of the levels that need it, or remove it",
)
def unused_competency(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    used = _used(ctx)
    kin = set(used)  # a used competency's ancestors count as used, and so do its sub-skills
    for key in used:
        node = fw.competencies.get(key)
        seen = {key}
        while node is not None and node.parent and node.parent not in seen:
            seen.add(node.parent)
            kin.add(node.parent)
            node = fw.competencies.get(node.parent)
    for key, comp in fw.competencies.items():
        if key in kin:
            continue
        parent, seen = comp.parent, {key}
        while parent and parent not in used and parent not in seen:
            seen.add(parent)
            parent = fw.competencies[parent].parent
        if parent and parent in used:
            continue
        yield Hit(("competencies", key), f"competency '{key}' is expected nowhere")


@rule(
    "MT017",
    "undescribed-step",
    "info",
    "A proficiency scale has steps without a description.",
    "describe each step under scales.<key>.steps, so that assessors read it alike",
)
def undescribed_step(ctx: Context) -> Iterator[Hit]:
    for key, scale in ctx.fw.scales.items():
        bare = [s.key for s in scale.steps if not s.description]
        if bare:
            where = ctx.first_known(("scales", key), ("competencies",))
            yield Hit(where, f"scale '{key}' does not describe {listing(bare)}")


@rule(
    "MT018",
    "no-expectations",
    "info",
    "A level states no competency expectations although the framework has competencies.",
    "state what the level expects under levels.<key>.expects",
)
def no_expectations(ctx: Context) -> Iterator[Hit]:
    if not ctx.fw.competencies:
        return
    for key, lv in ctx.fw.levels.items():
        if not lv.expects:
            yield Hit(("levels", key), f"'{key}' expects no competency")
