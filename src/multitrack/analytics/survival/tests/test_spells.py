"""Spells from events and people: hand-worked histories."""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import SCHEMAS
from multitrack.analytics.survival import employment_spells, in_window, level_spells

D = dt.date
AS_OF = D(2026, 1, 1)


def _people(rows):
    base = dict.fromkeys(SCHEMAS["people"])
    return pl.DataFrame([{**base, **r} for r in rows], schema=SCHEMAS["people"])


def _events(rows):
    base = dict.fromkeys(SCHEMAS["events"])
    return pl.DataFrame([{**base, **r} for r in rows], schema=SCHEMAS["events"])


PEOPLE = _people(
    [
        # hired B3 specialist, promoted to B4, crossed to management B4, still there
        {"person_id": "a", "track": "management", "band": "B4", "hire_date": D(2020, 1, 1)},
        # hired, left
        {
            "person_id": "b",
            "track": "specialist",
            "band": "B2",
            "hire_date": D(2022, 1, 1),
            "exit_date": D(2024, 7, 1),
            "exit_reason": "voluntary",
        },
        # no events at all: one spell from level_since
        {
            "person_id": "c",
            "track": "specialist",
            "band": "B5",
            "hire_date": D(2015, 1, 1),
            "level_since": D(2021, 1, 1),
        },
        # history begins with a promotion (hire not in the events)
        {"person_id": "d", "track": "specialist", "band": "B6", "hire_date": D(2018, 1, 1)},
    ]
)
EVENTS = _events(
    [
        {
            "person_id": "a",
            "date": D(2020, 1, 1),
            "kind": "hire",
            "to_track": "specialist",
            "to_band": "B3",
        },
        {
            "person_id": "a",
            "date": D(2022, 1, 1),
            "kind": "promotion",
            "from_track": "specialist",
            "from_band": "B3",
            "to_track": "specialist",
            "to_band": "B4",
        },
        {"person_id": "a", "date": D(2023, 1, 1), "kind": "rating", "value": 4.0},
        {
            "person_id": "a",
            "date": D(2024, 1, 1),
            "kind": "crossover",
            "from_track": "specialist",
            "from_band": "B4",
            "to_track": "management",
            "to_band": "B4",
        },
        {
            "person_id": "b",
            "date": D(2022, 1, 1),
            "kind": "hire",
            "to_track": "specialist",
            "to_band": "B2",
        },
        {"person_id": "b", "date": D(2024, 7, 1), "kind": "exit", "detail": "voluntary"},
        {
            "person_id": "d",
            "date": D(2023, 6, 1),
            "kind": "promotion",
            "from_track": "specialist",
            "from_band": "B5",
            "to_track": "specialist",
            "to_band": "B6",
        },
    ]
)


def _rows(frame):
    return [
        tuple(r)
        for r in frame.select(
            "person_id", "track", "band", "start", "end", "outcome", "to_track", "to_band"
        ).iter_rows()
    ]


def test_level_spells_follow_each_history():
    spells = level_spells(PEOPLE, EVENTS, AS_OF)
    assert _rows(spells) == [
        ("a", "specialist", "B3", D(2020, 1, 1), D(2022, 1, 1), "promoted", "specialist", "B4"),
        ("a", "specialist", "B4", D(2022, 1, 1), D(2024, 1, 1), "crossover", "management", "B4"),
        ("a", "management", "B4", D(2024, 1, 1), AS_OF, "censored", None, None),
        ("b", "specialist", "B2", D(2022, 1, 1), D(2024, 7, 1), "left", None, None),
        ("c", "specialist", "B5", D(2021, 1, 1), AS_OF, "censored", None, None),
        ("d", "specialist", "B5", D(2018, 1, 1), D(2023, 6, 1), "promoted", "specialist", "B6"),
        ("d", "specialist", "B6", D(2023, 6, 1), AS_OF, "censored", None, None),
    ]


def test_events_after_the_snapshot_are_censored_at_it():
    spells = level_spells(PEOPLE, EVENTS, D(2023, 1, 1))
    a = spells.filter(pl.col("person_id") == "a")
    assert _rows(a)[-1] == (
        "a",
        "specialist",
        "B4",
        D(2022, 1, 1),
        D(2023, 1, 1),
        "censored",
        None,
        None,
    )
    assert spells.filter(pl.col("start") > D(2023, 1, 1)).height == 0


def test_employment_spells_and_window():
    emp = employment_spells(PEOPLE, AS_OF)
    got = {
        r["person_id"]: (r["start"], r["end"], r["left"], r["voluntary"]) for r in emp.to_dicts()
    }
    assert got["b"] == (D(2022, 1, 1), D(2024, 7, 1), True, True)
    assert got["c"] == (D(2015, 1, 1), AS_OF, False, False)
    win = in_window(emp, D(2024, 1, 1), AS_OF)
    c = win.filter(pl.col("person_id") == "c").row(0, named=True)
    assert c["entry"] == (D(2024, 1, 1) - D(2015, 1, 1)).days
    assert c["duration"] == (AS_OF - D(2015, 1, 1)).days
    assert c["exposure"] == (AS_OF - D(2024, 1, 1)).days
    spells = level_spells(PEOPLE, EVENTS, AS_OF)
    seen = in_window(spells, D(2024, 1, 1), AS_OF)
    # a's first two spells ended at or before the window start
    assert seen.filter(pl.col("person_id") == "a").height == 1
