"""Oaxaca–Blinder decomposition of each raw gap in mean log pay (Oaxaca 1973, Blinder 1973).

Two sides A (the higher mean) and B, each with its own regression on the controls:

- two-fold, pooled (Jann 2008; statsmodels' default): with β* from the pooled regression
  that also holds a side indicator, explained = (x̄A − x̄B)'β* and
  unexplained = x̄A'(βA − β*) + x̄B'(β* − βB);
- three-fold, from B's viewpoint: endowments (x̄A − x̄B)'βB, coefficients x̄B'(βA − βB),
  interaction (x̄A − x̄B)'(βA − βB).

Both sum to the raw gap ȳA − ȳB. Everything comes from one grouped pass of cross-products:
the pooled system is the sum of the two sides plus the indicator's row, which is side A's
intercept row. Bootstrap standard errors resample people (counts as frequency weights) and
take the standard deviation of the central 98% of replicates, as statsmodels does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.analytics.regression import Design
from multitrack.analytics.regression.moments import Moments, cross_products, group_cells
from multitrack.analytics.regression.solve import solve_normal

__all__ = ["EFFECTS", "Decomposition", "decompose"]

EFFECTS = ("gap", "explained", "unexplained", "endowments", "coefficients", "interaction")


@dataclass(frozen=True)
class Decomposition:
    """Effects in log points (see :data:`EFFECTS`), their bootstrap SEs, and who is A."""

    effects: dict[str, float]
    se: dict[str, float]  # empty without a bootstrap
    higher: int  # side code (0 or 1) with the higher mean: "A"
    n: tuple[int, int]
    replicates: int


def _effects(m: Moments, a: int) -> np.ndarray:
    b = 1 - a
    n = m.gram[:, 0, 0]
    ybar = m.xy[:, 0] / n
    beta = np.nan_to_num(m.solve())
    xbar = m.means()
    k = m.gram.shape[1]
    pooled = np.zeros((k + 1, k + 1))
    pooled[:k, :k] = m.gram[0] + m.gram[1]
    pooled[k, :k] = pooled[:k, k] = m.gram[a, 0]
    pooled[k, k] = n[a]
    pooled_xy = np.append(m.xy[0] + m.xy[1], m.xy[a, 0])
    star = np.nan_to_num(solve_normal(pooled, pooled_xy).beta[:k])
    dx = xbar[a] - xbar[b]
    dbeta = beta[a] - beta[b]
    return np.array(
        [
            ybar[a] - ybar[b],
            dx @ star,
            xbar[a] @ (beta[a] - star) + xbar[b] @ (star - beta[b]),
            dx @ beta[b],
            xbar[b] @ dbeta,
            dx @ dbeta,
        ]
    )


def _trimmed_sd(values: np.ndarray, conf: float = 0.99) -> np.ndarray:
    n = len(values)
    low, high = int(n * (1 - conf)), int(n * conf)
    return np.sort(values, axis=0)[low:high].std(axis=0)


def decompose(
    y: np.ndarray,
    design: Design,
    side: np.ndarray,
    *,
    replicates: int = 0,
    seed: int | np.random.Generator | None = 0,
) -> Decomposition:
    """Decompose ``mean(y | side=A) - mean(y | side=B)``; ``side`` holds 0/1 per row.

    ``design`` must have an intercept and hold the controls only (not the side).
    """
    if not design.intercept:
        raise ValueError("the decomposition needs a design with an intercept")
    side = np.asarray(side).astype(np.int64)
    counts = np.bincount(side, minlength=2)
    if len(counts) != 2 or counts.min() == 0:
        raise ValueError("the decomposition needs people on both sides")
    cells = group_cells(design, side, 2)
    y = np.asarray(y, dtype=np.float64)
    m = cross_products(y, design, cells)
    a = int(np.argmax(m.xy[:, 0] / m.gram[:, 0, 0]))
    point = _effects(m, a)
    se: dict[str, float] = {}
    if replicates:
        rng = np.random.default_rng(seed)
        n = len(y)
        draws = np.empty((replicates, len(EFFECTS)))
        for r in range(replicates):
            weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
            draws[r] = _effects(cross_products(y, design, cells, weights), a)
        se = dict(zip(EFFECTS, _trimmed_sd(draws).tolist(), strict=True))
    return Decomposition(
        dict(zip(EFFECTS, point.tolist(), strict=True)),
        se,
        a,
        (int(counts[0]), int(counts[1])),
        replicates,
    )
