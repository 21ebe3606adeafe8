"""Attrition at equal band: exit rates, survival by track, and a Cox model with the usual controls.

- Exit rate = exits in the window / person-years employed in it, by band and track (exits
  are all exits, or only voluntary ones: ``attrition_exits``).
- Survival: Kaplan–Meier curves of staying, by track, on the tenure scale (years since hire),
  with people hired before the window entering late; the k-group log-rank test, and each
  track against the reference.
- Cox: hazard of leaving on the tenure scale (so tenure is controlled through the baseline
  hazard) with track, band, family and zone (indicators), rating and compa-ratio; never a
  demographic field. Hazard ratios with 95% intervals, and the scaled-Schoenfeld check of
  proportional hazards per covariate.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.context import Context, Section, curve_points
from multitrack.analytics.scorecard.pay import pay_positions
from multitrack.analytics.scorecard.stats import rate_ratio
from multitrack.analytics.scorecard.verdict import suppress
from multitrack.analytics.survival import Curves, cox_ph, kaplan_meier, logrank_subsets

__all__ = ["cox_design", "employment", "section"]


def employment(ctx: Context) -> pl.DataFrame:
    """Employment spells seen in the window, with the exit flag chosen by the config."""
    flag = "voluntary" if ctx.cfg.attrition_exits == "voluntary" else "left"
    return ctx.employment.with_columns(pl.col(flag).alias("event"))


def _rates(ctx: Context) -> pl.DataFrame:
    """Exits from each (band, track) per person-year spent there (from the level spells)."""
    order = {b: i for i, b in enumerate(ctx.spine)}
    return (
        ctx.exposure.filter(pl.col("band").is_in(list(ctx.bands)))
        .with_columns((pl.col("exits") / pl.col("person_years")).alias("exit_rate"))
        .select("band", "track", "people", "person_years", "exits", "exit_rate")
        .sort(pl.col("band").replace_strict(order, default=None), "track")
    )


def _rate_cells(ctx: Context, table: pl.DataFrame) -> list:
    cfg = ctx.cfg
    by = {(r["track"], r["band"]): r for r in table.iter_rows(named=True)}
    cells = []
    for band in ctx.bands:
        for pair in ctx.pairs:
            a, b = by.get((pair[0], band)), by.get((pair[1], band))
            if a is None or b is None:
                continue
            rr = rate_ratio(a["exits"], a["person_years"], b["exits"], b["person_years"], cfg.alpha)
            reason = (
                "no exits on either side"
                if rr.ratio is None
                else (f"exit-rate ratio {rr.ratio:.2f} (p={rr.p:.3g})")
            )
            cells.append(
                ctx.cell(
                    band,
                    pair,
                    "attrition",
                    (a["people"], b["people"]),
                    rr.ratio,
                    rr.p,
                    (
                        rr.log_size,
                        math.log(cfg.attrition_ratio_watch),
                        math.log(cfg.attrition_ratio_break),
                        rr.ratio is not None and rr.ratio < 1,
                    ),
                    reason,
                )
            )
    return cells


def _test_row(name: str, n: int, res) -> dict:
    return {"comparison": name, "n": n, "statistic": res.statistic, "df": res.df, "p": res.p_value}


def _logrank_tests(ctx: Context, t, e, a, g, sizes: dict) -> pl.DataFrame:
    """The k-group test across tracks, then each pair (late entry honoured), all from one
    event table."""
    order = {k: i for i, k in enumerate(ctx.tracks)}
    names, subsets = [], []
    if len(sizes) > 1:
        names.append("all tracks")
        subsets.append(list(order.values()))
    for track, versus in ctx.pairs:
        if sizes.get(track) and sizes.get(versus):
            names.append(f"{track} vs {versus}")
            subsets.append([order[track], order[versus]])
    if not subsets:
        return pl.DataFrame()
    counts = np.bincount(g, minlength=len(order))
    results = logrank_subsets(t, g, e, subsets, entry=a)
    rows = [
        len(t) if n == "all tracks" else int(counts[s].sum())
        for n, s in zip(names, subsets, strict=True)
    ]
    return pl.DataFrame([_test_row(n, k, r) for n, k, r in zip(names, rows, results, strict=True)])


def _survival(ctx: Context, spells: pl.DataFrame, out: Section) -> None:
    rows = spells.filter(pl.col("duration") > 0)
    t, e, a = (rows.get_column(c).to_numpy() for c in ("duration", "event", "entry"))
    order = {k: i for i, k in enumerate(ctx.tracks)}
    g = rows.get_column("track").replace_strict(order, return_dtype=pl.Int64).to_numpy()
    sizes = dict(rows.group_by("track").len().iter_rows())
    tests = _logrank_tests(ctx, t, e, a, g, sizes)
    if tests.height:
        fmt = {"n": "int", "statistic": "float", "df": "int", "p": "pvalue"}
        title = "Log-rank tests of staying, by track (tenure scale)"
        out.tables.append(Table("attrition_logrank", title, tests, fmt))
    coded = kaplan_meier(t, e, entry=a, groups=g, alpha=ctx.cfg.alpha)
    names = pl.col("group").replace_strict(dict(enumerate(ctx.tracks)))
    pts = curve_points(Curves(coded.frame.with_columns(names)))
    shown = [k for k, n in sizes.items() if n >= ctx.cfg.min_cell]
    if pts.height:
        pts = pts.filter(pl.col("group").is_in(shown)).rename({"group": "track"})
    if pts.height:
        title = "Staying by tenure, by track (Kaplan–Meier, 95% CI)"
        out.charts.append(
            charts.step(
                "attrition_km", title, pts, "years", "estimate", color="track", band=("low", "high")
            )
        )


def cox_design(ctx: Context, spells: pl.DataFrame) -> tuple[pl.DataFrame, list[str], list[str]]:
    """Rows and indicator columns for the Cox model; notes say what was left out and why."""
    pos = pay_positions(ctx, spells).filter(
        pl.col("compa_ratio").is_not_null()
        & pl.col("rating").is_not_null()
        & pl.col("family").is_not_null()
        & pl.col("zone").is_not_null()
        & (pl.col("duration") > pl.col("entry"))
    )
    notes = []
    if spells.height > pos.height:
        notes.append(
            f"Cox: {spells.height - pos.height} spells left out for a missing pay range, "
            "rating, family or zone"
        )
    for col in ("band", "family", "zone"):
        dead = pos.group_by(col).agg(pl.col("event").sum()).filter(pl.col("event") == 0)
        if dead.height:
            gone = dead.get_column(col).to_list()
            pos = pos.filter(~pl.col(col).is_in(gone))
            notes.append(
                f"Cox: {col} {', '.join(map(str, gone))} left out (no exits: its hazard "
                "ratio would be zero)"
            )
    columns, data = [], {}
    present = {c: pos.get_column(c).unique().to_list() for c in ("band", "family", "zone")}
    levels = {
        "track": [ctx.reference] + [t for t in ctx.tracks if t != ctx.reference],
        "band": [b for b in ctx.spine if b in set(present["band"])],
        "family": sorted(present["family"]),
        "zone": sorted(present["zone"]),
    }
    for var, lv in levels.items():
        values = pos.get_column(var)
        for level in lv[1:]:
            col = (values == level).cast(pl.Float64)
            if 0 < col.sum() < len(col):
                name = f"{var}[{level}]"
                columns.append(name)
                data[name] = col
    data["rating"] = pos.get_column("rating")
    data["compa_ratio"] = pos.get_column("compa_ratio")
    columns += ["rating", "compa_ratio"]
    return pos.with_columns(**data), columns, notes


def _cox(ctx: Context, spells: pl.DataFrame, out: Section) -> None:
    rows, columns, notes = cox_design(ctx, spells)
    out.notes.extend(notes)
    if rows.height < 2 * ctx.cfg.min_cell or not rows.get_column("event").sum():
        out.warnings.append("Cox: too few spells or exits to fit")
        return
    try:
        fit = cox_ph(
            rows.select(columns),
            rows.get_column("duration").to_numpy(),
            rows.get_column("event").to_numpy(),
            entry=rows.get_column("entry").to_numpy(),
            alpha=ctx.cfg.alpha,
        )
    except ValueError as exc:
        out.warnings.append(f"Cox: {exc}")
        return
    if not fit.converged:
        out.warnings.append("Cox: Newton–Raphson did not converge; figures are unreliable")
    table = fit.to_frame().select("covariate", "hr", "hr_low", "hr_high", "p")
    out.tables.append(
        Table(
            "attrition_cox",
            "Cox model of leaving (tenure scale): hazard ratios",
            table,
            {"hr": "ratio", "hr_low": "ratio", "hr_high": "ratio", "p": "pvalue"},
            f"{fit.n} spells, {fit.events} exits; reference track {ctx.reference}, lowest band, "
            "first family and zone",
        )
    )
    ph = (
        fit.proportional_hazards("km")
        .to_frame()
        .with_columns(
            pl.when(pl.col("p") < ctx.cfg.alpha)
            .then(pl.lit("check"))
            .otherwise(pl.lit("ok"))
            .alias("ph")
        )
    )
    out.tables.append(
        Table(
            "attrition_ph",
            "Proportional-hazards check (scaled Schoenfeld, 1 - KM time)",
            ph,
            {"statistic": "float", "p": "pvalue", "ph": "text"},
            "p below alpha: that covariate's hazard ratio changes over tenure; read it as an "
            "average",
        )
    )
    out.cells.extend(_cox_cells(ctx, fit, rows))


def _cox_cells(ctx: Context, fit, rows: pl.DataFrame) -> list:
    cfg = ctx.cfg
    names = fit.names
    counts = dict(rows.group_by("track").len().iter_rows())
    cells = []
    for track, versus in ctx.pairs:
        i = names.index(f"track[{track}]") if f"track[{track}]" in names else None
        j = names.index(f"track[{versus}]") if f"track[{versus}]" in names else None
        if i is None:
            continue
        diff = fit.params[i] - (fit.params[j] if j is not None else 0.0)
        var = fit.variance[i, i] + (
            fit.variance[j, j] - 2 * fit.variance[i, j] if j is not None else 0
        )
        z = diff / math.sqrt(var)
        p = math.erfc(abs(z) / math.sqrt(2))
        hr = math.exp(diff)
        cells.append(
            ctx.cell(
                "all",
                (track, versus),
                "attrition (Cox)",
                (counts.get(track, 0), counts.get(versus, 0)),
                hr,
                p,
                (
                    abs(diff),
                    math.log(cfg.attrition_ratio_watch),
                    math.log(cfg.attrition_ratio_break),
                    hr < 1,
                ),
                f"adjusted hazard ratio {hr:.2f} (p={p:.3g})",
            )
        )
    return cells


def section(ctx: Context) -> Section:
    """Exit rates, survival curves and tests, the Cox model, and attrition verdict cells."""
    out = Section()
    spells = employment(ctx)
    if not spells.height:
        out.warnings.append("attrition: no employment in the window")
        return out
    rates = _rates(ctx)
    out.cells.extend(_rate_cells(ctx, rates))
    shown = suppress(rates, ["people"], ["exits", "exit_rate"], ctx.cfg.min_cell)
    out.tables.append(
        Table(
            "attrition",
            "Exit rate per person-year, by band and track",
            shown,
            {"people": "int", "person_years": "float", "exits": "int", "exit_rate": "pct"},
            f"window: {ctx.window_text}; exits: {ctx.cfg.attrition_exits}",
        )
    )
    _survival(ctx, spells, out)
    if ctx.cfg.cox:
        _cox(ctx, spells, out)
    return out
