"""A synthetic organisation whose exits follow a known rule, for retention tests.

Managers have an upward-assessment score of 2 (ineffective) or 4 (effective); each year a
report leaves voluntarily with probability ``bad`` under an ineffective manager and ``good``
under an effective one, and twice as likely again when stuck more than three years since
the last promotion. Every leaver is replaced by a hire under the same manager.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames, validate
from multitrack.analytics.tests.builders import person
from multitrack.core import load
from multitrack.core.templates import path

AS_OF = dt.date(2026, 6, 30)


def synthetic(
    teams: int = 60, size: int = 8, good: float = 0.15, bad: float = 0.45, seed: int = 1
) -> Frames:
    rng = np.random.default_rng(seed)
    people, assessments, events = [], [], []
    start = dt.date(2020, 6, 30)
    people.append(_person("ceo", "management", "B8", None, start - dt.timedelta(days=3000)))
    for t in range(teams):
        mid = f"m{t}"
        people.append(_person(mid, "management", "B5", "ceo", start - dt.timedelta(days=2000)))
        score = 2 if t % 2 else 4
        for _ in range(6):
            assessments.append(
                {
                    "person_id": mid,
                    "competency": "people-leadership",
                    "proficiency": score,
                    "source": "upward",
                    "date": start - dt.timedelta(days=30),
                    "assessor_id": None,
                }
            )
        seat = 0
        for s in range(size):
            hired = start - dt.timedelta(days=int(rng.integers(100, 2500)))
            promoted = hired
            current = f"{mid}r{s}"
            while True:
                pid = current
                p = _person(pid, "specialist", "B3", mid, hired, promoted)
                people.append(p)
                events.append(
                    {
                        "person_id": pid,
                        "date": hired,
                        "kind": "hire",
                        "from_track": None,
                        "from_band": None,
                        "to_track": "specialist",
                        "to_band": "B3",
                        "value": None,
                        "detail": None,
                    }
                )
                day, gone = max(start, _next_anniversary(hired)), False
                while day < AS_OF:
                    stuck = (day - promoted).days > 3 * 365
                    rate = (bad if score == 2 else good) * (2.0 if stuck else 1.0)
                    if rng.random() < min(rate, 0.95):
                        exit_day = day + dt.timedelta(days=int(rng.integers(1, 364)))
                        if exit_day <= AS_OF:
                            p["exit_date"], p["exit_reason"] = exit_day, "voluntary"
                            p["regretted"] = bool(rng.random() < 0.5)
                            gone = True
                        break
                    day = day.replace(year=day.year + 1)
                if not gone:
                    break
                seat += 1
                current = f"{mid}r{s}h{seat}"
                hired = p["exit_date"]
                promoted = hired
    fw = load(path("starter"))
    return Frames(
        framework=fw,
        people=validate(
            "people",
            pl.DataFrame(people).with_columns(
                pl.Series("demo_gender", rng.choice(["f", "m"], len(people)))
            ),
        ),
        events=validate("events", pl.DataFrame(events)),
        assessments=validate("assessments", pl.DataFrame(assessments)),
        as_of=AS_OF.isoformat(),
    )


def _person(pid, track, band, mgr, hired, since=None) -> dict:
    return person(
        pid,
        track,
        band,
        mgr,
        hire_date=hired,
        level_since=since or hired,
        name=pid.upper(),
        pay_annual_fte=64000.0,
    )


def _next_anniversary(day: dt.date) -> dt.date:
    nxt = AS_OF.replace(year=day.year)
    return nxt if nxt > day else nxt.replace(year=day.year + 1)
