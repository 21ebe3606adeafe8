"""Ratings, high-visibility work and workgroup access at equal band (cultural acceptance).

- Ratings: distribution by track within each band; Mann–Whitney U (two-sided) and a
  chi-square test of the rating categories against the compared track.
- High visibility: the share of people with a role on a visibility-3 project during the window,
  and the share who lead one.
- Workgroup access: the share of people who sit in a cross-functional workgroup with at least
  one person of the top bands (someone other than themselves), during the window.
- Centrality in the co-membership graph (:mod:`.network`): degree, eigenvector and
  betweenness, compared at equal band by medians and Mann–Whitney U.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from scipy.special import chdtrc

from multitrack.analytics import charts
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.context import Context, Section
from multitrack.analytics.scorecard.network import centrality, co_membership
from multitrack.analytics.scorecard.stats import mann_whitney, proportion_ratio
from multitrack.analytics.scorecard.verdict import suppress

__all__ = ["access_flags", "rating_tests", "section", "visibility_flags"]


def _in_window(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Rows whose [start, end] overlaps the window (open ends count as ongoing)."""
    rows = frame.filter(pl.col("start").is_null() | (pl.col("start") <= pl.lit(ctx.as_of)))
    if ctx.window_start is not None:
        rows = rows.filter(pl.col("end").is_null() | (pl.col("end") >= pl.lit(ctx.window_start)))
    return rows


def _order(ctx: Context) -> pl.Expr:
    return pl.col("band").replace_strict({b: i for i, b in enumerate(ctx.spine)}, default=None)


def rating_tests(ctx: Context) -> pl.DataFrame:
    """Per band and pair: n, mean ratings, Mann–Whitney and chi-square p-values."""
    rated = _cells_of(ctx.current.filter(pl.col("rating").is_not_null()), "rating")
    rows = []
    for band in ctx.bands:
        for track, versus in ctx.pairs:
            a, b = rated.get((band, track)), rated.get((band, versus))
            if a is None or b is None:
                continue
            row = {
                "band": band,
                "track": track,
                "versus": versus,
                "n_track": len(a),
                "n_versus": len(b),
                "mean_track": float(a.mean()),
                "mean_versus": float(b.mean()),
                "share_high_track": float((a >= 4).mean()),
                "share_high_versus": float((b >= 4).mean()),
            }
            row["p_mann_whitney"] = mann_whitney(a, b)
            row["p_chi_square"] = _chi_square(a, b)
            rows.append(row)
    if not rows:
        return pl.DataFrame()
    frame = pl.DataFrame(rows)
    values = [c for c in frame.columns if c.startswith(("mean", "share", "p_"))]
    return suppress(frame, ["n_track", "n_versus"], values, ctx.cfg.min_cell)


def _cells_of(frame: pl.DataFrame, *columns: str) -> dict:
    """(band, track) -> the column's values (or a frame of several), split in one pass."""
    parts = frame.partition_by("band", "track", as_dict=True)
    if len(columns) == 1:
        return {k: v.get_column(columns[0]).to_numpy() for k, v in parts.items()}
    return {k: v.select(columns) for k, v in parts.items()}


def _chi_square(a: np.ndarray, b: np.ndarray) -> float:
    cats = np.unique(np.round(np.concatenate([a, b])))
    if cats.size < 2:
        return 1.0
    table = np.array([[np.sum(np.round(x) == c) for c in cats] for x in (a, b)], dtype=float)
    # Pearson's statistic as scipy's chi2_contingency (no correction) computes it
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    stat = float(((table - expected) ** 2 / expected).sum())
    return float(chdtrc(cats.size - 1, stat))


def _rating_cells(ctx: Context, tests: pl.DataFrame) -> list:
    cfg = ctx.cfg
    cells = []
    for r in tests.iter_rows(named=True):
        diff = None if r["mean_track"] is None else r["mean_track"] - r["mean_versus"]
        reason = (
            ""
            if diff is None
            else f"mean rating {diff:+.2f} (Mann–Whitney p={r['p_mann_whitney']:.3g})"
        )
        cells.append(
            ctx.cell(
                r["band"],
                (r["track"], r["versus"]),
                "rating",
                (r["n_track"], r["n_versus"]),
                diff,
                r["p_mann_whitney"],
                (
                    None if diff is None else abs(diff),
                    cfg.rating_gap_watch,
                    cfg.rating_gap_break,
                    diff is not None and diff > 0,
                ),
                reason,
            )
        )
    return cells


