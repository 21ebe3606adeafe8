"""Spans of control and layers: distributions, archetypes, narrow spans, odd chains.

Span archetypes are McKinsey's (Acharya, Lieber, Seem & Welchman 2017): player-coach 3–5,
coach 6–7, supervisor 8–10, facilitator 11–15, coordinator over 15; spans of one or two are
called narrow here. There is no right span: the archetypes are context for a reader, not
norms.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.structure.tree import Tree

__all__ = [
    "ARCHETYPES",
    "archetype_of",
    "layer_table",
    "org_frame",
    "out_levelled",
    "single_report_chains",
    "span_distribution",
    "span_summary",
]

# (label, lowest span, highest span) — the highest of the last is open
ARCHETYPES = (
    ("narrow (1–2)", 1, 2),
    ("player-coach (3–5)", 3, 5),
    ("coach (6–7)", 6, 7),
    ("supervisor (8–10)", 8, 10),
    ("facilitator (11–15)", 11, 15),
    ("coordinator (16+)", 16, None),
)


def archetype_of(span: pl.Expr) -> pl.Expr:
    expr = pl.lit(ARCHETYPES[-1][0])
    for label, _low, high in reversed(ARCHETYPES[:-1]):
        expr = pl.when(span <= high).then(pl.lit(label)).otherwise(expr)
    return expr


def org_frame(people: pl.DataFrame, tree: Tree, band_rank: dict[str, int]) -> pl.DataFrame:
    """People with their tree position: code, parent code, layer, span, band rank."""
    return people.with_columns(
        pl.Series("code", np.arange(tree.size, dtype=np.int64)),
        pl.Series("parent", tree.parent),
        pl.Series("layer", tree.depth.astype(np.int32)),
        pl.Series("span", tree.span),
        pl.col("band")
        .replace_strict(band_rank, default=None, return_dtype=pl.Int32)
        .alias("band_rank"),
    )


def span_summary(org: pl.DataFrame, by: str) -> pl.DataFrame:
    """Per value of ``by`` (family, band, track): managers and their span statistics."""
    return (
        org.filter(pl.col("span") > 0)
        .group_by(by)
        .agg(
            pl.len().alias("managers"),
            pl.col("span").sum().alias("direct_reports"),
            pl.col("span").mean().alias("mean_span"),
            pl.col("span").median().alias("median_span"),
            pl.col("span").quantile(0.9, "nearest").alias("p90_span"),
            (pl.col("span") <= 2).mean().alias("narrow_share"),
        )
        .rename({by: "value"})
        .with_columns(pl.lit(by).alias("by"))
        .select(
            "by",
            "value",
            "managers",
            "direct_reports",
            "mean_span",
            "median_span",
            "p90_span",
            "narrow_share",
        )
        .sort("value")
    )


def span_distribution(org: pl.DataFrame) -> pl.DataFrame:
    """Managers per span archetype, overall and by track."""
    managers = org.filter(pl.col("span") > 0).with_columns(
        archetype_of(pl.col("span")).alias("archetype")
    )
    order = pl.DataFrame({"archetype": [a[0] for a in ARCHETYPES], "_o": range(len(ARCHETYPES))})
    overall = (
        managers.group_by("archetype")
        .agg(pl.len().alias("managers"))
        .with_columns(pl.lit("all").alias("track"))
    )
    by_track = managers.group_by("track", "archetype").agg(pl.len().alias("managers"))
    out = pl.concat([overall.select(by_track.columns), by_track])
    total = out.group_by("track").agg(pl.col("managers").sum().alias("_n"))
    return (
        out.join(total, on="track")
        .with_columns((pl.col("managers") / pl.col("_n")).alias("share"))
        .join(order, on="archetype")
        .sort("track", "_o")
        .drop("_n", "_o")
    )


def layer_table(org: pl.DataFrame) -> pl.DataFrame:
    """People per layer (1 = top) and the share of the organisation at each."""
    n = max(org.height, 1)
    return (
        org.group_by("layer")
        .agg(pl.len().alias("people"), (pl.col("span") > 0).sum().alias("managers"))
        .with_columns((pl.col("people") / n).alias("share"))
        .sort("layer")
    )


def out_levelled(org: pl.DataFrame) -> pl.DataFrame:
    """Managers with a direct report in a higher band than their own."""
    mgr = org.select(
        pl.col("code").alias("parent"),
        pl.col("person_id").alias("manager_id_"),
        pl.col("band").alias("manager_band"),
        pl.col("band_rank").alias("_mr"),
    )
    return (
        org.filter(pl.col("parent") >= 0)
        .join(mgr, on="parent")
        .filter(pl.col("band_rank") > pl.col("_mr"))
        .select(
            pl.col("manager_id_").alias("manager_id"),
            "manager_band",
            pl.col("person_id").alias("report_id"),
            pl.col("band").alias("report_band"),
            pl.col("track").alias("report_track"),
        )
        .sort("manager_id", "report_id")
    )


def single_report_chains(tree: Tree, min_managers: int = 2) -> list[np.ndarray]:
    """Nested managers who each have exactly one direct report.

    A → B → C where A's only report is B and B's only report is C is a chain of two
    single-report managers: layers that add handovers and no span. Each chain is listed
    top-down with the last report at its end, longest first.
    """
    single = tree.span == 1
    only_child = np.full(tree.size, -1, dtype=np.int64)
    children = np.flatnonzero(tree.parent >= 0)
    only_child[tree.parent[children]] = children  # exact for managers with one report
    parent_single = np.zeros(tree.size, dtype=bool)
    parent_single[children] = single[tree.parent[children]]
    starts = np.flatnonzero(single & ~parent_single)
    chains: list[np.ndarray] = []
    for s in starts.tolist():  # chains are few and short; walking each is cheap
        members = [s]
        node = s
        while single[node]:
            node = int(only_child[node])
            members.append(node)
        if len(members) - 1 >= min_managers:
            chains.append(np.array(members, dtype=np.int64))
    chains.sort(key=len, reverse=True)
    return chains
