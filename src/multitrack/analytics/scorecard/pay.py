"""Pay at equal band: position in the framework's ranges and the adjusted track gap.

- compa-ratio = pay / range midpoint; range penetration = (pay - min) / (max - min), against
  the most specific range of the framework for the person's band, track, zone and family;
- market position = pay / the range's market median (``market.p50``), and the shares below
  the market's lower and above its upper quartile where the framework gives them;
- adjusted gap: OLS of log pay on track, band, family, zone, tenure and rating with
  heteroskedasticity-robust (HC1) errors, overall and within each band; the gap of track A
  against track B is exp(b_A - b_B) - 1, read from a fit with B as the reference level.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import polars as pl
from scipy import stats

from multitrack.analytics import charts
from multitrack.analytics.regression import Design, DesignError, RegressionWarning, fit, fit_groups
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.context import Context, Section
from multitrack.analytics.scorecard.verdict import suppress
from multitrack.core import Framework

__all__ = ["adjusted_gaps", "pay_positions", "pay_ranges", "section"]

RANGE_KEYS = ["band", "track", "zone", "family"]


def pay_ranges(fw: Framework, frame: pl.DataFrame) -> pl.DataFrame:
    """The applicable range (min, mid, max, market p25/p50/p75) per distinct range key."""
    rows = []
    for band, track, zone, family in frame.select(RANGE_KEYS).unique().iter_rows():
        r = fw.pay_range(band, track, zone, family) if band else None
        market = dict(r.market) if r else {}
        rows.append(
            (band, track, zone, family)
            + ((r.min, r.midpoint, r.max) if r else (None, None, None))
            + tuple(market.get(q) for q in ("p25", "p50", "p75"))
        )
    schema = dict.fromkeys(RANGE_KEYS, pl.String) | dict.fromkeys(
        ("range_min", "range_mid", "range_max", "m25", "m50", "m75"), pl.Float64
    )
    return pl.DataFrame(rows, schema=schema, orient="row")


def pay_positions(ctx: Context, frame: pl.DataFrame | None = None) -> pl.DataFrame:
    """People with their range, compa-ratio, penetration and market position."""
    people = ctx.current if frame is None else frame
    people = people.filter(pl.col("pay_annual_fte") > 0)
    ranges = pay_ranges(ctx.frames.framework, people)
    pay = pl.col("pay_annual_fte")
    return people.join(ranges, on=RANGE_KEYS, how="left", nulls_equal=True).with_columns(
        (pay / pl.col("range_mid")).alias("compa_ratio"),
        ((pay - pl.col("range_min")) / (pl.col("range_max") - pl.col("range_min"))).alias(
            "penetration"
        ),
        (pay / pl.col("m50")).alias("market_ratio"),
        (pay < pl.col("range_min")).alias("below_min"),
        (pay > pl.col("range_max")).alias("above_max"),
        (pay < pl.col("m25")).alias("below_market_p25"),
        (pay > pl.col("m75")).alias("above_market_p75"),
    )


def _cells_table(ctx: Context, pos: pl.DataFrame) -> pl.DataFrame:
    stats = (
        pos.filter(pl.col("band").is_in(list(ctx.bands)))
        .group_by("band", "track")
        .agg(
            pl.len().alias("n"),
            pl.col("pay_annual_fte").median().alias("median_pay"),
            pl.col("compa_ratio").median().alias("median_compa"),
            pl.col("compa_ratio").mean().alias("mean_compa"),
            pl.col("penetration").median().alias("median_penetration"),
            pl.col("below_min").mean().alias("below_min"),
            pl.col("above_max").mean().alias("above_max"),
            pl.col("market_ratio").median().alias("market_ratio"),
            pl.col("below_market_p25").mean().alias("below_market_p25"),
            pl.col("above_market_p75").mean().alias("above_market_p75"),
        )
    )
    order = {b: i for i, b in enumerate(ctx.spine)}
    stats = stats.sort(pl.col("band").replace_strict(order, default=None), "track")
    values = [c for c in stats.columns if c not in ("band", "track", "n")]
    return suppress(stats, ["n"], values, ctx.cfg.min_cell)


def _model_rows(ctx: Context, pos: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    rows = pos.filter(
        pl.col("rating").is_not_null()
        & pl.col("tenure_years").is_not_null()
        & pl.col("family").is_not_null()
        & pl.col("zone").is_not_null()
        & pl.col("track").is_in(list(ctx.tracks))
    ).with_columns(pl.col("pay_annual_fte").log().alias("log_pay"))
    return rows, pos.height - rows.height


def _difference(res, track: str, versus: str, alpha: float) -> dict | None:
    """b_track - b_versus from one fit (versus may be its reference level): estimate, se,
    t, p and interval; None when the fit cannot separate them. HC1 errors transform
    exactly under a change of reference level, so this equals a fit with ``versus`` as the
    reference."""
    a, b = f"track[{track}]", f"track[{versus}]"
    if res is None or a not in res.names or a in res.aliased or b in res.aliased:
        return None
    if b not in res.names:  # versus is the reference level
        c = res.coef(a, alpha)
        return c if math.isfinite(c["se"]) else None
    i, j = res.index(a), res.index(b)
    est = float(res.params[i] - res.params[j])
    var = float(res.cov[i, i] + res.cov[j, j] - 2 * res.cov[i, j])
    if not var > 0 or not math.isfinite(var):
        return None
    se = math.sqrt(var)
    dist = stats.t(res.df_resid) if res.use_t else stats.norm
    q = float(dist.isf(alpha / 2))
    t = est / se
    p = float(2 * dist.sf(abs(t)))
    return {"estimate": est, "se": se, "t": t, "p": p, "low": est - q * se, "high": est + q * se}


def _gap_row(c: dict | None, counts: dict, scope: str, band: str, pair: tuple[str, str]) -> dict:
    track, versus = pair
    row = {"scope": scope, "band": band, "track": track, "versus": versus}
    row |= {"n_track": counts.get(track, 0), "n_versus": counts.get(versus, 0)}
    if c is None:
        return row | {"status": "not estimable"}
    return row | {
        "gap": math.expm1(c["estimate"]),
        "low": math.expm1(c["low"]),
        "high": math.expm1(c["high"]),
        "t": c["t"],
        "p": c["p"],
        "status": "",
    }


NUMERIC = ["tenure_years", "rating"]
CONTROLS = ["track", "band", "family", "zone"]


def _design(rows: pl.DataFrame, categorical: list[str], versus: str) -> Design:
    return Design.from_frame(
        rows, numeric=NUMERIC, categorical=categorical, reference={"track": versus}
    )


def _quiet(call, *args, **kwargs):
    """Run a fit; aliased terms come back as NaN (reported per cell), not as warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegressionWarning)
        try:
            return call(*args, **kwargs)
        except (DesignError, ValueError, np.linalg.LinAlgError):
            return None


