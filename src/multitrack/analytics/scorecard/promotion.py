"""Promotion at equal band: rates per person-year, time in level as competing risks, crossovers.

- Rate = promotions out of a (track, band) in the window / person-years spent in it in the
  window (time before the window is not counted, nor its promotions).
- Time in level: Aalen–Johansen cumulative incidence of *promoted*, *moved across* (crossover
  or demotion) and *left*, with *still in level* the all-cause survival; spells that began
  before the window enter late (left truncation), so the curves use the window's experience.
- Crossover rates both ways: crossovers from track A at a band to track B, per person-year of
  A at that band.
"""

from __future__ import annotations

import math

import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.context import YEAR, Context, Section, curve_points
from multitrack.analytics.scorecard.stats import rate_ratio
from multitrack.analytics.scorecard.verdict import suppress
from multitrack.analytics.survival import aalen_johansen

__all__ = ["CAUSES", "section"]

CAUSES = {1: "promoted", 2: "moved across", 3: "left"}
_CAUSE_OF = {"promoted": 1, "crossover": 2, "demoted": 2, "left": 3}


def _rates(ctx: Context, exp: pl.DataFrame) -> pl.DataFrame:
    order = {b: i for i, b in enumerate(ctx.spine)}
    table = (
        exp.filter(pl.col("band").is_in(list(ctx.bands)))
        .with_columns((pl.col("promotions") / pl.col("person_years")).alias("promotion_rate"))
        .sort(pl.col("band").replace_strict(order, default=None), "track")
        .select("band", "track", "people", "person_years", "promotions", "promotion_rate")
    )
    return suppress(table, ["people"], ["promotions", "promotion_rate"], ctx.cfg.min_cell)


def _cells(ctx: Context, exp: pl.DataFrame) -> list:
    cfg = ctx.cfg
    by = {(r["track"], r["band"]): r for r in exp.iter_rows(named=True)}
    cells = []
    for band in ctx.bands:
        for pair in ctx.pairs:
            a, b = by.get((pair[0], band)), by.get((pair[1], band))
            if a is None or b is None:
                continue
            rr = rate_ratio(
                a["promotions"], a["person_years"], b["promotions"], b["person_years"], cfg.alpha
            )
            reason = (
                "no promotions on either side"
                if rr.ratio is None
                else f"promotion-rate ratio {rr.ratio:.2f} (p={rr.p:.3g})"
            )
            cells.append(
                ctx.cell(
                    band,
                    pair,
                    "promotion",
                    (a["people"], b["people"]),
                    rr.ratio,
                    rr.p,
                    (
                        rr.log_size,
                        math.log(cfg.promotion_ratio_watch),
                        math.log(cfg.promotion_ratio_break),
                        rr.ratio is not None and rr.ratio > 1,
                    ),
                    reason,
                )
            )
    return cells


def _crossovers(ctx: Context, spells: pl.DataFrame, exp: pl.DataFrame) -> pl.DataFrame:
    moves = (
        spells.filter(pl.col("outcome") == "crossover")
        .group_by("track", "band", "to_track")
        .agg(pl.len().alias("crossovers"))
    )
    pairs = [(a, b) for a, b in ctx.pairs] + [(b, a) for a, b in ctx.pairs]
    grid = pl.DataFrame(
        [(a, band, b) for band in ctx.bands for a, b in pairs],
        schema={"track": pl.String, "band": pl.String, "to_track": pl.String},
        orient="row",
    )
    table = (
        grid.join(exp.select("track", "band", "people", "person_years"), on=["track", "band"])
        .join(moves, on=["track", "band", "to_track"], how="left")
        .with_columns(pl.col("crossovers").fill_null(0))
        .with_columns((pl.col("crossovers") / pl.col("person_years")).alias("rate"))
        .rename({"track": "from_track"})
    )
    return suppress(table, ["people"], ["crossovers", "rate"], ctx.cfg.min_cell)


