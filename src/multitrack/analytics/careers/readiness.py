"""Readiness of many people for one target level at once (vectorised).

Equal, person by person, to :func:`multitrack.core.gaps.gap_report` (a test pins that): the
same combination rule, the same coverage and requirement parts, computed on a profile matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.careers.profiles import ProfileMatrix, as_of_date, profile_matrix
from multitrack.analytics.frames import Frames
from multitrack.core.gaps import COMPETENCY_WEIGHT, required_steps
from multitrack.core.graph import Move, moves

__all__ = ["FRAME_SCHEMA", "Eligible", "eligible_moves", "readiness_for"]

FRAME_SCHEMA = {
    "person_id": pl.String,
    "source": pl.String,
    "kind": pl.String,
    "coverage": pl.Float64,
    "requirements_met": pl.Float64,
    "readiness": pl.Float64,
}


@dataclass(frozen=True)
class Eligible:
    """People eligible for a target level, with their readiness and its parts."""

    target: str
    person_id: np.ndarray  # str objects
    source: np.ndarray  # current level of each
    kind: np.ndarray  # promotion | crossover | lateral
    coverage: np.ndarray
    requirements_met: np.ndarray
    readiness: np.ndarray

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "person_id": self.person_id.tolist(),
                "source": self.source.tolist(),
                "kind": self.kind.tolist(),
                "coverage": self.coverage,
                "requirements_met": self.requirements_met,
                "readiness": self.readiness,
            },
            schema=FRAME_SCHEMA,  # typed even when no one is eligible
        )


def eligible_moves(frames: Frames, target: str) -> dict[str, Move | None]:
    """Current level -> the move into ``target`` (None for people already at it)."""
    out: dict[str, Move | None] = {}
    for m in moves(frames.framework):
        if m.target == target and m.kind in ("promotion", "crossover"):
            out.setdefault(m.source, m)
    return out


def _years_in_level(frames: Frames, people: pl.DataFrame) -> np.ndarray:
    today = as_of_date(frames)
    days = people.select(
        (pl.lit(today) - pl.coalesce("level_since", "hire_date")).dt.total_days().fill_null(0)
    ).to_series()
    return np.maximum(days.to_numpy().astype(float), 0.0) / 365.25


def _trainings(frames: Frames, people: pl.DataFrame, names: list[str]) -> np.ndarray:
    """Boolean matrix people × required trainings (by course id or name, case-blind)."""
    if not names:
        return np.zeros((people.height, 0), dtype=bool)
    done = (
        frames.development.filter((pl.col("kind") == "training") & (pl.col("status") == "done"))
        .join(frames.courses.select("course_id", "name"), on="course_id", how="left")
        .select("person_id", pl.concat_list([pl.col("course_id"), pl.col("name")]).alias("k"))
        .explode("k")
        .drop_nulls()
        .with_columns(pl.col("k").str.to_lowercase())
    )
    out = np.zeros((people.height, len(names)), dtype=bool)
    index = {p: i for i, p in enumerate(people["person_id"].to_list())}
    for j, name in enumerate(names):
        who = done.filter(pl.col("k") == name.casefold())["person_id"].to_list()
        rows = [index[p] for p in who if p in index]
        out[rows, j] = True
    return out


def readiness_for(
    frames: Frames, target: str, *, profiles: ProfileMatrix | None = None
) -> Eligible:
    """Every active person whose level has a direct move into ``target``, with readiness.

    Raises KeyError when ``target`` is not a level of the framework.
    """
    fw = frames.framework
    if target not in fw.levels:
        raise KeyError(target)
    sources = eligible_moves(frames, target)
    people = frames.people.filter(
        pl.col("exit_date").is_null() & pl.col("level").is_in(list(sources))
    )
    prof = profiles or profile_matrix(frames)
    col = {c: j for j, c in enumerate(prof.competencies)}
    n = people.height
    coverage = np.ones(n)
    met = np.ones(n)
    levels = np.array(people["level"].to_list(), dtype=object)
    years = _years_in_level(frames, people)
    values = prof.values_of(people["person_id"])
    kinds = np.empty(n, dtype=object)
    for source, move in sources.items():
        mask = levels == source
        if not mask.any():
            continue
        kinds[mask] = move.kind if move else "lateral"
        requires = move.requires if move else None
        steps = required_steps(fw, target, requires)
        if steps:
            cols = np.array([col[c] for c in steps])
            exp = np.array([s for s, _ in steps.values()], dtype=float)
            cov = np.minimum(1.0, values[np.ix_(mask, cols)] / exp).mean(axis=1)
            coverage[mask] = cov
        checks = []
        if requires is not None:
            if requires.years_in_level:
                checks.append(years[mask] >= requires.years_in_level)
            if requires.trainings:
                done = _trainings(frames, people.filter(pl.Series(mask)), list(requires.trainings))
                checks.extend(done.T)
            checks.extend(np.zeros(mask.sum(), dtype=bool) for _ in requires.assessments)
        if checks:
            met[mask] = np.mean(np.vstack(checks), axis=0)
    readiness = COMPETENCY_WEIGHT * coverage + (1 - COMPETENCY_WEIGHT) * met
    return Eligible(
        target,
        np.array(people["person_id"].to_list(), dtype=object),
        levels,
        kinds,
        coverage,
        met,
        readiness,
    )
