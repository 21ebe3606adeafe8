"""Current state derived from effective-dated history events.

The people table keeps each person's current state for speed; this derivation is what it
must agree with (tests pin it), and what an import compares a new export against.
"""

from __future__ import annotations

import polars as pl

MOVE_KINDS = ("hire", "promotion", "demotion", "crossover")
# A framework-version move relabels a level; time in level goes on.
LEVEL_KINDS = (*MOVE_KINDS, "version_move")

STATE_SCHEMA = {
    "person_id": pl.String(),
    "hire_date": pl.Date(),
    "track": pl.String(),
    "band": pl.String(),
    "level_since": pl.Date(),
    "manager_id": pl.String(),
    "rating": pl.Float64(),
    "exit_date": pl.Date(),
    "exit_reason": pl.String(),
}


def _last(events: pl.DataFrame, kinds: tuple[str, ...], *columns: pl.Expr) -> pl.DataFrame:
    return (
        events.filter(pl.col("kind").is_in(kinds))
        .group_by("person_id", maintain_order=True)
        .agg(c.last() for c in columns)
    )


def current_state(events: pl.DataFrame) -> pl.DataFrame:
    """Per person: hire date, track, band, level since, manager, rating, exit (from events).

    Events are taken in date order (stable for the same date); a person's manager is the
    last manager_change's ``detail``; ``hire_date`` is their first hire.
    """
    ordered = events.with_row_index("_n").sort("date", "_n")
    people = ordered.select("person_id").unique(maintain_order=True)
    first_hire = (
        ordered.filter(pl.col("kind") == "hire")
        .group_by("person_id", maintain_order=True)
        .agg(pl.col("date").first().alias("hire_date"))
    )
    parts = [
        first_hire,
        _last(
            ordered, LEVEL_KINDS, pl.col("to_track").alias("track"), pl.col("to_band").alias("band")
        ),
        _last(ordered, MOVE_KINDS, pl.col("date").alias("level_since")),
        _last(ordered, ("manager_change",), pl.col("detail").alias("manager_id")),
        _last(ordered, ("rating",), pl.col("value").alias("rating")),
        _last(
            ordered,
            ("exit",),
            pl.col("date").alias("exit_date"),
            pl.col("detail").alias("exit_reason"),
        ),
    ]
    out = people
    for part in parts:
        out = out.join(part, on="person_id", how="left", maintain_order="left")
    return out.select([pl.col(c).cast(t) for c, t in STATE_SCHEMA.items()])
