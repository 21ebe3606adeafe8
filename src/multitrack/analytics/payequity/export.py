"""CSV output of report tables: one table as is, or several in one long file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from multitrack.analytics.report import Table

__all__ = ["write_csv", "write_long_csv"]


def write_csv(frame: pl.DataFrame, path: str | Path) -> Path:
    """CSV with list columns joined by '; ' (CSV has no lists)."""
    path = Path(path)
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    frame.with_columns(pl.col(c).list.join("; ") for c in lists).write_csv(path)
    return path


def write_long_csv(tables: Sequence[Table], keys: dict[str, str], path: str | Path) -> Path:
    """Every table in one CSV: ``table, row, measure, value`` (``keys``: row label column)."""
    parts = []
    for t in tables:
        key = keys.get(t.key, t.frame.columns[0])
        values = [c for c in t.frame.columns if c != key]
        long = t.frame.select(
            pl.lit(t.key).alias("table"),
            pl.col(key).cast(pl.String).alias("row"),
            *[pl.col(c).cast(pl.String) for c in values],
        ).unpivot(index=["table", "row"], variable_name="measure", value_name="value")
        parts.append(long)
    return write_csv(pl.concat(parts), path)
