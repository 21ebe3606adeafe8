"""TEMPORARY stand-in for ``multitrack.analytics.regression`` (issue 6's OLS engine).

Same contract (``Design.from_frame``, ``fit``, ``OLSResult``) over statsmodels, so the pay
section is written against the real interface; delete this module once the engine lands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm


@dataclass(frozen=True)
class Design:
    names: list[str]
    matrix: np.ndarray

    @classmethod
    def from_frame(cls, frame: pl.DataFrame, numeric=(), categorical=(), reference=None):
        reference = reference or {}
        cols, names = [np.ones(frame.height)], ["const"]
        for c in numeric:
            cols.append(frame.get_column(c).cast(pl.Float64).to_numpy())
            names.append(c)
        for c in categorical:
            values = frame.get_column(c).cast(pl.String)
            levels = sorted(values.unique().to_list())
            base = reference.get(c, levels[0])
            for level in levels:
                if level != base:
                    cols.append((values == level).cast(pl.Float64).to_numpy())
                    names.append(f"{c}[{level}]")
        return cls(names, np.column_stack(cols))


@dataclass(frozen=True)
class OLSResult:
    names: list[str]
    params: np.ndarray
    bse: np.ndarray
    tvalues: np.ndarray
    pvalues: np.ndarray
    nobs: int
    _res: object

    def conf_int(self, alpha: float = 0.05) -> np.ndarray:
        return np.asarray(self._res.conf_int(alpha))

    def coef(self, name: str, alpha: float = 0.05) -> dict[str, float]:
        i = self.names.index(name)
        low, high = self.conf_int(alpha)[i]
        return {
            "estimate": float(self.params[i]),
            "se": float(self.bse[i]),
            "t": float(self.tvalues[i]),
            "p": float(self.pvalues[i]),
            "low": float(low),
            "high": float(high),
        }


def fit(y, design: Design, cov: str = "HC1") -> OLSResult:
    res = sm.OLS(np.asarray(y, dtype=float), design.matrix).fit(cov_type=cov)
    return OLSResult(
        design.names,
        res.params,
        res.bse,
        res.tvalues,
        res.pvalues,
        int(res.nobs),
        res,
    )
