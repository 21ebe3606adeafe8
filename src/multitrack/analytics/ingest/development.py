"""Development actions (mentoring, coaching, training) and the course catalogue.

A row is an action for a person (with a mentor or coach as partner, or a course), a course
of the catalogue (course id or name, the competencies it develops, its hours), or both.
Training must name a course of this file or of the stored catalogue (``known_courses``).
Without a status, one is derived from the dates: done once ended, planned before it starts,
active in between.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.ingest.checks import Rows, listing, member, suggest
from multitrack.analytics.ingest.refs import Context
from multitrack.analytics.ingest.values import value_key

__all__ = ["read_development"]

KINDS = ("mentoring", "coaching", "training")
KIND_SYNONYMS = {
    "mentor": "mentoring", "mentorship": "mentoring", "mentoring pair": "mentoring",
    "coach": "coaching", "coaching session": "coaching",
    "course": "training", "training course": "training", "workshop": "training",
    "class": "training", "e learning": "training", "elearning": "training", "learning": "training",
}  # fmt: skip
STATUSES = ("planned", "active", "done", "dropped")
STATUS_SYNONYMS = {
    "completed": "done", "complete": "done", "finished": "done", "passed": "done",
    "in progress": "active", "ongoing": "active", "started": "active", "enrolled": "active",
    "registered": "planned", "scheduled": "planned", "not started": "planned",
    "cancelled": "dropped", "canceled": "dropped", "withdrawn": "dropped", "failed": "dropped",
    "abandoned": "dropped",
}  # fmt: skip


def _competencies(rows: Rows, ctx: Context) -> pl.Series:
    """Each row's competency list ("a; b, c") as framework keys; unknown names reported."""
    fw = ctx.framework
    table = ctx.refs.competencies
    raw = rows.raw("competencies")
    parts = raw.str.replace_all(r"\s*[;,|]\s*", ";").str.strip_chars(";").str.split(";")
    items = pl.DataFrame({"i": range(len(raw)), "c": parts}).explode("c").drop_nulls("c")
    items = items.with_columns(
        k=value_key(items["c"]).replace_strict(list(table), list(table.values()), default=None)
    )
    unknown = items.filter(pl.col("k").is_null())
    if unknown.height:
        names = listing(sorted(fw.competencies))
        text = {
            c: f"unknown competency {c!r}{suggest(c, fw.competencies)}; competencies: {names}"
            for c in unknown["c"].unique().to_list()
        }
        why = unknown.with_columns(w=pl.col("c").replace_strict(text, return_dtype=pl.String))
        per_row = why.group_by("i").agg(pl.col("w").str.join("; "))
        full = pl.DataFrame({"i": range(len(raw))}).join(
            per_row, on="i", how="left", maintain_order="left"
        )
        rows.flag(full["w"].is_not_null(), "competencies", full["w"])
    lists = items.group_by("i", maintain_order=True).agg(pl.col("k"))
    full = pl.DataFrame({"i": range(len(raw))}).join(
        lists, on="i", how="left", maintain_order="left"
    )
    return full["k"].alias("competencies")


def _status(rows: Rows, start: pl.Series, end: pl.Series, as_of: dt.date) -> pl.Series:
    given = rows.choice("status", STATUSES, "status", STATUS_SYNONYMS)
    derived = (
        pl.when(end <= as_of)
        .then(pl.lit("done"))
        .when(start > as_of)
        .then(pl.lit("planned"))
        .when(start.is_not_null())
        .then(pl.lit("active"))
    )
    return pl.select(pl.coalesce(given, derived)).to_series().alias("status")


def _described(rows: Rows) -> pl.Series:
    return pl.select(
        pl.any_horizontal(
            rows.raw(c).is_not_null() for c in ("course_name", "competencies", "hours")
        )
    ).to_series()


def _actions(rows: Rows, ctx: Context, courses: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Check the action on each row with a person; return its kind and the partner."""
    person, partner = rows.raw("person_id"), rows.raw("partner_id")
    kind = rows.choice("kind", KINDS, "development kind", KIND_SYNONYMS)
    rows.flag(
        person.is_not_null() & rows.raw("kind").is_null(),
        "kind",
        "missing kind: mentoring, coaching or training",
    )
    rows.flag(person.is_null() & courses.is_null(), "person_id", "a row needs a person or a course")
    rows.known("person_id", ctx.known_people)
    rows.known("partner_id", ctx.known_people, "mentor or coach")
    paired = kind.is_in(["mentoring", "coaching"])
    rows.flag(
        paired & partner.is_null(), "partner_id", "mentoring and coaching need a mentor or coach"
    )
    rows.flag(partner == person, "partner_id", "a person cannot mentor or coach themself")
    described = courses.filter(_described(rows)).drop_nulls()
    known = member(courses, ctx.known_courses) | member(courses, described)
    rows.flag((kind == "training") & courses.is_null(), "course_id", "training needs a course")
    rows.flag(
        courses.is_not_null() & ~known,
        "course_id",
        "unknown course: no row of this file describes it (name, competencies or hours) and "
        "it is not stored",
        value=courses,
    )
    return kind, partner


def read_development(rows: Rows, ctx: Context) -> dict[str, pl.DataFrame]:
    """``development`` (rows with a person) and ``courses`` (one per course id)."""
    courses = pl.select(pl.coalesce(rows.raw("course_id"), rows.raw("course_name"))).to_series()
    rows.consistent(courses, "course_name", rows.raw("course_name"), "course")
    hours = rows.numbers("hours", "course hours")
    rows.consistent(courses, "hours", hours, "course")
    rows.consistent(courses, "competencies", rows.raw("competencies"), "course")
    competencies = _competencies(rows, ctx)
    kind, partner = _actions(rows, ctx, courses)
    start, end = rows.dates("start", "start date"), rows.dates("end", "end date")
    rows.flag(end < start, "end", "ends before it starts")
    status = _status(rows, start, end, ctx.as_of)
    rows.df = rows.df.with_columns(_kind=kind, _course=courses, _start=start)
    rows.duplicates(
        ["person_id", "_kind", "partner_id", "_course", "_start"],
        "development action (person, kind, partner, course, start)",
    )
    valid = rows.valid()
    person = rows.raw("person_id")
    actions = pl.DataFrame(
        {"person_id": person, "kind": kind, "partner_id": partner, "course_id": courses,
         "start": start, "end": end, "status": status}
    ).filter(valid & person.is_not_null())  # fmt: skip
    catalogue = (
        pl.DataFrame(
            {
                "course_id": courses,
                "name": pl.select(pl.coalesce(rows.raw("course_name"), courses)).to_series(),
                "competencies": competencies,
                "hours": hours,
            }
        )  # fmt: skip
        .filter(valid & courses.is_not_null() & _described(rows))
        .group_by("course_id", maintain_order=True)
        .agg(
            pl.col("name").first(),
            pl.col("competencies").drop_nulls().first(),
            pl.col("hours").drop_nulls().first(),
        )
    )
    return {"development": actions, "courses": catalogue}
