"""The flight-risk model: a discrete-time hazard (logistic regression on person-years).

Why this model: annual HR snapshots are discrete, a logistic hazard on person-years is the
textbook fit for them (Singer & Willett 2003), its coefficients read as log-odds so every
score decomposes exactly into reasons, and it calibrates well. Inputs are the features in
:data:`panel.FEATURES` and the track, never a demographic field. Missing values are filled
with the training median and flagged by an indicator column, so a missing upward score is
itself information rather than a silent zero.

Fitted by iteratively reweighted least squares (Newton's method) in numpy with a small ridge
penalty for stability; :func:`fit_logit` matches statsmodels' ``Logit`` when the penalty is 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX
from multitrack.analytics.retention.panel import FEATURES

__all__ = ["FlightRiskModel", "auc", "calibration", "fit_logit"]


def fit_logit(
    x: np.ndarray, y: np.ndarray, *, ridge: float = 0.0, max_iter: int = 50, tol: float = 1e-9
) -> np.ndarray:
    """Logistic regression coefficients by Newton–Raphson (first column is the intercept).

    ``ridge`` penalises every coefficient but the intercept: ``ridge * ||beta||^2 / 2``.
    Raises ValueError when the problem does not converge.
    """
    n, k = x.shape
    beta = np.zeros(k)
    pen = np.full(k, ridge)
    pen[0] = 0.0
    for _ in range(max_iter):
        eta = x @ beta
        p = 1.0 / (1.0 + np.exp(-eta))
        w = p * (1.0 - p)
        grad = x.T @ (y - p) - pen * beta
        hess = (x * w[:, None]).T @ x + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.max(np.abs(step) / (1.0 + np.abs(beta))) < tol:
            return beta
    if not np.all(np.isfinite(beta)):
        raise ValueError("the flight-risk model did not converge")
    return beta


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve by ranks (Mann–Whitney), ties shared."""
    y = np.asarray(y, dtype=bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if not pos or not neg:
        return float("nan")
    ranks = pl.Series(score).rank("average").to_numpy()
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> tuple[float, float, pl.DataFrame]:
    """Calibration slope and intercept (logit of observed on logit of predicted) and deciles."""
    p = np.clip(p, 1e-9, 1 - 1e-9)
    logit = np.log(p / (1 - p))
    x = np.column_stack([np.ones_like(logit), logit])
    intercept, slope = fit_logit(x, y.astype(float))
    order = np.argsort(p, kind="stable")
    groups = np.empty(p.size, dtype=np.int64)
    groups[order] = np.arange(p.size) * bins // max(p.size, 1)
    table = (
        pl.DataFrame({"decile": groups + 1, "p": p, "y": y.astype(float)})
        .group_by("decile")
        .agg(
            pl.len().alias("people"),
            pl.col("p").mean().alias("predicted"),
            pl.col("y").mean().alias("observed"),
        )
        .sort("decile")
    )
    return float(slope), float(intercept), table


@dataclass(frozen=True)
class FlightRiskModel:
    """A fitted model: its columns, fill values, scaling and coefficients."""

    columns: tuple[str, ...]  # design columns after the intercept
    fill: dict[str, float]
    mean: np.ndarray
    scale: np.ndarray
    beta: np.ndarray  # on the standardised design, intercept first
    tracks: tuple[str, ...]

    @classmethod
    def fit(
        cls, rows: pl.DataFrame, features: Sequence[str] = tuple(FEATURES), ridge: float = 1.0
    ) -> FlightRiskModel:
        bad = [f for f in features if f.startswith(DEMOGRAPHIC_PREFIX)]
        if bad:
            raise ValueError(f"demographic fields are never model inputs: {', '.join(bad)}")
        fill = {f: _median(rows[f]) for f in features}
        missing = [f for f in features if rows[f].null_count()]
        tracks = tuple(sorted(rows["track"].unique().drop_nulls().to_list()))
        columns = (
            *features,
            *(f"{f}_missing" for f in missing),
            *(f"track={t}" for t in tracks[1:]),
        )
        raw = _design(rows, columns, fill)
        mean, scale = raw.mean(axis=0), raw.std(axis=0)
        scale[scale == 0] = 1.0
        x = np.column_stack([np.ones(rows.height), (raw - mean) / scale])
        beta = fit_logit(x, rows["left"].cast(pl.Float64).to_numpy(), ridge=ridge)
        return cls(tuple(columns), fill, mean, scale, beta, tracks)

    def raw(self, rows: pl.DataFrame) -> np.ndarray:
        """The design before standardising (indicators are 0 or 1)."""
        return _design(rows, self.columns, self.fill)

    def _x(self, rows: pl.DataFrame) -> np.ndarray:
        return (self.raw(rows) - self.mean) / self.scale

    def predict(self, rows: pl.DataFrame) -> np.ndarray:
        eta = self.beta[0] + self._x(rows) @ self.beta[1:]
        return 1.0 / (1.0 + np.exp(-eta))

    def contributions(self, rows: pl.DataFrame) -> np.ndarray:
        """Each column's share of each person's log-odds relative to the average person."""
        return self._x(rows) * self.beta[1:]

    def coefficients(self) -> pl.DataFrame:
        """Odds ratio per standard deviation of each input (per unit for indicators)."""
        return pl.DataFrame(
            {
                "input": list(self.columns),
                "log_odds_per_sd": self.beta[1:].tolist(),
                "odds_ratio_per_sd": np.exp(self.beta[1:]).tolist(),
            }
        ).sort("log_odds_per_sd", descending=True)


def _median(s: pl.Series) -> float:
    m = s.cast(pl.Float64).median()
    return float(m) if m is not None else 0.0


def _design(rows: pl.DataFrame, columns: Sequence[str], fill: dict[str, float]) -> np.ndarray:
    exprs = []
    for c in columns:
        if c.endswith("_missing"):
            exprs.append(pl.col(c.removesuffix("_missing")).is_null().cast(pl.Float64).alias(c))
        elif c.startswith("track="):
            exprs.append((pl.col("track") == c.removeprefix("track=")).cast(pl.Float64).alias(c))
        else:
            exprs.append(pl.col(c).cast(pl.Float64).fill_null(fill[c]).fill_nan(fill[c]).alias(c))
    return rows.select(exprs).to_numpy().astype(np.float64, copy=False)
