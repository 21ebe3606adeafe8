"""Hand-built frames for hand-worked scorecard cases (every figure checkable on paper)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import SCHEMAS, Frames, validate
from multitrack.core import load
from multitrack.core.templates import path

D = dt.date
AS_OF = D(2026, 1, 1)


def rows(name: str, items: list[dict]) -> pl.DataFrame:
    """A frame of the documented schema from partial rows (missing columns are null)."""
    base = dict.fromkeys(SCHEMAS[name])
    return validate(name, pl.DataFrame([{**base, **r} for r in items], schema=SCHEMAS[name]))


def person(pid: str, track: str, band: str, pay: float, **extra) -> dict:
    """A person employed since 2020 in core engineering unless ``extra`` says otherwise."""
    return {
        "person_id": pid,
        "family": "engineering",
        "zone": "core",
        "track": track,
        "band": band,
        "level": f"{track}/{band}",
        "hire_date": D(2020, 1, 1),
        "rating": 3.0,
        "fte": 1.0,
        "pay_annual_fte": pay,
        **extra,
    }


def frames(people: list[dict], events: list[dict] = (), **others: list[dict]) -> Frames:
    """Frames on the starter framework, snapshot 2026-01-01."""
    return Frames(
        framework=load(path("starter")),
        people=rows("people", people),
        events=rows("events", list(events)),
        **{k: rows(k, v) for k, v in others.items()},
        as_of=AS_OF.isoformat(),
    )