def _time_in_level(ctx: Context, spells: pl.DataFrame):
    rows = spells.filter(pl.col("band").is_in(list(ctx.bands)) & (pl.col("duration") > 0))
    if not rows.height:
        return None, None
    cause = pl.col("outcome").replace_strict(_CAUSE_OF, default=0, return_dtype=pl.Int64)
    rows = rows.with_columns(cause.alias("cause"), _cell_code(ctx).alias("cell"))
    curves = aalen_johansen(
        rows.get_column("duration").to_numpy(),
        rows.get_column("cause").to_numpy(),
        entry=rows.get_column("entry").to_numpy(),
        groups=rows.get_column("cell").to_numpy(),
        alpha=ctx.cfg.alpha,
    )
    sizes = dict(rows.group_by("cell").agg(pl.col("person_id").n_unique()).iter_rows())
    table = []
    names = _cell_names(ctx)
    for cell in curves.groups():
        track, band = names[cell]
        row = {"band": band, "track": track, "people": sizes.get(cell, 0)}
        for h in ctx.cfg.horizons:
            at = [h * YEAR]
            for code, name in ((1, "promoted"), (3, "left"), (0, "still")):
                row[f"{name}_{h:g}y"] = float(curves.at(at, group=cell, cause=code)[0])
        row["median_years_in_level"] = curves.median(group=cell, cause=0) / YEAR
        table.append(row)
    frame = pl.DataFrame(table)
    values = [c for c in frame.columns if c not in ("band", "track", "people")]
    return suppress(frame, ["people"], values, ctx.cfg.min_cell), curves


def _cell_code(ctx: Context) -> pl.Expr:
    """(track, band) as one integer, so the curves group on numbers, not built strings."""
    tracks = {t: i for i, t in enumerate(ctx.tracks)}
    ranks = {b: i for i, b in enumerate(ctx.spine)}
    to_int = lambda c, m: pl.col(c).replace_strict(m, default=None, return_dtype=pl.Int64)  # noqa: E731
    return to_int("track", tracks) * len(ranks) + to_int("band", ranks)


def _cell_names(ctx: Context) -> dict[int, tuple[str, str]]:
    n = len(ctx.spine)
    return {i * n + j: (t, b) for i, t in enumerate(ctx.tracks) for j, b in enumerate(ctx.spine)}


def _curve_charts(ctx: Context, curves, sizes: pl.DataFrame) -> list[dict]:
    names = _cell_names(ctx)
    codes = {v: k for k, v in names.items()}
    shown = [
        codes[(r["track"], r["band"])]
        for r in sizes.iter_rows(named=True)
        if r["people"] >= ctx.cfg.min_cell
    ]
    out = []
    for code in (1, 3):
        pts = curve_points(curves, cause=code)
        if not pts.height:
            continue
        pts = pts.filter(pl.col("group").is_in(shown)).with_columns(
            pl.col("group").replace_strict({k: t for k, (t, _) in names.items()}).alias("track"),
            pl.col("group").replace_strict({k: b for k, (_, b) in names.items()}).alias("band"),
        )
        if pts.height:
            name = CAUSES[code].replace(" ", "_")
            out.append(
                charts.step(
                    f"time_in_level_{name}",
                    f"Time in level: cumulative incidence of {CAUSES[code]} (Aalen–Johansen)",
                    pts,
                    "years",
                    "estimate",
                    color="track",
                    facet="band",
                    band=("low", "high"),
                )
            )
    return out


def section(ctx: Context) -> Section:
    """Promotion rates, time-in-level curves, crossovers, and promotion verdict cells."""
    out = Section()
    spells = ctx.level_spells
    if not spells.height:
        out.warnings.append("promotion: no level spells in the window")
        return out
    exp = ctx.exposure
    out.tables.append(
        Table(
            "promotion",
            "Promotion rate per person-year, by band and track",
            _rates(ctx, exp),
            {
                "people": "int",
                "person_years": "float",
                "promotions": "int",
                "promotion_rate": "pct",
            },
            f"window: {ctx.window_text}",
        )
    )
    out.cells.extend(_cells(ctx, exp))
    til, curves = _time_in_level(ctx, spells)
    if til is not None:
        fmt = {c: "pct" for c in til.columns if c.endswith("y")}
        out.tables.append(
            Table(
                "time_in_level",
                "Time in level: promoted / left / still in level (Aalen–Johansen)",
                til,
                {"people": "int", **fmt, "median_years_in_level": "float"},
                "cumulative incidence at each horizon; 'moved across' is the remainder",
            )
        )
        out.charts.extend(_curve_charts(ctx, curves, til))
    out.tables.append(
        Table(
            "crossovers",
            "Crossover rates both ways, per person-year",
            _crossovers(ctx, spells, exp),
            {"people": "int", "person_years": "float", "crossovers": "int", "rate": "pct"},
        )
    )
    return out
