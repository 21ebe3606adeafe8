"""A demo organisation for the career-planning properties and the benchmark.

People, reporting lines, levels and aspirations come from :func:`multitrack.demo.generate`.
Where its frames hold no assessments, courses or development yet (the demo room adds them
in a later step), they are derived here by a seeded rule, vectorised so that 100,000 people
take seconds:

- every active person is assessed by their manager on each competency their level expects
  (85%) or does not (35%), at the expected step (1 when not expected) plus a draw from
  −2..+1, within the scale; half of those also carry a self-assessment within one step;
- the catalogue has one course per competency and one per training a move requires;
- 10% of active people have mentoring with one of a small pool of senior people, so some
  mentors reach the mentee limit.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames, validate
from multitrack.core import Framework
from multitrack.core.gaps import required_steps
from multitrack.core.graph import moves

__all__ = ["demo_org", "derived_assessments", "derived_courses", "derived_mentoring"]


def demo_org(people: int, seed: int) -> Frames:
    """``multitrack.demo.generate(people, seed=seed)`` with the career frames filled in."""
    from multitrack.demo import generate

    org = generate(people, seed=seed)
    rng = np.random.default_rng(seed)
    changes = {}
    if org.assessments.height == 0:
        changes["assessments"] = derived_assessments(org, rng)
    if org.courses.height == 0:
        changes["courses"] = derived_courses(org.framework)
    if org.development.height == 0:
        changes["development"] = derived_mentoring(org, rng)
    return org.replace(**changes) if changes else org


def _expectations(fw: Framework) -> pl.DataFrame:
    """level, competency, expected step (1 where the level states none), scale length."""
    rows = []
    for level in fw.levels:
        steps = required_steps(fw, level)
        for comp in fw.competencies:
            n = steps[comp][0] if comp in steps else None
            rows.append((level, comp, n or 1, n is not None, len(fw.scale_of(comp).steps)))
    return pl.DataFrame(
        rows, schema=["level", "competency", "expected", "stated", "top"], orient="row"
    )


def derived_assessments(org: Frames, rng: np.random.Generator) -> pl.DataFrame:
    """Manager (and some self) assessments of every active person, by the module's rule."""
    active = org.people.filter(pl.col("exit_date").is_null()).select("person_id", "level")
    cells = active.join(_expectations(org.framework), on="level")
    n = cells.height
    keep = rng.random(n) < np.where(cells["stated"].to_numpy(), 0.85, 0.35)
    cells = cells.filter(pl.Series(keep))
    n = cells.height
    top = cells["top"].to_numpy()
    manager = np.clip(cells["expected"].to_numpy() + rng.integers(-2, 2, n), 1, top)
    own = np.clip(manager + rng.integers(-1, 2, n), 1, top)
    as_of = dt.date.fromisoformat(org.as_of or "2026-06-30")
    days = pl.Series(rng.integers(0, 700, n)).cast(pl.Int64)
    dates = pl.lit(as_of) - pl.duration(days=days)
    base = cells.select("person_id", "competency").with_columns(date=dates, assessor_id=None)
    mgr = base.with_columns(proficiency=pl.Series(manager), source=pl.lit("manager"))
    selfs = base.with_columns(proficiency=pl.Series(own), source=pl.lit("self"))
    selfs = selfs.filter(pl.Series(rng.random(n) < 0.5))
    out = pl.concat([mgr, selfs]).select(
        "person_id", "competency", "proficiency", "source", "date", "assessor_id"
    )
    return validate("assessments", out)


def derived_courses(fw: Framework) -> pl.DataFrame:
    """One course per competency, and one per training that a move requires."""
    rows = [
        (f"c-{key}", f"{comp.name or key} studio", [key], 16.0)
        for key, comp in fw.competencies.items()
    ]
    trainings = sorted({t for m in moves(fw) if m.requires for t in m.requires.trainings})
    for i, name in enumerate(trainings):
        asked = sorted({c for m in moves(fw) if m.requires for c in m.requires.proficiencies})
        rows.append((f"t-{i}", name, asked, 40.0))
    frame = pl.DataFrame(rows, schema=["course_id", "name", "competencies", "hours"], orient="row")
    return validate("courses", frame)


def derived_mentoring(org: Frames, rng: np.random.Generator) -> pl.DataFrame:
    """Mentoring of 10% of active people by a small pool of people in the upper bands."""
    fw = org.framework
    active = org.people.filter(pl.col("exit_date").is_null())
    upper = [b for b, r in fw.band_rank.items() if r >= len(fw.band_rank) // 2]
    pool = active.filter(pl.col("band").is_in(upper))["person_id"].to_numpy()
    ids = active["person_id"].to_numpy()
    if pool.size == 0 or ids.size == 0:
        return validate("development", pl.DataFrame(schema=dict(org.development.schema)))
    pool = rng.choice(pool, size=max(1, pool.size // 10), replace=False)
    mentees = rng.choice(ids, size=max(1, ids.size // 10), replace=False)
    n = mentees.size
    frame = pl.DataFrame(
        {
            "person_id": mentees,
            "kind": "mentoring",
            "partner_id": rng.choice(pool, size=n),
            "course_id": None,
            "start": dt.date.fromisoformat(org.as_of or "2026-06-30") - dt.timedelta(days=90),
            "end": None,
            "status": rng.choice(["planned", "active", "done"], size=n),
        }
    )
    return validate("development", frame.filter(pl.col("person_id") != pl.col("partner_id")))
