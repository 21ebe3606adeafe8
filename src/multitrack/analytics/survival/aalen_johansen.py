"""Cumulative incidence for competing risks (Aalen–Johansen), for many groups and causes at once.

Time in level ends in one of several ways (promoted, moved across, left). ``1 - KM`` with the
other exits censored overstates each, because people who left can no longer be promoted;
the Aalen–Johansen estimate ``F_k(t) = sum S(t_j-) d_kj / n_j`` does not, and the causes plus
the all-cause survival ("still in level") add up to one at every time.

Variance: the Greenwood-type delta-method formula of Collett (2015, p. 411), as lifelines
uses it, with log(-log) intervals. Unlike lifelines this never jitters tied times: the
estimator is defined with ties, so tied exits of different causes are counted as they are.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.stats import norm

from multitrack.analytics.survival.km import Curves, greenwood_interval, km_log_and_var
from multitrack.analytics.survival.tables import EventTable, event_table, segmented_cumsum

__all__ = ["aalen_johansen", "aj_from_table"]


def _lagged(values: np.ndarray, starts: np.ndarray, first: float) -> np.ndarray:
    out = np.empty_like(values)
    out[1:] = values[:-1]
    out[starts] = first
    return out


def _cif_variance(F, lag_s, d, dk, n, starts) -> np.ndarray:
    """Collett's variance of a cumulative incidence, with prefix sums instead of a loop."""
    cs = lambda x: segmented_cumsum(x, starts)  # noqa: E731 - local shorthand
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(d > 0, d / (n * (n - d)), 0.0)
        first = F**2 * cs(a) - 2 * F * cs(a * F) + cs(a * F**2)
        second = cs(np.where(dk > 0, lag_s**2 * dk * (n - dk) / n**3, 0.0))
        b = np.where(dk > 0, lag_s * dk / n**2, 0.0)
        third = F * cs(b) - cs(b * F)
    return first + second - 2 * third


def _log_log_interval(F, var, alpha):
    z = norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.log(-np.log(F))
        se = np.sqrt(var) / (F * np.abs(np.log(F)))
        low = np.exp(-np.exp(centre + z * se))
        high = np.exp(-np.exp(centre - z * se))
    return low, high


def aj_from_table(table: EventTable, alpha: float = 0.05, causes=None) -> Curves:
    """Cumulative incidence per cause (``cause`` > 0) plus the all-cause survival (cause 0)."""
    log_s, var_s = km_log_and_var(table)
    S = np.exp(log_s)
    lag_s = _lagged(S, table.starts, 1.0)
    d, n = table.deaths, table.at_risk
    low_s, high_s = greenwood_interval(log_s, var_s, alpha)
    frames = [_frame(table, 0, d, S, low_s, high_s)]
    for cause in table.causes if causes is None else causes:
        dk = table.cause_column(cause)
        with np.errstate(divide="ignore", invalid="ignore"):
            F = segmented_cumsum(np.where(dk > 0, lag_s * dk / n, 0.0), table.starts)
        low, high = _log_log_interval(F, _cif_variance(F, lag_s, d, dk, n, table.starts), alpha)
        frames.append(_frame(table, cause, dk, F, low, high))
    return Curves(pl.concat(frames), "incidence")


def _frame(table: EventTable, cause: int, observed, estimate, low, high) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "group": table.keys,
            "cause": np.full(len(table.time), cause, dtype=np.int64),
            "time": table.time,
            "at_risk": table.at_risk,
            "observed": observed,
            "censored": table.removed - table.deaths,
            "estimate": estimate,
            "low": low,
            "high": high,
        }
    )


def aalen_johansen(
    durations,
    events,
    *,
    entry=None,
    weights=None,
    groups=None,
    alpha: float = 0.05,
    causes=None,
) -> Curves:
    """Cumulative incidence curves; ``events`` are cause codes (0 censored, 1, 2, … causes).

    The result's rows with ``cause == 0`` are the all-cause survival ("still in state", a
    Kaplan–Meier curve that starts at 1); the others are incidences starting at 0.
    Raises ValueError on unusable inputs.
    """
    table = event_table(durations, events, entry=entry, weights=weights, groups=groups)
    return aj_from_table(table, alpha, causes)
