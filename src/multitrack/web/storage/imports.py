"""HRIS imports into storage: check the whole file, then write only what changed.

:func:`run_import` reads a file through :func:`multitrack.analytics.ingest.ingest` against the
stored framework and people; unless every row is valid (or a partial import was asked for)
nothing is written. :func:`do_import_frames` writes the checked frames in one transaction,
comparing them with what is stored so that importing the same file again writes nothing,
and a newer export becomes history events (``people_changes``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX, SCHEMAS
from multitrack.web.common import audit
from multitrack.web.storage.bulk import (
    foreign_keys_checked_once,
    read_frame,
    upsert_rows,
    write_frame,
)
from multitrack.web.storage.read import read_courses, read_table
from multitrack.web.storage.tables import BY_FRAME, ORG_TABLES

PAY_VALUES = ("base", "variable", "currency", "period", "fte", "hours_per_week")
# people columns computed from other fields: supplied when any of their sources is
DERIVED = {
    "track": ("track", "band", "level"),
    "band": ("track", "band", "level"),
    "level": ("track", "band", "level"),
    "name": ("name", "first_name", "last_name"),
    "fte": ("fte", "hours_per_week"),
    "pay_annual_fte": ("base", "fte", "hours_per_week", "period", "currency"),
    "variable_annual": ("variable", "currency"),
}


@dataclass
class ImportOutcome:
    """What an import did: the checked result and the rows written per table."""

    result: Any  # multitrack.analytics.ingest.IngestResult
    written: dict[str, int] = field(default_factory=dict)

    @property
    def stored(self) -> bool:
        return any(self.written.values())


def _new_rows(incoming: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Rows of ``incoming`` not already stored exactly (nulls compare equal)."""
    if stored.height == 0 or incoming.height == 0:
        return incoming
    cols = incoming.columns
    return incoming.join(stored.select(cols), on=cols, how="anti", nulls_equal=True)


def _kept_columns(people: pl.DataFrame, current: pl.DataFrame, supplied: set[str]) -> pl.DataFrame:
    """Stored values for the columns the file did not have (people already stored)."""
    if not supplied:
        return people
    keep = [
        c
        for c in SCHEMAS["people"]
        if c != "person_id" and not (set(DERIVED.get(c, (c,))) & supplied)
    ]
    if not keep or current.height == 0:
        return people
    old = current.select("person_id", *[pl.col(c).alias(f"_old_{c}") for c in keep])
    joined = people.join(old, on="person_id", how="left", maintain_order="left")
    return joined.with_columns(
        pl.coalesce(pl.col(f"_old_{c}"), pl.col(c)).alias(c) for c in keep
    ).drop([f"_old_{c}" for c in keep])


