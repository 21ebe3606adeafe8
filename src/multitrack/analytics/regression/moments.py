"""Cross-products per group, for methods built on them (decompositions, bootstraps, raises).

``X'WX`` and ``X'Wy`` over a design's columns, one matrix per group, from one chunked pass
of cell sums. Weights may be zero here (frequency weights such as bootstrap counts), which
:func:`~multitrack.analytics.regression.fit` refuses because its degrees of freedom count
rows. Group means of every column are the intercept row divided by the group's weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.analytics.regression.accumulate import (
    Cells,
    CellSums,
    Layout,
    assemble,
    cell_sums,
    cells_of,
)
from multitrack.analytics.regression.design import Design
from multitrack.analytics.regression.solve import solve_normal

__all__ = ["Moments", "cell_order", "cross_products", "cross_products_many", "group_cells"]


@dataclass(frozen=True)
class Moments:
    """``gram[g] = X_g'W X_g`` and ``xy[g] = X_g'W y_g`` over the design's columns."""

    names: list[str]
    gram: np.ndarray  # (G, k, k)
    xy: np.ndarray  # (G, k)

    def solve(self) -> np.ndarray:
        """Coefficients per group (G, k); aliased columns NaN (same rules as ``fit``)."""
        return np.stack([solve_normal(g, b).beta for g, b in zip(self.gram, self.xy, strict=True)])

    def means(self) -> np.ndarray:
        """Weighted column means per group (needs an intercept in the design)."""
        if self.names[:1] != ["Intercept"]:
            raise ValueError("column means come from the intercept row: the design has none")
        return self.gram[:, 0, :] / self.gram[:, 0, :1]


def group_cells(design: Design, groups: np.ndarray | None, n_groups: int) -> Cells:
    """The cell index of a design split by integer group codes (reuse across calls)."""
    return cells_of(design, None if groups is None else np.asarray(groups), n_groups)


def cell_order(cells: Cells) -> np.ndarray:
    """Rows sorted by cell (stable): the order of ``in_cell_order`` weights."""
    return np.argsort(cells.code, kind="stable")


def cross_products(
    y: np.ndarray, design: Design, cells: Cells, weights: np.ndarray | None = None
) -> Moments:
    """One pass of cell sums, assembled per group over the design's columns."""
    layout = Layout.of(design)
    gram, xy = assemble(layout, cells, cell_sums(cells, design.numeric, weights, y))
    cols = layout.columns
    return Moments(design.names, gram[:, cols][:, :, cols], xy[:, cols])


def _segment_sums(w: np.ndarray, codes: np.ndarray, values: np.ndarray, width: int):
    """``out[r, c, k] = Σ w[r, i]·values[i, k]`` over rows i of code c, for rows (and the
    columns of ``w``) already sorted by code: one small matrix product per code (BLAS; a
    sparse product per replicate column was several times slower)."""
    bounds = np.searchsorted(codes, np.arange(width + 1))
    out = np.zeros((len(w), width, values.shape[1]))
    for c in np.flatnonzero(np.diff(bounds)):
        out[:, c] = w[:, bounds[c] : bounds[c + 1]] @ values[bounds[c] : bounds[c + 1]]
    return out


def cross_products_many(
    y: np.ndarray,
    design: Design,
    cells: Cells,
    weights: np.ndarray,
    *,
    in_cell_order: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-products for many weight vectors at once (rows of ``weights``, e.g. bootstrap
    counts): (R, G, k, k) and (R, G, k).

    With ``in_cell_order`` column i of ``weights`` weighs the i-th row in stable cell order
    (see :func:`cell_order`): exchangeable weights such as bootstrap counts can be drawn in
    that order, which spares gathering an R × n matrix (the slowest step otherwise).
    """
    z, p = design.numeric, design.numeric.shape[1]
    c, g = cells.count, cells.n_groups
    order = cell_order(cells)
    w = np.asarray(weights, dtype=np.float64)
    if not in_cell_order:
        w = w[:, order]
    pairs = [(j, k) for j in range(p) for k in range(j, p)]
    products = [z[:, j] * z[:, k] for j, k in pairs] + [z[:, j] * y for j in range(p)]
    values = np.column_stack([np.ones(len(y)), z, y, *products])[order]
    per_cell = _segment_sums(w, cells.code[order], values, c)
    # pair products per group: every cell lies in one group
    per_group = np.zeros((len(w), g, len(products)))
    np.add.at(per_group, (slice(None), cells.group), per_cell[:, :, p + 2 :])
    r = len(weights)
    zz = np.zeros((r, g, p, p))
    for i, (j, k) in enumerate(pairs):
        zz[:, :, j, k] = zz[:, :, k, j] = per_group[:, :, i]
    zy = per_group[:, :, len(pairs) :]
    z_sum = per_cell[:, :, 1 : p + 1]
    # every replicate's groups become groups of one stacked system: one assembly for all
    stacked = Cells(
        cells.code,
        (np.arange(r)[:, None] * g + cells.group[None, :]).ravel(),
        np.tile(cells.levels, (r, 1)),
        r * g,
        None,
    )
    sums = CellSums(
        per_cell[:, :, 0].ravel(),
        z_sum.reshape(r * c, p),
        per_cell[:, :, p + 1].ravel(),
        zz.reshape(r * g, p, p),
        zy.reshape(r * g, p),
    )
    layout = Layout.of(design)
    gram, xy = assemble(layout, stacked, sums)
    cols = layout.columns
    k = layout.full
    gram = gram.reshape(r, g, k, k)[:, :, cols][:, :, :, cols]
    return gram, xy.reshape(r, g, k)[:, :, cols]
