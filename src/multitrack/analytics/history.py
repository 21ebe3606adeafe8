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

__all__ = ["PERIODS_PER_YEAR", "active", "annual_fte", "state_at", "year_ends"]

PERIODS_PER_YEAR = {"year": 1.0, "month": 12.0}


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
    since = (
        moves.filter(pl.col("date") <= on)
        .group_by("person_id")
        .agg(
            pl.col("date").last().alias("_since"),
            pl.col("date").filter(pl.col("kind") == "promotion").last().alias("_promoted"),
        )
    )
    ratings = (
        ev.filter((pl.col("kind") == "rating") & (pl.col("date") <= on))
        .sort("date")
        .group_by("person_id")
        .agg(pl.col("value").last().alias("_r"))
    )
    out = (
        people.join(before, on="person_id", how="left")
        .join(since, on="person_id", how="left")
        .join(ratings, on="person_id", how="left")
        .join(_pay_at(frames, people, on), on="person_id", how="left")
        .join(after, on="person_id", how="left")
        .join(managers, on="person_id", how="left")
        .with_columns(
            pl.coalesce("_t", "_ta", "track").alias("track"),
            pl.coalesce("_b", "_ba", "band").alias("band"),
            pl.coalesce("_m", "manager_id").alias("manager_id"),
            # current values hold only when no later event changed them
            pl.when(pl.col("_ta").is_null())
            .then(pl.coalesce("_since", "level_since", "hire_date"))
            .otherwise(pl.coalesce("_since", "hire_date"))
            .alias("level_since"),
            pl.coalesce("_promoted", "hire_date").alias("last_promotion"),
            pl.coalesce("_r", "rating").alias("rating"),
            pl.coalesce("_pay", "pay_annual_fte").alias("pay_annual_fte"),
        )
        .with_columns((pl.col("track") + "/" + pl.col("band")).alias("level"))
        .drop("_t", "_b", "_ta", "_ba", "_m", "_since", "_promoted", "_r", "_pay")
    )
    return out


def annual_fte(pay: pl.DataFrame) -> pl.Expr:
    """A pay record's base as a full-time yearly amount in its own currency."""
    per_year = (
        pl.when(pl.col("period") == "hour")
        .then(pl.col("hours_per_week").fill_null(40.0) * 52.0)
        .otherwise(pl.col("period").replace_strict(PERIODS_PER_YEAR, default=1.0))
    )
    fte = pl.when(pl.col("period") == "hour").then(1.0).otherwise(pl.col("fte").fill_null(1.0))
    return pl.col("base") * per_year / pl.when(fte > 0).then(fte).otherwise(1.0)


def _pay_at(frames: Frames, people: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """Full-time yearly base on ``on`` in the org currency.

    Records are in their own currency and period; each person's records are scaled by the
    ratio of their current converted pay (``people.pay_annual_fte``) to their newest record,
    so a history stays in the organisation's currency without an exchange-rate table.
    """
    pay = frames.pay.filter(pl.col("person_id").is_in(people["person_id"].implode()))
    if not pay.height:
        return pl.DataFrame(schema={"person_id": pl.String, "_pay": pl.Float64})
    rec = pay.sort("effective_date").with_columns(annual_fte(pay).alias("_a"))
    newest = rec.group_by("person_id").agg(pl.col("_a").last().alias("_new"))
    then = (
        rec.filter(pl.col("effective_date") <= on)
        .group_by("person_id")
        .agg(pl.col("_a").last().alias("_then"))
    )
    return (
        then.join(newest, on="person_id")
        .join(people.select("person_id", "pay_annual_fte"), on="person_id")
        .select(
            "person_id",
            (pl.col("_then") * pl.col("pay_annual_fte") / pl.col("_new")).alias("_pay"),
        )
    )


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
