"""Person-years: one row per person employed at a year-end snapshot, with what they had then
and whether they left in the following twelve months.

The panel feeds the flight-risk model (discrete-time hazard; Singer & Willett 2003) and the
attrition breakdowns. Features are measured at the snapshot from history only, so a row never
sees its own future. Manager effectiveness is measured from what was known at the snapshot:
upward assessments and people-leadership assessments dated on or before it, and the regretted
exits of the manager's team in the year before it.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from multitrack.analytics.careers.profiles import assessed_profiles
from multitrack.analytics.frames import Frames
from multitrack.analytics.history import state_at
from multitrack.analytics.scorecard.pay import RANGE_KEYS, pay_ranges
from multitrack.analytics.structure.accidental import leadership_competencies

__all__ = ["FEATURES", "manager_effectiveness", "panel", "snapshot_features"]

YEAR = 365.25

# name -> the words a reason uses for it (never a demographic field)
FEATURES = {
    "band_rank": "band",
    "tenure_years": "years with the organisation",
    "years_in_level": "years in the current level",
    "years_since_promotion": "years since the last promotion",
    "at_ceiling": "at the ceiling of their track",
    "range_penetration": "position in the pay range",
    "compa_ratio": "pay against the range midpoint",
    "rating": "latest performance rating",
    "manager_upward": "their manager's upward-assessment score",
    "manager_leadership": "their manager's assessed people leadership",
    "manager_team_regretted": "regretted exits in their manager's team last year",
    "manager_span": "their manager's span",
}


def _years(col: str, on: dt.date) -> pl.Expr:
    return ((pl.lit(on) - pl.col(col)).dt.total_days() / YEAR).clip(lower_bound=0.0)


def manager_effectiveness(frames: Frames, snap: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """Per manager at ``on``: upward score, team's regretted exits last year, span."""
    upward = (
        frames.assessments.filter((pl.col("source") == "upward") & (pl.col("date") <= on))
        .group_by("person_id")
        .agg(pl.col("proficiency").cast(pl.Float64).mean().alias("manager_upward"))
        .rename({"person_id": "manager_id"})
    )
    span = snap.group_by("manager_id").agg(pl.len().alias("manager_span"))
    comps = _leadership_set(frames)
    lead = (
        assessed_profiles(frames.assessments.filter(pl.col("date") <= on))
        .filter(pl.col("competency").is_in(comps))
        .group_by("person_id")
        .agg(pl.col("assessed").mean().alias("manager_leadership"))
        .rename({"person_id": "manager_id"})
    )
    start = on - dt.timedelta(days=365)
    left = frames.people.filter(
        (pl.col("exit_date") > start)
        & (pl.col("exit_date") <= on)
        & pl.col("regretted").fill_null(False)
    )
    regretted = left.group_by("manager_id").agg(pl.len().alias("_lost"))
    return (
        span.filter(pl.col("manager_id").is_not_null())
        .join(upward, on="manager_id", how="left")
        .join(lead, on="manager_id", how="left")
        .join(regretted, on="manager_id", how="left")
        .with_columns(
            (
                pl.col("_lost").fill_null(0)
                / (pl.col("manager_span") + pl.col("_lost").fill_null(0))
            ).alias("manager_team_regretted")
        )
        .drop("_lost")
    )


def _leadership_set(frames: Frames) -> list[str]:
    fw = frames.framework
    out: set[str] = set()
    for band in fw.spine:
        out.update(leadership_competencies(fw, band))
    return sorted(out)


def snapshot_features(frames: Frames, on: dt.date) -> pl.DataFrame:
    """People employed on ``on`` with every feature in :data:`FEATURES` measured then."""
    fw = frames.framework
    snap = state_at(frames, on)
    rank = dict(fw.band_rank)
    ceiling = {k: t.ceiling for k, t in fw.tracks.items()}
    ranges = pay_ranges(fw, snap).select(
        *RANGE_KEYS,
        pl.col("range_min").alias("_min"),
        pl.col("range_mid").alias("_mid"),
        pl.col("range_max").alias("_max"),
    )
    out = (
        snap.join(ranges, on=RANGE_KEYS, how="left", nulls_equal=True)
        .join(manager_effectiveness(frames, snap, on), on="manager_id", how="left")
        .with_columns(
            pl.col("band")
            .replace_strict(rank, default=None, return_dtype=pl.Float64)
            .alias("band_rank"),
            _years("hire_date", on).alias("tenure_years"),
            _years("level_since", on).alias("years_in_level"),
            _years("last_promotion", on).alias("years_since_promotion"),
            (pl.col("band") == pl.col("track").replace_strict(ceiling, default=None))
            .cast(pl.Float64)
            .alias("at_ceiling"),
            ((pl.col("pay_annual_fte") - pl.col("_min")) / (pl.col("_max") - pl.col("_min"))).alias(
                "range_penetration"
            ),
            (pl.col("pay_annual_fte") / pl.col("_mid")).alias("compa_ratio"),
        )
        .drop("_min", "_mid", "_max")
    )
    return out.with_columns(pl.lit(on).alias("snapshot"))


def _year_after(on: dt.date) -> dt.date:
    try:
        return on.replace(year=on.year + 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year + 1, day=28)


def panel(frames: Frames, snapshots: list[dt.date]) -> pl.DataFrame:
    """Person-years at each snapshot with ``left`` = voluntary exit within 12 months.

    ``observed`` is false where the twelve months run past the data date: those rows have
    no outcome yet (they are the ones to score, not to learn from).
    """
    as_of = max(snapshots)
    exits = frames.people.select("person_id", "exit_date", "exit_reason")
    parts = []
    for on in snapshots:
        rows = snapshot_features(frames, on).drop("exit_date", "exit_reason")
        end = _year_after(on)
        rows = rows.join(exits, on="person_id", how="left").with_columns(
            (
                (pl.col("exit_date") > on)
                & (pl.col("exit_date") <= end)
                & (pl.col("exit_reason") == "voluntary")
            )
            .fill_null(False)
            .alias("left"),
            pl.lit(end <= as_of).alias("observed"),
        )
        parts.append(rows)
    return pl.concat(parts, how="diagonal_relaxed")
