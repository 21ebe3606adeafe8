"""Test helper: rebuild each person's current state from their events alone."""

from __future__ import annotations

import polars as pl

from multitrack.analytics.frames import EVENT_KINDS

LEVEL_KINDS = ("hire", "promotion", "demotion", "crossover", "version_move")


def ordered(events: pl.DataFrame) -> pl.DataFrame:
    """Events per person by date, ties in the order of EVENT_KINDS (hire first, exit last)."""
    rank = pl.col("kind").replace_strict(list(EVENT_KINDS), list(range(len(EVENT_KINDS))))
    return events.with_columns(_rank=rank).sort(["person_id", "date", "_rank"], maintain_order=True)


def replay(events: pl.DataFrame) -> pl.DataFrame:
    """person_id, track, band, manager_id, exit_date, exit_reason, pay (last value wins)."""
    ev = ordered(events)
    level = (
        ev.filter(pl.col("kind").is_in(LEVEL_KINDS))
        .group_by("person_id", maintain_order=True)
        .agg(track=pl.col("to_track").last(), band=pl.col("to_band").last())
    )
    manager = (
        ev.filter(pl.col("kind") == "manager_change")
        .group_by("person_id", maintain_order=True)
        .agg(manager_id=pl.col("detail").last())
    )
    exits = ev.filter(pl.col("kind") == "exit").select(
        "person_id", exit_date="date", exit_reason="detail"
    )
    pay = (
        ev.filter(pl.col("kind").is_in(["hire", "pay_change"]))
        .group_by("person_id", maintain_order=True)
        .agg(pay=pl.col("value").last())
    )
    return (
        level.join(manager, on="person_id", how="left")
        .join(exits, on="person_id", how="left")
        .join(pay, on="person_id", how="left")
    )


def broken_chains(events: pl.DataFrame) -> pl.DataFrame:
    """Level moves whose 'from' is not where the previous move left the person."""
    moves = ordered(events).filter(pl.col("kind").is_in(LEVEL_KINDS))
    moves = moves.with_columns(
        prev_track=pl.col("to_track").shift(1).over("person_id"),
        prev_band=pl.col("to_band").shift(1).over("person_id"),
    )
    later = moves.filter(pl.col("kind") != "hire")
    return later.filter(
        (pl.col("from_track") != pl.col("prev_track"))
        | (pl.col("from_band") != pl.col("prev_band"))
        | pl.col("prev_track").is_null()
    )
