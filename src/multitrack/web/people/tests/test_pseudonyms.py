"""Pseudonymised frames: stable for the same salt, consistent across frames, nothing named."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from multitrack.web.people.pseudonyms import pseudonym, pseudonymise
from multitrack.web.testing import sample


def test_every_person_column_is_mapped_consistently():
    frames = sample.frames()
    out = pseudonymise(frames, "salt")
    people = dict(zip(frames.people["person_id"], out.people["person_id"], strict=True))
    assert set(people.values()) == {pseudonym(i, "salt") for i in people}
    # the manager link survives: p1's manager is em's pseudonym
    row = out.people.filter(pl.col("person_id") == people["p1"]).row(0, named=True)
    assert row["manager_id"] == people["em"]
    assert row["name"] == people["p1"] and row["email"] is None
    assert set(out.assessments["assessor_id"].drop_nulls()) == {people["em"], people["p1"]}
    assert out.development["partner_id"].drop_nulls().to_list() == [people["ceo"]]
    manager_events = out.events.filter(pl.col("kind") == "manager_change")
    assert manager_events["detail"].to_list() == [people["ceo"]]
    exits = out.events.filter(pl.col("kind") == "exit")
    assert exits["detail"].to_list() == ["voluntary"]  # not an id: kept
    text = set()
    for _, frame in out.items():
        for column in frame.columns:
            if frame[column].dtype == pl.String:
                text.update(frame[column].drop_nulls().to_list())
    assert not text & {"ceo", "em", "p1", "gone", "Emma", "Gus", "cara@example.org"}


def test_same_salt_same_pseudonyms_and_another_salt_others():
    a = pseudonymise(sample.frames(), "s1").people["person_id"].to_list()
    b = pseudonymise(sample.frames(), "s1").people["person_id"].to_list()
    c = pseudonymise(sample.frames(), "s2").people["person_id"].to_list()
    assert a == b and not set(a) & set(c)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=50, unique=True))
def test_distinct_ids_get_distinct_pseudonyms(ids):
    assert len({pseudonym(i, "k") for i in ids}) == len(ids)
