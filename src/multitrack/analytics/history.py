"""Point-in-time views of the organisation, derived from effective-dated history.

The ``people`` frame holds current state; ``events`` holds how it came about. A snapshot at
a past date replays the events: the last position-carrying event (hire, promotion, demotion,
crossover, version move) on or before the date gives the track and band, and where a person's
only such events come later, the ``from_`` side of the first later one does. Manager changes
carry the new manager in ``detail``; before a person's first change the current manager is
assumed (the frames do not record the earlier one).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.frames import Frames

__all__ = ["active", "state_at", "year_ends"]


def active(people: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """People employed on ``on``: hired on or before it and not yet gone."""
    return people.filter(
        (pl.col("hire_date") <= on) & (pl.col("exit_date").is_null() | (pl.col("exit_date") > on))
    )


def state_at(frames: Frames, on: dt.date) -> pl.DataFrame:
    """``active`` people on ``on`` with the track, band, level and manager they had then."""
    people = active(frames.people, on)
    ev = frames.events.filter(pl.col("person_id").is_in(people["person_id"].implode()))
    moves = ev.filter(pl.col("to_track").is_not_null()).sort("date")
    before = (
        moves.filter(pl.col("date") <= on)
        .group_by("person_id")
        .agg(pl.col("to_track").last().alias("_t"), pl.col("to_band").last().alias("_b"))
    )
    after = (
        moves.filter((pl.col("date") > on) & pl.col("from_track").is_not_null())
        .group_by("person_id")
        .agg(pl.col("from_track").first().alias("_ta"), pl.col("from_band").first().alias("_ba"))
    )
    managers = (
        ev.filter((pl.col("kind") == "manager_change") & (pl.col("date") <= on))
        .sort("date")
        .group_by("person_id")
        .agg(pl.col("detail").last().alias("_m"))
    )
    out = (
        people.join(before, on="person_id", how="left")
        .join(after, on="person_id", how="left")
        .join(managers, on="person_id", how="left")
        .with_columns(
            pl.coalesce("_t", "_ta", "track").alias("track"),
            pl.coalesce("_b", "_ba", "band").alias("band"),
            pl.coalesce("_m", "manager_id").alias("manager_id"),
        )
        .with_columns((pl.col("track") + "/" + pl.col("band")).alias("level"))
        .drop("_t", "_b", "_ta", "_ba", "_m")
    )
    return out


def year_ends(frames: Frames, as_of: dt.date, years: int) -> list[dt.date]:
    """The snapshot dates of the last ``years`` years, ending with ``as_of`` itself."""
    out = [as_of]
    for k in range(1, years + 1):
        try:
            out.append(as_of.replace(year=as_of.year - k))
        except ValueError:  # 29 February
            out.append(as_of.replace(year=as_of.year - k, day=28))
    first = frames.people["hire_date"].min() if frames.people.height else None
    return sorted(d for d in out if first is None or d >= first)
