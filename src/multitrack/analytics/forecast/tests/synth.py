"""Organisations generated person by person from a known chain, with the events to match.

Used where the true rates must be known: coverage of the intervals, the backtest accuracy,
the CLI, and the estimation benchmark (1M people, 10M events). Everyone in state i moves
each year to j with probability ``probs[i, j]`` or leaves with ``probs[i, k]``; ``hires``
recruits a year are spread by ``r``. Events carry dates inside the year, so the snapshot
logic is exercised; ``noise`` adds that many pay-change events (not state changes) per
person-year on average.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.frames import Frames, validate
from multitrack.core import Framework

AS_OF = dt.date(2026, 6, 30)


def starter_chain(states: StateSpace, seed: int = 7) -> np.ndarray:
    """A plausible (k, k+1) matrix on a state space: stay, permitted moves, exit."""
    rng = np.random.default_rng(seed)
    k = len(states)
    probs = np.zeros((k, k + 1))
    for i in range(k):
        moves = [j for j in range(k) if j != i and states.permitted_mask[i, j]]
        for j in moves:
            same = states.tracks[j] == states.tracks[i]
            probs[i, j] = rng.uniform(0.08, 0.18) if same else rng.uniform(0.01, 0.06)
        probs[i, k] = rng.uniform(0.06, 0.14)
        probs[i, i] = 1.0 - probs[i].sum()
    return probs


class _Log:
    """Collects events as integer arrays; turned into one frame at the end."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, pid, day, kind: int, src, dst) -> None:
        n = len(pid)
        none = np.full(n, -1)
        self.parts.append(
            (pid, day, np.full(n, kind), none if src is None else src, none if dst is None else dst)
        )

    def frame(self, states: StateSpace) -> pl.DataFrame:
        pid, day, kind, src, dst = (np.concatenate(c) for c in zip(*self.parts, strict=True))
        tracks = pl.Series([*states.tracks, None], dtype=pl.String)
        bands = pl.Series([*states.bands, None], dtype=pl.String)
        k = len(states)
        src_ix = np.where(src < 0, k, src)
        dst_ix = np.where(dst < 0, k, dst)
        kinds = np.array(["hire", "promotion", "demotion", "crossover", "exit", "pay_change"])
        return pl.DataFrame(
            {
                "person_id": pl.Series(pid).cast(pl.String).str.zfill(7).str.replace("^", "p"),
                "date": pl.Series(np.datetime64("1970-01-01") + day.astype("timedelta64[D]")),
                "kind": pl.Series(kinds[kind]),
                "from_track": tracks.gather(src_ix),
                "from_band": bands.gather(src_ix),
                "to_track": tracks.gather(dst_ix),
                "to_band": bands.gather(dst_ix),
                "value": pl.Series([None] * len(pid), dtype=pl.Float64),
                "detail": pl.Series([None] * len(pid), dtype=pl.String),
            }
        )


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def simulate_org(
    fw: Framework,
    probs: np.ndarray,
    start: np.ndarray,
    hires: int,
    r: np.ndarray,
    years: int,
    seed: int = 0,
    noise: float = 0.0,
    states: StateSpace | None = None,
) -> Frames:
    """People and events for ``years`` yearly steps ending at :data:`AS_OF`."""
    states = states or StateSpace.from_framework(fw)
    rng = np.random.default_rng(seed)
    k = len(states)
    snaps = [_days(AS_OF.replace(year=AS_OF.year - years + t)) for t in range(years + 1)]
    state = np.repeat(np.arange(k), start.astype(int))
    pid = np.arange(len(state))
    hired = np.full(len(pid) + hires * years, -1, dtype=np.int64)
    left = np.full(len(hired), -1, dtype=np.int64)
    hired[pid] = snaps[0] - rng.integers(1, 3000, len(pid))
    log = _Log()
    log.add(pid, hired[pid], 0, None, state)
    cum = np.cumsum(probs, axis=1)
    kind_of = _kind_matrix(states)
    for t in range(years):
        day = snaps[t] + rng.integers(1, snaps[t + 1] - snaps[t], len(pid))
        out = np.minimum((rng.random(len(pid))[:, None] > cum[state]).sum(axis=1), k)
        gone = out == k
        moved = ~gone & (out != state)
        for code in (1, 2, 3):
            pick = moved & (kind_of[state, np.minimum(out, k - 1)] == code)
            log.add(pid[pick], day[pick], code, state[pick], out[pick])
        log.add(pid[gone], day[gone], 4, state[gone], None)
        left[pid[gone]] = day[gone]
        if noise:
            times = rng.poisson(noise, len(pid))
            log.add(np.repeat(pid, times), np.repeat(day, times), 5, None, None)
        new_id = _new_ids(hired, hires)
        new = rng.choice(k, size=hires, p=r)
        hired[new_id] = snaps[t] + rng.integers(1, snaps[t + 1] - snaps[t], hires)
        log.add(new_id, hired[new_id], 0, None, new)
        pid, state = np.r_[pid[~gone], new_id], np.r_[out[~gone], new]
    events = log.frame(states)
    people = _people(events, hired, left)
    return Frames(
        framework=fw,
        people=validate("people", people),
        events=validate("events", events),
        as_of=AS_OF.isoformat(),
    )


def _new_ids(hired: np.ndarray, n: int) -> np.ndarray:
    first = int(np.flatnonzero(hired < 0)[0])
    return np.arange(first, first + n)


def _kind_matrix(states: StateSpace) -> np.ndarray:
    """1 promotion, 2 demotion, 3 crossover (0 on the diagonal)."""
    codes = {"stay": 0, "promotion": 1, "demotion": 2, "crossover": 3}
    return np.vectorize(codes.get)(states.kinds)


def _people(events: pl.DataFrame, hired: np.ndarray, left: np.ndarray) -> pl.DataFrame:
    last = (
        events.filter(pl.col("kind") != "pay_change")
        .sort("date")
        .group_by("person_id")
        .agg(
            pl.col("to_track").drop_nulls().last().alias("track"),
            pl.col("to_band").drop_nulls().last().alias("band"),
        )
        .sort("person_id")
    )
    num = last["person_id"].str.slice(1).cast(pl.Int64).to_numpy()
    epoch = np.datetime64("1970-01-01")
    exit_day = left[num]
    return last.with_columns(
        name=pl.col("person_id"),
        email=None,
        family=pl.lit("engineering"),
        zone=pl.lit("core"),
        level=pl.concat_str("track", pl.lit("/"), "band"),
        manager_id=None,
        hire_date=pl.Series(epoch + hired[num].astype("timedelta64[D]")),
        level_since=None,
        exit_date=pl.Series(epoch + exit_day.astype("timedelta64[D]")).set(
            pl.Series(exit_day < 0), None
        ),
        exit_reason=None,
        regretted=None,
        aspiration=None,
        rating=None,
        fte=1.0,
        pay_annual_fte=None,
        variable_annual=None,
    )
