"""Snapshots replay history: a hand-worked person with a promotion, a crossover and a move."""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import Frames, validate
from multitrack.analytics.history import state_at, year_ends
from multitrack.core import load
from multitrack.core.templates import path

D = dt.date


def _frames() -> Frames:
    person = {
        "person_id": "p",
        "name": "P",
        "email": "p@x",
        "family": "engineering",
        "zone": "core",
        "track": "management",
        "band": "B5",
        "level": "management/B5",
        "manager_id": "m2",
        "hire_date": D(2020, 1, 1),
        "level_since": D(2024, 1, 1),
        "exit_date": None,
        "exit_reason": None,
        "regretted": None,
        "aspiration": None,
        "rating": 4.0,
        "fte": 1.0,
        "pay_annual_fte": 110000.0,
        "variable_annual": 0.0,
    }
    boss = {
        **person,
        "person_id": "m1",
        "manager_id": None,
        "level": "management/B7",
        "band": "B7",
        "hire_date": D(2015, 1, 1),
    }
    boss2 = {**boss, "person_id": "m2"}

    def ev(day, kind, ft=None, fb=None, tt=None, tb=None, value=None, detail=None):
        return {
            "person_id": "p",
            "date": day,
            "kind": kind,
            "from_track": ft,
            "from_band": fb,
            "to_track": tt,
            "to_band": tb,
            "value": value,
            "detail": detail,
        }

    events = [
        ev(D(2020, 1, 1), "hire", tt="specialist", tb="B3"),
        ev(D(2022, 1, 1), "promotion", "specialist", "B3", "specialist", "B4"),
        ev(D(2022, 6, 1), "rating", value=3.0),
        ev(D(2023, 1, 1), "manager_change", detail="m1"),
        ev(D(2024, 1, 1), "crossover", "specialist", "B4", "management", "B5"),
        ev(D(2025, 1, 1), "manager_change", detail="m2"),
    ]
    pay = [
        {
            "person_id": "p",
            "effective_date": D(2020, 1, 1),
            "base": 5000.0,
            "variable": 0.0,
            "currency": "EUR",
            "period": "month",
            "fte": 1.0,
            "hours_per_week": None,
        },
        {
            "person_id": "p",
            "effective_date": D(2024, 1, 1),
            "base": 100000.0,
            "variable": 0.0,
            "currency": "EUR",
            "period": "year",
            "fte": 1.0,
            "hours_per_week": None,
        },
    ]
    return Frames(
        framework=load(path("starter")),
        people=validate("people", pl.DataFrame([person, boss, boss2])),
        events=validate("events", pl.DataFrame(events)),
        pay=validate("pay", pl.DataFrame(pay)),
    )


def _p(frames: Frames, day: dt.date) -> dict:
    return state_at(frames, day).filter(pl.col("person_id") == "p").row(0, named=True)


def test_state_replays_history() -> None:
    f = _frames()
    assert state_at(f, D(2019, 6, 1)).filter(pl.col("person_id") == "p").height == 0
    early = _p(f, D(2021, 6, 1))
    assert (early["track"], early["band"], early["level"]) == ("specialist", "B3", "specialist/B3")
    assert early["level_since"] == D(2020, 1, 1)
    assert early["last_promotion"] == D(2020, 1, 1)  # never promoted yet: since hire
    assert early["manager_id"] == "m2"  # before the first change: the current manager
    assert early["rating"] == 4.0  # no rating yet: the current one
    # 5000 a month = 60,000 a year, scaled by today's 110,000 over the newest record's 100,000
    assert early["pay_annual_fte"] == 66000.0
    mid = _p(f, D(2023, 6, 1))
    assert (mid["track"], mid["band"], mid["manager_id"]) == ("specialist", "B4", "m1")
    assert mid["level_since"] == D(2022, 1, 1) and mid["last_promotion"] == D(2022, 1, 1)
    assert mid["rating"] == 3.0
    now = _p(f, D(2026, 6, 30))
    assert (now["track"], now["band"], now["manager_id"]) == ("management", "B5", "m2")
    assert now["pay_annual_fte"] == 110000.0


def test_year_ends_stop_at_the_first_hire() -> None:
    f = _frames()
    days = year_ends(f, D(2026, 6, 30), 20)
    assert days[0] == D(2015, 6, 30) and days[-1] == D(2026, 6, 30)
    assert year_ends(f, D(2024, 2, 29), 1) == [D(2023, 2, 28), D(2024, 2, 29)]
