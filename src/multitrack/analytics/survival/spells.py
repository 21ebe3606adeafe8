"""Spells from the people frames: time in a level, and time employed.

A *level spell* runs from entering a (track, band) — hire, promotion, demotion, crossover — to
the next such event or the exit; its outcome is what ended it (``promoted``, ``demoted``,
``crossover``, ``left``) or ``censored`` when it was still running at the snapshot date. An
*employment spell* runs from hire to exit (or the snapshot). Both are built with sorted
shifts in polars, never a loop over people, and both can be clipped to an observation window
(:func:`in_window`), which turns spells that began before it into late entries.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

__all__ = [
    "LEVEL_EVENTS",
    "OUTCOMES",
    "as_of_date",
    "employment_spells",
    "in_window",
    "level_spells",
]

LEVEL_EVENTS = ("hire", "promotion", "demotion", "crossover", "exit")
OUTCOMES = ("promoted", "demoted", "crossover", "left", "censored")
_OUTCOME_OF = {
    "promotion": "promoted",
    "demotion": "demoted",
    "crossover": "crossover",
    "exit": "left",
}


def as_of_date(as_of: str | dt.date | None, people: pl.DataFrame, events: pl.DataFrame) -> dt.date:
    """The snapshot date: given, else the latest date in the data (today if there is none)."""
    if isinstance(as_of, dt.date):
        return as_of
    if as_of:
        return dt.date.fromisoformat(str(as_of))
    dates = [
        events.get_column("date").max() if events.height else None,
        people.get_column("hire_date").max() if people.height else None,
        people.get_column("exit_date").max() if people.height else None,
        people.get_column("level_since").max() if people.height else None,
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else dt.datetime.now(dt.UTC).date()


def _close(frame: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """End open spells at the exit date (left) or the snapshot (censored); clip at as_of."""
    exit_ok = pl.col("exit_date").is_not_null() & (pl.col("exit_date") >= pl.col("start"))
    end = (
        pl.when(pl.col("next_date").is_not_null())
        .then(pl.col("next_date"))
        .when(exit_ok)
        .then(pl.col("exit_date"))
        .otherwise(pl.lit(as_of))
    )
    outcome = (
        pl.when(pl.col("next_date").is_not_null())
        .then(pl.col("next_kind").replace_strict(_OUTCOME_OF, default="censored"))
        .when(exit_ok)
        .then(pl.lit("left"))
        .otherwise(pl.lit("censored"))
    )
    out = frame.with_columns(end.alias("end"), outcome.alias("outcome"))
    late = pl.col("end") > pl.lit(as_of)
    return out.filter(pl.col("start") <= pl.lit(as_of)).with_columns(
        pl.when(late).then(pl.lit(as_of)).otherwise(pl.col("end")).alias("end"),
        pl.when(late).then(pl.lit("censored")).otherwise(pl.col("outcome")).alias("outcome"),
        pl.when(late).then(None).otherwise(pl.col("to_track")).alias("to_track"),
        pl.when(late).then(None).otherwise(pl.col("to_band")).alias("to_band"),
    )


_SPELL_COLUMNS = [
    "person_id",
    "track",
    "band",
    "start",
    "end",
    "outcome",
    "to_track",
    "to_band",
    "exit_reason",
]


def with_person_codes(frame: pl.LazyFrame, codes: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each row's person code ``_p`` (rows of unknown people dropped).

    Joins on a 64-bit hash of the id, much cheaper than on the text; a collision would show
    as a row whose ids differ, and then the join is redone on the text.
    """
    h = pl.col("person_id").hash()
    right = codes.lazy().select(h.alias("_h"), "_p", pl.col("person_id").alias("_id"))
    out = frame.with_columns(h.alias("_h")).join(right, on="_h", how="inner").collect()
    if (out.get_column("person_id") != out.get_column("_id")).any():
        out = frame.join(codes.lazy(), on="person_id", how="inner").collect()
    return out.drop("_h", "_id", strict=False)


