"""Reasons in words for each score: the inputs that raise a person's risk most."""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.retention.model import FlightRiskModel
from multitrack.analytics.retention.panel import FEATURES

__all__ = ["reasons"]

_SHOW = {
    "range_penetration": lambda v: f"{100 * v:.0f}% into the range",
    "compa_ratio": lambda v: f"{v:.2f}",
    "at_ceiling": lambda v: "yes" if v >= 0.5 else "no",
    "manager_team_regretted": lambda v: f"{100 * v:.0f}%",
}


def _words(column: str, value: float | None) -> str:
    if column.startswith("track="):
        return f"on the {column.removeprefix('track=')} track"
    if column.endswith("_missing"):
        return f"no record of {FEATURES[column.removesuffix('_missing')]}"
    label = FEATURES.get(column, column)
    if value is None or value != value:
        return label
    shown = _SHOW.get(column, lambda v: f"{v:.1f}")(value)
    return f"{label}: {shown}"


def reasons(model: FlightRiskModel, rows: pl.DataFrame, top: int = 3) -> list[list[str]]:
    """For each row, up to ``top`` inputs that push its risk above the average person's."""
    contrib = model.contributions(rows)
    raw = model.raw(rows)
    # an indicator that is off (not missing, not on that track) is no reason at all
    indicator = np.array([c.endswith("_missing") or c.startswith("track=") for c in model.columns])
    contrib = np.where(indicator & (raw == 0), 0.0, contrib)
    out: list[list[str]] = []
    values = {c: rows[c].to_list() for c in model.columns if c in rows.columns}
    for i in range(rows.height):
        order = np.argsort(-contrib[i], kind="stable")
        picked = []
        for j in order[:top]:
            if contrib[i, j] <= 0:
                break
            col = model.columns[j]
            val = values[col][i] if col in values else None
            picked.append(f"{_words(col, val)} (+{contrib[i, j]:.2f} log-odds)")
        out.append(picked or ["no input raises the risk above average"])
    return out
