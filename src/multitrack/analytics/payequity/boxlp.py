"""Least-cost linear programs with a few constraints over very many bounded columns.

A remediation plan asks ``min cost·x  s.t.  A x ≤ b,  0 ≤ x ≤ width`` with one column per
person and pay segment (10⁴–10⁶ of them) but only two rows per comparison. As built, its
coefficients span 10⁻⁹ to 10⁵ (a large group's ``c`` against pay in currency), and HiGHS
stopped on such programs with "numerical difficulties" — which the plan then reported as a
target it could not reach. Rows are therefore scaled to a largest coefficient of 1 and
costs to a median of 1 before solving (the optimum is the same point), and the matrix is
passed sparse. Column generation over the few rows was tried and was no faster here: HiGHS'
set-up per call, not its iterations, dominates (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

__all__ = ["BoxLP", "solve_box_lp"]


@dataclass(frozen=True)
class BoxLP:
    """The solution: ``x`` (None if infeasible or the solver failed), and what happened."""

    x: np.ndarray | None
    status: str  # "optimal", "infeasible" or "failed: <solver message>"


def _scaled(cost: np.ndarray, a, b: np.ndarray):
    a = sparse.csr_matrix(a)
    peak = np.asarray(abs(a).max(axis=1).todense()).ravel()
    peak[peak == 0] = 1.0
    positive = cost[cost > 0]
    unit = float(np.median(positive)) if len(positive) else 1.0
    return cost / unit, (sparse.diags(1.0 / peak) @ a).tocsc(), b / peak


def solve_box_lp(cost: np.ndarray, a, b: np.ndarray, width: np.ndarray) -> BoxLP:
    """``min cost·x`` subject to ``a x ≤ b`` and ``0 ≤ x ≤ width``."""
    cost, a, b = _scaled(np.asarray(cost, float), a, np.asarray(b, float))
    width = np.asarray(width, float)
    bounds = np.column_stack([np.zeros_like(width), width])
    out = linprog(cost, A_ub=a, b_ub=b, bounds=bounds, method="highs")
    if out.status == 0:
        return BoxLP(out.x, "optimal")
    if out.status == 2:
        return BoxLP(None, "infeasible")
    return BoxLP(None, f"solver failed: {out.message}")
