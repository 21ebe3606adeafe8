"""A one-year backtest on held-out history: fit on years up to T−1, forecast T, compare.

The model is estimated from the snapshots before the last one, projected one year from
the second-to-last snapshot, and compared with the last snapshot. Recruitment in the held
out year is the number actually hired that year (``recruitment="actual"``, the default:
hiring volume is a decision, not a forecast) or the historical mean (``"model"``). Errors
per state are absolute; the absolute percentage error is given for states with at least
``min_people`` people (MAPE over those), and for the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.estimate import Smoothing, fit
from multitrack.analytics.forecast.project import Chain, Policy, band, project
from multitrack.analytics.forecast.snapshots import History

__all__ = ["Backtest", "backtest"]


@dataclass(frozen=True)
class Backtest:
    """Forecast against actual for the held-out year."""

    year: int
    rows: list[dict]
    actual: float
    predicted: float
    mape: float | None  # over states with at least ``min_people`` actual people
    min_people: int

    @property
    def total_ape(self) -> float:
        return abs(self.predicted - self.actual) / self.actual if self.actual else float("nan")


def backtest(
    hist: History,
    smoothing: Smoothing | None = None,
    interval: str = "wilson",
    min_people: int = 50,
    recruitment: Literal["actual", "model"] = "actual",
) -> Backtest:
    """Hold out the last year of ``hist``; raises ForecastError with fewer than 3 snapshots."""
    K = len(hist.dates)
    if K < 3:
        raise ForecastError("a backtest needs at least three yearly snapshots (two to fit)")
    model = fit(hist.upto(K - 2), smoothing, interval)
    hires = float(hist.hires[-1].sum()) if recruitment == "actual" else model.hires_per_year
    proj = project(Chain.from_model(model), Policy("push", hires=hires), years=1)
    actual = hist.stocks[-1].astype(float)
    pred, sd = proj.mean[1], proj.sd[1]
    rows = []
    for i, key in enumerate(hist.states.keys):
        if actual[i] == 0 and pred[i] < 0.5:
            continue
        err = pred[i] - actual[i]
        low, high = band(pred[i], sd[i])
        rows.append(
            {
                "state": key,
                "actual": actual[i],
                "predicted": pred[i],
                "p5": low,
                "p95": high,
                "error": err,
                "abs_error": abs(err),
                "ape": abs(err) / actual[i] if actual[i] >= min_people else None,
                "inside_band": bool(low <= actual[i] <= high),
            }
        )
    apes = [r["ape"] for r in rows if r["ape"] is not None]
    return Backtest(
        year=hist.dates[-1].year,
        rows=rows,
        actual=float(actual.sum()),
        predicted=float(pred.sum()),
        mape=float(np.mean(apes)) if apes else None,
        min_people=min_people,
    )
