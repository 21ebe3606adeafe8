"""Sufficient statistics of a design: X'VX and X'Vy from cell sums, in chunks.

Rows are grouped into *cells* (one per observed combination of group and factor levels).
Every dummy column is constant inside a cell, so any weighted cross-product ``X' diag(v) X``
needs only, per cell, the sums of ``v`` and ``v·z`` (z: the numeric columns) plus, per group,
``Σ v z z'``. A 10-million-row fit with 25 dummy columns therefore costs a handful of
``bincount`` passes instead of a 2 GB dense matrix. The intercept is a factor with one level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.analytics.regression.design import Design

__all__ = ["CHUNK", "CellSums", "Cells", "Layout", "assemble", "cell_sums", "cells_of", "per_row"]

CHUNK = 1 << 18  # rows per accumulation step: bounded temporaries, warm caches
_DIRECT = 1 << 22  # cell spaces up to this size are indexed without compressing


@dataclass(frozen=True)
class Layout:
    """Where each factor's levels and the numeric columns sit in the full-level space."""

    sizes: tuple[int, ...]  # levels per extended factor (intercept first, size 1)
    offsets: tuple[int, ...]
    p: int  # numeric columns
    columns: np.ndarray  # full-space index of each design column, in design order

    @property
    def full(self) -> int:
        return sum(self.sizes) + self.p

    @classmethod
    def of(cls, design: Design) -> Layout:
        sizes = ([1] if design.intercept else []) + [len(f.levels) for f in design.factors]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        cols = [0] if design.intercept else []
        start = 1 if design.intercept else 0
        for f, off in zip(design.factors, offsets[start:], strict=False):
            cols += [int(off) + i for i in f.columns]
        p = design.numeric.shape[1]
        cols += list(range(int(offsets[-1]), int(offsets[-1]) + p))
        return cls(tuple(sizes), tuple(int(o) for o in offsets[:-1]), p, np.array(cols, int))


@dataclass(frozen=True)
class Cells:
    """Every row's cell, and every cell's group and level per extended factor."""

    code: np.ndarray  # (n,) cell of each row
    group: np.ndarray  # (C,) group of each cell
    levels: np.ndarray  # (C, F) level of each extended factor in each cell
    n_groups: int
    row_group: np.ndarray | None  # (n,) group of each row; None for a single group

    @property
    def count(self) -> int:
        return len(self.group)


def cells_of(design: Design, groups: np.ndarray | None = None, n_groups: int = 1) -> Cells:
    """Combine group and factor codes into one cell code per row (compressed if huge)."""
    n = design.nobs
    code = np.zeros(n, dtype=np.int64) if groups is None else groups.astype(np.int64)
    table, radix, space = None, [n_groups], n_groups
    for f in design.factors:
        size = len(f.levels)
        code *= size
        code += f.codes
        radix.append(size)
        space *= size
        if space > _DIRECT:
            cells, code = np.unique(code, return_inverse=True)
            table, radix, space = _decode(cells, table, radix), [], len(cells)
    table = _decode(np.arange(space, dtype=np.int64), table, radix)
    intercept = np.zeros((space, 1 if design.intercept else 0), dtype=np.int64)
    levels = np.hstack([intercept, table[:, 1:]])
    return Cells(code.astype(np.intp), table[:, 0].copy(), levels, n_groups, groups)


def _decode(values: np.ndarray, table: np.ndarray | None, radix: list[int]) -> np.ndarray:
    """Group and factor levels of cell codes: a mixed radix over a compressed prefix."""
    cols, rest = [], values.astype(np.int64)
    for size in reversed(radix):
        cols.append(rest % size)
        rest = rest // size
    head = [table[rest]] if table is not None else []
    return np.column_stack(head + cols[::-1]).astype(np.int64)


@dataclass(frozen=True)
class CellSums:
    """Σv, Σv·z and Σv·y per cell; Σv·zz' and Σv·z·y per group."""

    n: np.ndarray  # (C,)
    z: np.ndarray  # (C, p)
    y: np.ndarray | None  # (C,)
    zz: np.ndarray  # (G, p, p)
    zy: np.ndarray | None  # (G, p)


