"""Fitting: OLS/WLS with classical and heteroskedasticity-robust errors, alone or per group.

One pass builds per-cell sums (:mod:`.accumulate`), the small systems are solved per group
(:mod:`.solve`), one more pass gives the residuals, and one more the robust "meat"
``X' diag(w² e² / (1-h)^a) X``; HC2/HC3 leverages ``h = w x'(X'WX)^-1 x`` come from per-cell
gathers. Robust covariances follow statsmodels: HC0 = sandwich, HC1 = HC0·n/(n-k),
HC2 and HC3 divide squared residuals by (1-h) and (1-h)². Points with leverage 1 (alone in
their cell) have a residual of exactly zero and add nothing to HC2/HC3.
"""

from __future__ import annotations

import warnings
from functools import cached_property

import numpy as np
import polars as pl

from multitrack.analytics.regression.accumulate import (
    CHUNK,
    Cells,
    Layout,
    assemble,
    cell_sums,
    cells_of,
    per_row,
)
from multitrack.analytics.regression.design import Design, DesignError, factorize
from multitrack.analytics.regression.result import COV_TYPES, GroupedFit, OLSResult
from multitrack.analytics.regression.solve import Solution, solve_normal, solve_qr

__all__ = ["RegressionWarning", "fit", "fit_groups"]


class RegressionWarning(UserWarning):
    """Aliased columns, an ill-conditioned design, or too few rows for a fit."""


