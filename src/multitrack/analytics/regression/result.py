"""What a fit returns: statsmodels-like coefficients, errors, tests and residuals."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl
from scipy import stats

__all__ = ["COV_TYPES", "GroupedFit", "OLSResult"]

COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3")


@dataclass(frozen=True, eq=False)
class OLSResult:
    """One fitted linear model (OLS or WLS). Aliased columns carry NaN and are listed."""

    names: list[str]
    params: np.ndarray
    cov: np.ndarray  # covariance of the estimates under ``cov_type``
    cov_type: str
    nobs: int
    df_resid: int
    rank: int
    ssr: float
    centered_tss: float
    uncentered_tss: float
    has_constant: bool
    aliased: tuple[str, ...] = ()
    method: str = "cholesky"
    cond: float = float("nan")
    use_t: bool = True
    warnings: tuple[str, ...] = ()
    group: str | None = None
    source: Any = field(default=None, repr=False)  # (fit state, group index) for lazy parts

    # -- estimates and tests -------------------------------------------------------------
    @cached_property
    def bse(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.sqrt(np.diag(self.cov))

    @cached_property
    def tvalues(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.params / self.bse

    @cached_property
    def pvalues(self) -> np.ndarray:
        t = np.abs(self.tvalues)
        if self.use_t:
            if self.df_resid <= 0:
                return np.full_like(t, np.nan)
            return 2 * stats.t.sf(t, self.df_resid)
        return 2 * stats.norm.sf(t)

    def _quantile(self, alpha: float) -> float:
        if self.use_t:
            return float(stats.t.isf(alpha / 2, self.df_resid)) if self.df_resid > 0 else np.nan
        return float(stats.norm.isf(alpha / 2))

    def conf_int(self, alpha: float = 0.05) -> np.ndarray:
        """(k, 2) lower and upper bounds of the 1 - alpha interval."""
        q = self._quantile(alpha)
        return np.column_stack([self.params - q * self.bse, self.params + q * self.bse])

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"no term '{name}' (terms: {', '.join(self.names)})") from None

    def coef(self, name: str, alpha: float = 0.05) -> dict[str, float]:
        """Estimate, SE, t, p and interval of one term (NaN when it is aliased)."""
        i, q = self.index(name), self._quantile(alpha)
        est, se = float(self.params[i]), float(self.bse[i])
        return {
            "estimate": est,
            "se": se,
            "t": float(self.tvalues[i]),
            "p": float(self.pvalues[i]),
            "low": est - q * se,
            "high": est + q * se,
        }

    def cov_params(self) -> np.ndarray:
        return self.cov

    # -- fit quality ---------------------------------------------------------------------
    @property
    def df_model(self) -> int:
        return self.rank - int(self.has_constant)

    @property
    def scale(self) -> float:
        return self.ssr / self.df_resid if self.df_resid > 0 else np.nan

    @property
    def rsquared(self) -> float:
        tss = self.centered_tss if self.has_constant else self.uncentered_tss
        return 1 - self.ssr / tss if tss > 0 else np.nan

    @property
    def rsquared_adj(self) -> float:
        if self.df_resid <= 0:
            return np.nan
        return 1 - (self.nobs - int(self.has_constant)) / self.df_resid * (1 - self.rsquared)

    # -- other covariances and row-level parts (computed on demand) ---------------------
    def robust(self, cov_type: str) -> OLSResult:
        """The same fit with another covariance ("nonrobust", "HC0"…"HC3")."""
        state, g = self.source
        return replace(self, cov=state.cov(cov_type)[g], cov_type=cov_type, source=self.source)

    @property
    def rows(self) -> np.ndarray:
        """Positions (in the design's rows) of the observations of this fit."""
        state, g = self.source
        return state.group_rows(g)

    @property
    def frame_rows(self) -> np.ndarray:
        """Positions in the frame the design was built from."""
        state, _ = self.source
        keep = state.design.keep
        return self.rows if keep is None else np.flatnonzero(keep)[self.rows]

    @property
    def resid(self) -> np.ndarray:
        state, g = self.source
        return state.resid[self.rows] if state.cells.row_group is not None else state.resid

    @property
    def fittedvalues(self) -> np.ndarray:
        state, _ = self.source
        return state.y[self.rows] - self.resid

    @property
    def leverage(self) -> np.ndarray:
        """Diagonal of the hat matrix (for WLS, of the whitened design)."""
        state, _ = self.source
        return state.leverage[self.rows]

    def resid_studentized(self, external: bool = True) -> np.ndarray:
        """Studentised residuals (externally by default, as statsmodels' outlier test)."""
        state, _ = self.source
        w = 1.0 if state.w is None else state.w[self.rows]
        e, h = np.sqrt(w) * self.resid, self.leverage
        with np.errstate(invalid="ignore", divide="ignore"):
            if not external:
                return e / np.sqrt(self.scale * (1 - h))
            s2 = (self.ssr - e**2 / (1 - h)) / (self.df_resid - 1)
            return e / np.sqrt(s2 * (1 - h))

    def to_frame(self, alpha: float = 0.05) -> pl.DataFrame:
        ci = self.conf_int(alpha)
        return pl.DataFrame(
            {
                "term": self.names,
                "estimate": self.params,
                "se": self.bse,
                "t": self.tvalues,
                "p": self.pvalues,
                "low": ci[:, 0],
                "high": ci[:, 1],
                "aliased": [n in self.aliased for n in self.names],
            }
        ).with_columns(pl.col(pl.Float64).fill_nan(None))


@dataclass(frozen=True)
class GroupedFit(Mapping[str, OLSResult]):
    """The same model fitted within each group, keyed by the group's label."""

    results: Mapping[str, OLSResult]
    by: str = "group"

    def __getitem__(self, key: str) -> OLSResult:
        return self.results[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def to_frame(self, alpha: float = 0.05) -> pl.DataFrame:
        """Long table: group, nobs, term, estimate, se, t, p, low, high, aliased."""
        parts = [
            r.to_frame(alpha).select(
                pl.lit(key).alias(self.by), pl.lit(r.nobs).alias("nobs"), pl.all()
            )
            for key, r in self.results.items()
        ]
        return pl.concat(parts) if parts else pl.DataFrame()
