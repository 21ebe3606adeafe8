"""Ids hashed to 64 bits and sorted once: which ids repeat, and where an id first occurs.

A join or a duplicate check on strings hashes every string and probes a table in random
memory order. Here the ids' 64-bit hashes are radix-sorted (polars) and the wanted ids,
sorted the same way, are matched by one sequential merge (binary search of sorted queries),
as :func:`multitrack.analytics.structure.tree.code_tree` does; unlike it, ids may repeat or
be missing (a file being checked has both). Callers confirm every match on the strings, so
a hash collision (vanishingly rare) only sends them down their exact path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = ["HashIndex", "repeated_rows"]

_SEED = 7


def _sorted(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(order, hashes in that order) of ``values``."""
    h = values.hash(seed=_SEED)
    order = h.arg_sort().to_numpy().astype(np.int64)
    return order, h.to_numpy()[order]


@dataclass(frozen=True)
class HashIndex:
    """The distinct hashes of an id column's non-null ids, with the row where each first
    occurs."""

    hashes: np.ndarray  # sorted, distinct
    first: np.ndarray  # row (in the column) of the first id with each hash
    repeated: bool  # some hash occurs on more than one row

    @classmethod
    def of(cls, ids: pl.Series) -> HashIndex:
        rows = ids.is_not_null().arg_true() if ids.null_count() else None
        order, hashes = _sorted(ids if rows is None else ids.gather(rows))
        start = np.ones(len(hashes), dtype=bool)
        np.not_equal(hashes[1:], hashes[:-1], out=start[1:])
        starts = np.flatnonzero(start)
        first = np.minimum.reduceat(order, starts) if len(order) else order
        if rows is not None:
            first = rows.to_numpy().astype(np.int64)[first]
        return cls(hashes[starts], first, len(starts) < len(hashes))

    def find(self, wanted: pl.Series) -> np.ndarray:
        """Per wanted id, the first row whose id has its hash, or −1 (also for nulls)."""
        out = np.full(len(wanted), -1, dtype=np.int64)
        if len(self.hashes) == 0 or len(wanted) == 0:
            return out
        order, hashes = _sorted(wanted)
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        out[order] = np.where(self.hashes[at] == hashes, self.first[at], -1)
        if wanted.null_count():
            out[wanted.is_null().to_numpy()] = -1
        return out


def repeated_rows(values: pl.Series) -> pl.Series | None:
    """Rows whose value's hash occurs more than once (a superset of the rows whose value
    repeats), or None when no hash repeats, the common case, found by one sort."""
    h = values.hash(seed=_SEED)
    s = np.sort(h.to_numpy())
    same = s[1:] == s[:-1]
    if not same.any():
        return None
    return h.is_in(pl.Series(np.unique(s[1:][same])).implode())
