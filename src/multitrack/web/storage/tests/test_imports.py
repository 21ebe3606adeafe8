"""Checked import frames are written once: the same frames again change nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import SCHEMAS
from multitrack.web.bootstrap import frames_from_db
from multitrack.web.common.models import AuditEntry
from multitrack.web.storage.imports import do_import_frames
from multitrack.web.storage.store import do_store_frames
from multitrack.web.testing import sample

DAY = dt.date(2026, 7, 1)


def level_changes(current: pl.DataFrame, incoming: pl.DataFrame, date: dt.date) -> pl.DataFrame:
    """A stand-in for ingest.people_changes: hires and band changes only."""
    joined = incoming.join(current, on="person_id", how="left", suffix="_old")
    rows = []
    for r in joined.iter_rows(named=True):
        if r["track_old"] is None:
            rows.append((r["person_id"], r["hire_date"], "hire", None, None, r["track"], r["band"]))
        elif r["band_old"] != r["band"]:
            rows.append(
                (
                    r["person_id"],
                    date,
                    "promotion",
                    r["track_old"],
                    r["band_old"],
                    r["track"],
                    r["band"],
                )
            )
    schema = {k: SCHEMAS["events"][k] for k in list(SCHEMAS["events"])[:7]}
    return pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        pl.lit(None, pl.Float64).alias("value"), pl.lit(None, pl.String).alias("detail")
    )


def _people_import(frames) -> dict[str, pl.DataFrame]:
    return {"people": frames.people, "pay": frames.pay, "events": frames.events.clear()}


def _store_framework_only():
    frames = sample.frames()
    empty = {name: df.clear() for name, df in frames.items()}
    do_store_frames(frames.replace(**empty))


def test_people_import_then_the_same_again_writes_nothing(db_url):
    _store_framework_only()
    incoming = _people_import(sample.frames())
    first = do_import_frames(
        "people", incoming, as_of=DAY, source="hr.csv", changes_of=level_changes
    )
    assert first["people"] == 4 and first["pay"] == 5 and first["events"] == 4
    assert first["demographics"] == 9  # 3 fields x 4 people, less 3 unknown
    audits = AuditEntry.objects.count()
    stored = frames_from_db(db_url)
    again = do_import_frames(
        "people", incoming, as_of=DAY, source="hr.csv", changes_of=level_changes
    )
    assert not any(again.values())
    assert AuditEntry.objects.count() == audits
    after = frames_from_db(db_url)
    for name, frame in stored.items():
        assert getattr(after, name).equals(frame), name


def test_a_newer_export_becomes_history(db_url):
    _store_framework_only()
    frames = sample.frames()
    do_import_frames(
        "people", _people_import(frames), as_of=DAY, source="hr.csv", changes_of=level_changes
    )
    promoted = frames.people.with_columns(
        pl.when(pl.col("person_id") == "p1")
        .then(pl.lit("B5"))
        .otherwise(pl.col("band"))
        .alias("band"),
        pl.when(pl.col("person_id") == "p1")
        .then(pl.lit("specialist/B5"))
        .otherwise(pl.col("level"))
        .alias("level"),
    )
    newer = {"people": promoted, "pay": frames.pay, "events": frames.events.clear()}
    written = do_import_frames(
        "people", newer, as_of=DAY, source="hr2.csv", changes_of=level_changes
    )
    assert (written["people"], written["events"], written["pay"]) == (1, 1, 0)
    events = frames_from_db(db_url).events.filter(pl.col("kind") == "promotion")
    assert events.select("person_id", "date", "from_band", "to_band").rows() == [
        ("p1", DAY, "B4", "B5")
    ]


def test_activity_imports_append_only_what_is_new(db_url):
    do_store_frames(sample.frames())
    frames = sample.frames()
    extra = pl.DataFrame(
        [("ceo", "strategy", 4, "manager", dt.date(2026, 5, 1), None)],
        schema=SCHEMAS["assessments"],
        orient="row",
    )
    written = do_import_frames(
        "assessments",
        {"assessments": pl.concat([frames.assessments, extra])},
        as_of=DAY,
        source="a.csv",
    )
    assert written == {"assessments": 1}
    groups = do_import_frames(
        "workgroups",
        {
            "workgroups": frames.workgroups.with_columns(pl.lit("Renamed").alias("name")),
            "memberships": frames.memberships,
        },
        as_of=DAY,
        source="w.csv",
    )
    assert groups == {"workgroups": 2, "memberships": 0}
    assert set(frames_from_db(db_url).workgroups["name"]) == {"Renamed"}
    courses = frames.courses.with_columns(pl.lit(["mentoring"]).alias("competencies"))
    dev = do_import_frames(
        "development",
        {"courses": courses, "development": frames.development},
        as_of=DAY,
        source="d.csv",
    )
    assert dev == {"courses": 2, "development": 0}
    stored = frames_from_db(db_url).courses
    assert stored["competencies"].to_list() == [["mentoring"], ["mentoring"]]


def _stored(db_url: str) -> dict[str, pl.DataFrame]:
    return dict(frames_from_db(db_url).items())


def test_large_imports_store_the_same_and_stay_all_or_nothing(db_url, monkeypatch):
    """The bulk path (indexes, primary and foreign keys rebuilt after the load) stores what
    the row path stores; a duplicate id or a dangling manager fails the whole import and
    leaves the stored organisation as it was."""
    import pytest
    from django.db import IntegrityError

    from multitrack.web.storage import bulk

    _store_framework_only()
    incoming = _people_import(sample.frames())
    do_import_frames("people", incoming, as_of=DAY, source="hr.csv", changes_of=level_changes)
    want = _stored(db_url)
    _store_framework_only()
    monkeypatch.setattr(bulk, "RECHECK_FROM", 0)
    do_import_frames("people", incoming, as_of=DAY, source="hr.csv", changes_of=level_changes)
    got = _stored(db_url)
    for name, frame in want.items():
        assert got[name].equals(frame), name
    again = do_import_frames(
        "people", incoming, as_of=DAY, source="hr.csv", changes_of=level_changes
    )
    assert not any(again.values())

    people = incoming["people"]
    # demographics left out: their upsert would meet the duplicate before the key rebuild
    twice = people.select(pl.exclude("^demo_.*$")).with_columns(
        pl.lit(people["person_id"][0]).alias("person_id")
    )
    dangling = people.with_columns(pl.lit("nobody").alias("manager_id"))
    for bad in (twice, dangling):
        _store_framework_only()
        before = _stored(db_url)
        with pytest.raises(IntegrityError):
            do_import_frames(
                "people", {**incoming, "people": bad}, as_of=DAY, source="bad.csv",
                changes_of=level_changes,
            )  # fmt: skip
        after = _stored(db_url)
        for name, frame in before.items():
            assert after[name].equals(frame), name