class _State:
    """Everything one fit (of one or many groups) shares; row-level parts computed lazily."""

    def __init__(self, design: Design, cells: Cells, y: np.ndarray, w: np.ndarray | None):
        self.design, self.cells, self.y, self.w = design, cells, y, w
        self.layout = Layout.of(design)
        self._covs: dict[str, np.ndarray] = {}
        sums = cell_sums(cells, design.numeric, w, y)
        gram, xy = assemble(self.layout, cells, sums)
        cols = self.layout.columns
        self.solutions = [
            self._solve(g, gram[g][np.ix_(cols, cols)], xy[g][cols]) for g in range(cells.n_groups)
        ]
        k_full = self.layout.full
        self.beta_full = np.zeros((cells.n_groups, k_full))
        self.inv_full = np.zeros((cells.n_groups, k_full, k_full))
        for g, sol in enumerate(self.solutions):
            self.beta_full[g, cols] = np.nan_to_num(sol.beta)
            self.inv_full[g][np.ix_(cols, cols)] = sol.inv

    def _solve(self, g: int, gram: np.ndarray, xy: np.ndarray) -> Solution:
        sol = solve_normal(gram, xy)
        if sol.method != "needs-qr":
            return sol
        rows = self.group_rows(g)
        return solve_qr(self._dense_chunks(rows, sol.estimated), sol.estimated, sol.cond)

    def _dense_chunks(self, rows: np.ndarray, estimated: np.ndarray):
        for lo in range(0, len(rows), CHUNK):
            part = rows[lo : lo + CHUNK]
            x = self.design.dense(part)[:, estimated]
            sw = 1.0 if self.w is None else np.sqrt(self.w[part])[:, None]
            yield np.hstack([x, self.y[part][:, None]]) * sw

    def group_rows(self, g: int) -> np.ndarray:
        if self.cells.row_group is None:
            return np.arange(self.design.nobs)
        return self._order[self._starts[g] : self._starts[g + 1]]

    @cached_property
    def _order(self) -> np.ndarray:
        return np.argsort(self.cells.row_group, kind="stable")

    @cached_property
    def _starts(self) -> np.ndarray:
        counts = np.bincount(self.cells.row_group, minlength=self.cells.n_groups)
        return np.concatenate([[0], np.cumsum(counts)])

    # -- per-group totals ----------------------------------------------------------------
    def _by_group(self, values: np.ndarray) -> np.ndarray:
        if self.cells.row_group is None:
            return np.array([values.sum()])
        return np.bincount(self.cells.row_group, values, minlength=self.cells.n_groups)

    def _weighted_squares(self, values: np.ndarray) -> np.ndarray:
        """Σ w·values² per group (one pass when there is a single group)."""
        if self.cells.row_group is None:
            other = values if self.w is None else self.w * values
            return np.array([np.einsum("i,i->", values, other)])
        return self._by_group(self._weighted(values * values))

    @cached_property
    def nobs(self) -> np.ndarray:
        if self.cells.row_group is None:
            return np.array([self.design.nobs])
        return np.bincount(self.cells.row_group, minlength=self.cells.n_groups)

    @cached_property
    def resid(self) -> np.ndarray:
        cell_fit = np.zeros(self.cells.count)
        beta = self.beta_full
        for a, off in enumerate(self.layout.offsets):
            cell_fit += beta[self.cells.group, off + self.cells.levels[:, a]]
        num = sum(self.layout.sizes)
        fitted = per_row(self.cells, cell_fit, self.design.numeric, beta[:, num:])
        return np.subtract(self.y, fitted, out=fitted)

    def _weighted(self, values: np.ndarray) -> np.ndarray:
        return values if self.w is None else self.w * values

    @cached_property
    def ssr(self) -> np.ndarray:
        return self._weighted_squares(self.resid)

    @cached_property
    def tss(self) -> tuple[np.ndarray, np.ndarray]:
        """Centered (about the weighted group mean) and uncentered sums of squares."""
        wsum = self.nobs if self.w is None else self._by_group(self.w)
        mean = self._by_group(self._weighted(self.y)) / wsum
        centre = self.y - (mean[0] if self.cells.row_group is None else mean[self.cells.row_group])
        return self._weighted_squares(centre), self._weighted_squares(self.y)

    @cached_property
    def leverage(self) -> np.ndarray:
        """h_i = w_i x_i'(X'WX)^-1 x_i from per-cell parts and the numeric block."""
        cells, lay, inv = self.cells, self.layout, self.inv_full
        num, p = sum(lay.sizes), lay.p
        full = [off + cells.levels[:, a] for a, off in enumerate(lay.offsets)]
        q = np.zeros(cells.count)
        r = np.zeros((cells.count, p))
        for ia in full:
            for ib in full:
                q += inv[cells.group, ia, ib]
            r += 2 * inv[cells.group, ia, num:]
        r_cols = [np.ascontiguousarray(r[:, j]) for j in range(p)]
        h = np.empty(self.design.nobs)
        z = self.design.numeric
        for lo in range(0, len(h), CHUNK):
            sl = slice(lo, lo + CHUNK)
            code = cells.code[sl]
            grp = None if cells.row_group is None else cells.row_group[sl]
            val = q[code]
            for j in range(p):
                zj = z[sl, j]
                inner = r_cols[j][code]
                for k in range(p):
                    a = inv[0, num + j, num + k] if grp is None else inv[grp, num + j, num + k]
                    inner = inner + a * z[sl, k]
                val += zj * inner
            h[sl] = val
        return self._weighted(h)

    # -- covariances ---------------------------------------------------------------------
    def cov(self, kind: str) -> np.ndarray:
        if kind not in COV_TYPES:
            raise ValueError(f"cov must be one of {', '.join(COV_TYPES)}, not '{kind}'")
        if kind not in self._covs:
            self._covs[kind] = self._compute_cov(kind)
        return self._covs[kind]

    def _compute_cov(self, kind: str) -> np.ndarray:
        cols = self.layout.columns
        inv = np.stack([s.inv for s in self.solutions])
        rank = np.array([int(s.estimated.sum()) for s in self.solutions])
        df = self.nobs - rank
        if kind == "nonrobust":
            with np.errstate(invalid="ignore", divide="ignore"):
                scale = np.where(df > 0, self.ssr / np.maximum(df, 1), np.nan)
            return inv * scale[:, None, None]
        v = self._weighted(self._weighted(self.resid**2))
        if kind in ("HC2", "HC3"):
            one_minus_h = 1 - self.leverage
            alone = one_minus_h <= 1e-12
            power = 1 if kind == "HC2" else 2
            v = np.where(alone, 0.0, v / np.where(alone, 1.0, one_minus_h) ** power)
        meat, _ = assemble(
            self.layout, self.cells, cell_sums(self.cells, self.design.numeric, v, None)
        )
        meat = meat[:, cols][:, :, cols]
        cov = inv @ meat @ inv
        if kind == "HC1":
            with np.errstate(invalid="ignore", divide="ignore"):
                cov = cov * np.where(df > 0, self.nobs / np.maximum(df, 1), np.nan)[:, None, None]
        return cov

    def result(self, g: int, cov_type: str, use_t: bool, label: str | None) -> OLSResult:
        sol = self.solutions[g]
        names = self.design.names
        cov = self.cov(cov_type)[g].copy()
        cov[~sol.estimated, :] = np.nan
        cov[:, ~sol.estimated] = np.nan
        rank = int(sol.estimated.sum())
        centered, uncentered = self.tss
        notes = _notes(names, sol, int(self.nobs[g]), rank, label)
        return OLSResult(
            names=names,
            params=sol.beta,
            cov=cov,
            cov_type=cov_type,
            nobs=int(self.nobs[g]),
            df_resid=int(self.nobs[g]) - rank,
            rank=rank,
            ssr=float(self.ssr[g]),
            centered_tss=float(centered[g]),
            uncentered_tss=float(uncentered[g]),
            has_constant=self.design.intercept
            or any(f.reference is None for f in self.design.factors),
            aliased=tuple(n for n, e in zip(names, sol.estimated, strict=True) if not e),
            method=sol.method,
            cond=sol.cond,
            use_t=use_t,
            warnings=tuple(notes),
            group=label,
            source=(self, g),
        )


