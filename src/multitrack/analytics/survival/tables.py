"""Event tables: the counting step every nonparametric survival estimate starts from.

n spells become one row per (group, distinct exit time) with the weighted counts that leave
(by cause) and the weight at risk; the estimators then work on that small table with
segmented cumulative sums. Two routes, same result:

- times on an integer grid (days, months — what spells built from dates give): one
  ``numpy.bincount`` over ``(group, time, cause)`` keys, O(n) with no sort;
- other times: a polars hash group-by.

Risk-set convention (left truncation): a spell is at risk at ``t`` when
``entry < t <= duration``; without ``entry`` everyone is at risk from time 0 (events at 0
included), as in lifelines. Spells with ``entry == duration`` carry nothing and are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = [
    "GRID_LIMIT",
    "EventTable",
    "as_inputs",
    "event_table",
    "factorize",
    "integral",
    "segmented_cumsum",
]

GRID_LIMIT = 50_000_000  # cells of the (group, time, cause) grid before falling back to hashing


@dataclass(frozen=True)
class EventTable:
    """Counts per (group, distinct exit time), sorted by group then time.

    ``removed`` is the weight leaving at ``time`` (events and censored), ``observed[:, k]``
    the weight of events of cause ``causes[k]``, ``at_risk`` the weight at risk at ``time``.
    ``starts`` indexes the first row of each group (in ``labels`` order); ``codes`` gives
    each row's group position.
    """

    labels: list
    codes: np.ndarray
    starts: np.ndarray
    time: np.ndarray
    removed: np.ndarray
    observed: np.ndarray
    causes: tuple[int, ...]
    at_risk: np.ndarray

    @property
    def deaths(self) -> np.ndarray:
        """All-cause events per row."""
        return self.observed.sum(axis=1)

    @property
    def keys(self) -> pl.Series:
        """Each row's group label, for frames."""
        return pl.Series("group", self.labels).gather(self.codes)

    def cause_column(self, cause: int) -> np.ndarray:
        return self.observed[:, self.causes.index(cause)] if cause in self.causes else 0 * self.time


def _codes(events, n: int) -> np.ndarray:
    """Event codes as non-negative integers, without a copy when they already are."""
    if events is None:
        return np.ones(n, dtype=np.int64)
    e = np.asarray(events)
    if e.dtype == bool:
        return e.view(np.uint8)
    return e if e.dtype.kind in "iu" else e.astype(np.int64)


