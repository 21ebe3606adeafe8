"""Workgroups with memberships and projects with assignments: who gets access and exposure.

Senior people sit in more groups and lead more projects. Non-management people join
cross-functional groups at ``knobs.cross_functional_odds`` the rate of managers of the same
band, and get roles on high-visibility projects at ``knobs.high_visibility_odds`` the odds:
the access gap the scorecard should find.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.demo.assemble import Labels, day_dates
from multitrack.demo.population import NOT_EXITED
from multitrack.demo.world import World

__all__ = ["projects", "workgroups"]

TOPICS = (
    "Platform",
    "Data",
    "Security",
    "Accessibility",
    "Pricing",
    "Onboarding",
    "Mobile",
    "Search",
    "Payments",
    "Reliability",
    "Research",
    "Design system",
    "Growth",
    "Compliance",
    "Tooling",
    "Sustainability",
    "Localisation",
    "Performance",
    "Quality",
    "Partnerships",
)
_CROSS_NAMES = ("working group", "guild", "council", "task force")
_TEAM_NAMES = ("chapter", "practice", "community")


def _names(n: int, suffixes: tuple[str, ...], rng, offset: int = 0) -> list[str]:
    topic = rng.integers(0, len(TOPICS), n)
    kind = rng.integers(0, len(suffixes), n)
    return [
        f"{TOPICS[t]} {suffixes[k]} {offset + i + 1}"
        for i, (t, k) in enumerate(zip(topic, kind, strict=True))
    ]


def _non_management_odds(world: World, odds: float) -> np.ndarray:
    return np.where(world.ladder.leading[world.people.track], 1.0, odds)


def _band_weight(world: World) -> np.ndarray:
    return 0.6 + 0.25 * world.ladder.rank[world.people.pos]


def workgroups(world: World, labels: Labels, rng) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(workgroups, memberships); about one group per 25 people, 40% cross-functional."""
    P = world.people
    n_groups = max(2, int(np.sum(P.seat >= 0)) // 25)
    cross = rng.random(n_groups) < 0.4
    cross[0], cross[-1] = True, False
    family = np.where(cross, -1, rng.integers(0, len(world.ladder.families), n_groups))
    names = np.empty(n_groups, dtype=object)
    names[cross] = _names(int(cross.sum()), _CROSS_NAMES, rng)
    names[~cross] = _names(int((~cross).sum()), _TEAM_NAMES, rng, offset=int(cross.sum()))
    group_ids = "W" + pl.Series(np.arange(n_groups)).cast(pl.String).str.zfill(5)
    band_w = _band_weight(world)
    odds = _non_management_odds(world, world.knobs.cross_functional_odds)
    k_cross = rng.poisson(0.35 * band_w * odds)
    k_team = rng.poisson(0.8 * band_w)
    who_c = np.repeat(np.arange(P.n), k_cross)
    who_t = np.repeat(np.arange(P.n), k_team)
    size_w = rng.gamma(2.0, 1.0, n_groups)
    g_cross = _weighted(np.flatnonzero(cross), size_w[cross], len(who_c), rng)
    g_team = _in_family(np.flatnonzero(~cross), family[~cross], P.family[who_t], rng)
    who = np.concatenate([who_c, who_t])
    group = np.concatenate([g_cross, g_team])
    start, end = _membership_dates(world, who, rng)
    members = pl.DataFrame(
        {
            "g": group,
            "workgroup_id": Labels.gather(group_ids, group),
            "person_id": Labels.gather(labels.ids, who),
            "start": day_dates(start),
            "end": day_dates(np.maximum(end, 0), end < 0),
        }
    ).unique(["g", "person_id"], keep="first", maintain_order=True)
    groups = pl.DataFrame(
        {"workgroup_id": group_ids, "name": names.tolist(), "cross_functional": cross}
    )
    return groups, members.drop("g")


def _weighted(items: np.ndarray, weights: np.ndarray, n: int, rng, cum=None) -> np.ndarray:
    """``n`` draws from ``items`` in proportion to ``weights`` (``cum``: their cumsum)."""
    cum = np.cumsum(weights) if cum is None else cum
    pick = np.searchsorted(cum, rng.random(n) * cum[-1], "right")
    return items[np.minimum(pick, len(items) - 1)]


def _in_family(items: np.ndarray, fam: np.ndarray, want: np.ndarray, rng) -> np.ndarray:
    """A random group of the wanted family (any group where the family has none)."""
    order = np.argsort(fam, kind="stable")
    items, fam = items[order], fam[order]
    lo = np.searchsorted(fam, want, "left")
    hi = np.searchsorted(fam, want, "right")
    none = hi == lo
    lo, hi = np.where(none, 0, lo), np.where(none, len(items), hi)
    return items[lo + np.floor(rng.random(len(want)) * (hi - lo)).astype(np.int64)]


def _membership_dates(world: World, who: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """Start within employment; an end for leavers and for a quarter of the rest (-1: none)."""
    first, last = world.employment()
    first, last = first[who], last[who]
    start = first + np.floor(rng.random(len(who)) * (last - first + 1)).astype(np.int32)
    exited = world.people.exit_day[who] != NOT_EXITED
    ends = rng.random(len(who)) < 0.25
    end = start + np.floor(rng.random(len(who)) * (last - start + 1)).astype(np.int32)
    end = np.where(exited, np.minimum(end, last), np.where(ends, end, -1))
    return start, end


def projects(world: World, labels: Labels, rng) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(projects, assignments): one lead and a few members each, among people employed when
    the project starts; visibility 1-3 (half low, a sixth high)."""
    P, w = world.people, world.window
    n = max(2, int(np.sum(P.seat >= 0)) // 12)
    vis = rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15]).astype(np.int8)
    start = w.start + np.floor(rng.random(n) * (w.end - w.start)).astype(np.int32)
    end = start + rng.integers(60, 540, n)
    project_ids = "J" + pl.Series(np.arange(n)).cast(pl.String).str.zfill(5)
    n_members = 2 + rng.poisson(3, n) + 2 * (vis == 3)
    proj = np.concatenate([np.arange(n), np.repeat(np.arange(n), n_members)])
    lead = np.arange(len(proj)) < n
    who = _staff(world, proj, lead, vis, start, rng)
    ok = who >= 0
    proj, lead, who = proj[ok], lead[ok], who[ok]
    first = np.maximum(start[proj], P.hire_day[who])
    stop = np.minimum(end[proj], P.exit_day[who])
    ongoing = stop > w.end
    rows = pl.DataFrame(
        {
            "p": proj,
            "project_id": Labels.gather(project_ids, proj),
            "person_id": Labels.gather(labels.ids, who),
            "role": np.where(lead, "lead", "member"),
            "start": day_dates(first),
            "end": day_dates(np.where(ongoing, 0, stop), ongoing),
        }
    ).unique(["p", "person_id"], keep="first", maintain_order=True)
    catalogue = pl.DataFrame(
        {
            "project_id": project_ids,
            "name": _names(n, ("project", "programme", "launch", "migration"), rng),
            "visibility": vis,
        }
    )
    return catalogue, rows.drop("p")


def _staff(world: World, proj, lead, vis, start, rng, rounds: int = 6) -> np.ndarray:
    """A person for each role, drawn by seniority and (on visible projects) track odds among
    the people employed on the project's start day; -1 where none was found."""
    P, ld = world.people, world.ladder
    rank = ld.rank[P.pos].astype(float)
    odds = _non_management_odds(world, world.knobs.high_visibility_odds)
    weights = {
        (True, False): np.exp(0.45 * rank),
        (False, False): 1.0 + 0.1 * rank,
    }
    weights[(True, True)] = weights[(True, False)] * odds
    weights[(False, True)] = weights[(False, False)] * odds
    cums = {k: np.cumsum(w) for k, w in weights.items()}
    everyone = np.arange(P.n)
    out = np.full(len(proj), -1)
    day = start[proj]
    for _ in range(rounds):
        todo = np.flatnonzero(out < 0)
        if not len(todo):
            break
        for (is_lead, visible), cum in cums.items():
            sel = todo[(lead[todo] == is_lead) & ((vis[proj[todo]] == 3) == visible)]
            cand = _weighted(everyone, None, len(sel), rng, cum)
            here = (P.hire_day[cand] <= day[sel]) & (P.exit_day[cand] > day[sel])
            out[sel[here]] = cand[here]
    return out
