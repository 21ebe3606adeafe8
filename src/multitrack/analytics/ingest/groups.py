"""Workgroups and projects: one row per membership (or assignment), the group on every row.

A row names the group (an id, or a name that then serves as the id) and optionally a person
with start and end dates; a row without a person just declares the group. Attributes of a
group repeated on several rows (its name, whether it is cross-functional, its visibility)
must agree.
"""

from __future__ import annotations

import polars as pl

from multitrack.analytics.ingest.checks import Rows
from multitrack.analytics.ingest.refs import Context

__all__ = ["read_projects", "read_workgroups"]

VISIBILITY = {"low": "1", "medium": "2", "med": "2", "high": "3", "1": "1", "2": "2", "3": "3"}
ROLE_SYNONYMS = {
    "leader": "lead", "project lead": "lead", "project leader": "lead", "owner": "lead",
    "project manager": "lead", "pm": "lead", "head": "lead", "chair": "lead",
    "contributor": "member", "team member": "member", "participant": "member",
    "core team": "member",
}  # fmt: skip


def _group(rows: Rows, id_field: str, what: str) -> tuple[pl.Series, pl.Series]:
    """The group's id (its name when the file has no id column) and name."""
    ids = pl.select(pl.coalesce(rows.raw(id_field), rows.raw("name"))).to_series()
    rows.flag(
        ids.is_null(), id_field if rows.has(id_field) else "name", f"missing {what} id or name"
    )
    names = pl.select(pl.coalesce(rows.raw("name"), ids)).to_series()
    rows.consistent(ids, "name", rows.raw("name"), what)
    return ids, names


def _members(rows: Rows, ctx: Context, what: str, ids: pl.Series) -> tuple[pl.Series, pl.Series]:
    """People on the rows: stored, dated (start ≤ end), each once per group and start."""
    rows.known("person_id", ctx.known_people)
    start, end = rows.dates("start", "start date"), rows.dates("end", "end date")
    rows.flag(end < start, "end", "ends before it starts")
    person = rows.raw("person_id")
    rows.flag(
        person.is_null() & (start.is_not_null() | end.is_not_null()),
        "person_id",
        "dates without a person",
    )
    rows.df = rows.df.with_columns(_group=ids, _start=start)
    rows.duplicates(["person_id", "_group", "_start"], f"{what} membership (person, {what}, start)")
    return start, end


def _valid(rows: Rows) -> pl.Series:
    return rows.valid()


def read_workgroups(rows: Rows, ctx: Context) -> dict[str, pl.DataFrame]:
    """``workgroups`` (one per id) and ``memberships`` (one per row with a person)."""
    ids, names = _group(rows, "workgroup_id", "workgroup")
    cross = rows.flags("cross_functional", "cross-functional")
    rows.consistent(ids, "cross_functional", cross, "workgroup")
    start, end = _members(rows, ctx, "workgroup", ids)
    valid = _valid(rows)
    groups = pl.DataFrame({"workgroup_id": ids, "name": names, "cross_functional": cross})
    memberships = pl.DataFrame(
        {"workgroup_id": ids, "person_id": rows.raw("person_id"), "start": start, "end": end}
    )
    return {
        "workgroups": _first(groups.filter(valid), "workgroup_id", "cross_functional"),
        "memberships": memberships.filter(valid & memberships["person_id"].is_not_null()),
    }


def read_projects(rows: Rows, ctx: Context) -> dict[str, pl.DataFrame]:
    """``projects`` (one per id, visibility 1–3) and ``assignments`` (role lead | member)."""
    ids, names = _group(rows, "project_id", "project")
    grade = rows.choice(
        "visibility", ("1", "2", "3"), "visibility", VISIBILITY, expected="low, medium, high or 1–3"
    )
    visibility = grade.cast(pl.Int8, strict=False)
    rows.consistent(ids, "visibility", visibility, "project")
    role = rows.choice("role", ("lead", "member"), "project role", ROLE_SYNONYMS)
    start, end = _members(rows, ctx, "project", ids)
    valid = _valid(rows)
    projects = pl.DataFrame({"project_id": ids, "name": names, "visibility": visibility})
    assignments = pl.DataFrame(
        {
            "project_id": ids,
            "person_id": rows.raw("person_id"),
            "role": role.fill_null("member"),
            "start": start,
            "end": end,
        }
    )
    return {
        "projects": _first(projects.filter(valid), "project_id", "visibility"),
        "assignments": assignments.filter(valid & assignments["person_id"].is_not_null()),
    }


def _first(frame: pl.DataFrame, key: str, attribute: str) -> pl.DataFrame:
    """One row per group, its attribute from the first row that gives it."""
    return frame.group_by(key, maintain_order=True).agg(
        pl.col("name").first(), pl.col(attribute).drop_nulls().first()
    )
