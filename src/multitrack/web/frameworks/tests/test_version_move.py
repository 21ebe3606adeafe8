"""People move onto a new published version through a level map, as version_move events."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.web.bootstrap import frames_from_db
from multitrack.web.common.errors import Refused
from multitrack.web.frameworks.actions import (
    do_move_people_to_version,
    do_publish_framework_version,
    do_save_framework_draft,
)
from multitrack.web.people.history import current_state
from multitrack.web.storage.store import do_store_frames
from multitrack.web.testing import sample

DAY = dt.date(2026, 7, 1)


@pytest.fixture
def next_version(db_url):
    frames = sample.frames()
    do_store_frames(frames)
    new = frames.framework.model_copy(update={"version": "2027.1"})
    do_save_framework_draft(new)
    return new


def test_moving_through_a_level_map_records_each_move(db_url, next_version):
    do_publish_framework_version(next_version.name, "2027.1")
    mapping = {
        "specialist/B4": "specialist/B5",
        "management/B5": "management/B5",
        "management/B8": "management/B8",
    }
    assert do_move_people_to_version(next_version.name, "2027.1", date=DAY, level_map=mapping) == 3
    after = frames_from_db(db_url)
    assert after.framework.version == "2027.1"
    moves = after.events.filter(pl.col("kind") == "version_move")
    assert moves.height == 3 and set(moves["detail"]) == {f"{next_version.name}@2027.1"}
    p1 = after.people.filter(pl.col("person_id") == "p1").row(0, named=True)
    assert (p1["level"], p1["level_since"]) == ("specialist/B5", dt.date(2023, 1, 1))
    state = current_state(after.events).filter(pl.col("person_id") == "p1").row(0, named=True)
    assert (state["band"], state["level_since"]) == ("B5", dt.date(2023, 1, 1))
    gone = after.people.filter(pl.col("person_id") == "gone")["level"].item()
    assert gone == "specialist/B3"  # people who left stay as they were


def test_levels_without_a_place_are_named_and_nothing_moves(db_url, next_version):
    do_publish_framework_version(next_version.name, "2027.1")
    with pytest.raises(Refused, match=r"management/B5 \(1\), management/B8 \(1\)"):
        do_move_people_to_version(
            next_version.name, "2027.1", date=DAY, level_map={"specialist/B4": "specialist/B5"}
        )
    after = frames_from_db(db_url)
    assert after.framework.version == sample.frames().framework.version
    assert after.events.filter(pl.col("kind") == "version_move").height == 0


def test_a_draft_cannot_be_moved_onto(db_url, next_version):
    with pytest.raises(Refused, match="is a draft"):
        do_move_people_to_version(next_version.name, "2027.1", date=DAY)