def _level_events(people_codes: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Level-changing events in person (integer code), date, kind order, each with the next."""
    kind = pl.col("kind")
    order = pl.when(kind == "hire").then(0).when(kind == "exit").then(2).otherwise(1)
    wanted = ["person_id", "date", "kind", "from_track", "from_band", "to_track", "to_band"]
    rows = with_person_codes(
        events.lazy().filter(kind.is_in(LEVEL_EVENTS)).select(wanted), people_codes
    )
    # one integer key (person, day, kind order): a single-column sort, not three; exports
    # usually come sorted by person and date already, and then there is nothing to sort
    key = (
        pl.col("_p").cast(pl.Int64) * (1 << 22)
        + (pl.col("date").cast(pl.Int32).cast(pl.Int64) + 100_000) * 4
        + order
    ).alias("_k")
    ev = rows.drop("person_id").with_columns(key)
    k = ev.get_column("_k")
    if k.len() > 1 and not bool((k.diff().drop_nulls() >= 0).all()):
        ev = ev.sort("_k")
    same = pl.col("_p").shift(-1) == pl.col("_p")
    nxt = lambda c: pl.when(same).then(pl.col(c).shift(-1))  # noqa: E731
    return ev.with_columns(
        nxt("date").alias("next_date"),
        nxt("kind").alias("next_kind"),
        nxt("to_track").alias("next_track"),
        nxt("to_band").alias("next_band"),
        (pl.col("_p").shift(1) != pl.col("_p")).fill_null(True).alias("_first"),
    )


def level_spells(people: pl.DataFrame, events: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """One row per time in a level: ``person_id, track, band, start, end, outcome, to_*``
    (and the person's ``exit_reason``, for spells that ended in leaving).

    People with no level events get one spell in their current level from ``level_since``
    (or hire); a history that starts after the hire gets a first spell from the hire date in
    the first event's ``from`` level. Spells with no known level or start are dropped, and so
    are events of people missing from ``people``. Sorted by person (people order), start.
    """
    who = people.select(
        "person_id", "hire_date", "exit_date", "exit_reason", "track", "band", "level_since"
    ).with_row_index("_p")
    ev = _level_events(who.select("person_id", "_p"), events)
    moved = ev.filter(pl.col("kind") != "exit").select(
        "_p",
        pl.col("to_track").alias("track"),
        pl.col("to_band").alias("band"),
        pl.col("date").alias("start"),
        "next_date",
        "next_kind",
        pl.col("next_track").alias("to_track"),
        pl.col("next_band").alias("to_band"),
    )
    hire = who.get_column("hire_date")
    first = ev.filter(pl.col("_first") & (pl.col("kind") != "hire"))
    before = (
        first.with_columns(hire.gather(first.get_column("_p")).alias("hire_date"))
        .filter(pl.col("hire_date") < pl.col("date"))
        .select(
            "_p",
            pl.col("from_track").alias("track"),
            pl.col("from_band").alias("band"),
            pl.col("hire_date").alias("start"),
            pl.col("date").alias("next_date"),
            pl.col("kind").alias("next_kind"),
            "to_track",
            "to_band",
        )
    )
    seen = np.zeros(who.height, dtype=bool)
    seen[ev.get_column("_p").to_numpy()] = True
    quiet = who.filter(~pl.Series(seen)).select(
        "_p",
        "track",
        "band",
        pl.coalesce("level_since", "hire_date").alias("start"),
        pl.lit(None, pl.Date).alias("next_date"),
        pl.lit(None, pl.String).alias("next_kind"),
        pl.lit(None, pl.String).alias("to_track"),
        pl.lit(None, pl.String).alias("to_band"),
    )
    spells = pl.concat([moved, before, quiet], how="vertical_relaxed")
    at = spells.get_column("_p")  # a row index into ``who``: gather, no join
    spells = spells.with_columns(
        who.get_column(c).gather(at) for c in ("person_id", "exit_date", "exit_reason")
    )
    spells = spells.filter(
        pl.col("track").is_not_null() & pl.col("band").is_not_null() & pl.col("start").is_not_null()
    )
    start_key = pl.col("_p").cast(pl.Int64) * (1 << 22) + pl.col("start").cast(pl.Int32)
    spells = _close(spells, as_of).sort(start_key, maintain_order=True)
    left = pl.col("outcome") == "left"
    return spells.with_columns(pl.when(left).then(pl.col("exit_reason"))).select(_SPELL_COLUMNS)


def employment_spells(people: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """One row per person: hire to exit (``left``) or to the snapshot (censored).

    Keeps the person's last known level and attributes, so analyses can stratify and adjust;
    people without a hire date are dropped (their time at risk is unknown).
    """
    left = pl.col("exit_date").is_not_null() & (pl.col("exit_date") <= pl.lit(as_of))
    return people.filter(
        pl.col("hire_date").is_not_null() & (pl.col("hire_date") <= pl.lit(as_of))
    ).with_columns(
        pl.col("hire_date").alias("start"),
        pl.when(left).then(pl.col("exit_date")).otherwise(pl.lit(as_of)).alias("end"),
        left.alias("left"),
        (left & (pl.col("exit_reason") == "voluntary")).fill_null(False).alias("voluntary"),
    )


def in_window(spells: pl.DataFrame, start: dt.date | None, end: dt.date) -> pl.DataFrame:
    """Spells seen in ``[start, end]``, with day counts for survival and rates.

    Adds ``duration`` (days from the spell's start to its end), ``entry`` (days from the
    spell's start to the window start, 0 if it began inside) and ``exposure`` (days inside
    the window). Spells that ended before the window or begin after it are dropped.
    """
    lo = pl.lit(start if start is not None else dt.date.min)
    clipped_start = pl.max_horizontal(pl.col("start"), lo)
    return (
        spells.filter(
            (pl.col("end") > lo) | ((pl.col("end") == pl.col("start")) & (pl.col("start") >= lo))
        )
        .filter(pl.col("start") <= pl.lit(end))
        .with_columns(
            (pl.col("end") - pl.col("start")).dt.total_days().alias("duration"),
            (clipped_start - pl.col("start")).dt.total_days().alias("entry"),
            (pl.col("end") - clipped_start).dt.total_days().alias("exposure"),
        )
    )
