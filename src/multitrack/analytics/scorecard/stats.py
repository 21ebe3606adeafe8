"""Small, exact comparisons of two groups used across the scorecard.

- Rates per person-year: the ratio of two Poisson rates, its Wald interval on the log scale,
  and the exact conditional test (given the total count, the count in group A is binomial
  with probability PY_A / (PY_A + PY_B)).
- Distributions: Mann–Whitney U, two-sided (scipy's; for large samples the same asymptotic
  test from counts per distinct value, as ratings have a handful of them).
- Shares: the ratio of two proportions, its log-scale interval (Katz et al. 1978), and
  Fisher's exact test (chi-square without correction once every expected count is >= 5 and
  the table is large, where both agree and Fisher is slow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest, chi2_contingency, fisher_exact, mannwhitneyu, norm

__all__ = ["Ratio", "mann_whitney", "proportion_ratio", "rate_ratio"]


@dataclass(frozen=True)
class Ratio:
    """A ratio of A to B with its interval and two-sided p (None where undefined)."""

    ratio: float | None
    low: float | None
    high: float | None
    p: float | None

    @property
    def log_size(self) -> float | None:
        if self.ratio is None or self.ratio <= 0 or math.isinf(self.ratio):
            return math.inf if self.ratio is not None else None
        return abs(math.log(self.ratio))


def _log_interval(ratio: float, se: float, alpha: float) -> tuple[float, float]:
    z = norm.ppf(1 - alpha / 2)
    return ratio * math.exp(-z * se), ratio * math.exp(z * se)


def rate_ratio(a: float, py_a: float, b: float, py_b: float, alpha: float = 0.05) -> Ratio:
    """(a / py_a) / (b / py_b) for event counts a, b over person-years py_a, py_b."""
    if py_a <= 0 or py_b <= 0 or a + b == 0:
        return Ratio(None, None, None, None)
    p = binomtest(int(round(a)), int(round(a + b)), py_a / (py_a + py_b)).pvalue
    if a == 0 or b == 0:
        ratio = 0.0 if a == 0 else math.inf
        return Ratio(ratio, None, None, float(p))
    ratio = (a / py_a) / (b / py_b)
    low, high = _log_interval(ratio, math.sqrt(1 / a + 1 / b), alpha)
    return Ratio(ratio, low, high, float(p))


def proportion_ratio(a: int, n_a: int, b: int, n_b: int, alpha: float = 0.05) -> Ratio:
    """(a / n_a) / (b / n_b) for a of n_a and b of n_b, with a two-sided test."""
    if n_a <= 0 or n_b <= 0 or a + b == 0:
        return Ratio(None, None, None, None)
    table = np.array([[a, n_a - a], [b, n_b - b]], dtype=float)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    if (expected >= 5).all() and table.sum() > 1000:
        p = float(chi2_contingency(table, correction=False)[1])
    else:
        p = float(fisher_exact(table.astype(int))[1])
    if a == 0 or b == 0:
        return Ratio(0.0 if a == 0 else math.inf, None, None, p)
    ratio = (a / n_a) / (b / n_b)
    se = math.sqrt(1 / a - 1 / n_a + 1 / b - 1 / n_b)
    low, high = _log_interval(ratio, se, alpha)
    return Ratio(ratio, low, high, p)


def mann_whitney(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided Mann–Whitney U p-value, as ``scipy.stats.mannwhitneyu(a, b)`` gives it.

    Above a few thousand values it is computed from counts per distinct value (mid-ranks,
    tie-corrected variance, continuity correction) instead of ranking every value.
    """
    if np.unique(np.concatenate([a, b])).size == 1:
        return 1.0
    n1, n2 = len(a), len(b)
    if n1 + n2 <= 5000:
        return float(mannwhitneyu(a, b).pvalue)
    values, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    ca = np.bincount(inverse[:n1], minlength=len(values)).astype(float)
    ties = ca + np.bincount(inverse[n1:], minlength=len(values))
    mid = np.cumsum(ties) - (ties - 1) / 2
    u1 = float(ca @ mid) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - float((ties**3 - ties).sum()) / (n * (n - 1))))
    z = (u - n1 * n2 / 2 - 0.5) / s
    return float(min(1.0, 2 * norm.sf(z)))