class _Fits:
    """The gap models, fitted on demand once each: overall, and per band (one grouped fit
    over all bands), by reference level."""

    def __init__(self, rows: pl.DataFrame, bands: list[str]) -> None:
        self.rows = rows
        self.sub = rows.filter(pl.col("band").is_in(bands))
        self._overall: dict[str, object] = {}
        self._bands: dict[str, dict] = {}

    def overall(self, versus: str):
        if versus not in self._overall:
            design = _design(self.rows, CONTROLS, versus)
            self._overall[versus] = _quiet(fit, self.rows.get_column("log_pay"), design)
        return self._overall[versus]

    def band(self, versus: str, band: str):
        if versus not in self._bands:
            sub = self.sub
            design = _design(sub, [c for c in CONTROLS if c != "band"], versus)
            grouped = _quiet(
                fit_groups, sub.get_column("log_pay"), design, sub.get_column("band"), by="band"
            )
            self._bands[versus] = grouped if grouped is not None else {}
        return self._bands[versus].get(band)


def _gap(get, pair: tuple[str, str], ref: str | None, alpha: float) -> dict | None:
    """From the fit with the reference track as reference level, else (a pair it cannot
    separate, or no reference track there) from a fit with the pair's own ``versus``."""
    c = _difference(get(ref), *pair, alpha) if ref is not None else None
    return c if c is not None else _difference(get(pair[1]), *pair, alpha)