def visibility_flags(ctx: Context) -> pl.DataFrame:
    """Per current person: any role / a lead role on a visibility-3 project in the window."""
    f = ctx.frames
    high = f.projects.filter(pl.col("visibility") == 3).select("project_id")
    roles = _in_window(f.assignments, ctx).join(high, on="project_id")
    per = roles.group_by("person_id").agg(
        pl.lit(True).alias("high_visibility"), (pl.col("role") == "lead").any().alias("leads_high")
    )
    return ctx.current.select("person_id", "band", "track").join(per, on="person_id", how="left")


def access_flags(ctx: Context) -> pl.DataFrame:
    """Per current person: in a cross-functional group, and in one with someone of the top."""
    f = ctx.frames
    xf = f.workgroups.filter(pl.col("cross_functional").fill_null(False)).select("workgroup_id")
    top = list(ctx.spine[-ctx.cfg.top_bands :])
    who = ctx.current.select("person_id", "band", "track")
    members = (
        _in_window(f.memberships, ctx)
        .join(xf, on="workgroup_id")
        .join(who, on="person_id")
        .select("workgroup_id", "person_id", pl.col("band").is_in(top).alias("is_top"))
        .unique(["workgroup_id", "person_id"])
    )
    tops = members.group_by("workgroup_id").agg(pl.col("is_top").sum().alias("tops"))
    per = (
        members.join(tops, on="workgroup_id")
        .with_columns((pl.col("tops") - pl.col("is_top").cast(pl.Int64) > 0).alias("with_top"))
        .group_by("person_id")
        .agg(pl.lit(True).alias("cross_functional"), pl.col("with_top").any())
    )
    return who.join(per, on="person_id", how="left")


