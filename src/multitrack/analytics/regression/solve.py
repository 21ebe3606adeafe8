"""Solving the small normal equations: aliased columns, Cholesky, and the QR fallback.

The k×k system is equilibrated (unit diagonal) first, so the condition number measures the
design, not the units of its columns. A column whose part not explained by the earlier
columns is below ``ALIAS_TOL`` of its length is *aliased*: it is left out and reported (R's
``lm`` does the same; statsmodels' pinv silently spreads the effect). When the kept columns
are still ill-conditioned (``COND_LIMIT``), normal equations would lose accuracy, so the
caller refits that group by a chunked QR of the rows themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg

__all__ = ["ALIAS_TOL", "COND_LIMIT", "Solution", "aliased_columns", "solve_normal", "solve_qr"]

ALIAS_TOL = 1e-12  # squared residual norm share: R² of a column on earlier ones ≥ 1 - 1e-12
COND_LIMIT = 1e8  # of the equilibrated X'X; beyond it normal equations lose ~8 digits


@dataclass(frozen=True)
class Solution:
    """Coefficients and (X'WX)^-1 over the estimated columns of one group."""

    beta: np.ndarray  # (k,), NaN for aliased columns
    inv: np.ndarray  # (k, k), zero rows/columns for aliased columns
    estimated: np.ndarray  # (k,) bool
    cond: float
    method: str  # "cholesky" | "qr" | "none"


def aliased_columns(gram: np.ndarray, tol: float = ALIAS_TOL) -> np.ndarray:
    """Boolean mask of columns that are (nearly) combinations of earlier ones, or empty.

    Gaussian elimination on the unit-diagonal matrix, in column order, skipping aliased
    columns: the pivot left for column j is the share of its length that the kept earlier
    columns do not explain.
    """
    diag = np.diag(gram).copy()
    out = ~(diag > 0)
    scale = np.sqrt(np.where(out, 1.0, diag))
    schur = gram / scale[:, None] / scale[None, :]
    for j in range(len(diag)):
        if out[j]:
            continue
        if schur[j, j] < tol:
            out[j] = True
            continue
        col = schur[j + 1 :, j] / np.sqrt(schur[j, j])
        schur[j + 1 :, j + 1 :] -= np.outer(col, col)
    return out


def solve_normal(gram: np.ndarray, xy: np.ndarray) -> Solution:
    """Cholesky on the equilibrated system of the non-aliased columns."""
    k = len(xy)
    est = ~aliased_columns(gram)
    beta, inv = np.full(k, np.nan), np.zeros((k, k))
    if not est.any():
        return Solution(beta, inv, est, np.nan, "none")
    g = gram[np.ix_(est, est)]
    d = 1.0 / np.sqrt(np.diag(g))
    gs = g * d[:, None] * d[None, :]
    eig = np.linalg.eigvalsh(gs)
    cond = float(eig[-1] / eig[0]) if eig[0] > 0 else np.inf
    if not np.isfinite(cond) or cond > COND_LIMIT:
        return Solution(beta, inv, est, cond, "needs-qr")
    factor = linalg.cho_factor(gs, lower=True, check_finite=False)
    beta[est] = linalg.cho_solve(factor, xy[est] * d, check_finite=False) * d
    inv[np.ix_(est, est)] = (
        linalg.cho_solve(factor, np.eye(len(d)), check_finite=False) * d[:, None] * d[None, :]
    )
    return Solution(beta, inv, est, cond, "cholesky")


def solve_qr(chunks, estimated: np.ndarray, cond: float) -> Solution:
    """Least squares by a tall-skinny QR over ``chunks`` of ``[sqrt(w)·X | sqrt(w)·y]``."""
    k = len(estimated)
    r = None
    for block in chunks:
        stacked = block if r is None else np.vstack([r, block])
        r = np.linalg.qr(stacked, mode="r")
    m = int(estimated.sum())
    beta, inv = np.full(k, np.nan), np.zeros((k, k))
    if r is None or r.shape[0] < m:
        return Solution(beta, inv, estimated, cond, "none")
    rx, qy = r[:m, :m], r[:m, m]
    beta[estimated] = linalg.solve_triangular(rx, qy)
    rinv = linalg.solve_triangular(rx, np.eye(m))
    inv[np.ix_(estimated, estimated)] = rinv @ rinv.T
    return Solution(beta, inv, estimated, cond, "qr")