def as_inputs(
    durations, events, entry=None, weights=None, *, fill_weights: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Check and convert spell inputs; events are cause codes (0 = censored, True = 1).
    Without ``weights`` every spell weighs 1 (``None`` comes back when not ``fill_weights``).

    Raises ValueError naming the problem (lengths, negative or missing durations, entry after
    the end of a spell, non-positive weights).
    """
    t = np.asarray(durations, dtype=float)
    n = t.shape[0]
    e = _codes(events, n)
    if e.shape[0] != n:
        raise ValueError(f"events has {e.shape[0]} values for {n} durations")
    if n and not t.min() >= 0:  # NaN fails too
        if np.isnan(t).any():
            raise ValueError("durations contain missing values")
        raise ValueError("durations must be non-negative")
    if n and e.dtype.kind == "i" and e.min() < 0:
        raise ValueError("event codes must be 0 (censored) or a positive cause")
    w = None
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        if w.shape[0] != n or np.isnan(w).any() or (n and w.min() <= 0):
            raise ValueError("weights must be positive, one per duration")
    elif fill_weights:
        w = np.ones(n)
    a = None
    if entry is not None:
        a = np.asarray(entry, dtype=float)
        if a.shape[0] != n or np.isnan(a).any():
            raise ValueError("entry must have one value per duration, none missing")
        if (a > t).any():
            raise ValueError("entry must not be after the end of the spell")
    return t, e, a, w


def factorize(groups, n: int) -> tuple[np.ndarray, list]:
    """Group labels to dense codes 0..k-1 (labels sorted) without a per-row Python loop."""
    if groups is None:
        return np.zeros(n, dtype=np.int64), ["all"]
    g = groups.to_numpy() if isinstance(groups, pl.Series) else np.asarray(groups)
    if g.shape[0] != n:
        raise ValueError(f"groups has {g.shape[0]} values for {n} durations")
    if n and np.issubdtype(g.dtype, np.integer) and int(g.max()) - int(g.min()) < 10_000_000:
        low = int(g.min())
        shifted = g - low if low else g
        present = np.flatnonzero(np.bincount(shifted))
        labels = [int(v) + low for v in present]
        if len(present) == present[-1] + 1:  # already dense codes 0..k-1
            return shifted.astype(np.int64, copy=False), labels
        lookup = np.zeros(present[-1] + 1, dtype=np.int64)
        lookup[present] = np.arange(len(present))
        return lookup[shifted], labels
    if g.dtype.kind in "OUS":
        s = pl.Series(g, dtype=pl.String)
        if s.null_count():
            raise ValueError("groups contain missing values")
        labels = s.unique().sort()
        codes = s.cast(pl.Enum(labels.to_list())).to_physical().to_numpy().astype(np.int64)
        return codes, labels.to_list()
    labels_arr, codes = np.unique(g, return_inverse=True)
    return codes.astype(np.int64), labels_arr.tolist()


def integral(x: np.ndarray) -> bool:
    """All values whole numbers (days): the bincount route applies."""
    return bool(np.array_equal(x, np.floor(x)))


def event_table(durations, events=None, *, entry=None, weights=None, groups=None) -> EventTable:
    """Aggregate spells into an :class:`EventTable` (one row per group and exit time)."""
    t, e, a, w = as_inputs(durations, events, entry, weights, fill_weights=False)
    codes, labels = factorize(groups, t.shape[0])
    if a is not None and (a >= t).any():
        keep = a < t
        t, e, a, codes = t[keep], e[keep], a[keep], codes[keep]
        w = None if w is None else w[keep]
    if not t.size:
        return _hashed_table(t, e, a, w, codes, labels, ())
    whole = t.astype(np.int64)
    span = int(whole.max()) + 2
    top = int(e.max())
    slots = top + 1 if top < 16 else None  # cause codes index the grid directly
    cells = span * len(labels) * (slots or len(np.unique(e)))
    if cells <= GRID_LIMIT and np.array_equal(whole, t) and (a is None or integral(a)):
        return _grid_table(whole, e, a, w, codes, labels, span, slots)
    present = np.unique(e)
    return _hashed_table(t, e, a, w, codes, labels, tuple(int(c) for c in present if c > 0))


def _grid_table(whole, e, a, w, codes, labels, span, slots) -> EventTable:
    """``whole``: the integer times (overwritten: they become the grid keys)."""
    if slots is None:
        present = np.unique(e)
        slot = np.zeros(int(present[-1]) + 1, dtype=np.int64)
        slot[present] = np.arange(len(present))
        e, slots, names = slot[e], len(present), present
    else:
        names = np.arange(slots)
    key = whole
    key *= slots
    key += e
    if len(labels) > 1:
        key += codes * (span * slots)
    k = slots
    grid = np.bincount(key, weights=w, minlength=len(labels) * span * k).astype(float, copy=False)
    grid = grid.reshape(len(labels), span, k)
    removed = grid.sum(axis=2)
    gone_before = np.cumsum(removed, axis=1) - removed
    if a is None:
        entered = np.broadcast_to(removed.sum(axis=1, keepdims=True), removed.shape)
    else:
        ent = np.bincount(codes * span + a.astype(np.int64), weights=w, minlength=removed.size)
        ent = ent.reshape(removed.shape)
        entered = np.cumsum(ent, axis=1) - ent
    at_risk = entered - gone_before
    rows = np.flatnonzero(removed.ravel() > 0)
    gcode, tt = np.divmod(rows, span)
    starts = np.flatnonzero(np.diff(gcode, prepend=-1))
    used = [c for c in range(k) if names[c] > 0 and grid[:, :, c].any()]
    observed = grid.reshape(-1, k)[rows][:, used]
    return EventTable(
        [labels[i] for i in gcode[starts]],
        np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(rows)))),
        starts,
        tt.astype(float),
        removed.ravel()[rows],
        observed,
        tuple(int(names[c]) for c in used),
        at_risk.ravel()[rows],
    )


def _hashed_table(t, e, a, w, codes, labels, causes) -> EventTable:
    w = np.ones(len(t)) if w is None else w
    exits = pl.DataFrame({"g": codes, "t": t, "w": w, "e": e})
    by_cause = [(pl.col("w") * (pl.col("e") == c)).sum().alias(f"c{c}") for c in causes]
    table = exits.group_by("g", "t").agg(pl.col("w").sum(), *by_cause).sort("g", "t")
    gcode = table.get_column("g").to_numpy()
    time = table.get_column("t").to_numpy()
    removed = table.get_column("w").to_numpy()
    starts = np.flatnonzero(np.diff(gcode, prepend=-1))
    observed = np.column_stack(
        [table.get_column(f"c{c}").to_numpy() for c in causes] or [np.zeros((len(time), 0))]
    )
    gone_before = segmented_cumsum(removed, starts) - removed
    if a is None:
        totals = np.bincount(codes, weights=w, minlength=len(labels))
        entered = totals[gcode]
    else:
        order = np.lexsort((a, codes))
        a_sorted, g_sorted = a[order], codes[order]
        cum = np.concatenate([[0.0], np.cumsum(w[order])])
        # position of the first entry at or after (group, t): entries strictly before t
        lo = np.searchsorted(g_sorted, gcode, side="left")
        idx = lo + _searchsorted_within(a_sorted, g_sorted, gcode, time)
        entered = cum[idx] - cum[lo]
    used = gcode[starts]
    return EventTable(
        [labels[i] for i in used],
        np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(time)))),
        starts,
        time,
        removed,
        observed,
        causes,
        entered - gone_before,
    )


def _searchsorted_within(a_sorted, g_sorted, gcode, time) -> np.ndarray:
    """For each (group, time), how many of that group's sorted entries are below ``time``."""
    out = np.empty(len(time), dtype=np.int64)
    for g in np.unique(gcode):
        lo, hi = np.searchsorted(g_sorted, [g, g + 1])
        rows = gcode == g
        out[rows] = np.searchsorted(a_sorted[lo:hi], time[rows], side="left")
    return out


def segmented_cumsum(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Cumulative sums restarting at every index in ``starts`` (along the first axis).

    One ``cumsum`` per segment (segments are groups, a few hundred at most): carrying one
    running sum across groups would lose precision and turn an infinite step into NaN.
    """
    out = np.empty_like(values, dtype=float)
    bounds = np.append(starts, len(values))
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        np.cumsum(values[lo:hi], axis=0, out=out[lo:hi])
    return out