def _changed_pay(pay: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Pay rows not stored yet, less those only re-dating the person's latest record."""
    fresh = _new_rows(pay, stored)
    if stored.height == 0 or fresh.height == 0:
        return fresh
    latest = stored.sort("effective_date").group_by("person_id", maintain_order=True).last()
    keys = ["person_id", *PAY_VALUES]
    return fresh.join(latest.select(keys), on=keys, how="anti", nulls_equal=True)


def _write(frame_name: str, frame: pl.DataFrame) -> int:
    spec = BY_FRAME[frame_name]
    return write_frame(spec.table, frame, spec.columns)


def _upsert(frame_name: str, frame: pl.DataFrame, key: str) -> int:
    spec = BY_FRAME[frame_name]
    return upsert_rows(spec.table, key, frame.select(spec.columns), spec.columns)


def _people_changes(current: pl.DataFrame, incoming: pl.DataFrame, date: dt.date) -> pl.DataFrame:
    from multitrack.analytics.ingest import people_changes
    from multitrack.web.people.queries import stored_framework

    return people_changes(current, incoming, date, framework=stored_framework())


def _new_ratings(ratings: pl.DataFrame) -> pl.DataFrame:
    """Rating events from the file (dated by it) unless stored, or equal to the person's
    latest stored rating (an export without rating dates re-dates the same rating)."""
    stored = read_table(BY_FRAME["events"], "WHERE kind = %s", ("rating",))
    fresh = _new_rows(ratings.select(list(SCHEMAS["events"])), stored)
    if stored.height == 0 or fresh.height == 0:
        return fresh
    latest = stored.sort("date").group_by("person_id", maintain_order=True).last()
    return fresh.join(latest.select("person_id", "value"), on=["person_id", "value"], how="anti")


def write_people(
    frames: dict[str, pl.DataFrame],
    *,
    as_of: dt.date,
    supplied: set[str],
    basis: str,
    changes_of: Callable[[pl.DataFrame, pl.DataFrame, dt.date], pl.DataFrame] | None = None,
) -> dict[str, int]:
    """New and changed people, changed pay, rating events and the changes as events.

    Ratings come from the file's rating events (they carry the rating date), not from
    ``changes_of``, so a changed rating is recorded once. What changed is worked out first;
    only then, and only for that many rows, are keys and indexes set aside for a bulk load
    (an export imported again writes nothing and rebuilds nothing).
    """
    if changes_of is None:
        changes_of = _people_changes
    current = read_table(BY_FRAME["people"])
    incoming = _kept_columns(frames["people"], current, supplied)
    demo = [c for c in incoming.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
    people = incoming.drop(demo)
    changes = changes_of(current, people, as_of).filter(pl.col("kind") != "rating")
    changed = _new_rows(people.select(list(SCHEMAS["people"])), current)
    ratings = _new_ratings(frames.get("events", pl.DataFrame(schema=SCHEMAS["events"])))
    events = pl.concat([changes.select(list(SCHEMAS["events"])), ratings])
    pay = _changed_pay(
        frames.get("pay", pl.DataFrame(schema=SCHEMAS["pay"])), read_table(BY_FRAME["pay"])
    )
    rows = changed.height + pay.height + events.height
    appended = [BY_FRAME["pay"].table, BY_FRAME["events"].table]
    if current.height == 0:  # no upsert: the people key can be rebuilt too
        appended.append(BY_FRAME["people"].table)
    with foreign_keys_checked_once(ORG_TABLES, rows, appended):
        written = {
            "people": _write("people", changed)
            if current.height == 0
            else _upsert("people", changed, "person_id"),
            "pay": _write("pay", pay.with_columns(pl.col("base", "variable").round(2))),
            "events": _write("events", events),
        }
        demographics = incoming.select("person_id", *demo)
        written["demographics"] = write_demographic_values(demographics, basis)
    return written


def write_demographic_values(people: pl.DataFrame, basis: str) -> int:
    """Add or replace demographic values (new fields are created with ``basis``)."""
    from multitrack.web.people.models import Demographic, DemographicField
    from multitrack.web.storage.store import _as_text

    columns = [c for c in people.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
    if not columns:
        return 0
    stored = {f.key: f for f in DemographicField.objects.all()}
    for i, col in enumerate(columns):
        key = col.removeprefix(DEMOGRAPHIC_PREFIX)
        if key not in stored:
            DemographicField.objects.create(
                key=key, basis=basis, dtype="String", position=len(stored) + i
            )
    current = {
        (p, f): v for p, f, v in Demographic.objects.values_list("person_id", "field_id", "value")
    }
    rows = []
    for col in columns:
        key = col.removeprefix(DEMOGRAPHIC_PREFIX)
        values = people.select("person_id", _as_text(people[col]).alias("value")).drop_nulls()
        rows += [(p, key, v) for p, v in values.iter_rows() if current.get((p, key)) != v]
    frame = pl.DataFrame(
        rows,
        schema={"person_id": pl.String, "field_id": pl.String, "value": pl.String},
        orient="row",
    )
    return upsert_rows("people_demographic", ("person_id", "field_id"), frame, frame.columns)


def write_activities(kind: str, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Assessments, workgroups, projects, development: new rows only, catalogues upserted."""
    written: dict[str, int] = {}
    for parent, key in (("workgroups", "workgroup_id"), ("projects", "project_id")):
        if parent in frames:
            fresh = _new_rows(
                frames[parent].select(BY_FRAME[parent].columns), read_table(BY_FRAME[parent])
            )
            written[parent] = _upsert(parent, fresh, key)
    if "courses" in frames:
        fresh = _new_rows(frames["courses"].select(list(SCHEMAS["courses"])), read_courses())
        written["courses"] = _upsert("courses", fresh, "course_id")
        write_frame_links(fresh)
    for child in ("assessments", "memberships", "assignments", "development"):
        if child in frames:
            spec = BY_FRAME[child]
            fresh = _new_rows(frames[child].select(spec.columns), read_table(spec))
            written[child] = _write(child, fresh)
    return written


def write_frame_links(courses: pl.DataFrame) -> None:
    """Replace the competency lists of ``courses``."""
    from multitrack.web.development.models import CourseCompetency
    from multitrack.web.storage.store import write_course_competencies

    CourseCompetency.objects.filter(course_id__in=courses["course_id"].to_list()).delete()
    write_course_competencies(courses)


# activity tables an import only appends to: no upsert needs their primary key
APPENDED = tuple(
    BY_FRAME[f].table for f in ("assessments", "memberships", "assignments", "development")
)


def do_import_frames(
    kind: str,
    frames: dict[str, pl.DataFrame],
    *,
    as_of: dt.date,
    source: str,
    supplied: set[str] = frozenset(),
    demographic_basis: str = "",
    actor: str = "cli",
    changes_of: Callable[[pl.DataFrame, pl.DataFrame, dt.date], pl.DataFrame] | None = None,
) -> dict[str, int]:
    """Write checked frames of one import in one transaction; returns rows per table.

    ``changes_of(current, incoming, date)`` turns differences into events (default:
    ``multitrack.analytics.ingest.people_changes``). Nothing changes (not even the audit
    trail) when everything was already stored.
    """
    basis = demographic_basis or f"supplied in the HRIS export {Path(source).name}"
    rows = sum(f.height for f in frames.values())
    with transaction.atomic():
        if kind == "people":
            written = write_people(
                frames, as_of=as_of, supplied=set(supplied), basis=basis, changes_of=changes_of
            )
        else:
            with foreign_keys_checked_once(ORG_TABLES, rows, APPENDED):
                written = write_activities(kind, frames)
        if any(written.values()):
            summary = ", ".join(f"{k} {v}" for k, v in written.items() if v)
            audit.record(f"import_{kind}", Path(source).name, summary, actor)
    return written


def known_references() -> dict[str, Any]:
    """What an import checks references against: stored people, manager links, courses."""
    from multitrack.web.development.models import Course

    # one query straight to polars: a million model rows would cost seconds
    links = read_frame(
        BY_FRAME["people"].table, {"person_id": pl.String(), "manager_id": pl.String()}
    )
    managed = links.filter(pl.col("manager_id").is_not_null() & (pl.col("manager_id") != ""))
    return {
        "known_people": links["person_id"].to_list(),
        "known_managers": dict(zip(managed["person_id"], managed["manager_id"], strict=True)),
        "known_courses": list(Course.objects.values_list("course_id", flat=True)),
    }


def run_import(
    kind: str,
    source: str | Path | bytes,
    *,
    mapping: str | Path | None = None,
    as_of: dt.date | None = None,
    partial: bool = False,
    demographic_basis: str = "",
    actor: str = "cli",
) -> ImportOutcome:
    """Check a file against the stored organisation and write it if valid (or ``partial``).

    Raises StorageError when no framework is stored yet.
    """
    from multitrack.analytics.ingest import ingest
    from multitrack.web.people.queries import fx_rates, stored_framework

    framework = stored_framework()
    day = as_of or dt.datetime.now(dt.UTC).date()
    result = ingest(
        kind, source, framework, mapping=mapping, as_of=day, fx=fx_rates(), **known_references()
    )
    outcome = ImportOutcome(result)
    if result.ok or partial:
        outcome.written = do_import_frames(
            kind,
            result.frames,
            as_of=day,
            source=str(source) if not isinstance(source, bytes) else "upload",
            supplied=set(getattr(result, "columns", {}) or {}),
            demographic_basis=demographic_basis,
            actor=actor,
        )
    return outcome
