"""Competency assessments that follow level and track, from self, manager, peer and upward.

A person's proficiency centres on what their level expects (the framework's ``expects``;
where a level says nothing, a share of the scale growing with band), moved by their craft or
people-leadership trait: so people-leadership runs higher on management, craft higher on the
specialist track. Managers are rated upward by a few of their reports each year-end, around
their people-leadership: the manager-effectiveness proxy the retention analysis reads.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.frames import empty
from multitrack.core import Framework
from multitrack.demo.assemble import Labels, day_dates
from multitrack.demo.ladder import Ladder
from multitrack.demo.world import World

__all__ = ["assessments"]

_MAX_PER_PERSON = 8
_BIAS = {"self": 0.3, "manager": 0.0, "peer": 0.1}


class _Competencies:
    """The framework's competencies as arrays: scale sizes, leadership flags, expectations."""

    def __init__(self, fw: Framework, ladder: Ladder) -> None:
        self.keys = list(fw.competencies)
        self.size = np.array([len(fw.scale_of(c).steps) for c in self.keys])
        kinds = {k: a.kind for k, a in fw.areas.items()}
        self.leadership = np.array(
            [kinds.get(fw.competencies[c].area or "", "job") == "leadership" for c in self.keys]
        )
        n_k, n_s, n_c = ladder.n_tracks, ladder.n_pos, len(self.keys)
        top = max(int(ladder.rank.max()), 1)
        share = 0.15 + 0.6 * ladder.rank / top  # unexpected competencies: a share of the scale
        self.expected = 1 + (self.size[None, None, :] - 1) * share[None, :, None] * np.ones(
            (n_k, 1, n_c)
        )
        self.stated = np.zeros((n_k, n_s, n_c), dtype=bool)
        for lv in fw.levels.values():
            if lv.track not in fw.tracks or lv.band not in fw.position:
                continue
            k, p = ladder.tracks.index(lv.track), fw.position[lv.band]
            for comp, step in lv.expects.items():
                c = self.keys.index(comp)
                idx = int(step) if step.isdigit() else fw.scale_of(comp).index(step)
                self.expected[k, p, c], self.stated[k, p, c] = idx, True
        assessed = self.stated.any(0)  # (S, C): expected at this position on some track
        assessed[~assessed.any(1)] = True
        keep = np.cumsum(assessed, axis=1) <= _MAX_PER_PERSON
        self.assessed = assessed & keep
        lead_levels = self.stated[ladder.leading].any((0, 1)) & self.leadership
        self.upward = np.flatnonzero(lead_levels if lead_levels.any() else self.leadership)[:3]
        if not len(self.upward):
            self.upward = np.arange(min(3, n_c))


def assessments(world: World, labels: Labels, rng: np.random.Generator) -> pl.DataFrame:
    """Year-end assessments of the last two cycles, and upward ratings of managers."""
    fw = world.ladder.framework
    if not fw.competencies:
        return empty("assessments")
    comps = _Competencies(fw, world.ladder)
    cycles = sorted(world.window.rating_steps)
    if not cycles:
        return empty("assessments")
    days = [int(world.window.bounds[t]) for t in cycles]
    parts = [_cycle(world, comps, days[-1], 1.0, rng)]
    if len(days) > 1:
        parts.append(_cycle(world, comps, days[-2], 0.3, rng, grown=0.3))
    parts.extend(_upward(world, comps, m, r, d, rng) for m, r, d in world.upward[-2:])
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return pl.DataFrame(
        {
            "person_id": Labels.gather(labels.ids, cols["person"]),
            "competency": Labels.gather(pl.Series(comps.keys), cols["comp"]),
            "proficiency": cols["step"].astype(np.int16),
            "source": Labels.gather(
                pl.Series(["self", "manager", "peer", "upward"]), cols["source"]
            ),
            "date": day_dates(cols["day"]),
            "assessor_id": Labels.gather(labels.ids, cols["assessor"]),
        }
    )


def _employed(world: World, day: int) -> np.ndarray:
    P = world.people
    return np.flatnonzero((P.hire_day < day) & (P.exit_day > day))


