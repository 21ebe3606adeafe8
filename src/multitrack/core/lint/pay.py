"""Pay rules: ranges rise with the band, overlap within reason, pay the same band alike on
every track (the "caste system" test), cover every level and stay near the market."""

from __future__ import annotations

from collections.abc import Iterator

from multitrack.core.lint.base import Hit, Option, rule
from multitrack.core.lint.context import Context
from multitrack.core.model import PayRange


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _scope(zone: str | None, family: str | None) -> str:
    parts = [f"zone '{zone}'" if zone else "", f"family '{family}'" if family else ""]
    text = ", ".join(p for p in parts if p)
    return f" ({text})" if text else ""


def _steps(ctx: Context) -> Iterator[tuple[str, str | None, str | None, PayRange, PayRange]]:
    """(track, zone, family, lower, higher): resolved ranges of consecutive levels, once each."""
    seen: set[tuple[int, int]] = set()
    for track, levels in ctx.levels_by_track.items():
        for zone, fam in ctx.pay_scopes:
            prev: PayRange | None = None
            for lv in levels:
                cur = ctx.pay_for(lv.band, track, zone, fam)
                if cur is None:
                    continue
                pair = (id(prev), id(cur))
                if prev is not None and prev is not cur and pair not in seen:
                    seen.add(pair)
                    yield track, zone, fam, prev, cur
                prev = cur


@rule(
    "MT009",
    "pay-inversion",
    "error",
    "A higher band is paid less (midpoint or maximum) than the band below it.",
    "raise the higher band's range or lower the one below, so pay rises with the band",
)
def pay_inversion(ctx: Context) -> Iterator[Hit]:
    for track, zone, fam, low, high in _steps(ctx):
        worse = [
            f"{what} {_money(h)} < {_money(lo)}"
            for what, h, lo in (
                ("midpoint", high.midpoint, low.midpoint),
                ("max", high.max, low.max),
            )
            if h < lo
        ]
        if worse:
            yield Hit(
                ctx.range_loc(high),
                f"{high.band} is paid less than {low.band} on '{track}'{_scope(zone, fam)}: "
                f"{'; '.join(worse)}",
            )


@rule(
    "MT010",
    "pay-overlap",
    "warning",
    "Ranges of consecutive bands overlap by more than the tolerance.",
    "widen the gap between the midpoints or narrow the ranges; or set pay.overlap_tolerance",
    (
        Option(
            "overlap_tolerance",
            0.5,
            "largest share of a band's range that may lie inside the next band's range "
            "(pay.overlap_tolerance sets it too)",
            maximum=1.0,
        ),
    ),
)
def pay_overlap(ctx: Context) -> Iterator[Hit]:
    tol = ctx.opt("overlap_tolerance")
    for track, zone, fam, low, high in _steps(ctx):
        if high.midpoint < low.midpoint or high.max < low.max:
            continue  # an inversion, reported by MT009
        width = low.max - low.min
        inside = max(0.0, low.max - high.min)
        share = inside / width if width > 0 else float(inside > 0)
        if share > tol:
            yield Hit(
                ctx.range_loc(high),
                f"{share:.0%} of {low.band}'s range lies inside {high.band}'s on "
                f"'{track}'{_scope(zone, fam)} (tolerance {tol:.0%})",
            )


@rule(
    "MT011",
    "equivalence-break",
    "error",
    "At one band, the pay midpoints of two tracks are further apart than the tolerance.",
    "pay the same band alike on every track (one range per band), or move the level to the "
    "band its pay says it is",
    (
        Option(
            "equivalence_tolerance",
            0.10,
            "largest share by which a track's midpoint may fall below another's at one band",
            maximum=1.0,
        ),
    ),
)
def equivalence_break(ctx: Context) -> Iterator[Hit]:
    tol = ctx.opt("equivalence_tolerance")
    seen: set[tuple[int, int]] = set()
    for band, levels in ctx.levels_by_position.items():
        tracks = sorted({lv.track for lv in levels})
        if len(tracks) < 2:
            continue
        for zone, fam in ctx.pay_scopes:
            paid = [(t, ctx.pay_for(band, t, zone, fam)) for t in tracks]
            paid = [(t, r) for t, r in paid if r is not None]
            if len(paid) < 2:
                continue
            lo_t, lo = min(paid, key=lambda p: p[1].midpoint)
            hi_t, hi = max(paid, key=lambda p: p[1].midpoint)
            gap = 1 - lo.midpoint / hi.midpoint
            if gap <= tol or (id(lo), id(hi)) in seen:
                continue
            seen.add((id(lo), id(hi)))
            odd = lo if lo.specificity >= hi.specificity else hi
            yield Hit(
                ctx.range_loc(odd),
                f"at {band}{_scope(zone, fam)}, '{lo_t}' is paid {gap:.0%} below '{hi_t}' "
                f"(midpoints {_money(lo.midpoint)} and {_money(hi.midpoint)}; tolerance "
                f"{tol:.0%})",
            )


@rule(
    "MT012",
    "pay-range-missing",
    "warning",
    "A level's band has no pay range that applies to its track.",
    "add a range under pay.ranges for the band (for all tracks, or for this track)",
)
def pay_range_missing(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    if not fw.pay.ranges:
        if fw.levels:
            yield Hit(("name",), "the framework states no pay ranges, so equivalence is unproven")
        return
    for key, lv in fw.levels.items():
        bands = (lv.band, fw.band_of[lv.band])
        ranges = [r for b in set(bands) for r in fw.ranges_by_band.get(b, ())]
        if not any(r.track in (None, lv.track) for r in ranges):
            yield Hit(("levels", key), f"no pay range applies to '{key}' (band {lv.band})")


@rule(
    "MT013",
    "off-market",
    "warning",
    "A range's midpoint is further from its market median (p50) than the tolerance.",
    "move the midpoint toward the market p50, or state why under lint.disable",
    (Option("market_tolerance", 0.15, "largest share a midpoint may sit off the market p50"),),
)
def off_market(ctx: Context) -> Iterator[Hit]:
    tol = ctx.opt("market_tolerance")
    for i, r in enumerate(ctx.fw.pay.ranges):
        p50 = r.market.get("p50", r.market.get("median"))
        if not p50:
            continue
        off = r.midpoint / p50 - 1
        if abs(off) > tol:
            side = "below" if off < 0 else "above"
            yield Hit(
                ("pay", "ranges", i, "market"),
                f"{r.band} midpoint {_money(r.midpoint)} is {abs(off):.0%} {side} the market "
                f"p50 {_money(p50)} (tolerance {tol:.0%})",
            )
