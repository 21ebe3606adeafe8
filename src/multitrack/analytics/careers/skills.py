"""The organisation's skills picture: where expertise is thin, where the next band is short.

Aggregates only; cells under ``MIN_CELL`` people are suppressed so no one can be singled out.
"""

from __future__ import annotations

import polars as pl

from multitrack.analytics.careers.profiles import assessed_profiles
from multitrack.analytics.careers.readiness import readiness_for
from multitrack.analytics.frames import Frames
from multitrack.core.gaps import required_steps

__all__ = ["MIN_CELL", "next_band_supply", "skills_overview"]

MIN_CELL = 3
EXPERT_STEP = 4  # "expert" on the usual five-step scale: the depth a domain leans on


def skills_overview(frames: Frames) -> pl.DataFrame:
    """Per family × track × band × competency: people, mean assessed, expected, share meeting.

    ``experts`` counts people at step EXPERT_STEP or above: thin expertise shows as few.
    """
    fw = frames.framework
    active = frames.people.filter(pl.col("exit_date").is_null())
    expected = pl.DataFrame(
        [
            {"level": key, "competency": c, "expected": float(n)}
            for key in fw.levels
            for c, (n, _) in required_steps(fw, key).items()
        ],
        schema={"level": pl.String, "competency": pl.String, "expected": pl.Float64},
    )
    prof = assessed_profiles(frames.assessments)
    cells = (
        active.select("person_id", "family", "track", "band", "level")
        .join(expected, on="level", how="inner")
        .join(prof, on=["person_id", "competency"], how="left")
        .with_columns(pl.col("assessed").fill_null(0.0))
    )
    return (
        cells.group_by("family", "track", "band", "competency")
        .agg(
            pl.len().alias("people"),
            pl.col("assessed").mean().alias("mean_assessed"),
            pl.col("expected").first(),
            (pl.col("assessed") >= pl.col("expected")).mean().alias("share_meeting"),
            (pl.col("assessed") >= EXPERT_STEP).sum().alias("experts"),
        )
        .filter(pl.col("people") >= MIN_CELL)
        .sort("family", "track", "band", "competency")
    )


def next_band_supply(frames: Frames, *, ready_at: float = 1.0) -> pl.DataFrame:
    """Per level: headcount now, and people one move away who are ready (readiness ≥ ready_at).

    A level whose ready pipeline is small against its headcount is under-supplied.
    """
    fw = frames.framework
    active = frames.people.filter(pl.col("exit_date").is_null())
    heads = dict(active.group_by("level").len().iter_rows())
    rows = []
    for key in fw.levels:
        elig = readiness_for(frames, key)
        rows.append(
            {
                "level": key,
                "track": fw.levels[key].track,
                "band": fw.levels[key].band,
                "headcount": int(heads.get(key, 0)),
                "pipeline": int(elig.readiness.size),
                "ready_now": int((elig.readiness >= ready_at).sum()),
            }
        )
    out = pl.DataFrame(rows)
    return out.with_columns(
        (pl.col("ready_now") / pl.col("headcount").clip(lower_bound=1)).alias("ready_per_head")
    )
