"""Re-import semantics: the differences between the stored people and a newer export, as events.

Importing the same file again yields no events (nothing changes); a newer export yields one
event per difference: hires (new ids, or a stored exit cleared), promotions and demotions
(band up or down on the same track), crossovers (a track change, either direction), pay and
manager changes, ratings and exits. People missing from the newer export are not treated as
exits (exports are often partial): an exit needs an exit date.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from multitrack.analytics.frames import SCHEMAS
from multitrack.core import Framework

__all__ = ["people_changes"]

_COMPARED = {
    "person_id": pl.String,
    "track": pl.String,
    "band": pl.String,
    "manager_id": pl.String,
    "hire_date": pl.Date,
    "level_since": pl.Date,
    "exit_date": pl.Date,
    "exit_reason": pl.String,
    "rating": pl.Float64,
    "pay_annual_fte": pl.Float64,
}
_PAY_TOLERANCE = 0.005  # half a cent: rounding in an export is not a pay change


def _columns(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        [
            pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
            for c, t in _COMPARED.items()
        ]
    )


def _natural(band: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", band))


def _ranks(bands: pl.Series, framework: Framework | None) -> dict[str, int]:
    if framework is not None:
        return dict(framework.position)
    return {b: i for i, b in enumerate(sorted(bands.drop_nulls().unique().to_list(), key=_natural))}


def people_changes(
    current: pl.DataFrame,
    incoming: pl.DataFrame,
    date: dt.date,
    *,
    framework: Framework | None = None,
) -> pl.DataFrame:
    """An ``events`` frame of what changed from ``current`` to ``incoming`` (both ``people``
    frames) as of ``date``; identical frames give an empty frame.

    Band order comes from ``framework`` (its spine) when given, else from a natural sort of
    the band keys (B2 < B10).
    """
    old, new = _columns(current), _columns(incoming)
    ranks = _ranks(pl.concat([old["band"], new["band"]]), framework)
    both = new.join(
        old.with_columns(_stored=pl.lit(True)), on="person_id", how="left", suffix="_old"
    ).with_columns(
        rank=pl.col("band").replace_strict(ranks, default=None, return_dtype=pl.Int64),
        rank_old=pl.col("band_old").replace_strict(ranks, default=None, return_dtype=pl.Int64),
    )
    stored = pl.col("_stored").fill_null(False)
    today = pl.lit(date)
    rehired = pl.col("exit_date_old").is_not_null() & pl.col("exit_date").is_null()
    hired_on = pl.coalesce(pl.when(~stored).then(pl.col("hire_date")), today)
    exited = pl.col("exit_date").is_not_null() & pl.col("exit_date_old").is_null()
    frames = [
        _event(both, ~stored | rehired, "hire", hired_on, value="pay_annual_fte"),
        *_level_events(both, stored, date),
        _event(
            both,
            stored & _changed("pay_annual_fte", True),
            "pay_change",
            today,
            value="pay_annual_fte",
        ),
        _event(both, stored & _changed("manager_id"), "manager_change", today, detail="manager_id"),
        _event(both, stored & _changed("rating", True), "rating", today, value="rating"),
        _event(both, exited, "exit", pl.col("exit_date"), detail="exit_reason"),
    ]
    events = pl.concat(frames, how="vertical")
    order = {k: i for i, k in enumerate(("hire", "promotion", "demotion", "crossover"))}
    return events.sort(
        "person_id", "date", pl.col("kind").replace_strict(order, default=9, return_dtype=pl.Int8)
    )


def _changed(column: str, numeric: bool = False) -> pl.Expr:
    """The new value is given and differs from the stored one (null-aware)."""
    new, old = pl.col(column), pl.col(f"{column}_old")
    if numeric:
        differs = old.is_null() | ((new - old).abs() > _PAY_TOLERANCE)
        return new.is_not_null() & differs
    return new.ne_missing(old) & (new.is_not_null() | old.is_not_null())


def _level_events(both: pl.DataFrame, stored: pl.Expr, date: dt.date) -> list[pl.DataFrame]:
    when = (
        pl.when(
            pl.col("level_since").is_not_null()
            & (
                pl.col("level_since_old").is_null()
                | (pl.col("level_since") > pl.col("level_since_old"))
            )
        )
        .then(pl.col("level_since"))
        .otherwise(pl.lit(date))
    )
    moved = stored & pl.col("track").is_not_null() & pl.col("track_old").is_not_null()
    cross = moved & (pl.col("track") != pl.col("track_old"))
    same = moved & (pl.col("track") == pl.col("track_old"))
    return [
        _event(both, cross, "crossover", when),
        _event(both, same & (pl.col("rank") > pl.col("rank_old")), "promotion", when),
        _event(both, same & (pl.col("rank") < pl.col("rank_old")), "demotion", when),
    ]


def _event(
    both: pl.DataFrame,
    mask: pl.Expr,
    kind: str,
    date: pl.Expr,
    *,
    value: str | None = None,
    detail: str | None = None,
) -> pl.DataFrame:
    schema = SCHEMAS["events"]
    return (
        both.filter(mask.fill_null(False))
        .select(
            pl.col("person_id"),
            date.cast(pl.Date).alias("date"),
            pl.lit(kind, pl.String).alias("kind"),
            pl.col("track_old").alias("from_track"),
            pl.col("band_old").alias("from_band"),
            pl.col("track").alias("to_track"),
            pl.col("band").alias("to_band"),
            (pl.col(value) if value else pl.lit(None)).cast(pl.Float64).alias("value"),
            (pl.col(detail) if detail else pl.lit(None)).cast(pl.String).alias("detail"),
        )
        .cast(schema)
    )
