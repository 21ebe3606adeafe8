"""Re-import: identical exports change nothing; each difference becomes its event."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import validate
from multitrack.analytics.ingest import people_changes
from multitrack.analytics.ingest.tests.helpers import PEOPLE_ROWS, people, starter

DAY = dt.date(2025, 1, 31)


def _current() -> pl.DataFrame:
    result = people(*PEOPLE_ROWS)
    assert result.ok
    return result.frames["people"]


def _change(frame: pl.DataFrame, pid: str, **values) -> pl.DataFrame:
    exprs = [
        pl.when(pl.col("person_id") == pid).then(pl.lit(v)).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()
    ]
    return frame.with_columns(exprs)


def _kinds(events: pl.DataFrame) -> list[tuple]:
    return events.select("person_id", "kind").rows()


def test_identical_input_gives_an_empty_events_frame():
    current = _current()
    events = people_changes(current, current, DAY)
    assert events.height == 0
    validate("events", events)
    # re-reading the same file gives the same frames, so again no events
    again = people(*PEOPLE_ROWS).frames["people"]
    assert people_changes(current, again, DAY, framework=starter()).height == 0


def test_new_id_is_a_hire():
    current = _current()
    incoming = people(*PEOPLE_ROWS, "E5,Eve,specialist,B2,E3,2025-01-06,52000,EUR,1")
    events = people_changes(current, incoming.frames["people"], DAY)
    assert events.rows() == [
        ("E5", dt.date(2025, 1, 6), "hire", None, None, "specialist", "B2", 52000.0, None)
    ]


@pytest.mark.parametrize(
    ("change", "kind", "from_to"),
    [
        ({"band": "B5"}, "promotion", ("specialist", "B4", "specialist", "B5")),
        ({"band": "B3"}, "demotion", ("specialist", "B4", "specialist", "B3")),
        ({"track": "management"}, "crossover", ("specialist", "B4", "management", "B4")),
    ],
)
def test_level_changes(change, kind, from_to):
    current = _current()
    events = people_changes(current, _change(current, "E2", **change), DAY, framework=starter())
    assert _kinds(events) == [("E2", kind)]
    assert events.select("from_track", "from_band", "to_track", "to_band").row(0) == from_to
    assert events["date"][0] == DAY


def test_bands_order_naturally_without_a_framework():
    current = _current().with_columns(band=pl.lit("B9"))
    incoming = current.with_columns(band=pl.lit("B10"))
    assert set(people_changes(current, incoming, DAY)["kind"]) == {"promotion"}


def test_promotion_date_comes_from_level_since_when_newer():
    current = _current()
    incoming = _change(current, "E2", band="B5", level_since=dt.date(2024, 12, 1))
    events = people_changes(current, incoming, DAY, framework=starter())
    assert events.select("kind", "date").rows() == [("promotion", dt.date(2024, 12, 1))]


def test_pay_manager_rating_and_exit_changes():
    current = _current()
    incoming = _change(current, "E2", pay_annual_fte=105000.0, manager_id="E3")
    incoming = _change(incoming, "E3", rating=4.0)
    incoming = _change(incoming, "E4", exit_date=dt.date(2025, 1, 15), exit_reason="voluntary")
    events = people_changes(current, incoming, DAY)
    assert events.select("person_id", "kind", "value", "detail", "date").rows() == [
        ("E2", "pay_change", 105000.0, None, DAY),
        ("E2", "manager_change", None, "E3", DAY),
        ("E3", "rating", 4.0, None, DAY),
        ("E4", "exit", None, "voluntary", dt.date(2025, 1, 15)),
    ]
    validate("events", events)


def test_rounding_is_not_a_pay_change_and_absent_people_are_not_exits():
    current = _current()
    incoming = current.with_columns(pl.col("pay_annual_fte") + 0.001).filter(
        pl.col("person_id") != "E4"
    )
    assert people_changes(current, incoming, DAY).height == 0


def test_manager_removed_and_rehire():
    current = _change(_current(), "E4", exit_date=dt.date(2023, 1, 1))
    incoming = _change(current, "E2", manager_id=None)
    incoming = _change(incoming, "E4", exit_date=None)
    events = people_changes(current, incoming.cast({"manager_id": pl.String}), DAY)
    assert _kinds(events) == [("E2", "manager_change"), ("E4", "hire")]
    assert events["detail"][0] is None
