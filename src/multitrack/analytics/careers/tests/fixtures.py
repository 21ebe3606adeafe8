"""A tiny organisation on the starter template where the right answers are known."""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import Frames, validate
from multitrack.core import load
from multitrack.core.templates import path

AS_OF = "2026-06-30"

# id, name, track, band, manager, aspiration, level_since, family
PEOPLE = [
    ("ceo", "Cara", "management", "B8", None, None, "2018-01-01", "engineering"),
    ("dir", "Dev", "management", "B7", "ceo", None, "2019-01-01", "engineering"),
    ("em", "Emma", "management", "B5", "dir", "specialist", "2021-01-01", "engineering"),
    ("p1", "Pat", "specialist", "B4", "em", "specialist", "2023-01-01", "engineering"),
    ("p2", "Quinn", "specialist", "B3", "em", None, "2025-09-01", "engineering"),
    ("staff", "Sam", "specialist", "B5", "dir", None, "2020-01-01", "engineering"),
    ("prin", "Pia", "specialist", "B6", "ceo", None, "2019-06-01", "engineering"),
    ("busy", "Bo", "specialist", "B6", "ceo", None, "2019-06-01", "engineering"),
]


def _people() -> pl.DataFrame:
    rows = []
    for pid, name, track, band, mgr, asp, since, fam in PEOPLE:
        rows.append(
            {
                "person_id": pid,
                "name": name,
                "email": f"{pid}@example.org",
                "family": fam,
                "zone": "core",
                "track": track,
                "band": band,
                "level": f"{track}/{band}",
                "manager_id": mgr,
                "hire_date": dt.date(2018, 1, 1),
                "level_since": dt.date.fromisoformat(since),
                "exit_date": None,
                "exit_reason": None,
                "regretted": None,
                "aspiration": asp,
                "rating": 3.0,
                "fte": 1.0,
                "pay_annual_fte": 90000.0,
                "variable_annual": 0.0,
                "demo_gender": "f" if pid in ("p1", "em") else "m",
            }
        )
    return pl.DataFrame(rows)


# person, competency, step, source, date
ASSESSMENTS = [
    # p1 meets B5 specialist except system-design (needs expert=4, has fluent=3)
    ("p1", "system-design", 3, "manager", "2026-03-01"),
    ("p1", "system-design", 2, "manager", "2025-03-01"),  # older: ignored
    ("p1", "system-design", 3, "self", "2026-03-01"),
    ("p1", "delivery", 3, "manager", "2026-03-01"),
    ("p1", "mentoring", 3, "manager", "2026-03-01"),
    ("p1", "strategy", 2, "manager", "2026-03-01"),
    ("p1", "people-leadership", 1, "manager", "2026-03-01"),
    ("staff", "system-design", 4, "manager", "2026-03-01"),
    ("staff", "people-leadership", 2, "manager", "2026-03-01"),
    ("prin", "system-design", 5, "manager", "2026-03-01"),
    ("busy", "system-design", 5, "manager", "2026-03-01"),
    ("em", "system-design", 5, "manager", "2026-03-01"),
    ("em", "people-leadership", 2, "upward", "2026-03-01"),
    ("dir", "system-design", 5, "manager", "2026-03-01"),
]


def frames() -> Frames:
    fw = load(path("starter"))
    assessments = pl.DataFrame(
        [
            {
                "person_id": p,
                "competency": c,
                "proficiency": s,
                "source": src,
                "date": dt.date.fromisoformat(d),
                "assessor_id": None,
            }
            for p, c, s, src, d in ASSESSMENTS
        ]
    )
    courses = pl.DataFrame(
        {
            "course_id": ["c-arch", "c-lead", "c-nmp"],
            "name": ["Architecture studio", "Leading people", "new manager programme"],
            "competencies": [
                ["system-design"],
                ["people-leadership", "coaching"],
                ["people-leadership"],
            ],
            "hours": [24.0, 16.0, 40.0],
        }
    )
    development = pl.DataFrame(
        {
            "person_id": ["p2", "staff", "em"],  # mentees of Bo: a full load
            "kind": ["mentoring"] * 3,
            "partner_id": ["busy"] * 3,
            "course_id": [None] * 3,
            "start": [dt.date(2026, 1, 1)] * 3,
            "end": [None] * 3,
            "status": ["active"] * 3,
        }
    )
    return Frames(
        framework=fw,
        people=validate("people", _people()),
        assessments=validate("assessments", assessments),
        courses=validate("courses", courses),
        development=validate("development", development),
        as_of=AS_OF,
    )
