"""People paid far below what their group's model expects (studentised residuals).

The model is log pay on the legitimate factors only (tenure, rating, zone, and track, band
or family where the group leaves them free) — never a demographic field, because this list
is about individuals. A person is listed when the externally studentised residual (as in
statsmodels' ``outlier_test``) is at or below -2: paid much less than comparable
colleagues. The list supports a human review; it decides nothing.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import polars as pl

from multitrack.analytics.payequity.groups import Population
from multitrack.analytics.regression import Design, RegressionWarning, fit_groups

__all__ = ["OUTLIER_COLUMNS", "outliers"]

OUTLIER_COLUMNS = {
    "person_id": pl.String,
    "name": pl.String,
    "group": pl.String,
    "pay": pl.Float64,
    "expected": pl.Float64,
    "below_expected": pl.Float64,
    "studentized": pl.Float64,
    "reasons": pl.String,
}


def _reason(row: dict, numeric: list[str], categorical: list[str], below: float) -> str:
    parts = [f"{c} {row[c]:.1f}" if isinstance(row[c], float) else f"{c} {row[c]}" for c in numeric]
    parts += [f"{c} {row[c]}" for c in categorical]
    return (
        f"paid {abs(below):.0%} below what the {row['group']} model expects for "
        f"{', '.join(parts) or 'this group'}"
    )


def outliers(pop: Population) -> pl.DataFrame:
    """Everyone whose studentised residual is at or below ``config.outlier_z``."""
    numeric, categorical = pop.controls("")
    frame = pop.frame
    design = Design.from_frame(frame, numeric=numeric, categorical=categorical)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegressionWarning)
        fits = fit_groups(frame["logpay"], design, frame["group"], cov="nonrobust")
    rows = []
    for res in fits.values():
        if res.df_resid < 2:
            continue
        stud = res.resid_studentized()
        hits = np.flatnonzero(stud <= pop.config.outlier_z)
        if not len(hits):
            continue
        where = res.frame_rows[hits]
        people = frame[where].to_dicts()
        for person, i in zip(people, hits, strict=True):
            below = math.expm1(res.resid[i])
            rows.append(
                {
                    "person_id": person["person_id"],
                    "name": person["name"],
                    "group": person["group"],
                    "pay": person["pay"],
                    "expected": person["pay"] / math.exp(res.resid[i]),
                    "below_expected": below,
                    "studentized": float(stud[i]),
                    "reasons": _reason(person, numeric, categorical, below),
                }
            )
    out = pl.DataFrame(rows, schema=OUTLIER_COLUMNS)
    return out.sort("studentized")