def cell_sums(cells: Cells, z: np.ndarray, v: np.ndarray | None, y: np.ndarray | None) -> CellSums:
    """Accumulate the sums chunk by chunk (``v=None`` means unit weights)."""
    c, g, p = cells.count, cells.n_groups, z.shape[1]
    n_sum, z_sum = np.zeros(c), np.zeros((c, p))
    y_sum = None if y is None else np.zeros(c)
    zz, zy = np.zeros((g, p, p)), None if y is None else np.zeros((g, p))
    for lo in range(0, len(cells.code), CHUNK):
        sl = slice(lo, lo + CHUNK)
        code, zc = cells.code[sl], z[sl]
        vc = None if v is None else v[sl]
        n_sum += np.bincount(code, vc, minlength=c)
        vz = zc if vc is None else zc * vc[:, None]
        for j in range(p):
            z_sum[:, j] += np.bincount(code, vz[:, j], minlength=c)
        vy = None if y is None else (y[sl] if vc is None else vc * y[sl])
        if vy is not None:
            y_sum += np.bincount(code, vy, minlength=c)
        _group_block(cells, sl, zc, vz, vy, zz, zy)
    return CellSums(n_sum, z_sum, y_sum, zz, zy)


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # einsum's own loop, not BLAS: a threaded ddot stalls for milliseconds on a busy machine
    return float(np.einsum("i,i->", a, b))


def _group_block(cells, sl, zc, vz, vy, zz, zy) -> None:
    # column by column: a row slice of a Fortran array is not contiguous, and BLAS
    # matrix products on it fall back to slow loops; 1-D dots and bincounts do not
    p = zc.shape[1]
    if cells.row_group is None:
        for j in range(p):
            for k in range(j, p):
                zz[0, j, k] += _dot(vz[:, j], zc[:, k])
                zz[0, k, j] = zz[0, j, k]
            if vy is not None:
                zy[0, j] += _dot(vy, zc[:, j])
        return
    grp, g = cells.row_group[sl], cells.n_groups
    for j in range(p):
        for k in range(j, p):
            s = np.bincount(grp, vz[:, j] * zc[:, k], minlength=g)
            zz[:, j, k] += s
            if k != j:
                zz[:, k, j] += s
        if vy is not None:
            zy[:, j] += np.bincount(grp, vy * zc[:, j], minlength=g)


def assemble(layout: Layout, cells: Cells, sums: CellSums) -> tuple[np.ndarray, np.ndarray | None]:
    """Full-level ``X'VX`` (G, K, K) and ``X'Vy`` (G, K) for every group."""
    g, k, f_count = cells.n_groups, layout.full, len(layout.sizes)
    gram = np.zeros((g, k, k))
    xy = None if sums.y is None else np.zeros((g, k))
    num = sum(layout.sizes)
    for a in range(f_count):
        la, oa = layout.sizes[a], layout.offsets[a]
        ia = cells.group * la + cells.levels[:, a]
        for b in range(a, f_count):
            lb, ob = layout.sizes[b], layout.offsets[b]
            idx = ia * lb + cells.levels[:, b]
            block = np.bincount(idx, sums.n, minlength=g * la * lb).reshape(g, la, lb)
            gram[:, oa : oa + la, ob : ob + lb] = block
            gram[:, ob : ob + lb, oa : oa + la] = block.transpose(0, 2, 1)
        for j in range(layout.p):
            col = np.bincount(ia, sums.z[:, j], minlength=g * la).reshape(g, la)
            gram[:, oa : oa + la, num + j] = col
            gram[:, num + j, oa : oa + la] = col
        if xy is not None:
            xy[:, oa : oa + la] = np.bincount(ia, sums.y, minlength=g * la).reshape(g, la)
    gram[:, num:, num:] = sums.zz
    if xy is not None:
        xy[:, num:] = sums.zy
    return gram, xy


def per_row(cells: Cells, per_cell: np.ndarray, z: np.ndarray, per_group_z: np.ndarray | None):
    """``per_cell[cell] + z · per_group_z[group]`` for every row, chunk by chunk."""
    out = np.empty(len(cells.code))
    for lo in range(0, len(cells.code), CHUNK):
        sl = slice(lo, lo + CHUNK)
        val = per_cell[cells.code[sl]]
        if per_group_z is not None:
            grp = None if cells.row_group is None else cells.row_group[sl]
            for j in range(z.shape[1]):
                coef = per_group_z[0, j] if grp is None else per_group_z[grp, j]
                val += z[sl, j] * coef
        out[sl] = val
    return out
