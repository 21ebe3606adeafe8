"""Log-rank tests: do two or more groups leave at the same rate over time?

At each distinct event time the events are shared out in proportion to who is at risk in each
group (the hypergeometric expectation); the test sums observed minus expected over time and
weighs it by its covariance: ``Z' V^- Z`` on k - 1 degrees of freedom (Mantel 1966; Peto &
Peto 1972). Built from the same event table as Kaplan–Meier, so it is a few array operations
per group, whatever the number of spells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2

from multitrack.analytics.survival.tables import (
    GRID_LIMIT,
    EventTable,
    as_inputs,
    event_table,
    factorize,
    integral,
)

__all__ = [
    "LogRank",
    "logrank_subsets",
    "logrank_table",
    "logrank_test",
    "multivariate_logrank_test",
]


@dataclass(frozen=True)
class LogRank:
    """A log-rank result: statistic, degrees of freedom, p, and observed vs expected by group."""

    statistic: float
    df: int
    p_value: float
    groups: list
    observed: np.ndarray
    expected: np.ndarray


def _by_group_at(table: EventTable, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At-risk weight and events of every group at each pooled event time (no late entry).

    Between two of a group's exit times nobody in it leaves, so its weight at risk at a pooled
    time is the one at its next exit time (0 after its last).
    """
    k = len(table.labels)
    at_risk = np.zeros((k, len(times)))
    deaths = np.zeros((k, len(times)))
    bounds = np.append(table.starts, len(table.time))
    d_all = table.deaths
    for g in range(k):
        lo, hi = bounds[g], bounds[g + 1]
        t = table.time[lo:hi]
        idx = np.searchsorted(t, times, side="left")
        inside = idx < len(t)
        safe = np.clip(idx, 0, len(t) - 1)
        at_risk[g] = np.where(inside, table.at_risk[lo:hi][safe], 0.0)
        deaths[g] = np.where(inside & (t[safe] == times), d_all[lo:hi][safe], 0.0)
    return at_risk, deaths


def _at_risk_with_entry(codes, t, a, w, k, times) -> np.ndarray:
    """At-risk weight per group at pooled times when spells enter late: entry < time <= exit.

    On an integer grid (days) two ``bincount``s per side; otherwise sorted searches.
    """
    if integral(t) and integral(a) and t.size and (t.max() + 2) * k <= GRID_LIMIT:
        span = int(t.max()) + 2
        grid = lambda x: np.cumsum(  # noqa: E731 - weight with value <= each grid point
            np.bincount(codes * span + x.astype(np.int64), weights=w, minlength=k * span).reshape(
                k, span
            ),
            axis=1,
        )
        idx = times.astype(np.int64) - 1  # strictly below an integer time
        return grid(a)[:, idx] - grid(t)[:, idx]
    out = np.zeros((k, len(times)))
    for g in range(k):
        rows = codes == g
        tt, aa, ww = t[rows], a[rows], w[rows]
        o_t, o_a = np.argsort(tt), np.argsort(aa)
        gone = np.concatenate([[0.0], np.cumsum(ww[o_t])])[np.searchsorted(tt[o_t], times, "left")]
        came = np.concatenate([[0.0], np.cumsum(ww[o_a])])[np.searchsorted(aa[o_a], times, "left")]
        out[g] = came - gone
    return out


def logrank_table(table: EventTable, at_risk=None) -> LogRank:
    """The k-group log-rank test from an event table (groups = its labels).

    ``at_risk(times) -> (k, len(times))`` overrides the risk sets (late entry).
    """
    times = np.unique(table.time[table.deaths > 0])
    n_g, d_g = _by_group_at(table, times)
    if at_risk is not None:
        n_g = at_risk(times)
    return _from_counts(n_g, d_g, list(table.labels))


def _from_counts(n_g: np.ndarray, d_g: np.ndarray, labels: list) -> LogRank:
    """The test from the groups' at-risk weights and events at the pooled event times.

    A time where these groups have no event adds nothing (its expected share and variance
    are 0), so any subset of a table's groups gives the test on those groups alone.
    """
    k = len(labels)
    n, d = n_g.sum(axis=0), d_g.sum(axis=0)
    keep = n > 0
    n_g, d_g, n, d = n_g[:, keep], d_g[:, keep], n[keep], d[keep]
    share = n_g / n
    expected = (share * d).sum(axis=1)
    observed = d_g.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(n > 1, (n - d) / (n - 1), 1.0) * d
    cov = np.diag((share * factor).sum(axis=1)) - (share * factor) @ share.T
    z = (observed - expected)[: k - 1]
    v = cov[: k - 1, : k - 1]
    stat = float(z @ np.linalg.pinv(v) @ z) if k > 1 else 0.0
    df = max(k - 1, 0)
    p = float(chi2.sf(stat, df)) if df else 1.0
    return LogRank(stat, df, p, labels, observed, expected)


def _counts(durations, groups, events, entry, weights) -> tuple[np.ndarray, np.ndarray, list]:
    """Per group, at-risk weight and events at every pooled event time (late entry too)."""
    ev = None if events is None else (np.asarray(events) != 0).astype(np.int64)
    table = event_table(durations, ev, entry=entry, weights=weights, groups=groups)
    times = np.unique(table.time[table.deaths > 0])
    n_g, d_g = _by_group_at(table, times)
    if entry is not None:
        t, _, a, w = as_inputs(durations, ev, entry, weights)
        keep = a < t  # as in the event table: spells never at risk carry nothing
        g = None if groups is None else np.asarray(groups)[keep]
        codes, _ = factorize(g, int(keep.sum()))
        n_g = _at_risk_with_entry(codes, t[keep], a[keep], w[keep], len(table.labels), times)
    return n_g, d_g, list(table.labels)


def multivariate_logrank_test(
    durations, groups, events=None, *, entry=None, weights=None
) -> LogRank:
    """k-group log-rank test. Raises ValueError on unusable inputs."""
    return _from_counts(*_counts(durations, groups, events, entry, weights))


def logrank_subsets(
    durations, groups, events, subsets: list, *, entry=None, weights=None
) -> list[LogRank]:
    """The log-rank test among each of ``subsets`` (lists of group labels) from one event
    table: the same figures as ``multivariate_logrank_test`` on those groups' rows alone."""
    n_g, d_g, labels = _counts(durations, groups, events, entry, weights)
    index = {label: i for i, label in enumerate(labels)}
    out = []
    for subset in subsets:
        rows = sorted(index[label] for label in subset if label in index)
        out.append(_from_counts(n_g[rows], d_g[rows], [labels[i] for i in rows]))
    return out


def logrank_test(durations_a, durations_b, events_a=None, events_b=None) -> LogRank:
    """Two-group log-rank test (group A first)."""
    t = np.concatenate([np.asarray(durations_a, float), np.asarray(durations_b, float)])
    na, nb = len(durations_a), len(durations_b)
    ea = np.ones(na) if events_a is None else np.asarray(events_a)
    eb = np.ones(nb) if events_b is None else np.asarray(events_b)
    groups = np.concatenate([np.zeros(na, dtype=np.int64), np.ones(nb, dtype=np.int64)])
    return multivariate_logrank_test(t, groups, np.concatenate([ea, eb]))
