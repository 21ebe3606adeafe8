"""Owners and due dates for a development plan's actions, and the plan as a file.

The same rule serves a plan saved in the database (``multitrack plan --db --save``) and a
plan exported from frames (``--export``), so what is exported is what would be saved.

The stated rules
- *Owners*: courses, experience and assessments are the person's own; mentoring is the
  mentor's; coaching is the manager's to arrange (HR's when the person has no manager).
- *Due dates* over a horizon of N months from the day the plan is made: one-off actions
  (courses, assessments) are spread evenly in the order shown, the i-th of n due at
  (i − ½)/n of the horizon (one course: half-way; two: at a quarter and three quarters);
  mentoring, coaching and experience run through it and are due at its end.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import polars as pl

from multitrack.analytics.careers.planning import DevelopmentPlan, PlanAction
from multitrack.analytics.careers.profiles import PersonState

__all__ = [
    "DUE_RULE",
    "EXPORT_SUFFIXES",
    "KINDS",
    "OWNER_RULE",
    "ScheduledAction",
    "add_months",
    "plan_record",
    "schedule_plan",
    "write_plan",
]

OWNER_RULE = (
    "courses, experience and assessments are the person's own; mentoring is the mentor's; "
    "coaching is the manager's to arrange (HR's when there is no manager)"
)
DUE_RULE = (
    "courses and assessments are spread evenly over the horizon in the order shown "
    "(the i-th of n due at (i - 1/2)/n of it); "
    "mentoring, coaching and experience run through it and are due at its end"
)
KINDS = ("course", "mentoring", "coaching", "experience", "assessment")
ONGOING = frozenset({"mentoring", "coaching", "experience"})
EXPORT_SUFFIXES = (".json", ".csv")
# a requirement check's kind -> the kind of action that meets it
REQUIREMENT_KINDS = {
    "years_in_level": "experience",
    "training": "course",
    "assessment": "assessment",
}


@dataclass(frozen=True)
class ScheduledAction:
    """A plan's action with its owner (a role, and who when known) and its due date."""

    kind: str  # one of KINDS
    what: str
    competencies: tuple[str, ...]
    owner_role: str  # person | mentor | manager | HR
    owner_id: str | None
    due: dt.date
    reason: str
    course_id: str | None = None
    partner_id: str | None = None  # the mentor, for mentoring


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the month (31 Jan + 1 month = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _course_index(courses: pl.DataFrame) -> dict[str, str]:
    """Course id and name (case-blind) -> course id."""
    out: dict[str, str] = {}
    for cid, name in courses.select("course_id", "name").iter_rows():
        out[cid.casefold()] = cid
        if name:
            out.setdefault(name.casefold(), cid)
    return out


def _owner(action: PlanAction, kind: str, state: PersonState) -> tuple[str, str | None]:
    if kind == "mentoring":
        return "mentor", action.ref
    if kind == "coaching":
        return ("manager", state.manager_id) if state.manager_id else ("HR", None)
    return "person", state.person_id


def _kinds(
    plan: DevelopmentPlan, courses: dict[str, str]
) -> list[tuple[PlanAction, str, str | None]]:
    """Each action with its stored kind and catalogue course.

    A required training already listed as a course merges into that course's action.
    """
    out: list[tuple[PlanAction, str, str | None]] = []
    listed: dict[str, int] = {}
    for a in plan.actions:
        kind, course = a.kind, (a.ref if a.kind == "course" else None)
        if a.kind == "requirement":
            kind = REQUIREMENT_KINDS.get(a.ref or "", "assessment")
            course = courses.get(a.what.casefold()) if kind == "course" else None
            if course in listed:
                i = listed[course]
                prev = out[i][0]
                out[i] = (replace(prev, reason=f"{prev.reason}; {a.reason}"), "course", course)
                continue
        if course is not None:
            listed[course] = len(out)
        out.append((a, kind, course))
    return out


def schedule_plan(
    plan: DevelopmentPlan,
    state: PersonState,
    courses: pl.DataFrame,
    *,
    start: dt.date,
    months: int = 12,
) -> list[ScheduledAction]:
    """The plan's actions with owners and due dates by the rules of this module.

    Raises ValueError when ``months`` is not positive.
    """
    if months < 1:
        raise ValueError(f"the horizon must be at least one month, not {months}")
    end = add_months(start, months)
    kinds = _kinds(plan, _course_index(courses))
    one_off = [i for i, (_, kind, _) in enumerate(kinds) if kind not in ONGOING]
    out = []
    for i, (a, kind, course) in enumerate(kinds):
        if kind in ONGOING:
            due = end
        else:
            share = (one_off.index(i) + 0.5) / len(one_off)
            due = start + dt.timedelta(days=round((end - start).days * share))
        role, owner = _owner(a, kind, state)
        partner = a.ref if kind == "mentoring" else None
        out.append(
            ScheduledAction(
                kind, a.what, a.competencies, role, owner, due, a.reason, course, partner
            )
        )
    return out


def plan_record(
    plan: DevelopmentPlan, actions: list[ScheduledAction], *, start: dt.date, months: int
) -> dict[str, object]:
    """The plan as plain data (for JSON output and export)."""
    return {
        "person_id": plan.person_id,
        "target": plan.target,
        "readiness": plan.readiness,
        "made_on": start.isoformat(),
        "horizon_months": months,
        "owner_rule": OWNER_RULE,
        "due_rule": DUE_RULE,
        "note": plan.note,
        "actions": [
            {**asdict(a), "competencies": list(a.competencies), "due": a.due.isoformat()}
            for a in actions
        ],
    }


def write_plan(path: Path, record: dict[str, object]) -> Path:
    """Write a plan record as JSON, or as CSV (one row per action), by the file's suffix.

    Raises ValueError for another suffix, OSError when the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path
    if suffix != ".csv":
        raise ValueError(f"{path}: write a .json or .csv file, not {suffix or 'no suffix'}")
    head = {k: record[k] for k in ("person_id", "target", "readiness", "made_on")}
    actions: list[dict] = record["actions"]  # type: ignore[assignment]
    fields = [*head, *ScheduledAction.__dataclass_fields__]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for a in actions:
            writer.writerow({**head, **a, "competencies": ";".join(a["competencies"])})
    return path
