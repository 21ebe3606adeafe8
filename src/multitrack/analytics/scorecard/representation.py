"""Representation at the top, the headcount pyramid per track, and the decorative-ladder test.

A *decorative ladder* is a track whose upper bands exist on paper only: its top
``ladder_top_n`` bands up to its published ceiling are empty, or nobody was promoted into them
during the window, while the reference track's bands at the same level fill (people there,
and promotions into them). All of a track's upper bands dead = break; some = watch.
"""

from __future__ import annotations

import math

import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.context import Cell, Context, Section
from multitrack.analytics.scorecard.stats import proportion_ratio
from multitrack.analytics.scorecard.verdict import BREAK, EQUIVALENT, WATCH, suppress

__all__ = ["ladder_bands", "promotions_into", "pyramid", "section"]


def pyramid(ctx: Context) -> pl.DataFrame:
    """Headcount per (band, track) now, and each band's share of the track."""
    counts = ctx.current.group_by("band", "track").len("headcount")
    grid = pl.DataFrame(
        [(b, t) for b in ctx.spine for t in ctx.tracks],
        schema={"band": pl.String, "track": pl.String},
        orient="row",
    )
    order = {b: i for i, b in enumerate(ctx.spine)}
    return (
        grid.join(counts, on=["band", "track"], how="left")
        .with_columns(pl.col("headcount").fill_null(0))
        .with_columns(
            (pl.col("headcount") / pl.col("headcount").sum().over("track")).alias("share")
        )
        .sort(pl.col("band").replace_strict(order), "track")
    )


def promotions_into(ctx: Context) -> pl.DataFrame:
    """Promotions into each (track, band) during the window."""
    ev = ctx.frames.events.filter(
        (pl.col("kind") == "promotion") & (pl.col("date") <= pl.lit(ctx.as_of))
    )
    if ctx.window_start is not None:
        ev = ev.filter(pl.col("date") > pl.lit(ctx.window_start))
    return (
        ev.with_columns(pl.col("to_band").alias("band"))
        .with_columns(ctx.band_key())
        .group_by(pl.col("to_track").alias("track"), "band")
        .len("promotions_in")
    )


def ladder_bands(ctx: Context, track: str) -> list[str]:
    """The track's top ``ladder_top_n`` bands up to its ceiling (not below its entry)."""
    t = ctx.frames.framework.tracks[track]
    rank = {b: i for i, b in enumerate(ctx.spine)}
    lo, hi = rank.get(t.entry, 0), rank.get(t.ceiling, len(ctx.spine) - 1)
    return list(ctx.spine[max(lo, hi - ctx.cfg.ladder_top_n + 1) : hi + 1])


def _ladder(ctx: Context, pyr: pl.DataFrame, promoted: pl.DataFrame) -> pl.DataFrame:
    fw = ctx.frames.framework
    rank = {b: i for i, b in enumerate(ctx.spine)}
    heads = {(r["track"], r["band"]): r["headcount"] for r in pyr.iter_rows(named=True)}
    ups = {(r["track"], r["band"]): r["promotions_in"] for r in promoted.iter_rows(named=True)}
    ref = ctx.reference
    ref_t = fw.tracks[ref]
    rows = []
    for track in (t for t in ctx.tracks if t != ref):
        for band in ladder_bands(ctx, track):
            covered = rank[ref_t.entry] <= rank[band] <= rank[ref_t.ceiling]
            h, p = heads.get((track, band), 0), ups.get((track, band), 0)
            rh, rp = heads.get((ref, band), 0), ups.get((ref, band), 0)
            rows.append(
                {
                    "track": track,
                    "band": band,
                    "headcount": h,
                    "promotions_in": p,
                    "reference_headcount": rh if covered else None,
                    "reference_promotions_in": rp if covered else None,
                    "dead": h == 0 or p == 0,
                    "reference_fills": covered and rh > 0 and rp > 0,
                }
            )
    if not rows:
        return pl.DataFrame()
    return pl.DataFrame(rows)


def _ladder_verdicts(ctx: Context, ladder: pl.DataFrame) -> pl.DataFrame:
    per = ladder.group_by("track", maintain_order=True).agg(
        pl.col("band").alias("bands"),
        pl.col("dead").sum().alias("dead_bands"),
        pl.len().alias("upper_bands"),
        pl.col("reference_fills").any().alias("reference_fills"),
    )
    verdict = (
        pl.when(~pl.col("reference_fills"))
        .then(pl.lit(EQUIVALENT))
        .when(pl.col("dead_bands") == pl.col("upper_bands"))
        .then(pl.lit(BREAK))
        .when(pl.col("dead_bands") > 0)
        .then(pl.lit(WATCH))
        .otherwise(pl.lit(EQUIVALENT))
    )
    return per.with_columns(
        verdict.alias("verdict"),
        pl.when(pl.col("dead_bands") == pl.col("upper_bands"))
        .then(pl.lit("decorative: upper bands empty or without promotions"))
        .when(pl.col("dead_bands") > 0)
        .then(pl.lit("some upper bands empty or without promotions"))
        .otherwise(pl.lit("upper bands filled and promoted into"))
        .alias("reason"),
    )


