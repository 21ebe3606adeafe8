"""Rows of the documented frames for hand-made test organisations: one person in one line."""

from __future__ import annotations

import datetime as dt
from typing import Any


def person(pid: str, track: str, band: str, manager: str | None, **fields: Any) -> dict[str, Any]:
    """A ``people`` row with plain defaults (engineering, core zone, full time, rated 3);
    ``fields`` override columns or add demographic ones (``demo_*``)."""
    hired = fields.pop("hire_date", dt.date(2019, 1, 1))
    row = {
        "person_id": pid,
        "name": pid.title(),
        "email": f"{pid}@x.org",
        "family": "engineering",
        "zone": "core",
        "track": track,
        "band": band,
        "level": f"{track}/{band}",
        "manager_id": manager,
        "hire_date": hired,
        "level_since": hired,
        "exit_date": None,
        "exit_reason": None,
        "regretted": None,
        "aspiration": None,
        "rating": 3.0,
        "fte": 1.0,
        "pay_annual_fte": 1e5,
        "variable_annual": 0.0,
    }
    unknown = {f for f in fields if f not in row and not f.startswith("demo_")}
    if unknown:
        raise KeyError(f"not people columns: {sorted(unknown)}")
    return {**row, **fields}
