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
import polars as pl

from multitrack.analytics.payequity.gaps import ALL_GROUPS, FieldModel
from multitrack.analytics.payequity.groups import Population
from multitrack.analytics.regression import Design
from multitrack.analytics.regression.moments import (
    cross_products,
    cross_products_many,
    group_cells,
)
from multitrack.analytics.regression.solve import aliased_columns

__all__ = ["EFFECTS", "OAXACA_COLUMNS", "Decomposition", "decompose", "oaxaca_table"]

EFFECTS = ("gap", "explained", "unexplained", "endowments", "coefficients", "interaction")


@dataclass(frozen=True)
class Decomposition:
    """Effects in log points (see :data:`EFFECTS`), their bootstrap SEs, and who is A."""

    effects: dict[str, float]
    se: dict[str, float]  # empty without a bootstrap
    higher: int  # side code (0 or 1) with the higher mean: "A"
    n: tuple[int, int]
    replicates: int


def _pooled(gram: np.ndarray, xy: np.ndarray, a: int) -> tuple[np.ndarray, np.ndarray]:
    """The pooled system with a side indicator, from the two sides' systems (R, 2, …)."""
    r, _, k, _ = gram.shape
    pooled = np.zeros((r, k + 1, k + 1))
    pooled[:, :k, :k] = gram[:, 0] + gram[:, 1]
    pooled[:, k, :k] = pooled[:, :k, k] = gram[:, a, 0]
    pooled[:, k, k] = gram[:, a, 0, 0]
    return pooled, np.concatenate([xy[:, 0] + xy[:, 1], xy[:, a, :1]], axis=1)


def _batch_solve(gram: np.ndarray, xy: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Solve many small systems at once over the columns ``keep``; others get 0."""
    g = gram[:, keep][:, :, keep]
    b = xy[:, keep]
    diag = np.einsum("rii->ri", g)
    empty = ~(diag > 0)  # a level nobody in this resample has: coefficient 0
    d = np.where(empty, 1.0, 1.0 / np.sqrt(np.where(empty, 1.0, diag)))
    gs = g * d[:, :, None] * d[:, None, :]
    idx = np.arange(gs.shape[1])
    gs[:, idx, idx] = np.where(empty, 1.0, gs[:, idx, idx])
    bs = np.where(empty, 0.0, b * d)
    try:
        sol = np.linalg.solve(gs, bs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        sol = np.stack([np.linalg.lstsq(x, y, rcond=None)[0] for x, y in zip(gs, bs, strict=True)])
    out = np.zeros(xy.shape)
    out[:, keep] = sol * d
    return out


def _effects(gram: np.ndarray, xy: np.ndarray, a: int, keep: list[np.ndarray]) -> np.ndarray:
    """(R, 6) effects from R pairs of side systems; ``keep``: columns per side, pooled."""
    b = 1 - a
    n = gram[:, :, 0, 0]
    ybar = xy[:, :, 0] / n
    xbar = gram[:, :, 0, :] / n[:, :, None]
    beta_a = _batch_solve(gram[:, a], xy[:, a], keep[a])
    beta_b = _batch_solve(gram[:, b], xy[:, b], keep[b])
    pooled, pooled_xy = _pooled(gram, xy, a)
    star = _batch_solve(pooled, pooled_xy, keep[2])[:, :-1]
    dx = xbar[:, a] - xbar[:, b]
    dbeta = beta_a - beta_b
    dot = lambda u, v: np.einsum("rk,rk->r", u, v)  # noqa: E731
    return np.column_stack(
        [
            ybar[:, a] - ybar[:, b],
            dot(dx, star),
            dot(xbar[:, a], beta_a - star) + dot(xbar[:, b], star - beta_b),
            dot(dx, beta_b),
            dot(xbar[:, b], dbeta),
            dot(dx, dbeta),
        ]
    )


def _trimmed_sd(values: np.ndarray, conf: float = 0.99) -> np.ndarray:
    n = len(values)
    low, high = int(n * (1 - conf)), int(n * conf)
    return np.sort(values, axis=0)[low:high].std(axis=0)


BATCH_CELLS = 20_000_000  # replicates × rows per batch of resampling counts (160 MB)


def _bootstrap(y, design, cells, a, keep, replicates: int, seed) -> np.ndarray:
    """Effects of ``replicates`` resamples of people, counts as frequency weights."""
    rng = np.random.default_rng(seed)
    n = len(y)
    per_batch = max(1, min(replicates, BATCH_CELLS // max(n, 1)))
    draws = []
    for start in range(0, replicates, per_batch):
        size = min(per_batch, replicates - start)
        counts = np.zeros((size, n))
        for r in range(size):
            counts[r] = np.bincount(rng.integers(0, n, n), minlength=n)
        # resampling counts are exchangeable: read them as given in cell order
        gram, xy = cross_products_many(y, design, cells, counts, in_cell_order=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            draws.append(_effects(gram, xy, a, keep))
    out = np.vstack(draws)
    return out[np.isfinite(out).all(axis=1)]  # a resample that lost a whole side


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
    pooled, pooled_xy = _pooled(m.gram[None], m.xy[None], a)
    keep = [~aliased_columns(m.gram[0]), ~aliased_columns(m.gram[1])]
    keep.append(~aliased_columns(pooled[0]))
    point = _effects(m.gram[None], m.xy[None], a, keep)[0]
    se: dict[str, float] = {}
    if replicates:
        draws = _bootstrap(y, design, cells, a, keep, replicates, seed)
        se = dict(zip(EFFECTS, _trimmed_sd(draws).tolist(), strict=True))
    return Decomposition(
        dict(zip(EFFECTS, point.tolist(), strict=True)),
        se,
        a,
        (int(counts[0]), int(counts[1])),
        replicates,
    )


OAXACA_COLUMNS = {
    "field": pl.String,
    "group": pl.String,
    "level": pl.String,
    "reference": pl.String,
    "higher": pl.String,
    **dict.fromkeys(EFFECTS, pl.Float64),
    "unexplained_share": pl.Float64,
    **{f"se_{e}": pl.Float64 for e in EFFECTS},
}


def _one(pop: Population, model: FieldModel, group: str, level: str, seed: int) -> dict:
    data = model.data.filter(pl.col(model.tested).is_in([level, model.reference]))
    categorical = list(model.categorical)
    if group == ALL_GROUPS:
        categorical.append("group")
    else:
        data = data.filter(pl.col("group") == group)
    design = Design.from_frame(data, numeric=model.numeric, categorical=categorical)
    side = (data[model.tested] == level).to_numpy()
    dec = decompose(
        data["logpay"].to_numpy(), design, side, replicates=pop.config.bootstrap, seed=seed
    )
    gap = dec.effects["gap"]
    return {
        "field": model.tested,
        "group": group,
        "level": level,
        "reference": model.reference,
        "higher": level if dec.higher == 1 else model.reference,
        **dec.effects,
        "unexplained_share": dec.effects["unexplained"] / gap if gap else None,
        **{f"se_{k}": v for k, v in dec.se.items()},
    }


def oaxaca_table(pop: Population, models: list[FieldModel], gaps: pl.DataFrame) -> pl.DataFrame:
    """Decompose the raw log-pay gap of each comparison the gap table did not suppress."""
    shown = gaps.filter(pl.col("n_level").is_not_null())
    rows = []
    for i, r in enumerate(shown.iter_rows(named=True)):
        model = next(m for m in models if m.tested == r["field"])
        rows.append(_one(pop, model, r["group"], r["level"], pop.config.seed + i))
    return pl.DataFrame(rows, schema=OAXACA_COLUMNS)
