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


@dataclass(frozen=True)
class _Coded:
    """State events as sorted integer arrays: person, day, same-day order, state code."""

    pid: np.ndarray
    day: np.ndarray  # days since 1970-01-01
    prio: np.ndarray  # hire 0, moves 1, exit 2: the order of events on one day
    code: np.ndarray  # state index; k = not employed; k + 1 = a level outside the states
    recorded: int | None = None  # first day with both moves and exits recorded

    @classmethod
    def of(cls, pid, day, prio, code, recorded=None) -> _Coded:
        order = np.lexsort((prio, day, pid))
        return cls(pid[order], day[order], prio[order], code[order], recorded)


def _state_code(states: StateSpace, track: str, band: str) -> pl.Expr:
    """The state index of ``track``/``band`` columns (k + 1 when not a state)."""
    index = {key: i for i, key in enumerate(states.keys)}
    key = pl.concat_str(track, pl.lit("/"), band)
    return key.replace_strict(index, default=len(states) + 1, return_dtype=pl.Int64).fill_null(
        len(states) + 1
    )


def _days(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Int64)


_COLUMNS = ("day", "prio", "code", "move", "hire", "source")


def _coded_events(frames: Frames, states: StateSpace) -> _Coded:
    """The events frame's state events plus the hires and exits ``people`` implies."""
    k = len(states)
    ev = frames.events.filter(
        pl.col("kind").is_in(STATE_KINDS) & pl.col("date").is_not_null()
    ).select(
        "person_id",
        day=_days("date"),
        prio=pl.col("kind").replace_strict(_PRIORITY, default=2, return_dtype=pl.Int8),
        move=pl.col("kind").is_in(_MOVES),
        hire=pl.col("kind") == "hire",
        code=pl.when(pl.col("kind") == "exit")
        .then(pl.lit(k, pl.Int64))
        .otherwise(_state_code(states, "to_track", "to_band")),
        source=_state_code(states, "from_track", "from_band"),
    )
    people = frames.people.select(
        "person_id",
        hired=_days("hire_date"),
        gone=_days("exit_date"),
        now=_state_code(states, "track", "band"),
    )
    ids = pl.concat([ev["person_id"], people["person_id"]]).rank("dense").cast(pl.Int64) - 1
    pid, person = ids[: ev.height].to_numpy(), ids[ev.height :].to_numpy()
    cols = {c: ev[c].to_numpy() for c in _COLUMNS}
    order = np.lexsort((cols["prio"], cols["day"], pid))  # sort once: person, day, order
    pid, cols = pid[order], {c: a[order] for c, a in cols.items()}
    extra = _implied(pid, cols, people, person, k)
    own = (pid, cols["day"], cols["prio"], cols["code"])
    both = (np.concatenate([a, x]) for a, x in zip(own, extra, strict=True))
    return _Coded.of(*both, recorded=_recorded(cols, k))


def _recorded(cols: dict[str, np.ndarray], k: int) -> int | None:
    """The later of the first recorded move and the first recorded exit (as a day)."""
    firsts = [cols["day"][mask].min() for mask in (cols["move"], cols["code"] == k) if mask.any()]
    return int(max(firsts)) if firsts else None


def _implied(pid, cols, people, person, k: int) -> tuple[np.ndarray, ...]:
    """Hire events for people without one (in the state before their first move, or their
    current state) and exit events for people gone whose last event is not an exit.

    ``pid`` and ``cols`` are sorted by person, day and same-day order.
    """
    n = int(max(pid.max(initial=-1), person.max(initial=-1))) + 1
    hired = np.bincount(pid, weights=cols["hire"], minlength=n) > 0
    last = np.full(n, -1, dtype=np.int64)
    ends = np.r_[pid[1:] != pid[:-1], True] if len(pid) else np.zeros(0, bool)
    last[pid[ends]] = cols["code"][ends]
    first_from = np.full(n, -1, dtype=np.int64)
    mp, src = pid[cols["move"]], cols["source"][cols["move"]]
    starts = np.r_[True, mp[1:] != mp[:-1]] if len(mp) else np.zeros(0, bool)
    first_from[mp[starts]] = src[starts]
    hire_day, gone_day = people["hired"].to_numpy(), people["gone"].to_numpy()
    need_hire = ~people["hired"].is_null().to_numpy() & ~hired[person]
    need_exit = ~people["gone"].is_null().to_numpy() & (last[person] != k)
    h, x = person[need_hire], person[need_exit]
    state = np.where(first_from[h] >= 0, first_from[h], people["now"].to_numpy()[need_hire])
    return (
        np.r_[h, x],
        np.r_[hire_day[need_hire], gone_day[need_exit]].astype(np.int64),
        np.r_[np.zeros(len(h)), np.full(len(x), 2)].astype(np.int8),
        np.r_[state, np.full(len(x), k)].astype(np.int64),
    )


def _window_start(end: dt.date, recorded: int | None) -> dt.date | None:
    """The last anniversary of ``end`` on or before moves *and* exits are both recorded."""
    if recorded is None:
        return None
    first = _date(recorded)
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
    if len(ev.day) == 0:
        raise ForecastError("no dated events or hire dates: nothing to estimate from")
    end = as_of or frames.as_of or _date(int(ev.day.max()))
    end = dt.date.fromisoformat(end) if isinstance(end, str) else end
    start = _window_start(end, ev.recorded) or _date(int(ev.day.min()))
    dates = snapshot_dates(end, start, max_years)
    if len(dates) < 2:
        raise ForecastError(
            f"history from {start} to {end} spans less than one year: need two yearly snapshots"
        )
    return _count(ev, states, dates)


def _date(days: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=days)


def _count(ev: _Coded, states: StateSpace, dates: list[dt.date]) -> History:
    k, K = len(states), len(dates)
    snaps = np.array([(d - dt.date(1970, 1, 1)).days for d in dates])
    snap_ix = np.searchsorted(snaps, ev.day, side="left")  # first snapshot on or after
    keep = snap_ix < K
    pid, snap_ix, code = ev.pid[keep], snap_ix[keep], ev.code[keep]
    # events are sorted by person and time: the last one per (person, snapshot) counts
    last = np.r_[(pid[1:] != pid[:-1]) | (snap_ix[1:] != snap_ix[:-1]), True]
    n = int(ev.pid.max()) + 1 if len(ev.pid) else 0
    changes = np.full((n, K), -1, dtype=np.int16)
    changes[pid[last], snap_ix[last]] = code[last]
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
