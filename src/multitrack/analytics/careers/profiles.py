"""People's assessed profiles and current state, from the frames.

The combination rule is :mod:`multitrack.core.gaps`'s (newest assessment per source, weighted
by source); here it runs vectorised over the whole organisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames
from multitrack.core.gaps import SOURCE_WEIGHTS

__all__ = [
    "PersonState",
    "ProfileMatrix",
    "as_of_date",
    "assessed_profiles",
    "person_state",
    "profile_matrix",
    "reporting_line",
]


def as_of_date(frames: Frames) -> dt.date:
    """The snapshot date: ``frames.as_of``, else the newest event, else today."""
    if frames.as_of:
        return dt.date.fromisoformat(str(frames.as_of)[:10])
    if frames.events.height:
        newest = frames.events["date"].max()
        if isinstance(newest, dt.date):
            return newest
    return dt.datetime.now(dt.UTC).date()


def _combined(assessments: pl.DataFrame, who: str, what: str) -> pl.DataFrame:
    """who, what, assessed by the stated rule; ``who``/``what`` name the key columns."""
    weights = pl.DataFrame({"source": list(SOURCE_WEIGHTS), "w": list(SOURCE_WEIGHTS.values())})
    key = [who, what, "source"]
    newest = (
        assessments.filter(pl.col("date").eq_missing(pl.col("date").max().over(key)))
        .group_by(key)
        .agg(pl.col("proficiency").mean())
        .join(weights, on="source", how="left")
        .with_columns(pl.col("w").fill_null(1.0))
    )
    return newest.group_by([who, what]).agg(
        ((pl.col("proficiency") * pl.col("w")).sum() / pl.col("w").sum()).alias("assessed")
    )


def assessed_profiles(assessments: pl.DataFrame) -> pl.DataFrame:
    """person_id, competency, assessed: the weighted mean of each source's newest step.

    A source's newest step is the mean of its assessments on its newest date, so several
    peers (or reports, upward) rating on the same day count equally.
    """
    return _combined(assessments, "person_id", "competency").sort(["person_id", "competency"])


@dataclass(frozen=True)
class ProfileMatrix:
    """Assessed steps as a dense matrix: rows people, columns competencies (0 = unassessed)."""

    people: list[str]
    competencies: list[str]
    values: np.ndarray  # float64, shape (people, competencies)

    def row(self, person_id: str) -> dict[str, float]:
        i = self.people.index(person_id)
        return {
            c: float(v) for c, v in zip(self.competencies, self.values[i], strict=True) if v > 0
        }

    @cached_property
    def _index(self) -> pl.DataFrame:
        rows = np.arange(len(self.people), dtype=np.int64)
        return pl.DataFrame(
            {"person_id": self.people, "row": rows}, schema_overrides={"person_id": pl.String}
        )

    def rows_of(self, ids: pl.Series) -> np.ndarray:
        """The row of each id in ``ids``, −1 for people the matrix does not hold (vectorised)."""
        found = pl.DataFrame({"person_id": ids.cast(pl.String)}).join(
            self._index, on="person_id", how="left", maintain_order="left"
        )
        return found["row"].fill_null(-1).to_numpy()

    def values_of(self, ids: pl.Series) -> np.ndarray:
        """The profile rows of ``ids`` (zeros, i.e. unassessed, for people not held)."""
        rows = self.rows_of(ids)
        out = np.zeros((rows.size, len(self.competencies)))
        held = rows >= 0
        out[held] = self.values[rows[held]]
        return out


def profile_matrix(frames: Frames, people: list[str] | None = None) -> ProfileMatrix:
    """The profile of every (or the named) person, one column per framework competency.

    People and competencies are coded as integers first: grouping on them is much lighter
    than on the id strings.
    """
    comps = list(frames.framework.competencies)
    ids = people if people is not None else frames.people["person_id"].to_list()
    index = pl.DataFrame(
        {"person_id": ids, "row": np.arange(len(ids), dtype=np.int32)},
        schema_overrides={"person_id": pl.String},
    )
    cindex = pl.DataFrame({"competency": comps, "col": np.arange(len(comps), dtype=np.int16)})
    coded = (
        frames.assessments.select("person_id", "competency", "source", "date", "proficiency")
        .join(index, on="person_id")
        .join(cindex, on="competency")
        .drop("person_id", "competency")
    )
    cells = _combined(coded, "row", "col")
    values = np.zeros((len(ids), len(comps)))
    values[cells["row"].to_numpy(), cells["col"].to_numpy()] = cells["assessed"].to_numpy()
    return ProfileMatrix(list(ids), comps, values)


@dataclass(frozen=True)
class PersonState:
    person_id: str
    name: str
    family: str | None
    track: str
    band: str
    level: str
    manager_id: str | None
    aspiration: str | None
    years_in_level: float
    trainings_done: tuple[str, ...]
    active: bool


def person_state(frames: Frames, person_id: str) -> PersonState:
    """One person's current state. Raises KeyError if there is no such person."""
    rows = frames.people.filter(pl.col("person_id") == person_id)
    if rows.height == 0:
        raise KeyError(person_id)
    p = rows.row(0, named=True)
    today = as_of_date(frames)
    since = p.get("level_since") or p.get("hire_date") or today
    done = frames.development.filter(
        (pl.col("person_id") == person_id)
        & (pl.col("kind") == "training")
        & (pl.col("status") == "done")
    )
    names = done.join(frames.courses.select("course_id", "name"), on="course_id", how="left")
    trainings = tuple(
        sorted({x for x in [*names["course_id"].to_list(), *names["name"].to_list()] if x})
    )
    return PersonState(
        person_id=person_id,
        name=p.get("name") or person_id,
        family=p.get("family"),
        track=p["track"],
        band=p["band"],
        level=p.get("level") or f"{p['track']}/{p['band']}",
        manager_id=p.get("manager_id"),
        aspiration=p.get("aspiration"),
        years_in_level=max(0.0, (today - since).days / 365.25),
        trainings_done=trainings,
        active=p.get("exit_date") is None,
    )


def reporting_line(people: pl.DataFrame, person_id: str) -> set[str]:
    """Everyone above ``person_id`` in the reporting tree and everyone below (cycle-safe)."""
    manager = dict(zip(people["person_id"].to_list(), people["manager_id"].to_list(), strict=True))
    above: set[str] = set()
    node = manager.get(person_id)
    while node is not None and node not in above and node != person_id:
        above.add(node)
        node = manager.get(node)
    reports: dict[str, list[str]] = {}
    for pid, mid in manager.items():
        if mid is not None:
            reports.setdefault(mid, []).append(pid)
    below: set[str] = set()
    stack = list(reports.get(person_id, []))
    while stack:
        pid = stack.pop()
        if pid in below or pid == person_id:
            continue
        below.add(pid)
        stack.extend(reports.get(pid, []))
    return above | below
