"""Snapshots and counts from hand-written events, where every count is known."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.snapshots import history, snapshot_dates
from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.forecast.tests.synth import simulate_org, starter_chain
from multitrack.analytics.frames import Frames, empty, validate
from multitrack.analytics.history import state_at
from multitrack.core import load
from multitrack.core.templates import path

D = dt.date


def _frames(events: list[tuple], people: list[tuple], as_of="2026-06-30") -> Frames:
    ev = pl.DataFrame(
        [
            {
                "person_id": p,
                "date": d,
                "kind": k,
                "from_track": ft,
                "from_band": fb,
                "to_track": tt,
                "to_band": tb,
                "value": None,
                "detail": None,
            }
            for p, d, k, ft, fb, tt, tb in events
        ],
        schema=empty("events").schema,
    )
    base = dict.fromkeys(empty("people").columns)
    rows = [
        base
        | {"person_id": p, "track": t, "band": b, "level": f"{t}/{b}", "hire_date": h}
        | {"exit_date": x}
        for p, t, b, h, x in people
    ]
    return Frames(
        framework=load(path("starter")),
        events=validate("events", ev),
        people=validate("people", pl.DataFrame(rows, schema=empty("people").schema)),
        as_of=as_of,
    )


S = "specialist"
M = "management"

EVENTS = [
    # ann: hired 2023 at B3, promoted 2025-03 to B4, still there
    ("ann", D(2023, 1, 10), "hire", None, None, S, "B3"),
    ("ann", D(2025, 3, 1), "promotion", S, "B3", S, "B4"),
    # bob: promoted to B5 in 2024-09, crosses to management B5 on the snapshot date 2025-06-30
    ("bob", D(2024, 9, 1), "promotion", S, "B4", S, "B5"),
    ("bob", D(2025, 6, 30), "crossover", S, "B5", M, "B5"),
    # cat: leaves 2025-01 (exit event), rehired 2025-11 at B2
    ("cat", D(2020, 5, 1), "hire", None, None, S, "B2"),
    ("cat", D(2025, 1, 15), "exit", S, "B2", None, None),
    ("cat", D(2025, 11, 1), "hire", None, None, S, "B2"),
    # dan: hired and promoted on the same day (the hire comes first)
    ("dan", D(2024, 8, 1), "hire", None, None, S, "B1"),
    ("dan", D(2024, 8, 1), "promotion", S, "B1", S, "B2"),
    # eve: a level that is not in the framework (specialist/B9)
    ("eve", D(2024, 1, 1), "hire", None, None, S, "B9"),
    # pay changes are not state changes
    ("ann", D(2025, 4, 1), "pay_change", None, None, None, None),
]
PEOPLE = [
    ("ann", S, "B4", D(2023, 1, 10), None),
    ("bob", M, "B5", D(2019, 2, 1), None),  # no hire event: one is made at 2019-02-01
    ("cat", S, "B2", D(2025, 11, 1), None),
    ("dan", S, "B2", D(2024, 8, 1), None),
    ("eve", S, "B9", D(2024, 1, 1), None),
    ("fay", M, "B6", D(2018, 1, 1), D(2025, 2, 1)),  # no events at all; exit_date only
]


def test_snapshot_dates_are_anniversaries():
    assert snapshot_dates(D(2026, 6, 30), D(2024, 6, 30)) == [
        D(2024, 6, 30),
        D(2025, 6, 30),
        D(2026, 6, 30),
    ]
    assert snapshot_dates(D(2024, 2, 29), D(2022, 1, 1)) == [
        D(2022, 2, 28),
        D(2023, 2, 28),
        D(2024, 2, 29),
    ]
    assert len(snapshot_dates(D(2026, 6, 30), D(2000, 1, 1), max_years=3)) == 4


def test_counts_from_events():
    h = history(_frames(EVENTS, PEOPLE))
    st = h.states
    # the first move or exit is bob's promotion 2024-09-01: snapshots from 2024-06-30
    assert h.dates == (D(2024, 6, 30), D(2025, 6, 30), D(2026, 6, 30))
    ix = st.index
    # 2024-06-30: ann S/B3, bob S/B4 (before his first move), cat S/B2, fay M/B6;
    #             dan not yet hired; eve at B9 (outside the framework)
    at0 = {st.keys[i]: int(c) for i, c in enumerate(h.stocks[0]) if c}
    assert at0 == {"specialist/B2": 1, "specialist/B3": 1, "specialist/B4": 1, "management/B6": 1}
    # 2025-06-30: ann S/B4, bob M/B5 (crossover dated on the snapshot counts), dan S/B2;
    #             cat gone (rehired later), fay gone
    at1 = {st.keys[i]: int(c) for i, c in enumerate(h.stocks[1]) if c}
    assert at1 == {"specialist/B4": 1, "management/B5": 1, "specialist/B2": 1}
    # 2026-06-30: cat back at B2
    at2 = {st.keys[i]: int(c) for i, c in enumerate(h.stocks[2]) if c}
    assert at2 == {"specialist/B4": 1, "management/B5": 1, "specialist/B2": 2}
    k = len(st)
    year1 = h.flows[0]
    assert year1[ix["specialist/B3"], ix["specialist/B4"]] == 1  # ann promoted
    assert year1[ix["specialist/B4"], ix["management/B5"]] == 1  # bob, two moves in a year
    assert year1[ix["specialist/B2"], k] == 1  # cat left
    assert year1[ix["management/B6"], k] == 1  # fay left (from people.exit_date)
    assert year1.sum() == 4
    assert h.hires[0][ix["specialist/B2"]] == 1  # dan: hired into B1 and promoted the same day
    assert h.hires[0].sum() == 1
    year2 = h.flows[1]
    assert year2[ix["specialist/B4"], ix["specialist/B4"]] == 1
    assert year2[ix["management/B5"], ix["management/B5"]] == 1
    assert year2[ix["specialist/B2"], ix["specialist/B2"]] == 1
    assert h.hires[1][ix["specialist/B2"]] == 1  # cat's rehire
    # eve at a level outside the framework: 3 person-snapshots left out
    assert h.outside == 3


def test_unusable_history_is_a_clear_error():
    with pytest.raises(ForecastError, match="nothing to estimate"):
        history(_frames([], []))
    short = [("ann", D(2026, 1, 10), "hire", None, None, S, "B3")]
    short += [("ann", D(2026, 3, 1), "promotion", S, "B3", S, "B4")]
    # moves recorded only after the as-of date: no year of history before it
    with pytest.raises(ForecastError, match="less than one year"):
        history(_frames(short, [("ann", S, "B4", D(2026, 1, 10), None)], as_of="2026-02-01"))


def test_stocks_agree_with_the_shared_point_in_time_view():
    # analytics.history.state_at replays the same events for one date at a time
    fw = load(path("starter"))
    states = StateSpace.from_framework(fw)
    r = np.zeros(len(states))
    r[:3] = (0.5, 0.3, 0.2)
    frames = simulate_org(fw, starter_chain(states), np.full(len(states), 20.0), 60, r, 3)
    h = history(frames)
    for t, day in enumerate(h.dates):
        view = state_at(frames, day).group_by("level").len()
        expected = dict(zip(view["level"], view["len"], strict=True))
        got = {k: int(c) for k, c in zip(states.keys, h.stocks[t], strict=True) if c}
        assert got == expected
