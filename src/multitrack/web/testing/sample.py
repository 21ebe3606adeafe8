"""A tiny organisation built by hand, covering every frame, null and edge value we store.

Tests build on it (and on ``multitrack.demo`` for larger organisations); the answers about
it are known because every row is written here.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import SCHEMAS, Frames, validate
from multitrack.core import load
from multitrack.core.templates import path

D = dt.date


def _frame(name: str, rows: list[tuple], extra: dict[str, pl.DataType] | None = None):
    schema = {**SCHEMAS[name], **(extra or {})}
    return validate(name, pl.DataFrame(rows, schema=schema, orient="row"))


# person, name, email, family, zone, track, band, manager, hire, level_since, exit, reason,
# regretted, aspiration, rating, fte, pay_annual_fte, variable_annual, gender, age, carer
PEOPLE = [
    (
        "ceo",
        "Cara Ö",
        "cara@example.org",
        "engineering",
        "core",
        "management",
        "B8",
        None,
        D(2018, 1, 1),
        D(2018, 1, 1),
        None,
        None,
        None,
        None,
        4.0,
        1.0,
        250000.0,
        50000.0,
        "f",
        51,
        False,
    ),
    (
        "em",
        "Emma",
        "emma@example.org",
        "engineering",
        "core",
        "management",
        "B5",
        "ceo",
        D(2019, 3, 1),
        D(2021, 1, 1),
        None,
        None,
        None,
        "specialist",
        3.5,
        1.0,
        120000.0,
        0.0,
        "f",
        38,
        True,
    ),
    (
        "p1",
        'Pat "P", Jr',
        "",
        "design",
        "remote",
        "specialist",
        "B4",
        "em",
        D(2020, 5, 4),
        D(2023, 1, 1),
        None,
        None,
        None,
        None,
        3.0,
        0.5,
        90000.0,
        None,
        None,
        29,
        None,
    ),
    (
        "gone",
        "Gus",
        None,
        "engineering",
        "core",
        "specialist",
        "B3",
        "em",
        D(2019, 1, 7),
        D(2019, 1, 7),
        D(2024, 6, 30),
        "voluntary",
        True,
        None,
        None,
        1.0,
        70000.0,
        0.0,
        "m",
        None,
        False,
    ),
]
DEMOGRAPHICS = {"demo_gender": pl.String(), "demo_age": pl.Int64(), "demo_carer": pl.Boolean()}


def people() -> pl.DataFrame:
    rows = [(*r[:6], r[6], f"{r[5]}/{r[6]}", *r[7:]) for r in PEOPLE]
    return _frame("people", rows, DEMOGRAPHICS)


def frames(as_of: str = "2026-06-30") -> Frames:
    """The sample organisation on the starter template."""
    fw = load(path("starter"))
    events = _frame(
        "events",
        [
            ("ceo", D(2018, 1, 1), "hire", None, None, "management", "B8", 240000.0, None),
            ("em", D(2019, 3, 1), "hire", None, None, "specialist", "B4", 90000.0, None),
            ("em", D(2021, 1, 1), "crossover", "specialist", "B4", "management", "B5", None, None),
            ("em", D(2021, 1, 1), "manager_change", None, None, None, None, None, "ceo"),
            ("em", D(2025, 3, 1), "rating", None, None, None, None, 3.5, None),
            ("p1", D(2020, 5, 4), "hire", None, None, "specialist", "B3", 40000.0, None),
            ("p1", D(2023, 1, 1), "promotion", "specialist", "B3", "specialist", "B4", None, ""),
            ("gone", D(2019, 1, 7), "hire", None, None, "specialist", "B3", 65000.0, None),
            ("gone", D(2024, 6, 30), "exit", "specialist", "B3", None, None, None, "voluntary"),
        ],
    )
    pay = _frame(
        "pay",
        [
            ("ceo", D(2018, 1, 1), 240000.0, 50000.0, "EUR", "year", 1.0, 40.0),
            ("ceo", D(2024, 1, 1), 250000.0, 50000.0, "EUR", "year", 1.0, 40.0),
            ("em", D(2021, 1, 1), 10000.25, None, "EUR", "month", 1.0, None),
            ("p1", D(2023, 1, 1), 43.27, 0.0, "GBP", "hour", 0.5, 20.0),
            ("gone", D(2019, 1, 7), 65000.0, 0.0, "EUR", "year", 1.0, 40.0),
        ],
    )
    assessments = _frame(
        "assessments",
        [
            ("p1", "system-design", 3, "manager", D(2026, 3, 1), "em"),
            ("p1", "system-design", 3, "self", D(2026, 3, 1), None),
            ("em", "people-leadership", 2, "upward", D(2026, 3, 1), "p1"),
        ],
    )
    return Frames(
        framework=fw,
        as_of=as_of,
        people=people(),
        events=events,
        pay=pay,
        assessments=assessments,
        workgroups=_frame(
            "workgroups", [("arch", "Architecture board", True), ("guild", "", False)]
        ),
        memberships=_frame(
            "memberships",
            [("arch", "p1", D(2024, 1, 1), None), ("arch", "ceo", D(2020, 1, 1), D(2022, 1, 1))],
        ),
        projects=_frame("projects", [("apollo", "Apollo", 3), ("z", "Zed", 1)]),
        assignments=_frame("assignments", [("apollo", "em", "lead", D(2025, 1, 1), None)]),
        development=_frame(
            "development",
            [
                ("p1", "mentoring", "ceo", None, D(2025, 1, 1), None, "active"),
                ("p1", "training", None, "sd101", D(2025, 2, 1), D(2025, 3, 1), "done"),
            ],
        ),
        courses=_frame(
            "courses",
            [
                ("sd101", "System design 101", ["system-design", "delivery"], 16.0),
                ("empty", "No competencies", [], None),
            ],
        ),
    )
