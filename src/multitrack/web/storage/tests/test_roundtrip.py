"""Frames stored and read back are the same frames, on SQLite and on PostgreSQL."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from multitrack.analytics.frames import Frames
from multitrack.web.bootstrap import frames_from_db
from multitrack.web.storage.store import do_store_frames
from multitrack.web.storage.tables import BY_FRAME
from multitrack.web.testing import sample


def _sorted(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    spec = BY_FRAME[name]
    return frame.sort(list(spec.key), nulls_last=False, maintain_order=True)


def assert_same_frames(got: Frames, want: Frames) -> None:
    assert got.framework == want.framework
    assert got.as_of == want.as_of
    for name, frame in want.validated().items():
        assert_frame_equal(getattr(got, name), _sorted(name, frame), check_row_order=True)


def test_stored_frames_read_back_the_same(db_url):
    frames = sample.frames()
    counts = do_store_frames(frames)
    assert counts["people"] == 4 and counts["events"] == 9
    assert_same_frames(frames_from_db(db_url), frames)


def test_storing_again_replaces_the_organisation(db_url):
    do_store_frames(sample.frames())
    smaller = sample.frames()
    smaller = smaller.replace(
        people=smaller.people.filter(pl.col("person_id") == "ceo"),
        events=smaller.events.filter(pl.col("person_id") == "ceo"),
        pay=smaller.pay.filter(pl.col("person_id") == "ceo"),
        assessments=smaller.assessments.clear(),
        memberships=smaller.memberships.filter(pl.col("person_id") == "ceo"),
        assignments=smaller.assignments.clear(),
        development=smaller.development.clear(),
    )
    do_store_frames(smaller)
    assert_same_frames(frames_from_db(db_url), smaller)


def test_pay_is_kept_to_the_cent(db_url):
    frames = sample.frames()
    frames = frames.replace(pay=frames.pay.with_columns(pl.col("base") + 0.004))
    do_store_frames(frames)
    got = frames_from_db(db_url).pay
    assert sorted(got["base"].to_list()) == sorted(
        round(x + 0.004, 2) for x in sample.frames().pay["base"]
    )


def test_large_loads_check_every_reference_once(db_url, monkeypatch):
    """The bulk path (keys and indexes rebuilt after the load) stores the same frames, and a
    dangling reference still fails the whole store."""
    import pytest
    from django.db import IntegrityError

    from multitrack.web.storage import bulk

    monkeypatch.setattr(bulk, "RECHECK_FROM", 0)
    frames = sample.frames()
    do_store_frames(frames)
    assert_same_frames(frames_from_db(db_url), frames)
    dangling = frames.events.with_columns(pl.lit("nobody").alias("person_id"))
    with pytest.raises(IntegrityError):
        do_store_frames(frames.replace(events=dangling))
    assert_same_frames(frames_from_db(db_url), frames)


def test_a_failing_read_raises_and_the_connection_goes_on(db_url):
    import pytest
    from django.db import DatabaseError, transaction

    from multitrack.web.storage.bulk import read_frame

    do_store_frames(sample.frames())
    with pytest.raises(DatabaseError), transaction.atomic():
        read_frame("no_such_table", {"person_id": pl.String()})
    got = read_frame("people_person", {"person_id": pl.String()}, "WHERE person_id = %s", ("ceo",))
    assert got["person_id"].to_list() == ["ceo"]
