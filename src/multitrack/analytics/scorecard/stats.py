"""Small, exact comparisons of two groups used across the scorecard.

- Rates per person-year: the ratio of two Poisson rates, its Wald interval on the log scale,
  and the exact conditional test (given the total count, the count in group A is binomial
  with probability PY_A / (PY_A + PY_B)): scipy's ``binomtest``, step for step, on one
  vector of probabilities instead of a scipy call per step of its search.
- Distributions: Mann–Whitney U, two-sided (scipy's exact test for small samples without
  ties; otherwise the same asymptotic test from counts per distinct value).
- Shares: the ratio of two proportions, its log-scale interval (Katz et al. 1978), and
  Fisher's exact test (chi-square without correction, in closed form, once every expected
  count is >= 5 and the table is large, where both agree and Fisher is slow).

The scorecard calls these a few hundred times per run, so each avoids scipy's per-call
set-up where a closed form gives the same number (tests compare with scipy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import bdtr, bdtrc, gammaln, ndtr, ndtri
from scipy.stats import binomtest, fisher_exact, mannwhitneyu

__all__ = ["Ratio", "binom_two_sided", "mann_whitney", "proportion_ratio", "rate_ratio"]

VECTOR_MAX = 20_000  # binomial tests up to this n on one vector of probabilities


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
    z = float(ndtri(1 - alpha / 2))
    return ratio * math.exp(-z * se), ratio * math.exp(z * se)


def rate_ratio(a: float, py_a: float, b: float, py_b: float, alpha: float = 0.05) -> Ratio:
    """(a / py_a) / (b / py_b) for event counts a, b over person-years py_a, py_b."""
    if py_a <= 0 or py_b <= 0 or a + b == 0:
        return Ratio(None, None, None, None)
    p = binom_two_sided(int(round(a)), int(round(a + b)), py_a / (py_a + py_b))
    if a == 0 or b == 0:
        ratio = 0.0 if a == 0 else math.inf
        return Ratio(ratio, None, None, float(p))
    ratio = (a / py_a) / (b / py_b)
    low, high = _log_interval(ratio, math.sqrt(1 / a + 1 / b), alpha)
    return Ratio(ratio, low, high, float(p))


def _search(pmf: np.ndarray, d: float, lo: int, hi: int) -> int:
    """scipy's ``_binary_search_for_binom_tst`` on a vector (``pmf`` ascending on lo..hi)."""
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if pmf[mid] < d:
            lo = mid + 1
        elif pmf[mid] > d:
            hi = mid - 1
        else:
            return mid
    return lo if pmf[lo] <= d else lo - 1


def binom_two_sided(k: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value: ``scipy.stats.binomtest(k, n, p).pvalue``."""
    if k == p * n:
        return 1.0
    if n > VECTOR_MAX:  # the vector would cost more than scipy's few dozen calls
        return float(binomtest(k, n, p).pvalue)
    i = np.arange(n + 1)
    log_pmf = gammaln(n + 1) - gammaln(i + 1) - gammaln(n - i + 1)
    pmf = np.exp(log_pmf + i * math.log(p) + (n - i) * math.log1p(-p))
    d = pmf[k] * (1 + 1e-7)
    if k < p * n:
        ix = _search(-pmf, -d, int(np.ceil(p * n)), n)
        y = n - ix + int(d == pmf[ix])
        tails = bdtr(k, n, p) + (bdtrc(n - y, n, p) if n - y >= 0 else 1.0)
    else:
        ix = _search(pmf, d, 0, int(np.floor(p * n)))
        tails = (bdtr(ix, n, p) if ix >= 0 else 0.0) + (bdtrc(k - 1, n, p) if k >= 1 else 1.0)
    return float(min(1.0, tails))


def _chi_square_2x2(table: np.ndarray) -> float:
    """p of Pearson's chi-square (1 df, no continuity correction) for a 2 x 2 table."""
    (a, b), (c, d) = table
    rows, cols = (a + b) * (c + d), (a + c) * (b + d)
    stat = table.sum() * (a * d - b * c) ** 2 / (rows * cols)
    return math.erfc(math.sqrt(stat / 2))


def proportion_ratio(a: int, n_a: int, b: int, n_b: int, alpha: float = 0.05) -> Ratio:
    """(a / n_a) / (b / n_b) for a of n_a and b of n_b, with a two-sided test."""
    if n_a <= 0 or n_b <= 0 or a + b == 0:
        return Ratio(None, None, None, None)
    table = np.array([[a, n_a - a], [b, n_b - b]], dtype=float)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    if (expected >= 5).all() and table.sum() > 1000:
        p = _chi_square_2x2(table)
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

    Where scipy uses the normal approximation (both samples above 8, or ties) it is computed
    here from counts per distinct value (mid-ranks, tie-corrected variance, continuity
    correction), as scipy does, without its per-call set-up.
    """
    n1, n2 = len(a), len(b)
    values, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    if values.size == 1:
        return 1.0
    if min(n1, n2) <= 8 and values.size == n1 + n2:
        return float(mannwhitneyu(a, b).pvalue)
    ca = np.bincount(inverse[:n1], minlength=len(values)).astype(float)
    ties = ca + np.bincount(inverse[n1:], minlength=len(values))
    mid = np.cumsum(ties) - (ties - 1) / 2
    u1 = float(ca @ mid) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - float((ties**3 - ties).sum()) / (n * (n - 1))))
    z = (u - n1 * n2 / 2 - 0.5) / s
    return float(min(1.0, 2 * ndtr(-z)))
