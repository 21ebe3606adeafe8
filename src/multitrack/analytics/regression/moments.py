"""Cross-products per group, for methods built on them (decompositions, bootstraps, raises).

``X'WX`` and ``X'Wy`` over a design's columns, one matrix per group, from one chunked pass
of cell sums. Weights may be zero here (frequency weights such as bootstrap counts), which
:func:`~multitrack.analytics.regression.fit` refuses because its degrees of freedom count
rows. Group means of every column are the intercept row divided by the group's weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.analytics.regression.accumulate import Cells, Layout, assemble, cell_sums, cells_of
from multitrack.analytics.regression.design import Design
from multitrack.analytics.regression.solve import solve_normal

__all__ = ["Moments", "cross_products", "group_cells"]


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