def _share_table(ctx: Context, flags: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    table = (
        flags.filter(pl.col("band").is_in(list(ctx.bands)))
        .group_by("band", "track")
        .agg(pl.len().alias("n"), *(pl.col(c).fill_null(False).mean().alias(c) for c in cols))
        .sort(_order(ctx), "track")
    )
    return suppress(table, ["n"], cols, ctx.cfg.min_cell)


def _share_cells(ctx: Context, flags: pl.DataFrame, col: str, dimension: str, words: str) -> list:
    cfg = ctx.cfg
    counts = {
        (r["track"], r["band"]): (r["k"], r["n"])
        for r in flags.group_by("track", "band")
        .agg(pl.col(col).fill_null(False).sum().alias("k"), pl.len().alias("n"))
        .iter_rows(named=True)
    }
    cells = []
    for band in ctx.bands:
        for pair in ctx.pairs:
            a, b = counts.get((pair[0], band)), counts.get((pair[1], band))
            if a is None or b is None:
                continue
            r = proportion_ratio(a[0], a[1], b[0], b[1], cfg.alpha)
            reason = (
                f"no one on either side {words}"
                if r.ratio is None
                else (f"share {words} {r.ratio:.2f}x (p={r.p:.3g})")
            )
            cells.append(
                ctx.cell(
                    band,
                    pair,
                    dimension,
                    (a[1], b[1]),
                    r.ratio,
                    r.p,
                    (
                        r.log_size,
                        math.log(cfg.access_ratio_watch),
                        math.log(cfg.access_ratio_break),
                        r.ratio is not None and r.ratio > 1,
                    ),
                    reason,
                )
            )
    return cells


def _centrality(ctx: Context, out: Section) -> None:
    f = ctx.frames
    groups = f.workgroups
    if ctx.cfg.graph_workgroups == "cross_functional":
        groups = groups.filter(pl.col("cross_functional").fill_null(False))
    who = ctx.current.select("person_id", "band", "track").with_row_index("node")
    members = (
        _in_window(f.memberships, ctx)
        .join(groups.select("workgroup_id"), on="workgroup_id")
        .join(who, on="person_id")
        .with_columns((pl.col("workgroup_id").rank("dense") - 1).alias("g"))
    )
    if not members.height:
        return
    graph = co_membership(
        members.get_column("node").to_numpy().astype(np.int64),
        members.get_column("g").to_numpy().astype(np.int64),
        who.height,
    )
    c = centrality(graph, ctx.cfg.betweenness_pivots, ctx.cfg.seed)
    scores = who.with_columns(
        pl.Series("degree", c.degree),
        pl.Series("eigenvector", c.eigenvector),
        pl.Series("betweenness", c.betweenness),
    )
    cut = float(np.quantile(c.betweenness, 0.9)) if c.nodes else 0.0
    top_decile = (pl.col("betweenness") > cut) if cut > 0 else pl.lit(False)
    table = (
        scores.filter(pl.col("band").is_in(list(ctx.bands)))
        .group_by("band", "track")
        .agg(
            pl.len().alias("n"),
            pl.col("degree").median().alias("median_degree"),
            pl.col("eigenvector").median().alias("median_eigenvector"),
            pl.col("betweenness").median().alias("median_betweenness"),
            top_decile.mean().alias("top_decile_betweenness"),
        )
        .sort(_order(ctx), "track")
    )
    values = ["median_degree", "median_eigenvector", "median_betweenness", "top_decile_betweenness"]
    how = "exact" if c.pivots >= c.nodes else _sampling_note(ctx, c)
    out.tables.append(
        Table(
            "centrality",
            "Centrality in the workgroup graph, by band and track",
            suppress(table, ["n"], values, ctx.cfg.min_cell),
            {
                "n": "int",
                "median_degree": "float",
                "median_eigenvector": "float3",
                "median_betweenness": "float3",
                "top_decile_betweenness": "pct",
            },
            f"{c.nodes} people, {c.edges} co-membership ties ({ctx.cfg.graph_workgroups} "
            f"workgroups); betweenness {how}",
        )
    )
    out.tables.append(_centrality_tests(ctx, scores))


def _sampling_note(ctx: Context, c) -> str:
    """The pivots and the sampling error of one person's sampled betweenness."""
    shown = c.betweenness > 0
    rse = float(np.nanmedian(c.betweenness_se[shown] / c.betweenness[shown])) if shown.any() else 0
    return (
        f"sampled, {c.pivots} pivots (seed {ctx.cfg.seed}); a person's standard error is "
        f"{rse:.0%} of their betweenness (median over people with any)"
    )


def _centrality_tests(ctx: Context, scores: pl.DataFrame) -> Table:
    cells = _cells_of(scores, "degree", "betweenness")
    rows = []
    for band in ctx.bands:
        for track, versus in ctx.pairs:
            a, b = cells.get((band, track)), cells.get((band, versus))
            if a is None or b is None:
                continue
            row = {
                "band": band,
                "track": track,
                "versus": versus,
                "n_track": a.height,
                "n_versus": b.height,
            }
            for m in ("degree", "betweenness"):
                row[f"p_{m}"] = mann_whitney(a.get_column(m).to_numpy(), b.get_column(m).to_numpy())
            rows.append(row)
    frame = pl.DataFrame(rows) if rows else pl.DataFrame()
    if rows:
        frame = suppress(
            frame, ["n_track", "n_versus"], ["p_degree", "p_betweenness"], ctx.cfg.min_cell
        )
    return Table(
        "centrality_tests",
        "Centrality at equal band: Mann–Whitney U",
        frame,
        {"n_track": "int", "n_versus": "int", "p_degree": "pvalue", "p_betweenness": "pvalue"},
    )


def section(ctx: Context) -> Section:
    """Ratings, visibility, workgroup access and centrality, with their verdict cells."""
    out = Section()
    tests = rating_tests(ctx)
    if tests.height:
        out.tables.append(
            Table(
                "ratings",
                "Ratings at equal band",
                tests,
                {
                    "n_track": "int",
                    "n_versus": "int",
                    "mean_track": "float",
                    "mean_versus": "float",
                    "share_high_track": "pct",
                    "share_high_versus": "pct",
                    "p_mann_whitney": "pvalue",
                    "p_chi_square": "pvalue",
                },
                "share high = rating 4 or above",
            )
        )
        out.cells.extend(_rating_cells(ctx, tests))
    vis = visibility_flags(ctx)
    out.tables.append(
        Table(
            "visibility",
            "High-visibility project roles (visibility 3) in the window",
            _share_table(ctx, vis, ["high_visibility", "leads_high"]),
            {"n": "int", "high_visibility": "pct", "leads_high": "pct"},
        )
    )
    out.cells.extend(
        _share_cells(ctx, vis, "high_visibility", "visibility", "on high-visibility work")
    )
    acc = access_flags(ctx)
    table = _share_table(ctx, acc, ["cross_functional", "with_top"])
    out.tables.append(
        Table(
            "access",
            "Cross-functional workgroups, and with the top bands, in the window",
            table,
            {"n": "int", "cross_functional": "pct", "with_top": "pct"},
            f"top bands: {', '.join(ctx.spine[-ctx.cfg.top_bands :])}",
        )
    )
    out.cells.extend(_share_cells(ctx, acc, "with_top", "access", "with the top bands"))
    shown = table.filter(pl.col("with_top").is_not_null())
    if shown.height:
        out.charts.append(
            charts.bar(
                "access",
                "Share in cross-functional groups with the top bands",
                shown,
                "band",
                "with_top",
                color="track",
                sort=list(ctx.spine),
            )
        )
    if ctx.cfg.centrality:
        _centrality(ctx, out)
    return out