def _cycle(world, comps: _Competencies, day: int, share: float, rng, grown: float = 0.0):
    """Manager, self and peer assessments of a share of the people employed on ``day``."""
    P = world.people
    who = _employed(world, day)
    who = who[rng.random(len(who)) < share]
    person, comp = np.nonzero(comps.assessed[P.pos[who]])
    person = who[person]
    parts = []
    for source, rate in (("manager", 1.0), ("self", 0.4), ("peer", 0.2)):
        pick = rng.random(len(person)) < rate
        p, c = person[pick], comp[pick]
        assessor = _assessors(world, p, source, day, rng)
        p, c, assessor = p[assessor >= -1], c[assessor >= -1], assessor[assessor >= -1]
        step = _steps(world, comps, p, c, _BIAS[source] - grown, rng)
        parts.append((p, c, step, ["self", "manager", "peer"].index(source), assessor))
    return _stack(parts, day)


def _assessors(world: World, who: np.ndarray, source: str, day: int, rng) -> np.ndarray:
    """The assessor of each row: the person, their manager, or a peer (someone with the same
    manager); -2 when there is none or they were not employed on ``day``."""
    P = world.people
    mgr = P.manager[who]
    if source == "self":
        return who
    if source == "manager":
        out = mgr
    else:
        people = np.unique(who)
        order = people[_by_key_shuffled(P.manager[people], rng)]
        m = P.manager[order]
        nxt = np.r_[order[1:], -1]
        prv = np.r_[-1, order[:-1]]
        same_next = np.r_[m[1:] == m[:-1], False]
        same_prev = np.r_[False, m[1:] == m[:-1]]
        peer_of = np.full(P.n, -2)
        peer_of[order] = np.where(same_next, nxt, np.where(same_prev, prv, -2))
        out = peer_of[who]
    ok = out >= 0
    safe = np.maximum(out, 0)
    ok &= (P.hire_day[safe] < day) & (P.exit_day[safe] > day)
    return np.where(ok, out, -2)


def _by_key_shuffled(keys: np.ndarray, rng) -> np.ndarray:
    perm = rng.permutation(len(keys))
    return perm[np.argsort(keys[perm], kind="stable")]


def _steps(world, comps: _Competencies, who, comp, bias: float, rng) -> np.ndarray:
    P = world.people
    trait = np.where(comps.leadership[comp], P.lead[who], P.craft[who]) + 0.2 * P.ability[who]
    centre = comps.expected[P.track[who], P.pos[who], comp]
    raw = centre + 0.7 * trait + bias + rng.normal(0, 0.5, len(who))
    return np.clip(np.round(raw), 1, comps.size[comp])


def _upward(world, comps: _Competencies, mgr, report, day: int, rng):
    """Reports rate their manager on the leadership competencies management expects."""
    keep = (world.people.exit_day[report] > day) & (world.people.hire_day[mgr] < day)
    mgr, report = mgr[keep], report[keep]
    n_u = len(comps.upward)
    m = np.repeat(mgr, n_u)
    c = np.tile(comps.upward, len(mgr))
    P = world.people
    centre = comps.expected[P.track[m], P.pos[m], c]
    raw = centre + 0.9 * P.lead[m] + rng.normal(0, 0.6, len(m))
    step = np.clip(np.round(raw), 1, comps.size[c])
    return _stack([(m, c, step, 3, np.repeat(report, n_u))], day)


def _stack(parts, day: int) -> dict[str, np.ndarray]:
    out = {
        "person": np.concatenate([p[0] for p in parts]).astype(np.int64),
        "comp": np.concatenate([p[1] for p in parts]).astype(np.int64),
        "step": np.concatenate([p[2] for p in parts]),
        "source": np.concatenate([np.full(len(p[0]), p[3]) for p in parts]),
        "assessor": np.concatenate([p[4] for p in parts]).astype(np.int64),
    }
    out["day"] = np.full(len(out["person"]), day, dtype=np.int32)
    return out
