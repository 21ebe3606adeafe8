"""Organisations generated person by person from a known chain, with the events to match.

Used where the true rates must be known: coverage of the intervals, the backtest accuracy,
the CLI, and the estimation benchmark (1M people, 10M events). Everyone in state i moves
each year to j with probability ``P[i, j]`` or leaves with ``w[i]``; ``hires`` recruits a
year are spread by ``r``. Events carry dates inside the year, so the snapshot logic is
exercised; ``noise`` adds that many non-state events (pay changes) per person-year.
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
    """A plausible (k, k+1) matrix on a state space: stay, one band up, crossovers, exit."""
    rng = np.random.default_rng(seed)
    k = len(states)
    probs = np.zeros((k, k + 1))
    for i in range(k):
        exit_rate = rng.uniform(0.06, 0.14)
        ups = [j for j in range(k) if (i, j) != (i, i) and states.permitted_mask[i, j]]
        moves = {j: rng.uniform(0.02, 0.12) / max(1, len(ups) - 1) for j in ups}
        for j in ups:
            if states.tracks[j] == states.tracks[i]:
                moves[j] = rng.uniform(0.08, 0.18)
        for j, p in moves.items():
            probs[i, j] = p
        probs[i, k] = exit_rate
        probs[i, i] = 1.0 - probs[i].sum()
    return probs


def _move_kind(states: StateSpace, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ta = np.array(states.tracks, dtype=object)
    same = ta[a] == ta[b]
    up = states.ranks[b] > states.ranks[a]
    return np.where(~same, "crossover", np.where(up, "promotion", "demotion"))


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
    dates = [AS_OF.replace(year=AS_OF.year - years + t) for t in range(years + 1)]
    state = np.repeat(np.arange(k), start.astype(int))
    pid = np.arange(len(state))
    hire_day = np.array(
        [dates[0] - dt.timedelta(days=int(d)) for d in rng.integers(1, 3000, len(state))]
    )
    ev = [_events(pid, hire_day, "hire", None, state, states)]
    hire_dates = {int(p): d for p, d in zip(pid, hire_day, strict=True)}
    next_id = len(state)
    cum = np.cumsum(probs, axis=1)
    exits: dict[int, dt.date] = {}
    for t in range(years):
        day = np.array(
            [dates[t] + dt.timedelta(days=int(d)) for d in rng.integers(1, 365, len(pid))]
        )
        u = rng.random(len(pid))
        out = (u[:, None] > cum[state]).sum(axis=1)
        out = np.minimum(out, k)
        gone = out == k
        moved = ~gone & (out != state)
        ev.append(_events(pid[moved], day[moved], None, state[moved], out[moved], states))
        ev.append(_events(pid[gone], day[gone], "exit", state[gone], None, states))
        exits.update({int(p): d for p, d in zip(pid[gone], day[gone], strict=True)})
        if noise:
            pick = rng.random(len(pid)) < noise
            ev.append(_noise(pid[pick], day[pick]))
        keep = ~gone
        pid, state = pid[keep], out[keep]
        new = rng.choice(k, size=hires, p=r)
        new_id = np.arange(next_id, next_id + hires)
        next_id += hires
        hday = np.array([dates[t] + dt.timedelta(days=int(d)) for d in rng.integers(1, 365, hires)])
        ev.append(_events(new_id, hday, "hire", None, new, states))
        hire_dates.update({int(p): d for p, d in zip(new_id, hday, strict=True)})
        pid, state = np.r_[pid, new_id], np.r_[state, new]
    events = pl.concat([e for e in ev if e.height], how="diagonal_relaxed")
    people = _people(events, hire_dates, exits)
    return Frames(
        framework=fw,
        people=validate("people", people),
        events=validate("events", events),
        as_of=AS_OF.isoformat(),
    )


def _split(states: StateSpace, codes) -> tuple[list, list]:
    if codes is None:
        return None, None
    t = np.array(states.tracks, dtype=object)[codes]
    b = np.array(states.bands, dtype=object)[codes]
    return t.tolist(), b.tolist()


def _events(pid, day, kind, src, dst, states: StateSpace) -> pl.DataFrame:
    ft, fb = _split(states, src)
    tt, tb = _split(states, dst)
    n = len(pid)
    if kind is None:
        kinds = _move_kind(states, src, dst).tolist()
    else:
        kinds = [kind] * n
    return pl.DataFrame(
        {
            "person_id": [f"p{p:07d}" for p in pid],
            "date": pl.Series(day.tolist(), dtype=pl.Date),
            "kind": kinds,
            "from_track": ft if ft is not None else [None] * n,
            "from_band": fb if fb is not None else [None] * n,
            "to_track": tt if tt is not None else [None] * n,
            "to_band": tb if tb is not None else [None] * n,
            "value": [None] * n,
            "detail": [None] * n,
        },
        schema_overrides=dict.fromkeys(
            ("from_track", "from_band", "to_track", "to_band", "detail"), pl.String
        )
        | {"value": pl.Float64},
    )


def _noise(pid, day) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_id": [f"p{p:07d}" for p in pid],
            "date": pl.Series(day.tolist(), dtype=pl.Date),
            "kind": "pay_change",
            "value": 1.0,
        }
    )


def _people(events: pl.DataFrame, hires: dict, exits: dict) -> pl.DataFrame:
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
    ids = last["person_id"].to_list()
    num = [int(p[1:]) for p in ids]
    return last.with_columns(
        name=pl.col("person_id"),
        email=None,
        family=pl.lit("engineering"),
        zone=pl.lit("core"),
        level=pl.concat_str("track", pl.lit("/"), "band"),
        manager_id=None,
        hire_date=pl.Series([hires[n] for n in num], dtype=pl.Date),
        level_since=None,
        exit_date=pl.Series([exits.get(n) for n in num], dtype=pl.Date),
        exit_reason=None,
        regretted=None,
        aspiration=None,
        rating=None,
        fte=1.0,
        pay_annual_fte=None,
        variable_annual=None,
    )
