"""A regression design held as integer codes and numeric columns, never as a dummy matrix.

A categorical regressor is one array of level codes (from polars' physical codes) plus its
level labels and the level left out; the engine turns codes into sufficient statistics by
counting, so ten million rows with thirty dummy columns never become a 2 GB dense matrix.
Column names follow statsmodels/patsy with the ``T.`` dropped: ``Intercept``,
``track[specialist]``, ``track:band[specialist:B3]``, ``tenure``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

__all__ = ["Design", "DesignError", "Factor", "factorize"]

# A crossed factor whose full cell count exceeds this is compressed to its observed cells.
_DIRECT_CELLS = 1 << 16


class DesignError(ValueError):
    """A design cannot be built from the frame (missing column, unknown reference level…)."""


@dataclass(frozen=True)
class Factor:
    """One categorical regressor: codes 0..L-1 over the observed levels, in level order."""

    name: str
    codes: np.ndarray
    levels: tuple[str, ...]
    reference: int | None  # index of the level left out; None keeps every level
    unused: tuple[str, ...] = ()  # declared levels (Enum) nobody has
    counts: np.ndarray | None = field(default=None, repr=False, compare=False)  # per level

    @property
    def columns(self) -> list[int]:
        """Level indices that get a column (all but the reference)."""
        return [i for i in range(len(self.levels)) if i != self.reference]

    @property
    def names(self) -> list[str]:
        return [f"{self.name}[{self.levels[i]}]" for i in self.columns]


def _order_codes(raw: np.ndarray, labels: list[str], keys: list | None = None) -> Factor:
    """Compress raw non-negative codes to observed levels, sorted by ``keys`` (or labels)."""
    counts = np.bincount(raw) if raw.size else np.zeros(0, dtype=np.int64)
    observed = np.flatnonzero(counts)
    sort_keys = keys if keys is not None else labels
    order = sorted(range(len(observed)), key=lambda i: sort_keys[observed[i]])
    levels = tuple(labels[observed[i]] for i in order)
    kept = counts[observed[order]]
    if len(observed) == len(counts) and order == list(range(len(order))):
        return Factor("", raw, levels, None, counts=kept)  # already 0..L-1 in order
    small = np.uint8 if len(observed) < 256 else np.int32
    remap = np.zeros(max(len(counts), 1), dtype=small)
    remap[observed[order]] = np.arange(len(observed), dtype=small)
    return Factor("", remap[raw], levels, None, counts=kept)


def factorize(series: pl.Series) -> Factor:
    """Integer codes and sorted level labels of a column (no string keys per row).

    Enum columns keep their declared order (undeclared-but-unused levels are reported);
    strings and categoricals sort like patsy; integers and booleans sort numerically.
    """
    dtype = series.dtype
    if isinstance(dtype, pl.Enum):
        cats = dtype.categories.to_list()
        raw = series.to_physical().to_numpy()
        fac = _order_codes(raw, cats, keys=list(range(len(cats))))
        unused = tuple(c for c in cats if c not in set(fac.levels))
        return Factor(series.name, fac.codes, fac.levels, None, unused, fac.counts)
    if dtype == pl.String:
        series = series.cast(pl.Categorical)
        dtype = series.dtype
    if isinstance(dtype, pl.Categorical):
        raw = series.to_physical().to_numpy()
        observed = np.flatnonzero(np.bincount(raw)) if raw.size else np.zeros(0, np.int64)
        names = _category_names(observed, dtype)
        labels = [""] * (int(raw.max()) + 1 if raw.size else 0)
        for code, name in zip(observed.tolist(), names, strict=True):
            labels[code] = name
        fac = _order_codes(raw, labels)
        return Factor(series.name, fac.codes, fac.levels, None, counts=fac.counts)
    if dtype == pl.Boolean or dtype.is_integer():
        return _integer_factor(series)
    raise DesignError(f"column '{series.name}' ({dtype}) cannot be a categorical regressor")


def _integer_factor(series: pl.Series) -> Factor:
    values = series.cast(pl.Int64).to_numpy()
    low = int(values.min()) if values.size else 0
    span = int(values.max()) - low + 1 if values.size else 0
    if span <= _DIRECT_CELLS:
        raw, keys = values - low, list(range(low, low + span))
    else:
        uniq, raw = np.unique(values, return_inverse=True)
        keys = uniq.tolist()
    if series.dtype == pl.Boolean:
        labels = ["True" if k else "False" for k in keys]
    else:
        labels = [str(k) for k in keys]
    fac = _order_codes(raw, labels, keys=keys)
    return Factor(series.name, fac.codes, fac.levels, None, counts=fac.counts)


def _category_names(codes: np.ndarray, dtype: pl.DataType) -> list[str]:
    physical = pl.Series(codes, dtype=pl.UInt32)
    try:
        return physical.cat.to(dtype).cast(pl.String).to_list()
    except (pl.exceptions.PolarsError, AttributeError):  # API marked unstable in polars 2
        return dtype.categories.to_series().gather(physical).to_list()


def cross(factors: Sequence[Factor], name: str) -> Factor:
    """One factor over the observed combinations of several (cell-means coding)."""
    code = factors[0].codes.astype(np.int64)
    labels = list(factors[0].levels)
    for f in factors[1:]:
        width = len(f.levels)
        code *= width
        code += f.codes
        if len(labels) * width <= _DIRECT_CELLS:
            labels = [f"{a}:{b}" for a in labels for b in f.levels]
            continue
        cells, inverse = np.unique(code, return_inverse=True)
        code = inverse.astype(np.int64)
        labels = [f"{labels[c // width]}:{f.levels[c % width]}" for c in cells.tolist()]
    fac = _order_codes(code, labels, keys=list(range(len(labels))))
    return Factor(name, fac.codes, fac.levels, None, counts=fac.counts)


def _default_reference(f: Factor) -> int:
    counts = f.counts if f.counts is not None else np.bincount(f.codes, minlength=len(f.levels))
    return int(np.argmax(counts))  # first of the most frequent, in level order


def _null_mask(frame: pl.DataFrame, columns: Sequence[str]) -> np.ndarray | None:
    """Rows with every column present and finite (None when that is every row)."""
    floats = [c for c in columns if frame.schema[c].is_float()]
    checks = [pl.col(c).null_count().alias(f"null {c}") for c in columns]
    checks += [(pl.col(c).is_nan() | pl.col(c).is_infinite()).sum().alias(c) for c in floats]
    if not columns or not any(frame.select(checks).row(0)):
        return None
    exprs = [pl.col(c).is_null() for c in columns]
    exprs += [pl.col(c).is_nan() | pl.col(c).is_infinite() for c in floats]
    return ~frame.select(pl.any_horizontal(exprs)).to_series().to_numpy()


@dataclass(frozen=True)
class Design:
    """Regressors of one model: an intercept, factors (codes) and numeric columns."""

    numeric_names: tuple[str, ...]
    numeric: np.ndarray  # (n, p), Fortran order, float64
    factors: tuple[Factor, ...]
    intercept: bool
    n_input: int  # rows of the frame the design came from
    keep: np.ndarray | None = None  # rows of that frame used (None: all)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def nobs(self) -> int:
        return self.numeric.shape[0]

    @property
    def dropped(self) -> int:
        """Rows left out because a regressor was missing."""
        return 0 if self.keep is None else int(self.n_input - self.keep.sum())

    @property
    def names(self) -> list[str]:
        out = ["Intercept"] if self.intercept else []
        for f in self.factors:
            out += f.names
        return out + list(self.numeric_names)

    @property
    def references(self) -> dict[str, str | None]:
        return {
            f.name: None if f.reference is None else f.levels[f.reference] for f in self.factors
        }

    def dense(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The design matrix as dense floats: for tests, small data and the QR fallback only."""
        take = slice(None) if rows is None else rows
        m = self.nobs if rows is None else len(rows)
        cols = [np.ones(m)] if self.intercept else []
        for f in self.factors:
            codes = f.codes[take]
            cols += [(codes == i).astype(np.float64) for i in f.columns]
        cols += [self.numeric[take, j] for j in range(self.numeric.shape[1])]
        return np.column_stack(cols) if cols else np.zeros((m, 0))

    def rows(self, values: np.ndarray | pl.Series, what: str = "values") -> np.ndarray:
        """``values`` aligned with the design's rows (given per frame row or per design row)."""
        arr = values.to_numpy() if isinstance(values, pl.Series) else np.asarray(values)
        if len(arr) == self.n_input and self.keep is not None:
            return arr[self.keep]
        if len(arr) == self.nobs:
            return arr
        raise DesignError(
            f"{what} has {len(arr)} rows; the design has {self.nobs} "
            f"(from a frame of {self.n_input})"
        )

    @classmethod
    def from_frame(
        cls,
        frame: pl.DataFrame,
        *,
        numeric: Sequence[str] = (),
        categorical: Sequence[str] = (),
        reference: Mapping[str, str] | None = None,
        interactions: Sequence[Sequence[str]] = (),
        intercept: bool = True,
    ) -> Design:
        """Build a design; rows with a missing regressor are left out (``dropped``).

        ``interactions`` are tuples of categorical columns crossed into one factor named
        ``a:b`` over the observed combinations; give them instead of their main effects.
        """
        numeric, categorical = list(numeric), list(categorical)
        crossed = [list(t) for t in interactions]
        used = list(dict.fromkeys(numeric + categorical + [c for t in crossed for c in t]))
        missing = [c for c in used if c not in frame.columns]
        if missing:
            raise DesignError(
                f"columns not in the frame: {', '.join(missing)} "
                f"(available: {', '.join(frame.columns)})"
            )
        keep = _null_mask(frame, used)
        data = frame.select(used)
        if keep is not None:
            data = data.filter(pl.Series(keep))
        factors = [factorize(data[c]) for c in categorical]
        for combo in crossed:
            factors.append(cross([factorize(data[c]) for c in combo], ":".join(combo)))
        factors = _with_references(factors, dict(reference or {}), intercept)
        rows = frame.height if keep is None else int(keep.sum())  # select([]) has no rows
        z = np.empty((rows, len(numeric)), dtype=np.float64, order="F")
        for j, c in enumerate(numeric):
            if not frame.schema[c].is_numeric() and frame.schema[c] != pl.Boolean:
                raise DesignError(f"column '{c}' ({frame.schema[c]}) is not numeric")
            z[:, j] = data[c].cast(pl.Float64).to_numpy()
        return cls(tuple(numeric), z, tuple(factors), intercept, frame.height, keep)


def _with_references(
    factors: list[Factor], reference: dict[str, str], intercept: bool
) -> list[Factor]:
    unknown = set(reference) - {f.name for f in factors}
    if unknown:
        raise DesignError(f"reference given for columns that are not factors: {sorted(unknown)}")
    out = []
    for i, f in enumerate(factors):
        if not intercept and i == 0:
            ref = None  # full-rank coding of the first factor, as patsy does
        elif f.name in reference:
            want = str(reference[f.name])
            if want not in f.levels:
                raise DesignError(
                    f"reference level '{want}' of '{f.name}' is not present "
                    f"(levels: {', '.join(f.levels)})"
                )
            ref = f.levels.index(want)
        else:
            ref = _default_reference(f) if f.levels else None
        out.append(Factor(f.name, f.codes, f.levels, ref, f.unused, f.counts))
    return out
