"""A bias check of scores about individuals: do scores and errors differ across groups?

Demographic fields are read only here, after scoring, to compare groups: the mean score,
the observed exit rate, the share flagged (top decile of the holdout), false-positive and
false-negative rates at that flag, and the ratio of each group's flagged share to the
highest (the four-fifths rule reads an impact ratio below 0.8 as a warning sign).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX

__all__ = ["bias_check"]


def bias_check(rows: pl.DataFrame, score: np.ndarray, min_size: int) -> pl.DataFrame:
    fields = [c for c in rows.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
    schema = {"field": pl.String, "group": pl.String, "n": pl.Int64}
    if not fields or rows.height == 0:
        return pl.DataFrame(schema=schema)
    flagged = score >= np.quantile(score, 0.9)
    base = rows.select([*fields, "left"]).with_columns(
        pl.Series("_s", score), pl.Series("_f", flagged)
    )
    parts = []
    for f in fields:
        g = (
            base.group_by(pl.col(f).cast(pl.String).fill_null("not stated").alias("group"))
            .agg(
                pl.len().alias("n"),
                pl.col("_s").mean().alias("mean_score"),
                pl.col("left").mean().alias("observed_rate"),
                pl.col("_f").mean().alias("flagged_share"),
                (pl.col("_f") & ~pl.col("left")).sum().alias("_fp"),
                (~pl.col("left")).sum().alias("_neg"),
                (~pl.col("_f") & pl.col("left")).sum().alias("_fn"),
                pl.col("left").sum().alias("_pos"),
            )
            .with_columns(
                (pl.col("_fp") / pl.col("_neg")).alias("false_positive_rate"),
                (pl.col("_fn") / pl.col("_pos")).alias("false_negative_rate"),
                pl.lit(f).alias("field"),
            )
        )
        ref = g.filter(pl.col("n") >= min_size)["flagged_share"].max()
        g = g.with_columns(
            (pl.col("flagged_share") / ref if ref else pl.lit(None)).alias("flag_ratio")
        )
        small = pl.col("n") < min_size
        cols = [
            "mean_score",
            "observed_rate",
            "flagged_share",
            "false_positive_rate",
            "false_negative_rate",
            "flag_ratio",
        ]
        g = g.with_columns([pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in cols])
        g = g.with_columns(
            pl.when(small)
            .then(pl.lit("suppressed"))
            .when(pl.col("flag_ratio") < 0.8)
            .then(pl.lit("review"))
            .otherwise(pl.lit(""))
            .alias("flag")
        )
        parts.append(g.select("field", "group", "n", *cols, "flag").sort("group"))
    return pl.concat(parts)
