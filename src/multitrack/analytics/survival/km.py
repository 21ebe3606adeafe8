"""Kaplan–Meier survival curves with Greenwood confidence intervals, for many groups at once.

The estimate is a product over distinct exit times, so after the event table
(:func:`~multitrack.analytics.survival.tables.event_table`) it is a segmented cumulative sum of
``log(1 - d/n)``. Confidence intervals use Greenwood's variance on the log(-log) scale (the
"exponential Greenwood" interval), as lifelines does, so they stay inside [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl
from scipy.stats import norm

from multitrack.analytics.survival.tables import EventTable, event_table, segmented_cumsum

__all__ = ["Curves", "greenwood_interval", "kaplan_meier", "km_from_table"]


@dataclass(frozen=True)
class Curves:
    """Right-continuous step curves, one per group (and per cause for competing risks).

    ``frame`` has ``group``, ``time``, ``at_risk``, ``observed``, ``censored``, ``estimate``,
    ``low`` and ``high`` (and ``cause`` for cumulative incidence); between rows the curve is
    flat, and before a group's first row it is 1 for survival (and for the all-cause
    "still in state" rows, ``cause == 0``) and 0 for an incidence.
    """

    frame: pl.DataFrame
    kind: str = "survival"  # or "incidence"

    def _falls(self, cause) -> bool:
        return self.kind == "survival" or cause == 0

    @cached_property
    def _parts(self) -> dict:
        """Each curve's rows, split once: (group, cause) -> frame."""
        keys = ["group", "cause"] if "cause" in self.frame.columns else ["group"]
        parts = self.frame.partition_by(keys, as_dict=True, maintain_order=True)
        return {k if len(keys) == 2 else (k[0], None): v for k, v in parts.items()}

    def _rows(self, group, cause) -> pl.DataFrame:
        if group is not None and (cause is not None or "cause" not in self.frame.columns):
            return self._parts.get((group, cause), self.frame.clear())
        rows = self.frame
        if group is not None:
            rows = rows.filter(pl.col("group") == group)
        if cause is not None:
            rows = rows.filter(pl.col("cause") == cause)
        return rows

    def at(self, times, group=None, column: str = "estimate", cause=None) -> np.ndarray:
        """The curve's value at each of ``times`` (its value at the last row at or before)."""
        rows = self._rows(group, cause)
        t = rows.get_column("time").to_numpy()
        v = rows.get_column(column).to_numpy()
        idx = np.searchsorted(t, np.asarray(times, dtype=float), side="right") - 1
        start = 1.0 if self._falls(cause) else 0.0
        if not len(v):
            return np.full(idx.shape, start)
        return np.where(idx >= 0, v[np.clip(idx, 0, None)], start)

    def median(self, group=None, cause=None) -> float:
        """First time the survival falls to 0.5 or below (incidence rises to 0.5 or above)."""
        rows = self._rows(group, cause)
        est = rows.get_column("estimate").to_numpy()
        hit = est <= 0.5 if self._falls(cause) else est >= 0.5
        if not hit.any():
            return float("inf")
        return float(rows.get_column("time").to_numpy()[np.argmax(hit)])

    def groups(self) -> list:
        return self.frame.get_column("group").unique(maintain_order=True).to_list()

    def with_origin(self) -> pl.DataFrame:
        """The frame with a row at time 0 per group (and cause) for drawing step charts."""
        keys = ["group", "cause"] if "cause" in self.frame.columns else ["group"]
        first = self.frame.group_by(keys, maintain_order=True).first()
        if "cause" in keys:
            start = pl.when(pl.col("cause") == 0).then(1.0).otherwise(0.0)
        else:
            start = pl.lit(1.0 if self.kind == "survival" else 0.0)
        origin = first.with_columns(
            pl.lit(0.0).alias("time"),
            pl.lit(0.0).alias("observed"),
            pl.lit(0.0).alias("censored"),
            *(start.alias(c) for c in ("estimate", "low", "high")),
        )
        return pl.concat([origin, self.frame]).sort([*keys, "time"])


def greenwood_interval(log_s: np.ndarray, var: np.ndarray, alpha: float):
    """Exponential-Greenwood bounds for a survival curve with log-estimate ``log_s``."""
    z = norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = z * np.sqrt(var) / log_s
        low = np.exp(-np.exp(np.log(-log_s) - spread))
        high = np.exp(-np.exp(np.log(-log_s) + spread))
    return np.nan_to_num(low, nan=1.0), np.nan_to_num(high, nan=1.0)


def km_log_and_var(table: EventTable) -> tuple[np.ndarray, np.ndarray]:
    """Log survival and Greenwood's cumulative variance term per row of an event table."""
    d, n = table.deaths, table.at_risk
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.log(n - d) - np.log(n)
        step = np.where(d > 0, step, 0.0)
        green = np.where((d > 0) & (n > d), d / (n * (n - d)), 0.0)
    return segmented_cumsum(step, table.starts), segmented_cumsum(green, table.starts)


def km_from_table(table: EventTable, alpha: float = 0.05) -> Curves:
    """Kaplan–Meier curves from an event table already built."""
    log_s, var = km_log_and_var(table)
    low, high = greenwood_interval(log_s, var, alpha)
    d = table.deaths
    frame = pl.DataFrame(
        {
            "group": table.keys,
            "time": table.time,
            "at_risk": table.at_risk,
            "observed": d,
            "censored": table.removed - d,
            "estimate": np.exp(log_s),
            "low": low,
            "high": high,
        }
    )
    return Curves(frame, "survival")


def kaplan_meier(
    durations, events=None, *, entry=None, weights=None, groups=None, alpha: float = 0.05
) -> Curves:
    """Kaplan–Meier curves per group; ``events`` true (or any cause code > 0) means an exit.

    Raises ValueError on unusable inputs (see :func:`tables.as_inputs`).
    """
    ev = None if events is None else np.asarray(events) != 0
    table = event_table(durations, ev, entry=entry, weights=weights, groups=groups)
    return km_from_table(table, alpha)