def adjusted_gaps(ctx: Context, rows: pl.DataFrame) -> pl.DataFrame:
    """Adjusted track gaps for every pair, overall and within each band: one overall fit and
    one grouped fit with the reference track as the reference level, every pair read from
    them as a difference of coefficients."""
    fits = _Fits(rows, list(ctx.bands))
    overall = dict(rows.group_by("track").len().iter_rows())
    by_band = {(t, b): n for t, b, n in rows.group_by("track", "band").len().iter_rows()}
    alpha, ref = ctx.cfg.alpha, ctx.reference
    out = []
    for pair in ctx.pairs:
        if pair[1] in overall:
            home = ref if ref in overall else None
            out.append(_gap_row(_gap(fits.overall, pair, home, alpha), overall, "all", "all", pair))
    for band in ctx.bands:
        counts = {t: n for (t, b), n in by_band.items() if b == band}
        home = ref if ref in counts else None
        for pair in ctx.pairs:
            if pair[1] in counts and pair[0] in counts:
                c = _gap(lambda v, band=band: fits.band(v, band), pair, home, alpha)
                out.append(_gap_row(c, counts, "band", band, pair))
    if not out:
        return pl.DataFrame()
    frame = pl.DataFrame(out, infer_schema_length=None)
    for c in ("gap", "low", "high", "t", "p"):
        if c not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Float64).alias(c))
    frame = frame.select(
        "scope",
        "band",
        "track",
        "versus",
        "n_track",
        "n_versus",
        "gap",
        "low",
        "high",
        "t",
        "p",
        "status",
    )
    return suppress(
        frame, ["n_track", "n_versus"], ["gap", "low", "high", "t", "p"], ctx.cfg.min_cell
    )


def _cells(ctx: Context, gaps: pl.DataFrame) -> list:
    cfg = ctx.cfg
    cells = []
    for r in gaps.iter_rows(named=True):
        gap = r["gap"]
        size = abs(gap) if gap is not None else None
        reason = "" if gap is None else f"adjusted gap {100 * gap:+.1f}% (p={r['p']:.3g})"
        cells.append(
            ctx.cell(
                r["band"],
                (r["track"], r["versus"]),
                "pay",
                (r["n_track"], r["n_versus"]),
                gap,
                r["p"],
                (size, cfg.pay_gap_watch, cfg.pay_gap_break, gap is not None and gap > 0),
                reason or r["status"],
            )
        )
    return cells


PAY_FORMATS = {
    "n": "int",
    "median_pay": "money",
    "median_compa": "ratio",
    "mean_compa": "ratio",
    "median_penetration": "pct",
    "below_min": "pct",
    "above_max": "pct",
    "market_ratio": "ratio",
    "below_market_p25": "pct",
    "above_market_p75": "pct",
}
GAP_FORMATS = {
    "n_track": "int",
    "n_versus": "int",
    "gap": "pct",
    "low": "pct",
    "high": "pct",
    "t": "float",
    "p": "pvalue",
}


def _positions(ctx: Context, pos: pl.DataFrame, out: Section) -> None:
    cells = _cells_table(ctx, pos)
    note = (
        "compa = pay / range midpoint; penetration = (pay - min) / (max - min); "
        "market ratio = pay / market median"
    )
    out.tables.append(
        Table(
            "pay", "Pay against the framework's ranges, by band and track", cells, PAY_FORMATS, note
        )
    )
    compa = cells.filter(pl.col("median_compa").is_not_null())
    if compa.height:
        spec = charts.bar(
            "compa_ratio",
            "Median compa-ratio by band and track",
            compa,
            "band",
            "median_compa",
            color="track",
            sort=list(ctx.spine),
        )
        out.charts.append(charts.rule_band(spec, "y", 0.8, 1.2, "normal band 0.80-1.20"))


def _gaps(ctx: Context, pos: pl.DataFrame, out: Section) -> None:
    rows, dropped = _model_rows(ctx, pos)
    if dropped:
        out.notes.append(
            f"pay model: {dropped} people left out for a missing rating, tenure, family or zone"
        )
    gaps = adjusted_gaps(ctx, rows)
    if not gaps.height:
        return
    note = (
        "log pay ~ track + band + family + zone + tenure + rating (within a band: "
        "without band); gap = exp(b) - 1 with its 95% interval"
    )
    out.tables.append(
        Table(
            "pay_gap",
            "Adjusted pay gap: track against track (OLS on log pay, HC1)",
            gaps,
            GAP_FORMATS,
            note,
        )
    )
    out.cells.extend(_cells(ctx, gaps))
    shown = gaps.filter((pl.col("scope") == "band") & pl.col("gap").is_not_null())
    if shown.height:
        shown = shown.with_columns(
            (pl.col("track") + " vs " + pl.col("versus")).alias("comparison")
        )
        out.charts.append(
            charts.bar(
                "pay_gap",
                "Adjusted pay gap by band",
                shown,
                "band",
                "gap",
                color="comparison",
                sort=list(ctx.spine),
            )
        )


def section(ctx: Context) -> Section:
    """Pay tables, the adjusted-gap table and their verdict cells."""
    out = Section()
    pos = pay_positions(ctx)
    if not pos.height:
        out.warnings.append("pay: nobody employed has a positive pay_annual_fte")
        return out
    _positions(ctx, pos, out)
    _gaps(ctx, pos, out)
    return out