def _top(ctx: Context, pyr: pl.DataFrame) -> tuple[pl.DataFrame, list]:
    top = list(ctx.spine[-ctx.cfg.top_bands :])
    per = pyr.group_by("track").agg(
        pl.col("headcount").sum().alias("headcount"),
        pl.col("headcount").filter(pl.col("band").is_in(top)).sum().alias("at_top"),
    )
    total_top = max(int(per.get_column("at_top").sum()), 1)
    total = max(int(per.get_column("headcount").sum()), 1)
    per = per.with_columns(
        (pl.col("at_top") / pl.col("headcount")).alias("share_at_top"),
        (pl.col("at_top") / total_top).alias("share_of_top_seats"),
        (pl.col("headcount") / total).alias("share_of_headcount"),
    ).sort(pl.col("track").replace_strict({t: i for i, t in enumerate(ctx.tracks)}))
    by = {r["track"]: r for r in per.iter_rows(named=True)}
    cells = []
    for pair in ctx.pairs:
        a, b = by.get(pair[0]), by.get(pair[1])
        if a is None or b is None:
            continue
        r = proportion_ratio(
            a["at_top"], a["headcount"], b["at_top"], b["headcount"], ctx.cfg.alpha
        )
        reason = (
            "no one at the top on either side"
            if r.ratio is None
            else f"share at the top {r.ratio:.2f}x (p={r.p:.3g})"
        )
        cells.append(
            ctx.cell(
                "top",
                pair,
                "representation",
                (a["headcount"], b["headcount"]),
                r.ratio,
                r.p,
                (
                    r.log_size,
                    math.log(ctx.cfg.access_ratio_watch),
                    math.log(ctx.cfg.access_ratio_break),
                    r.ratio is not None and r.ratio > 1,
                ),
                reason,
            )
        )
    shown = suppress(per, ["headcount"], ["share_at_top", "share_of_top_seats"], ctx.cfg.min_cell)
    return shown, cells


LADDER_FORMATS = {
    "headcount": "int",
    "promotions_in": "int",
    "reference_headcount": "int",
    "reference_promotions_in": "int",
}
TOP_FORMATS = {
    "headcount": "int",
    "at_top": "int",
    "share_at_top": "pct",
    "share_of_top_seats": "pct",
    "share_of_headcount": "pct",
}


def _pyramid_chart(ctx: Context, pyr: pl.DataFrame) -> dict:
    spec = charts.bar(
        "pyramid",
        "Headcount by band and track",
        pyr,
        "headcount",
        "band",
        color="track",
        grouped=False,
    )
    spec["encoding"]["y"]["sort"] = list(reversed(ctx.spine))
    return spec


def _ladder_part(ctx: Context, pyr: pl.DataFrame, out: Section) -> None:
    ladder = _ladder(ctx, pyr, promotions_into(ctx))
    if not ladder.height:
        return
    note = (
        f"window: {ctx.window_text}; upper bands: top {ctx.cfg.ladder_top_n} up to the "
        "track's ceiling"
    )
    out.tables.append(
        Table(
            "ladder",
            "Decorative-ladder test: upper bands of each track",
            ladder,
            LADDER_FORMATS,
            note,
        )
    )
    for r in _ladder_verdicts(ctx, ladder).iter_rows(named=True):
        reason = f"{r['reason']} ({', '.join(r['bands'])})"
        out.cells.append(
            Cell(
                "ladder",
                r["track"],
                ctx.reference,
                "decorative ladder",
                None,
                None,
                0,
                0,
                r["verdict"],
                reason,
            )
        )


def section(ctx: Context) -> Section:
    """Pyramid, top representation and the ladder test, with their verdict cells."""
    out = Section()
    pyr = pyramid(ctx)
    note = "headcounts are shown; figures about people in small cells are not"
    out.tables.append(
        Table(
            "pyramid",
            "Headcount pyramid per track",
            pyr,
            {"headcount": "int", "share": "pct"},
            note,
        )
    )
    out.charts.append(_pyramid_chart(ctx, pyr))
    top, cells = _top(ctx, pyr)
    title = f"Representation in the top {ctx.cfg.top_bands} bands"
    out.tables.append(Table("top_bands", title, top, TOP_FORMATS))
    out.cells.extend(cells)
    _ladder_part(ctx, pyr, out)
    return out
