"""Per-group cross-products, one weight vector or many at once, against dense algebra."""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.regression import Design
from multitrack.analytics.regression.moments import (
    cell_order,
    cross_products,
    cross_products_many,
    group_cells,
)


def test_cross_products_equal_dense_and_allow_zero_weights():
    rng = np.random.default_rng(3)
    n = 500
    df = pl.DataFrame(
        {
            "a": rng.choice(["x", "y", "z"], n),
            "b": rng.choice(["p", "q"], n),
            "t": rng.normal(size=n),
            "u": rng.uniform(size=n),
        }
    )
    design = Design.from_frame(df, numeric=["t", "u"], categorical=["a", "b"])
    side = rng.integers(0, 2, n)
    y = rng.normal(size=n)
    cells = group_cells(design, side, 2)
    weights = rng.integers(0, 3, (4, n)).astype(float)  # counts, zeros included
    gram_many, xy_many = cross_products_many(y, design, cells, weights)
    # the same weights handed over in cell order give the same products
    in_order = cross_products_many(
        y, design, cells, weights[:, cell_order(cells)], in_cell_order=True
    )
    np.testing.assert_allclose(in_order[0], gram_many, rtol=1e-12)
    np.testing.assert_allclose(in_order[1], xy_many, rtol=1e-12)
    x = design.dense()
    for r, w in enumerate(weights):
        one = cross_products(y, design, cells, w)
        for g in (0, 1):
            wg = w * (side == g)
            np.testing.assert_allclose(one.gram[g], x.T @ (x * wg[:, None]), rtol=1e-12)
            np.testing.assert_allclose(one.xy[g], x.T @ (wg * y), rtol=1e-12)
            np.testing.assert_allclose(gram_many[r, g], one.gram[g], rtol=1e-12)
            np.testing.assert_allclose(xy_many[r, g], one.xy[g], rtol=1e-12)
        means = one.means()
        np.testing.assert_allclose(means[1], np.average(x, axis=0, weights=w * (side == 1)))
        beta = one.solve()[0]
        sel = side == 0
        expect = np.linalg.lstsq(x[sel] * np.sqrt(w[sel])[:, None], y[sel] * np.sqrt(w[sel]))[0]
        np.testing.assert_allclose(beta, expect, rtol=1e-8)
