"""Cross-products per group, for methods built on them (decompositions, bootstraps, raises).

``X'WX`` and ``X'Wy`` over a design's columns, one matrix per group, from one chunked pass
of cell sums. Weights may be zero here (frequency weights such as bootstrap counts), which
:func:`~multitrack.analytics.regression.fit` refuses because its degrees of freedom count
rows. Group means of every column are the intercept row divided by the group's weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

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

__all__ = ["Moments", "cross_products", "cross_products_many", "group_cells"]


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


def cross_products(
    y: np.ndarray, design: Design, cells: Cells, weights: np.ndarray | None = None
) -> Moments:
    """One pass of cell sums, assembled per group over the design's columns."""
    layout = Layout.of(design)
    gram, xy = assemble(layout, cells, cell_sums(cells, design.numeric, weights, y))
    cols = layout.columns
    return Moments(design.names, gram[:, cols][:, :, cols], xy[:, cols])


def _incidence(codes: np.ndarray, width: int, values: np.ndarray | None = None):
    n = len(codes)
    data = np.ones(n) if values is None else values
    return sparse.csr_matrix((data, (np.arange(n), codes)), shape=(n, width))


def cross_products_many(
    y: np.ndarray, design: Design, cells: Cells, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-products for many weight vectors at once (rows of ``weights``, e.g. bootstrap
    counts): (R, G, k, k) and (R, G, k), from sparse products instead of R passes."""
    z, p = design.numeric, design.numeric.shape[1]
    groups = np.zeros(len(y), np.intp) if cells.row_group is None else cells.row_group
    c, g = cells.count, cells.n_groups
    blocks = [_incidence(cells.code, c)]
    blocks += [_incidence(cells.code, c, z[:, j]) for j in range(p)]
    blocks.append(_incidence(cells.code, c, y))
    pairs = [(j, k) for j in range(p) for k in range(j, p)]
    blocks += [_incidence(groups, g, z[:, j] * z[:, k]) for j, k in pairs]
    blocks += [_incidence(groups, g, z[:, j] * y) for j in range(p)]
    stats = np.asarray((sparse.hstack(blocks).T.tocsr() @ weights.T).T)  # (R, columns)
    r = len(weights)
    edges = np.cumsum([c] * (p + 2) + [g] * (len(pairs) + p))[:-1]
    parts = np.split(stats, edges, axis=1)
    zz = np.zeros((r, g, p, p))
    for (j, k), part in zip(pairs, parts[p + 2 : p + 2 + len(pairs)], strict=True):
        zz[:, :, j, k] = zz[:, :, k, j] = part
    zy = np.stack(parts[p + 2 + len(pairs) :], axis=-1) if p else np.zeros((r, g, 0))
    z_sum = np.stack(parts[1 : p + 1], axis=-1) if p else np.zeros((r, c, 0))
    # every replicate's groups become groups of one stacked system: one assembly for all
    stacked = Cells(
        cells.code,
        (np.arange(r)[:, None] * g + cells.group[None, :]).ravel(),
        np.tile(cells.levels, (r, 1)),
        r * g,
        None,
    )
    sums = CellSums(
        parts[0].ravel(),
        z_sum.reshape(r * c, p),
        parts[p + 1].ravel(),
        zz.reshape(r * g, p, p),
        zy.reshape(r * g, p),
    )
    layout = Layout.of(design)
    gram, xy = assemble(layout, stacked, sums)
    cols = layout.columns
    k = layout.full
    gram = gram.reshape(r, g, k, k)[:, :, cols][:, :, :, cols]
    return gram, xy.reshape(r, g, k)[:, :, cols]
