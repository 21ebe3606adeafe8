"""The course catalogue and development actions: mentoring, coaching, trainings.

Courses come from the framework: two per competency, one per area, and one for every
training a transition requires (so a crossover's stated programme can be found). Mentors
are at a higher band, on the mentee's wanted track where possible, never in the mentee's
reporting line (above or below), with at most three mentees each; coaches are managers.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.frames import empty
from multitrack.core import Framework
from multitrack.demo.assemble import Labels, day_dates
from multitrack.demo.population import NOT_EXITED
from multitrack.demo.world import World

__all__ = ["courses", "development", "in_reporting_line"]

MAX_MENTEES = 3
_STATUS = ("planned", "active", "done", "dropped")


def courses(fw: Framework) -> pl.DataFrame:
    """The catalogue: id, name, competencies developed, hours (same for every size)."""
    rows: list[tuple[str, list[str], float]] = []
    for key, comp in fw.competencies.items():
        name = comp.name or key
        rows.append((f"Foundations of {name.lower()}", [key], 8.0))
        rows.append((f"Advanced {name.lower()}", [key], 24.0))
    for key, area in fw.areas.items():
        members = [c for c, comp in fw.competencies.items() if comp.area == key]
        if len(members) > 1:
            rows.append((f"{area.name or key} essentials", members, 16.0))
    named = {r[0].lower() for r in rows}
    for rule in fw.transitions:
        for training in rule.requires.trainings:
            if training.lower() not in named:
                named.add(training.lower())
                rows.append(
                    (training[:1].upper() + training[1:], list(rule.requires.proficiencies), 40.0)
                )
    if not rows:
        return empty("courses")
    return pl.DataFrame(
        {
            "course_id": [f"C{i + 1:03d}" for i in range(len(rows))],
            "name": [r[0] for r in rows],
            "competencies": [r[1] for r in rows],
            "hours": [r[2] for r in rows],
        },
        schema={
            "course_id": pl.String,
            "name": pl.String,
            "competencies": pl.List(pl.String),
            "hours": pl.Float64,
        },
    )


def in_reporting_line(manager: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether ``b`` is above ``a`` or ``a`` above ``b`` in the tree ``manager`` (-1: top)."""
    found = a == b
    for lower, upper in ((a, b), (b, a)):
        cur = lower.copy()
        while (cur >= 0).any():
            cur = np.where(cur >= 0, manager[np.maximum(cur, 0)], -1)
            found |= cur == upper
    return found


def development(world: World, labels: Labels, catalogue: pl.DataFrame, rng) -> pl.DataFrame:
    """Mentoring pairs, coaching and trainings (one frame, ``kind`` tells them apart)."""
    parts = [_mentoring(world, rng, share=0.06, kind=0), _mentoring(world, rng, share=0.03, kind=1)]
    if catalogue.height:
        parts.append(_trainings(world, catalogue, rng))
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    end = cols["end"]
    course_ids = catalogue["course_id"] if catalogue.height else pl.Series([], dtype=pl.String)
    return pl.DataFrame(
        {
            "person_id": Labels.gather(labels.ids, cols["person"]),
            "kind": Labels.gather(pl.Series(["mentoring", "coaching", "training"]), cols["kind"]),
            "partner_id": Labels.gather(labels.ids, cols["partner"]),
            "course_id": Labels.gather(course_ids, cols["course"]),
            "start": day_dates(cols["start"]),
            "end": day_dates(np.maximum(end, 0), end < 0),
            "status": Labels.gather(pl.Series(_STATUS), cols["status"]),
        }
    )


def _mentoring(world: World, rng, share: float, kind: int) -> dict[str, np.ndarray]:
    """Current people with a mentor (kind 0) or a coach (kind 1, managers first)."""
    P, ld = world.people, world.ladder
    current = np.flatnonzero(P.seat >= 0)
    p = share * np.where(ld.leading[P.track[current]], 2.0, 1.0) if kind else share
    mentee = current[rng.random(len(current)) < p]
    if kind == 0:
        want = np.where(P.aspiration[mentee] >= 0, P.aspiration[mentee], P.track[mentee])
    else:
        want = np.full(len(mentee), int(np.flatnonzero(ld.leading)[0]))
    mentor = _pick_mentors(world, current, mentee, want, rng)
    mentee, mentor = mentee[mentor >= 0], mentor[mentor >= 0]
    w = world.window
    start = np.maximum(P.hire_day[mentee], w.end - rng.integers(30, 720, len(mentee)))
    done = rng.random(len(mentee)) < 0.4
    end = np.where(done, np.minimum(start + rng.integers(60, 365, len(mentee)), w.end), -1)
    return _rows(mentee, kind, mentor, -1, start, end, np.where(done, 2, 1))