def _notes(names, sol: Solution, nobs: int, rank: int, label: str | None) -> list[str]:
    where = f"group '{label}': " if label is not None else ""
    out = []
    dropped = [n for n, e in zip(names, sol.estimated, strict=True) if not e]
    if dropped:
        out.append(
            f"{where}{len(dropped)} column(s) aliased with earlier ones (or empty) and left "
            f"out: {', '.join(dropped)}; rank {rank} of {len(names)}"
        )
    if sol.method == "qr":
        out.append(
            f"{where}ill-conditioned design (condition number {sol.cond:.2g} after scaling); "
            "solved by QR of the rows instead of normal equations"
        )
    if nobs <= rank:
        out.append(f"{where}{nobs} rows for {rank} coefficients: no standard errors")
    return out


def _inputs(y, design: Design, weights) -> tuple[np.ndarray, np.ndarray | None]:
    y_rows = np.asarray(design.rows(y, "y"), dtype=np.float64)
    bad = ~np.isfinite(y_rows)
    if bad.any():
        raise DesignError(
            f"y has {int(bad.sum())} missing or non-finite values (first at design row "
            f"{int(np.flatnonzero(bad)[0])}); leave those rows out of the frame first"
        )
    if weights is None:
        return y_rows, None
    w = np.asarray(design.rows(weights, "weights"), dtype=np.float64)
    if not (np.isfinite(w) & (w > 0)).all():
        raise DesignError("weights must be finite and positive")
    return y_rows, w


def _check_cov(cov: str) -> None:
    if cov not in COV_TYPES:
        raise ValueError(f"cov must be one of {', '.join(COV_TYPES)}, not '{cov}'")


def fit(
    y: np.ndarray | pl.Series,
    design: Design,
    *,
    cov: str = "HC1",
    weights: np.ndarray | pl.Series | None = None,
    use_t: bool = True,
) -> OLSResult:
    """OLS (WLS with ``weights``) of ``y`` on ``design``; ``y`` per frame row or design row."""
    _check_cov(cov)
    y_rows, w = _inputs(y, design, weights)
    cells = design.cache.get("cells") or design.cache.setdefault("cells", cells_of(design))
    res = _State(design, cells, y_rows, w).result(0, cov, use_t, None)
    for note in res.warnings:
        warnings.warn(note, RegressionWarning, stacklevel=2)
    return res


def fit_groups(
    y: np.ndarray | pl.Series,
    design: Design,
    groups: np.ndarray | pl.Series,
    *,
    cov: str = "HC1",
    weights: np.ndarray | pl.Series | None = None,
    use_t: bool = True,
    by: str = "group",
) -> GroupedFit:
    """The same model within each group, from one pass of per-group cell sums."""
    _check_cov(cov)
    y_rows, w = _inputs(y, design, weights)
    labels = groups if isinstance(groups, pl.Series) else pl.Series(by, np.asarray(groups))
    labels = pl.Series(by, design.rows(labels, "groups"))
    if labels.null_count():
        raise DesignError(f"groups has {labels.null_count()} missing labels")
    fac = factorize(labels)
    cells = cells_of(design, fac.codes.astype(np.int64), len(fac.levels))
    state = _State(design, cells, y_rows, w)
    results = {lab: state.result(g, cov, use_t, lab) for g, lab in enumerate(fac.levels)}
    noted = [n for r in results.values() for n in r.warnings]
    if noted:
        more = f" (and {len(noted) - 3} more)" if len(noted) > 3 else ""
        warnings.warn("; ".join(noted[:3]) + more, RegressionWarning, stacklevel=2)
    return GroupedFit(results, by)
