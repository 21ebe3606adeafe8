"""The demo organisation, exported as a CSV, imports back to the same people."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.ingest import ingest, people_changes
from multitrack.demo import generate

COLUMNS = [
    "person_id", "name", "email", "family", "zone", "level", "manager_id", "hire_date",
    "level_since", "exit_date", "exit_reason", "regretted", "aspiration", "rating", "fte",
]  # fmt: skip


@pytest.fixture(scope="module")
def demo():
    return generate(400, seed=3)


def _export(people: pl.DataFrame) -> bytes:
    demo_cols = [c for c in people.columns if c.startswith("demo_")]
    out = people.select(
        *COLUMNS,
        (pl.col("pay_annual_fte") * pl.col("fte")).round(2).alias("Annual Salary"),
        *demo_cols,
    )
    return out.write_csv().encode()


def test_demo_people_import_back_unchanged(demo):
    people = demo.people
    as_of = dt.date.fromisoformat(demo.as_of) if demo.as_of else None
    result = ingest("people", _export(people), demo.framework, as_of=as_of)
    assert result.ok, result.problems[:5]
    got = result.frames["people"]
    assert got.height == people.height
    for column in (
        "person_id",
        "level",
        "track",
        "band",
        "manager_id",
        "hire_date",
        "exit_date",
        "exit_reason",
    ):
        assert got[column].to_list() == people[column].to_list(), column
    assert got["pay_annual_fte"].to_list() == pytest.approx(
        people["pay_annual_fte"].to_list(), abs=0.02
    )
    # the same export again records no change
    again = people_changes(
        got, result.frames["people"], dt.date(2030, 1, 1), framework=demo.framework
    )
    assert again.height == 0
