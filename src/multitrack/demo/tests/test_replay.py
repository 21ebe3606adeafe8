"""The replay helper on hand-made histories, then on generated ones."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import validate
from multitrack.demo.tests.replay import broken_chains, replay

D = dt.date


def _events(rows) -> pl.DataFrame:
    cols = (
        "person_id",
        "date",
        "kind",
        "from_track",
        "from_band",
        "to_track",
        "to_band",
        "value",
        "detail",
    )
    return validate("events", pl.DataFrame([dict(zip(cols, r, strict=True)) for r in rows]))


def test_replay_applies_moves_in_date_order_whatever_the_row_order() -> None:
    ev = _events(
        [
            ("a", D(2024, 1, 1), "promotion", "s", "B2", "s", "B3", None, None),
            ("a", D(2020, 1, 1), "hire", None, None, "s", "B1", 50.0, None),
            ("a", D(2022, 1, 1), "promotion", "s", "B1", "s", "B2", None, None),
            ("a", D(2020, 1, 1), "manager_change", None, None, None, None, None, "m1"),
            ("a", D(2025, 1, 1), "manager_change", None, None, None, None, None, "m2"),
            ("a", D(2025, 6, 1), "exit", "s", "B3", None, None, None, "voluntary"),
            ("b", D(2021, 1, 1), "hire", None, None, "s", "B4", 90.0, None),
            ("b", D(2023, 1, 1), "crossover", "s", "B4", "m", "B4", None, None),
            ("b", D(2023, 1, 1), "pay_change", None, None, None, None, 95.0, None),
        ]
    )
    got = {r["person_id"]: r for r in replay(ev).to_dicts()}
    assert (got["a"]["track"], got["a"]["band"], got["a"]["manager_id"]) == ("s", "B3", "m2")
    assert got["a"]["exit_date"] == D(2025, 6, 1) and got["a"]["exit_reason"] == "voluntary"
    assert (got["b"]["track"], got["b"]["band"], got["b"]["pay"]) == ("m", "B4", 95.0)
    assert got["b"]["exit_date"] is None and got["b"]["manager_id"] is None
    assert broken_chains(ev).height == 0


def test_broken_chain_is_seen() -> None:
    ev = _events(
        [
            ("a", D(2020, 1, 1), "hire", None, None, "s", "B1", 50.0, None),
            ("a", D(2022, 1, 1), "promotion", "s", "B2", "s", "B3", None, None),
        ]
    )
    assert broken_chains(ev).height == 1


def test_generated_history_replays_to_the_current_state(any_org) -> None:
    people = any_org.people.select(
        "person_id",
        "track",
        "band",
        "manager_id",
        "exit_date",
        "exit_reason",
        "pay_annual_fte",
    )
    got = replay(any_org.events)
    assert got.height == people.height  # everyone has a history
    both = people.join(got, on="person_id", suffix="_replayed")
    for col in ("track", "band", "manager_id", "exit_date", "exit_reason"):
        differ = both.filter(pl.col(col).ne_missing(pl.col(f"{col}_replayed")))
        assert differ.height == 0, (col, differ.head())
    assert both.select((pl.col("pay") - pl.col("pay_annual_fte")).abs().max()).item() < 1e-6
    assert broken_chains(any_org.events).height == 0


@pytest.mark.parametrize("kind", ["hire", "exit"])
def test_one_hire_and_at_most_one_exit_per_person(any_org, kind) -> None:
    counts = any_org.events.filter(pl.col("kind") == kind).group_by("person_id").len()
    assert counts["len"].max() == 1
