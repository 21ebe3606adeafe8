"""Yearly snapshots of who was in which state, derived from the effective-dated events.

The Markov model is estimated from consecutive snapshots (Anderson & Goodman 1957): at each
snapshot date every person is in one state or not employed. A person's state at a date is
the target of their last state-changing event on or before it (hire, promotion, demotion,
crossover, version move; an exit means not employed). People with no hire event get one at
``people.hire_date`` in the state they held before their first move (or their current
state); people with an ``exit_date`` whose last event is not an exit get one. Snapshot dates
are the anniversaries of ``as_of``, back to the last one on or before the date from which
both moves and exits are recorded (the later of the first move and the first exit): hire
dates, and sometimes career moves, reach back long before the rest was recorded, and years
without recorded exits (or moves) would read as years in which nobody left (or moved).

Counting between snapshots t and t+1: ``flows[t, i, j]`` people in i at t and j at t+1
(``j = k`` means left), ``hires[t, j]`` people not employed at t and in j at t+1. Someone
hired and gone within one year is never seen: the usual limit of snapshot data.

:func:`multitrack.analytics.history.state_at` gives the full view of one date (manager,
pay, rating…) for structure and retention; this module needs only the state, at every
snapshot and for every person at once, so it codes the events to integers and makes one
pass (estimation from 10M events), and it follows rehires through the events. Where both
apply they agree (a test pins it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.frames import Frames

__all__ = ["STATE_KINDS", "History", "history", "snapshot_dates"]

STATE_KINDS = ("hire", "promotion", "demotion", "crossover", "version_move", "exit")
_MOVES = ("promotion", "demotion", "crossover", "version_move")
_PRIORITY = {"hire": 0, "promotion": 1, "demotion": 1, "crossover": 1, "version_move": 1}


@dataclass(frozen=True)
class History:
    """Stocks and flows between yearly snapshots; the counts every estimate is made from."""

    states: StateSpace
    dates: tuple[dt.date, ...]
    stocks: np.ndarray  # (K, k) people per state at each snapshot
    flows: np.ndarray  # (K-1, k, k+1) moves between consecutive snapshots; last column: left
    hires: np.ndarray  # (K-1, k) entrants at t+1 who were not employed at t
    outside: int = 0  # person-snapshots in levels that are not states (left out)

    @property
    def years(self) -> int:
        return len(self.dates) - 1

    def upto(self, last: int) -> History:
        """The history up to snapshot ``last`` (inclusive): the estimation window of a backtest."""
        if not 1 <= last < len(self.dates):
            raise ValueError(f"snapshot {last} outside 1..{len(self.dates) - 1}")
        return History(
            self.states,
            self.dates[: last + 1],
            self.stocks[: last + 1],
            self.flows[:last],
            self.hires[:last],
            self.outside,
        )


def _anniversary(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def snapshot_dates(as_of: dt.date, start: dt.date, max_years: int | None = None) -> list[dt.date]:
    """Anniversaries of ``as_of`` from the first one on or after ``start``, oldest first."""
    out = [as_of]
    while True:
        prev = _anniversary(as_of, out[0].year - 1)
        if prev < start or (max_years is not None and len(out) > max_years):
            break
        out.insert(0, prev)
    return out


def _people_events(frames: Frames, ev: pl.LazyFrame) -> pl.LazyFrame:
    """Hire and exit events implied by ``people`` where the events frame lacks them."""
    moves = pl.col("kind").is_in(_MOVES)
    per = (
        ev.sort("person_id", "date", "prio")
        .group_by("person_id")
        .agg(
            pl.col("kind").last().alias("last"),
            (pl.col("kind") == "hire").any().alias("hired"),
            pl.col("from_track").filter(moves).first().alias("ft"),
            pl.col("from_band").filter(moves).first().alias("fb"),
        )
    )
    people = (
        frames.people.lazy()
        .select("person_id", "hire_date", "exit_date", "track", "band")
        .join(per, on="person_id", how="left")
    )
    hires = people.filter(
        pl.col("hire_date").is_not_null() & ~pl.col("hired").fill_null(False)
    ).select(
        "person_id",
        pl.col("hire_date").alias("date"),
        pl.lit("hire").alias("kind"),
        pl.coalesce("ft", "track").alias("to_track"),
        pl.coalesce("fb", "band").alias("to_band"),
        pl.lit(0, pl.Int8).alias("prio"),
    )
    exits = people.filter(
        pl.col("exit_date").is_not_null() & (pl.col("last").fill_null("") != "exit")
    ).select(
        "person_id",
        pl.col("exit_date").alias("date"),
        pl.lit("exit").alias("kind"),
        pl.lit(None, pl.String).alias("to_track"),
        pl.lit(None, pl.String).alias("to_band"),
        pl.lit(2, pl.Int8).alias("prio"),
    )
    return pl.concat([hires, exits])


def _coded_events(frames: Frames, states: StateSpace) -> pl.DataFrame:
    """State events with integer person codes and state codes (k = left, k+1 = outside)."""
    k = len(states)
    ev = (
        frames.events.lazy()
        .filter(pl.col("kind").is_in(STATE_KINDS))
        .select("person_id", "date", "kind", "from_track", "from_band", "to_track", "to_band")
        .with_columns(
            prio=pl.col("kind").replace_strict(_PRIORITY, default=2, return_dtype=pl.Int8)
        )
        .collect()  # used twice below
        .lazy()
    )
    own = ev.select("person_id", "date", "kind", "to_track", "to_band", "prio")
    codes = pl.LazyFrame(
        {
            "to_track": list(states.tracks),
            "to_band": list(states.bands),
            "code": np.arange(k, dtype=np.int64),
        },
        schema={"to_track": pl.String, "to_band": pl.String, "code": pl.Int64},
    )
    return (
        pl.concat([own, _people_events(frames, ev)])
        .filter(pl.col("date").is_not_null())
        .join(codes, on=["to_track", "to_band"], how="left")
        .select(
            pid=pl.col("person_id").rank("dense").cast(pl.Int64) - 1,
            date="date",
            prio="prio",
            code=pl.when(pl.col("kind") == "exit")
            .then(pl.lit(k, pl.Int64))
            .otherwise(pl.col("code").fill_null(k + 1)),
        )
        .collect()
    )


def _window_start(frames: Frames, end: dt.date) -> dt.date | None:
    """The last anniversary of ``end`` on or before moves *and* exits are both recorded."""
    ev = frames.events
    firsts = [
        ev.filter(pl.col("kind").is_in(_MOVES))["date"].min(),
        ev.filter(pl.col("kind") == "exit")["date"].min(),
    ]
    firsts = [d for d in firsts if d is not None]
    if not firsts:
        return None
    first = max(firsts)
    start = _anniversary(end, first.year)
    return start if start <= first else _anniversary(end, first.year - 1)


def history(
    frames: Frames,
    states: StateSpace | None = None,
    *,
    as_of: dt.date | str | None = None,
    max_years: int | None = None,
) -> History:
    """Snapshots and flow counts from the frames (see the module docstring for the rules).

    Raises ForecastError when there is no dated history at all, or less than two snapshots.
    """
    states = states or StateSpace.from_framework(frames.framework)
    ev = _coded_events(frames, states)
    if ev.height == 0:
        raise ForecastError("no dated events or hire dates: nothing to estimate from")
    end = as_of or frames.as_of or ev["date"].max()
    end = dt.date.fromisoformat(end) if isinstance(end, str) else end
    start = _window_start(frames, end) or ev["date"].min()
    dates = snapshot_dates(end, start, max_years)
    if len(dates) < 2:
        raise ForecastError(
            f"history from {start} to {end} spans less than one year: need two yearly snapshots"
        )
    return _count(ev, states, dates)


def _count(ev: pl.DataFrame, states: StateSpace, dates: list[dt.date]) -> History:
    k, K = len(states), len(dates)
    snap = pl.Series(dates, dtype=pl.Date)
    ev = (
        ev.with_columns(snap_ix=snap.search_sorted(ev["date"], side="left").cast(pl.Int64))
        .filter(pl.col("snap_ix") < K)
        .sort("pid", "date", "prio")
        .unique(subset=["pid", "snap_ix"], keep="last", maintain_order=True)
    )
    n = int(ev["pid"].max()) + 1 if ev.height else 0
    changes = np.full((n, K), -1, dtype=np.int16)
    changes[ev["pid"].to_numpy(), ev["snap_ix"].to_numpy()] = ev["code"].to_numpy()
    width = k + 2
    stocks = np.zeros((K, k), dtype=np.int64)
    flows = np.zeros((K - 1, k, k + 1), dtype=np.int64)
    hires = np.zeros((K - 1, k), dtype=np.int64)
    outside = 0
    current = np.full(n, k, dtype=np.int64)  # not employed before any event
    for t in range(K):
        col = changes[:, t]
        nxt = np.where(col >= 0, col, current)
        counts = np.bincount(nxt, minlength=width)
        stocks[t] = counts[:k]
        outside += int(counts[k + 1])
        if t:
            pairs = np.bincount(current * width + nxt, minlength=width * width)
            pairs = pairs.reshape(width, width)
            flows[t - 1] = pairs[:k, : k + 1]
            hires[t - 1] = pairs[k, :k]
        current = nxt
    return History(states, tuple(dates), stocks, flows, hires, outside)
