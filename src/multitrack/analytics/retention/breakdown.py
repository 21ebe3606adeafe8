"""Twelve-month voluntary exit rates by manager effectiveness, stagnation and track."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

__all__ = ["by_manager", "by_stagnation", "by_track", "rates", "wilson"]

# (proxy column, words, higher is better)
PROXIES = (
    ("manager_upward", "upward-assessment score", True),
    ("manager_leadership", "assessed people leadership", True),
    ("manager_team_regretted", "team's regretted exits last year", False),
)


def wilson(k: np.ndarray, n: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes in n trials."""
    z = stats.norm.ppf(0.5 + level / 2)
    n_ = np.maximum(n, 1)
    p = k / n_
    centre = (p + z * z / (2 * n_)) / (1 + z * z / n_)
    half = z * np.sqrt(p * (1 - p) / n_ + z * z / (4 * n_ * n_)) / (1 + z * z / n_)
    return centre - half, centre + half


def rates(rows: pl.DataFrame, by: list[str], min_size: int) -> pl.DataFrame:
    """Person-years, exits, rate and Wilson CI per group; small groups suppressed."""
    out = rows.group_by(by).agg(
        pl.len().alias("person_years"), pl.col("left").sum().cast(pl.Int64).alias("exits")
    )
    k = out["exits"].to_numpy().astype(float)
    n = out["person_years"].to_numpy().astype(float)
    low, high = wilson(k, n)
    small = n < min_size
    return out.with_columns(
        pl.Series("rate", np.where(small, np.nan, k / np.maximum(n, 1))).fill_nan(None),
        pl.Series("low", np.where(small, np.nan, low)).fill_nan(None),
        pl.Series("high", np.where(small, np.nan, high)).fill_nan(None),
        pl.Series("exits", np.where(small, -1, k).astype(np.int64)).replace(-1, None),
    ).sort(by)


def _halves(rows: pl.DataFrame, col: str, higher_better: bool) -> pl.Expr:
    """Split at the median over managers (each manager once per snapshot), ties below."""
    managers = rows.filter(pl.col(col).is_not_null()).unique(["snapshot", "manager_id"])
    median = managers[col].median()
    below, above = (
        ("less effective", "more effective")
        if higher_better
        else ("more effective", "less effective")
    )
    return (
        pl.when(pl.col(col).is_null())
        .then(pl.lit("no data"))
        .when(pl.col(col) <= median)
        .then(pl.lit(f"{below} (at or below the median)"))
        .otherwise(pl.lit(f"{above} (above the median)"))
    )


def by_manager(rows: pl.DataFrame, min_size: int) -> pl.DataFrame:
    """Exit rates either side of the median manager on each effectiveness proxy."""
    parts = []
    for col, words, better in PROXIES:
        if col not in rows.columns or rows[col].null_count() == rows.height:
            continue
        grouped = rows.with_columns(
            _halves(rows, col, better).alias("group"), pl.lit(words).alias("proxy")
        )
        parts.append(rates(grouped, ["proxy", "group"], min_size))
    if not parts:
        return pl.DataFrame(schema={"proxy": pl.String, "group": pl.String})
    return pl.concat(parts)


def _bucket(col: str, edges: list[float], labels: list[str]) -> pl.Expr:
    """Label of the interval [edge_i, edge_i+1) a value falls in (the last is open)."""
    expr = pl.lit(labels[-1])
    for edge, label in reversed(list(zip(edges, labels, strict=False))):
        expr = pl.when(pl.col(col) < edge).then(pl.lit(label)).otherwise(expr)
    return pl.when(pl.col(col).is_null()).then(None).otherwise(expr)


def by_stagnation(rows: pl.DataFrame, min_size: int) -> pl.DataFrame:
    """Exit rates by years since promotion, years at a ceiling and position in the range."""
    years = ["<1", "1–2", "2–3", "3–5", "5+"]
    pen = ["<25%", "25–50%", "50–75%", "75–90%", "≥90% (top of range)"]
    specs = [
        (
            "years since promotion",
            _bucket("years_since_promotion", [1, 2, 3, 5], years),
            pl.lit(True),
        ),
        (
            "years at the ceiling",
            _bucket("years_in_level", [1, 2, 3, 5], years),
            pl.col("at_ceiling") == 1.0,
        ),
        (
            "position in pay range",
            _bucket("range_penetration", [0.25, 0.5, 0.75, 0.9], pen),
            pl.col("range_penetration").is_not_null(),
        ),
    ]
    parts = []
    for name, bucket, keep in specs:
        sub = rows.filter(keep).with_columns(bucket.alias("bucket"), pl.lit(name).alias("measure"))
        if sub.height:
            parts.append(rates(sub, ["measure", "bucket"], min_size))
    if not parts:
        return pl.DataFrame()
    rank = {label: i for i, label in enumerate([*years, *pen])}
    order = {name: i for i, (name, _, _) in enumerate(specs)}
    return pl.concat(parts).sort(
        pl.col("measure").replace_strict(order), pl.col("bucket").replace_strict(rank)
    )


def by_track(rows: pl.DataFrame, min_size: int) -> pl.DataFrame:
    return rates(rows, ["track"], min_size)
