"""Owners and due dates of a plan's actions, by the stated rule, and the plan as a file."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json

import pytest

from multitrack.analytics.careers.planning import DevelopmentPlan, PlanAction, development_plan
from multitrack.analytics.careers.profiles import person_state
from multitrack.analytics.careers.schedule import (
    add_months,
    plan_record,
    schedule_plan,
    write_plan,
)
from multitrack.analytics.careers.tests.fixtures import frames

START = dt.date(2026, 1, 1)  # a 365-day year follows


@pytest.fixture(scope="module")
def org():
    return frames()


@pytest.mark.parametrize(
    ("day", "months", "want"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 3, 31), 18, dt.date(2027, 9, 30)),
    ],
)
def test_add_months_stays_within_the_month(day, months, want) -> None:
    assert add_months(day, months) == want


def test_owners_and_dates_follow_the_rule(org) -> None:
    plan = development_plan(org, "p1", "management/B4")
    got = schedule_plan(plan, person_state(org, "p1"), org.courses, start=START, months=12)
    table = [(a.kind, a.what, a.owner_role, a.owner_id, a.due) for a in got]
    assert table == [
        # two one-off courses at a quarter and three quarters of 365 days (91 and 274)
        ("course", "Leading people", "person", "p1", dt.date(2026, 4, 2)),
        ("course", "new manager programme", "person", "p1", dt.date(2026, 10, 2)),
        ("coaching", "leadership coaching", "manager", "em", dt.date(2027, 1, 1)),
        ("mentoring", "mentoring with Sam", "mentor", "staff", dt.date(2027, 1, 1)),
    ]
    merged = got[1]
    assert merged.course_id == "c-nmp" and "required by the move (training)" in merged.reason
    assert got[3].partner_id == "staff"


def test_coaching_without_a_manager_is_hrs_and_requirements_are_the_persons(org) -> None:
    state = dataclasses.replace(person_state(org, "p1"), manager_id=None)
    plan = DevelopmentPlan("p1", "management/B4", 0.5)
    plan.actions += [
        PlanAction("coaching", "leadership coaching", ("people-leadership",), "HR", "why"),
        PlanAction("requirement", "2 years in level", (), "p1", "move", "years_in_level"),
        PlanAction("requirement", "panel interview", (), "p1", "move", "assessment"),
        PlanAction("requirement", "Architecture studio", (), "p1", "move", "training"),
    ]
    got = schedule_plan(plan, state, org.courses, start=START, months=6)
    assert [(a.kind, a.owner_role, a.owner_id) for a in got] == [
        ("coaching", "HR", None),
        ("experience", "person", "p1"),
        ("assessment", "person", "p1"),
        ("course", "person", "p1"),
    ]
    assert got[3].course_id == "c-arch"  # a required training found in the catalogue by name
    end = add_months(START, 6)
    assert got[0].due == got[1].due == end  # ongoing: due at the horizon's end
    assert START < got[2].due < got[3].due < end


def test_a_horizon_must_be_positive(org) -> None:
    plan = development_plan(org, "p1", "specialist/B5")
    with pytest.raises(ValueError, match="at least one month"):
        schedule_plan(plan, person_state(org, "p1"), org.courses, start=START, months=0)


def test_the_plan_as_json_and_csv(org, tmp_path) -> None:
    plan = development_plan(org, "p1", "management/B4")
    actions = schedule_plan(plan, person_state(org, "p1"), org.courses, start=START, months=12)
    record = plan_record(plan, actions, start=START, months=12)
    back = json.loads(write_plan(tmp_path / "p.json", record).read_text(encoding="utf-8"))
    assert back == json.loads(json.dumps(record))
    assert back["owner_rule"].startswith("courses, experience and assessments")
    with write_plan(tmp_path / "p.csv", record).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["what"] for r in rows] == [a.what for a in actions]
    assert rows[2]["competencies"] == "people-leadership" and rows[0]["due"] == "2026-04-02"
    with pytest.raises(ValueError, match="write a .json or .csv file"):
        write_plan(tmp_path / "p.txt", record)
