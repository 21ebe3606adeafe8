"""Erasure leaves no trace of the person but a count; an access request returns everything."""

from __future__ import annotations

import pytest

from multitrack.web.bootstrap import frames_from_db
from multitrack.web.common.errors import NotFound
from multitrack.web.common.models import AuditEntry
from multitrack.web.people import actions
from multitrack.web.people.models import ErasedTally
from multitrack.web.people.privacy import do_answer_access_request, do_erase_person
from multitrack.web.storage.store import do_store_frames
from multitrack.web.testing import sample

EMMA = {"em", "Emma", "emma@example.org"}  # her id, name and email


def _values(frames) -> set:
    found = set()
    for _, frame in frames.items():
        for column in frame.columns:
            if str(frame[column].dtype) == "String":
                found.update(frame[column].drop_nulls().to_list())
    return found


def test_erasure_keeps_only_an_anonymised_count(db_url):
    do_store_frames(sample.frames())
    actions.do_record_rating("em", rating=4, date=sample.D(2026, 1, 1))
    assert _values(frames_from_db(db_url)) >= EMMA
    do_erase_person("em")
    after = frames_from_db(db_url)
    assert not EMMA & _values(after)
    assert after.people.height == 3
    assert after.people.filter(after.people["person_id"] == "p1")["manager_id"].item() is None
    tally = ErasedTally.objects.get()
    assert (tally.family, tally.track, tally.band, tally.hire_year, tally.count) == (
        "engineering",
        "management",
        "B5",
        2019,
        1,
    )
    assert not AuditEntry.objects.filter(subject="em").exists()
    assert AuditEntry.objects.filter(action="erase_person", subject="(erased)").count() == 1
    with pytest.raises(NotFound):
        do_answer_access_request("em")


def test_access_request_returns_everything_held(db_url):
    do_store_frames(sample.frames())
    record = do_answer_access_request("p1")
    assert record["person"]["name"] == 'Pat "P", Jr'
    assert record["person"]["manager_id"] == "em"
    assert [p["currency"] for p in record["pay"]] == ["GBP"]
    assert [e["kind"] for e in record["events"]] == ["hire", "promotion"]
    assert {(d["field_id"], d["value"]) for d in record["demographics"]} == {("age", "29")}
    assert record["demographics"][0]["field__basis"] == "unspecified"
    assert len(record["assessments"]) == 2 and len(record["assessments_given"]) == 1
    assert record["memberships"][0]["workgroup__name"] == "Architecture board"
    assert {d["kind"] for d in record["development"]} == {"mentoring", "training"}
    assert AuditEntry.objects.filter(action="answer_access_request", subject="p1").exists()
