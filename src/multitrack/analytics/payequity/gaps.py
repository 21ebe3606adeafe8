"""Adjusted pay gaps within each pay analysis group, by track and by demographic field.

Within a group, ``log(pay) = b0 + Σ b_l·[field = l] + controls + e``; the adjusted gap of
level ``l`` against the reference level is ``exp(b_l) - 1`` (negative: paid less), with
its t statistic and interval from robust (HC1 by default) errors. A gap is flagged at
``|t| ≥ 2`` in either direction (OFCCP's "two standard deviations"). Controls are tenure,
rating, zone and whichever of track, band and family the grouping leaves free; a control
that does not vary inside a group drops out of that group's model. The raw gap beside it is
``mean(pay | l) / mean(pay | reference) - 1``. Figures for a comparison with fewer than
``min_side`` people on a side are suppressed so nobody can be singled out.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.payequity.groups import Population
from multitrack.analytics.regression import (
    Design,
    GroupedFit,
    OLSResult,
    RegressionWarning,
    fit,
    fit_groups,
)

__all__ = ["ALL_GROUPS", "GAP_COLUMNS", "FieldModel", "adjusted_gaps", "field_model"]

ALL_GROUPS = "all groups (group fixed effects)"

GAP_COLUMNS = {
    "field": pl.String,
    "group": pl.String,
    "level": pl.String,
    "reference": pl.String,
    "n_level": pl.Int64,
    "n_reference": pl.Int64,
    "raw_gap": pl.Float64,
    "adjusted_gap": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "estimate": pl.Float64,
    "se": pl.Float64,
    "t": pl.Float64,
    "p": pl.Float64,
    "flagged": pl.Boolean,
    "disadvantaged": pl.String,
    "note": pl.String,
}


@dataclass(frozen=True)
class FieldModel:
    """One compared field's data, design and per-group fits."""

    tested: str
    reference: str
    levels: tuple[str, ...]
    data: pl.DataFrame  # the analysed rows for this field (field not missing)
    design: Design
    fits: GroupedFit
    numeric: list[str]
    categorical: list[str]


def _reference(pop: Population, data: pl.DataFrame, tested: str) -> str:
    want = pop.config.reference.get(tested)
    counts = data.group_by(tested).len().sort(["len", tested], descending=[True, False])
    levels = counts[tested].to_list()
    if want is not None:
        if want not in levels:
            raise ValueError(f"reference '{want}' for {tested} is not among {sorted(levels)}")
        return want
    return levels[0]


def field_model(pop: Population, tested: str, logpay: str = "logpay") -> FieldModel:
    """Fit log pay on the field and the controls within every group (one pass)."""
    if tested not in pop.frame.columns:
        raise ValueError(
            f"no column '{tested}' to compare (columns: {', '.join(pop.frame.columns)})"
        )
    data = pop.frame.filter(pl.col(tested).is_not_null()).with_columns(
        pl.col(tested).cast(pl.String)
    )
    ref = _reference(pop, data, tested)
    numeric, categorical = pop.controls(tested)
    design = Design.from_frame(
        data, numeric=numeric, categorical=[tested, *categorical], reference={tested: ref}
    )
    with warnings.catch_warnings():  # controls constant in a group: recorded per fit
        warnings.simplefilter("ignore", RegressionWarning)
        fits = fit_groups(data[logpay], design, data["group"], cov=pop.config.cov, by="group")
    levels = tuple(sorted(data[tested].unique().to_list()))
    return FieldModel(tested, ref, levels, data, design, fits, numeric, categorical)


def _pooled(model: FieldModel, pop: Population, logpay: str) -> OLSResult:
    design = Design.from_frame(
        model.data,
        numeric=model.numeric,
        categorical=[model.tested, "group", *model.categorical],
        reference={model.tested: model.reference},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegressionWarning)
        return fit(model.data[logpay], design, cov=pop.config.cov)


def _counts(data: pl.DataFrame, tested: str) -> dict[tuple[str, str], tuple[int, float]]:
    agg = data.group_by("group", tested).agg(n=pl.len(), mean=pl.col("pay").mean())
    return {(g, lv): (n, m) for g, lv, n, m in agg.iter_rows()}


def _row(pop, model, group, level, res, counts) -> dict:
    n_l, mean_l = counts.get((group, level), (0, math.nan))
    n_r, mean_r = counts.get((group, model.reference), (0, math.nan))
    row = {"field": model.tested, "group": group, "level": level, "reference": model.reference}
    if min(n_l, n_r) < pop.config.min_side:
        note = f"suppressed: fewer than {pop.config.min_side} people on a side"
        return row | {"flagged": False, "note": note}
    c = res.coef(f"{model.tested}[{level}]")
    estimable = np.isfinite(c["se"]) and c["se"] > 0
    flagged = bool(estimable and abs(c["t"]) >= pop.config.flag_t)
    who = (level if c["estimate"] < 0 else model.reference) if flagged else None
    return row | {
        "n_level": n_l,
        "n_reference": n_r,
        "raw_gap": mean_l / mean_r - 1,
        "adjusted_gap": math.expm1(c["estimate"]),
        "low": math.expm1(c["low"]),
        "high": math.expm1(c["high"]),
        "estimate": c["estimate"],
        "se": c["se"],
        "t": c["t"],
        "p": c["p"],
        "flagged": flagged,
        "disadvantaged": who,
        "note": "" if estimable else "not estimable: too few people for the controls",
    }


def model_rows(pop: Population, model: FieldModel, logpay: str = "logpay") -> list[dict]:
    """One row per group and non-reference level, plus the pooled all-groups row."""
    counts = _counts(model.data, model.tested)
    rows = []
    for group, res in model.fits.items():
        for level in model.levels:
            if level != model.reference:
                rows.append(_row(pop, model, group, level, res, counts))
    pooled = _pooled(model, pop, logpay)
    overall = _counts(model.data.with_columns(group=pl.lit(ALL_GROUPS)), model.tested)
    for level in model.levels:
        if level != model.reference:
            rows.append(_row(pop, model, ALL_GROUPS, level, pooled, overall))
    return rows


def adjusted_gaps(pop: Population, logpay: str = "logpay") -> tuple[pl.DataFrame, list[FieldModel]]:
    """The gap table for every compared field, and the models behind it."""
    # a field with fewer than two values among the analysed people has nothing to compare
    compared = [
        f
        for f in pop.fields()
        if f not in pop.frame.columns or pop.frame[f].drop_nulls().n_unique() >= 2
    ]
    models = [field_model(pop, f, logpay) for f in compared]
    rows = [r for m in models for r in model_rows(pop, m, logpay)]
    table = pl.DataFrame(rows, schema=GAP_COLUMNS) if rows else pl.DataFrame(schema=GAP_COLUMNS)
    return table, models