def _pick_mentors(world, current, mentee, want, rng, rounds: int = 5) -> np.ndarray:
    """A mentor per mentee: higher band, the wanted track where one exists, outside the
    reporting line, at most MAX_MENTEES each; -1 where none fits."""
    P, ld = world.people, world.ladder
    rank = ld.rank[P.pos].astype(np.int64)
    key = P.track[current].astype(np.int64) * 256 + rank[current]
    by_track = current[np.argsort(key, kind="stable")]
    track_key = np.sort(key, kind="stable")
    by_rank = current[np.argsort(rank[current], kind="stable")]
    rank_key = np.sort(rank[current], kind="stable")
    out = np.full(len(mentee), -1)
    load = np.zeros(P.n, dtype=np.int64)
    for _ in range(rounds):
        todo = np.flatnonzero(out < 0)
        if not len(todo):
            break
        r, k = rank[mentee[todo]], want[todo].astype(np.int64)
        lo = np.searchsorted(track_key, k * 256 + r + 1, "left")
        hi = np.searchsorted(track_key, k * 256 + 255, "right")
        cand = _draw(by_track, lo, hi, rng)
        lo2 = np.searchsorted(rank_key, r + 1, "left")
        cand = np.where(cand >= 0, cand, _draw(by_rank, lo2, np.full(len(r), len(by_rank)), rng))
        ok = cand >= 0
        ok[ok] &= ~in_reporting_line(P.manager, mentee[todo][ok], cand[ok])
        todo, cand = todo[ok], cand[ok]
        rank_in = _rank_within(cand)
        ok = load[cand] + rank_in < MAX_MENTEES
        out[todo[ok]] = cand[ok]
        np.add.at(load, cand[ok], 1)
    return out


def _draw(pool: np.ndarray, lo: np.ndarray, hi: np.ndarray, rng) -> np.ndarray:
    room = hi - lo
    pick = lo + np.floor(rng.random(len(lo)) * np.maximum(room, 1)).astype(np.int64)
    return np.where(room > 0, pool[np.minimum(pick, len(pool) - 1)], -1)


def _rank_within(values: np.ndarray) -> np.ndarray:
    """0 for the first occurrence of each value, 1 for the second, and so on."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    start = np.r_[True, v[1:] != v[:-1]] if len(v) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(start, np.arange(len(v)), 0))
    out = np.empty(len(v), dtype=np.int64)
    out[order] = np.arange(len(v)) - first
    return out


def _trainings(world: World, catalogue: pl.DataFrame, rng) -> dict[str, np.ndarray]:
    """About one course a year per person, on something their level expects."""
    P, w = world.people, world.window
    first, last = world.employment()
    years = (last - first) / 365.25
    who = np.repeat(np.arange(P.n), rng.poisson(0.25 * years))
    weights = _course_weights(world, catalogue)[P.track[who], P.pos[who]]
    cum = np.cumsum(weights, axis=1)
    course = (cum <= (rng.random(len(who)) * cum[:, -1])[:, None]).sum(1)
    course = np.minimum(course, catalogue.height - 1)
    start = first[who] + np.floor(rng.random(len(who)) * (last - first)[who]).astype(np.int32)
    hours = catalogue["hours"].to_numpy()[course]
    end = start + (hours * rng.uniform(1.5, 4.0, len(who))).astype(np.int32)
    exited = P.exit_day[who] != NOT_EXITED
    planned = ~exited & (rng.random(len(who)) < 0.08)
    start = np.where(planned, w.end + rng.integers(1, 120, len(who)), start)
    dropped = rng.random(len(who)) < 0.1
    status = np.where(planned, 0, np.where(end > last[who], np.where(exited, 3, 1), 2))
    status = np.where((status == 2) & dropped, 3, status)
    end = np.where(status >= 2, np.minimum(end, last[who]), -1)
    return _rows(who, 2, -1, course, start, end, status)


def _course_weights(world: World, catalogue: pl.DataFrame) -> np.ndarray:
    """weights[track, position, course]: courses on what the level expects count 20 times."""
    ld, fw = world.ladder, world.ladder.framework
    develops = [set(c) for c in catalogue["competencies"].to_list()]
    out = np.ones((ld.n_tracks, ld.n_pos, catalogue.height))
    for lv in fw.levels.values():
        if lv.track in fw.tracks and lv.band in fw.position:
            k, p = ld.tracks.index(lv.track), fw.position[lv.band]
            wanted = set(lv.expects)
            out[k, p] = [20.0 if d & wanted else 1.0 for d in develops]
    return out


def _rows(person, kind, partner, course, start, end, status) -> dict[str, np.ndarray]:
    n = len(person)
    return {
        "person": person.astype(np.int64),
        "kind": np.full(n, kind),
        "partner": np.broadcast_to(partner, n).astype(np.int64),
        "course": np.broadcast_to(course, n).astype(np.int64),
        "start": np.asarray(start, dtype=np.int32),
        "end": np.asarray(end, dtype=np.int32),
        "status": np.broadcast_to(status, n).astype(np.int64),
    }
