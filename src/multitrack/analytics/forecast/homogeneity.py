"""Were the rates stable across years? The Anderson–Goodman test of time-homogeneity.

For each state i the years × outcomes table ``n_ij(t)`` is tested against one pooled row
of rates (Anderson & Goodman 1957, section 3.3): the likelihood-ratio statistic
``G² = 2 Σ_t Σ_j n_ij(t) ln(n_ij(t) / (n_i(t) p_ij))`` with ``(T_i − 1)(m_i − 1)`` degrees
of freedom, where ``T_i`` counts the years the state had people and ``m_i`` the outcomes
seen at least once; Pearson's X² is given beside it. Rows add up to the whole-model test.
Both are asymptotic chi-square tests: with few people per cell they are rough, which the
``min_expected`` column shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2

from multitrack.analytics.forecast.snapshots import History

__all__ = ["Homogeneity", "homogeneity"]


@dataclass(frozen=True)
class Homogeneity:
    """Per-state and overall statistics; ``rows`` holds one dict per tested state."""

    rows: list[dict]
    g2: float
    x2: float
    df: int

    @property
    def p_value(self) -> float:
        return float(chi2.sf(self.g2, self.df)) if self.df else float("nan")

    @property
    def p_value_pearson(self) -> float:
        return float(chi2.sf(self.x2, self.df)) if self.df else float("nan")


def _row_test(table: np.ndarray) -> tuple[float, float, int, float]:
    table = table[table.sum(axis=1) > 0]
    table = table[:, table.sum(axis=0) > 0]
    years, outcomes = table.shape
    if years < 2 or outcomes < 2:  # nothing to compare (an empty state has 0 x 0)
        return 0.0, 0.0, 0, float("nan")
    df = (years - 1) * (outcomes - 1)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0) / table.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * np.nansum(np.where(table > 0, table * np.log(table / expected), 0.0))
    x2 = float(((table - expected) ** 2 / expected).sum())
    return float(g2), x2, df, float(expected.min())


def homogeneity(hist: History) -> Homogeneity:
    """Test every state's yearly rows against its pooled rates."""
    rows = []
    for i, key in enumerate(hist.states.keys):
        g2, x2, df, min_exp = _row_test(hist.flows[:, i, :].astype(float))
        if df == 0:
            continue
        rows.append(
            {
                "state": key,
                "years": int((hist.flows[:, i, :].sum(axis=1) > 0).sum()),
                "people": int(hist.flows[:, i, :].sum()),
                "g2": g2,
                "x2": x2,
                "df": df,
                "p_value": float(chi2.sf(g2, df)),
                "min_expected": min_exp,
            }
        )
    return Homogeneity(
        rows=rows,
        g2=float(sum(r["g2"] for r in rows)),
        x2=float(sum(r["x2"] for r in rows)),
        df=int(sum(r["df"] for r in rows)),
    )
