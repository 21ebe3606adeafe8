"""Candidates for a target track and band, ranked by readiness and interest, with reasons.

A ranked list is a starting point for people who decide, not a decision. Demographic
columns are never inputs to the score; they are read only afterwards, by the bias check,
to show whether the ranking selects groups at different rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from multitrack.analytics.careers.planning import FIT_ASPIRATION_WEIGHT
from multitrack.analytics.careers.profiles import ProfileMatrix, profile_matrix
from multitrack.analytics.careers.readiness import readiness_for
from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX, Frames
from multitrack.core.gaps import gap_report

__all__ = [
    "IMPACT_RATIO_FLAG",
    "MIN_GROUP",
    "CandidateList",
    "bias_check",
    "candidates",
    "score_candidates",
]

IMPACT_RATIO_FLAG = 0.8  # the four-fifths rule of thumb for selection-rate ratios
MIN_GROUP = 5  # groups smaller than this are not reported, so no one is singled out
HUMAN_DECISION = (
    "This ranking supports a human decision: it shows readiness and stated interest, with "
    "reasons, and never uses demographic data. People decide."
)


@dataclass
class CandidateList:
    target: str
    ranked: pl.DataFrame  # person_id, name, source, kind, readiness, interest, score, reasons
    pool: int
    bias: pl.DataFrame
    note: str = HUMAN_DECISION
    warnings: list[str] = field(default_factory=list)


def score_candidates(
    frames: Frames, target: str, *, profiles: ProfileMatrix | None = None
) -> pl.DataFrame:
    """Every eligible person with readiness, interest and the ranking score (no reasons)."""
    fw = frames.framework
    elig = readiness_for(frames, target, profiles=profiles).frame()
    track = fw.levels[target].track
    people = frames.people.select("person_id", "name", "aspiration")  # no demo_* here
    return (
        elig.join(people, on="person_id", how="left")
        .with_columns((pl.col("aspiration") == track).fill_null(False).alias("interest"))
        .with_columns(
            (
                (1 - FIT_ASPIRATION_WEIGHT) * pl.col("readiness")
                + FIT_ASPIRATION_WEIGHT * pl.col("interest").cast(pl.Float64)
            ).alias("score")
        )
        .sort(["score", "person_id"], descending=[True, False])
    )


def _reasons(frames: Frames, target: str, person_id: str, prof: ProfileMatrix) -> str:
    fw = frames.framework
    report = gap_report(fw, target, prof.row(person_id))
    names = {c: fw.competencies[c].name or c for c in fw.competencies}
    strong = [names[g.competency] for g in report.competencies if g.met][:3]
    weak = [f"{names[g.competency]} {g.shortfall:.1f} step(s) short" for g in report.gaps][:3]
    parts = []
    if strong:
        parts.append("meets " + ", ".join(strong))
    if weak:
        parts.append("gaps: " + "; ".join(weak))
    return "; ".join(parts) or "no expectations stated"


def bias_check(frames: Frames, scored: pl.DataFrame, top: int) -> pl.DataFrame:
    """Selection rate into the top ``top`` and mean score per demographic group.

    One row per (field, group) with n >= MIN_GROUP; ``impact_ratio`` is the group's rate over
    the highest group's rate for that field, flagged below IMPACT_RATIO_FLAG.
    """
    demo = [c for c in frames.people.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
    if not demo or scored.height == 0:
        return pl.DataFrame(
            schema={
                "field": pl.String,
                "group": pl.String,
                "n": pl.Int64,
                "selected": pl.Int64,
                "rate": pl.Float64,
                "mean_score": pl.Float64,
                "impact_ratio": pl.Float64,
                "flag": pl.Boolean,
            }
        )
    chosen = scored.with_columns((pl.int_range(pl.len()) < top).alias("selected"))
    chosen = chosen.join(frames.people.select("person_id", *demo), on="person_id", how="left")
    parts = []
    for col in demo:
        g = (
            chosen.group_by(pl.col(col).cast(pl.String).fill_null("not stated").alias("group"))
            .agg(
                pl.len().alias("n"),
                pl.col("selected").sum().alias("selected"),
                pl.col("score").mean().alias("mean_score"),
            )
            .filter(pl.col("n") >= MIN_GROUP)
            .with_columns((pl.col("selected") / pl.col("n")).alias("rate"))
        )
        best = g["rate"].max() if g.height else None
        g = g.with_columns(
            (pl.col("rate") / best if best else pl.lit(None, dtype=pl.Float64)).alias(
                "impact_ratio"
            ),
            pl.lit(col).alias("field"),
        ).with_columns((pl.col("impact_ratio") < IMPACT_RATIO_FLAG).fill_null(False).alias("flag"))
        parts.append(
            g.select(
                "field",
                "group",
                pl.col("n").cast(pl.Int64),
                pl.col("selected").cast(pl.Int64),
                "rate",
                "mean_score",
                "impact_ratio",
                "flag",
            )
        )
    return pl.concat(parts).sort(["field", "group"])


def candidates(frames: Frames, track: str, band: str, *, top: int = 20) -> CandidateList:
    """Ranked candidates for the level of ``track`` at ``band``, with reasons and a bias check.

    Raises KeyError when the framework has no such level.
    """
    fw = frames.framework
    target = f"{track}/{band}"
    if target not in fw.levels:
        raise KeyError(target)
    prof = profile_matrix(frames)
    scored = score_candidates(frames, target, profiles=prof)
    head = scored.head(top)
    reasons = [_reasons(frames, target, p, prof) for p in head["person_id"].to_list()]
    ranked = head.with_columns(pl.Series("reasons", reasons, dtype=pl.String)).with_columns(
        pl.int_range(1, pl.len() + 1).alias("rank")
    )
    out = CandidateList(target, ranked, scored.height, bias_check(frames, scored, top))
    if scored.height == 0:
        out.warnings.append(f"no one is one move away from {target}")
    flagged = out.bias.filter(pl.col("flag"))
    for row in flagged.iter_rows(named=True):
        out.warnings.append(
            f"selection rate for {row['field']}={row['group']} is "
            f"{row['impact_ratio']:.2f} of the highest group's: review the criteria"
        )
    return out
