"""Ladder rules: every track is whole up to its ceiling, every level has a way on, and every
family has more than one way to grow."""

from __future__ import annotations

from collections.abc import Iterator

from multitrack.core.lint.base import Hit, rule
from multitrack.core.lint.context import Context, listing


@rule(
    "MT001",
    "gap-below-ceiling",
    "error",
    "A track has no level at a band between its entry band and its ceiling.",
    "add the missing levels, or move the track's entry band or ceiling",
)
def gap_below_ceiling(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    for key, track in fw.tracks.items():
        have = {fw.band_of[lv.band] for lv in ctx.levels_by_track[key]}
        lo, hi = fw.band_rank[track.entry], fw.band_rank[track.ceiling]
        missing = [b.key for b in fw.band_order[lo : hi + 1] if b.key not in have]
        if not missing:
            continue
        if len(missing) == hi - lo + 1:
            msg = f"track '{key}' has no levels at all ({track.entry}–{track.ceiling})"
        else:
            msg = (
                f"track '{key}' has no level at {listing(missing)} "
                f"(it runs {track.entry}–{track.ceiling})"
            )
        yield Hit(("tracks", key), msg, f"add {listing(f'{key}/{b}' for b in missing)}")


@rule(
    "MT002",
    "dead-end",
    "error",
    "A level below its track's ceiling has no way up or across.",
    "let the track follow the spine (spine: true), or add a promotion or crossover from it",
)
def dead_end(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    for key, track in fw.tracks.items():
        top = fw.position[track.ceiling]
        for lv in ctx.levels_by_track[key]:
            if fw.position[lv.band] >= top:
                continue
            onward = [m for m in ctx.moves_from[lv.key] if m.kind != "demotion"]
            if not onward:
                yield Hit(
                    ("levels", lv.key),
                    f"'{lv.key}' is below the ceiling {track.ceiling} of '{key}' but no move "
                    "leads up or across from it",
                )


@rule(
    "MT003",
    "unreachable-level",
    "warning",
    "A level cannot be reached from the lowest level of any track by permitted moves.",
    "add a promotion or crossover into it, or remove it",
)
def unreachable_level(ctx: Context) -> Iterator[Hit]:
    starts = [levels[0].key for levels in ctx.levels_by_track.values() if levels]
    seen = set(starts)
    todo = list(starts)
    while todo:
        for m in ctx.moves_from[todo.pop()]:
            if m.target not in seen:
                seen.add(m.target)
                todo.append(m.target)
    for key in ctx.fw.levels:
        if key not in seen:
            yield Hit(
                ("levels", key),
                f"'{key}' cannot be reached: no permitted move leads to it from the lowest "
                "level of any track",
            )


@rule(
    "MT004",
    "single-track-family",
    "warning",
    "A job family has only one track (or none), so its people have no alternative path.",
    "let a second track apply to the family (tracks.<key>.families), e.g. a specialist track",
)
def single_track_family(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    if not fw.families:
        if len(fw.tracks) == 1:
            only = next(iter(fw.tracks))
            yield Hit(("tracks",), f"the framework has one track only ('{only}')")
        return
    for fam in fw.families:
        serving = [k for k, fams in ctx.families_of.items() if fam in fams]
        if len(serving) == 1:
            yield Hit(("families", fam), f"family '{fam}' has one track only ('{serving[0]}')")
        elif not serving:
            yield Hit(("families", fam), f"no track applies to family '{fam}'")


@rule(
    "MT005",
    "ceiling-without-route",
    "warning",
    "A non-management track tops out below management's ceiling with no stated route beyond.",
    "raise the ceiling, state tracks.<key>.beyond_ceiling, or add a crossover from the top "
    "level to a track that goes higher",
)
def ceiling_without_route(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    rank = fw.position
    for key, track in fw.tracks.items():
        if ctx.is_management(key) or track.beyond_ceiling:
            continue
        higher = [
            k
            for k, t in fw.tracks.items()
            if ctx.is_management(k)
            and ctx.shares_family(k, key)
            and rank[t.ceiling] > rank[track.ceiling]
        ]
        if not higher:
            continue
        if _route_up(ctx, key):
            continue
        best = max(higher, key=lambda k: rank[fw.tracks[k].ceiling])
        yield Hit(
            ("tracks", key, "ceiling"),
            f"'{key}' stops at {track.ceiling}, below '{best}' ({fw.tracks[best].ceiling}), "
            "and states no route beyond its ceiling",
        )


def _route_up(ctx: Context, track: str) -> bool:
    """A move from the track's top level onto a track that reaches higher."""
    fw = ctx.fw
    levels = ctx.levels_by_track[track]
    if not levels:
        return False
    mine = fw.position[fw.tracks[track].ceiling]
    for m in ctx.moves_from[levels[-1].key]:
        other = fw.levels[m.target].track
        if other != track and fw.position[fw.tracks[other].ceiling] > mine:
            return True
    return False
