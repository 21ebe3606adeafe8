"""Reporting parity: do senior specialists report as high up as managers of their band?

The specialist path is meant to be a peer of management, not below it. For each family and
band where management exists, compare the band of the supervisor of specialists and
leader-contributors with the band of the supervisor of managers of the same band and family.
A lower median supervisor band for the non-management tracks is a parity break.
"""

from __future__ import annotations

import polars as pl

from multitrack.core import Framework

__all__ = ["reporting_parity"]


def reporting_parity(fw: Framework, org: pl.DataFrame, *, min_size: int = 5) -> pl.DataFrame:
    """Per family and band: median supervisor band rank of managers vs the other tracks.

    Cells with fewer than ``min_size`` people on either side are suppressed (``n`` kept,
    figures null) so no person can be singled out.
    """
    kinds = {k: t.kind.value for k, t in fw.tracks.items()}
    mgmt = [k for k, v in kinds.items() if v == "management"]
    if not mgmt:
        return pl.DataFrame()
    first_mgmt = min(fw.band_rank[fw.tracks[k].entry] for k in mgmt)
    sup = org.select(pl.col("code").alias("parent"), pl.col("band_rank").alias("sup_rank"))
    rows = (
        org.filter((pl.col("parent") >= 0) & (pl.col("band_rank") >= first_mgmt))
        .join(sup, on="parent")
        .with_columns(
            pl.when(pl.col("track").is_in(mgmt))
            .then(pl.lit("management"))
            .when(
                pl.col("track")
                .replace_strict(kinds, default="custom")
                .is_in(["specialist", "leader_contributor"])
            )
            .then(pl.lit("specialist"))
            .otherwise(None)
            .alias("side")
        )
        .filter(pl.col("side").is_not_null())
    )
    stats = rows.group_by("family", "band", "band_rank", "side").agg(
        pl.len().alias("n"), pl.col("sup_rank").median().alias("median_sup_rank")
    )
    wide = (
        stats.filter(pl.col("side") == "management")
        .select(
            "family",
            "band",
            "band_rank",
            pl.col("n").alias("managers"),
            pl.col("median_sup_rank").alias("_m"),
        )
        .join(
            stats.filter(pl.col("side") == "specialist").select(
                "family",
                "band",
                pl.col("n").alias("specialists"),
                pl.col("median_sup_rank").alias("_s"),
            ),
            on=["family", "band"],
            how="inner",
        )
    )
    name = {i: b.key for i, b in enumerate(fw.band_order)}
    small = (pl.col("managers") < min_size) | (pl.col("specialists") < min_size)
    return (
        wide.with_columns(
            pl.when(small).then(None).otherwise(pl.col("_m") - pl.col("_s")).alias("gap_bands"),
            pl.when(small)
            .then(None)
            .otherwise(pl.col("_m").round(0).cast(pl.Int64).replace_strict(name, default=None))
            .alias("managers_report_to"),
            pl.when(small)
            .then(None)
            .otherwise(pl.col("_s").round(0).cast(pl.Int64).replace_strict(name, default=None))
            .alias("specialists_report_to"),
        )
        .with_columns(
            pl.when(small)
            .then(pl.lit(f"suppressed (n<{min_size})"))
            .when(pl.col("gap_bands") > 0)
            .then(pl.lit("break: specialists report lower"))
            .otherwise(pl.lit("parity"))
            .alias("verdict")
        )
        .sort("family", "band_rank")
        .select(
            "family",
            "band",
            "managers",
            "specialists",
            "managers_report_to",
            "specialists_report_to",
            "gap_bands",
            "verdict",
        )
    )
