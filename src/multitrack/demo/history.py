"""Five years of history, a quarter at a time, for the whole organisation at once.

Each step: year-end ratings and, a quarter later, pay reviews; exits, whose hazard depends
on the manager's effectiveness, stagnation, tenure, pay and rating; moves back from
management; new seats (growth); management seats filled from the team or by hiring;
contributor seats refilled after a lag; promotions (in two rounds a year); and the manager
changes all of that causes. People present
at the window start bring a backfilled career: their hire and the promotions since.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import ndtr

from multitrack.demo import moves
from multitrack.demo.hierarchy import Positions
from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import STEPS_PER_YEAR, Ladder
from multitrack.demo.world import Window, World

__all__ = ["simulate"]

# Steps (quarters) before a vacated contributor seat is filled again, and their odds.
_LAGS, _LAG_P = np.array([0, 1]), np.array([0.6, 0.4])


def simulate(
    ladder: Ladder,
    knobs: Knobs,
    seats: Positions,
    window: Window,
    rng: np.random.Generator,
    progress: Callable[[float], None] | None = None,
) -> World:
    """Run the window and return the world at the snapshot, with its event log."""
    world = World(ladder, knobs, seats, window, rng)
    _opening(world)
    _manager_changes(world, 0)
    beta = _manager_beta(world)
    for t in range(window.steps):
        if t in window.rating_steps:
            _ratings(world, t)
        if t in window.review_steps:
            _reviews(world, t)
        _exits(world, t, beta)
        moves.returns_to_specialist(world, t)
        _open_seats(world, t)
        moves.fill_manager_seats(world, t)
        moves.fill_contributor_seats(world, t, last=t == window.steps - 1)
        if t % 2 == 1:
            moves.promotions(world, t, per_year=STEPS_PER_YEAR / 2)
        _manager_changes(world, t)
        if progress:
            progress((t + 1) / window.steps)
    return world


def _opening(world: World) -> None:
    """People in the seats that exist at the window start, with their careers so far."""
    S, ld, rng, start = world.seats, world.ladder, world.rng, world.window.start
    seat = np.flatnonzero(S.born == 0)
    track, pos = S.track[seat], S.pos[seat]
    steps_up = ld.step[track, pos]
    tenure = 0.25 + rng.gamma(1.5, 2.0, len(seat)) + 0.6 * steps_up
    in_level = rng.random(len(seat)) * np.minimum(tenure, 1.6 * ld.typical[track, pos])
    share = np.clip((tenure - in_level) / (2.5 * np.maximum(steps_up, 1)), 0, 1)
    k = np.minimum(rng.binomial(steps_up, share), steps_up)
    hire_day = (start - tenure * 365.25).astype(np.int32)
    level_day = np.where(k > 0, start - in_level * 365.25, hire_day).astype(np.int32)
    who = world.hire(seat, track, ld.by_step[track, steps_up - k], hire_day, t=-1)
    _backfill_promotions(world, who, k, steps_up - k, level_day)
    P = world.people
    years = (start - P.level_day[who]) / 365.25
    P.compa[who] = np.clip(P.compa[who] + 0.015 * years + rng.normal(0, 0.03, len(who)), 0.85, 1.2)
    P.moved[who] = -1


def _backfill_promotions(world, who, k, first_step, level_day) -> None:
    """``k`` promotions per person between hire and ``level_day`` (the last one on it)."""
    P, rng = world.people, world.rng
    owner = np.repeat(np.arange(len(who)), k)
    u = rng.random(len(owner))
    order = np.lexsort((u, owner))
    u = u[order]
    last = np.r_[owner[1:] != owner[:-1], True] if len(owner) else np.zeros(0, bool)
    u[last] = 1.0
    nth = np.arange(len(owner)) - np.repeat(np.cumsum(k) - k, k)
    hire = P.hire_day[who][owner]
    days = (hire + 1 + u * (level_day[owner] - hire - 1)).astype(np.int32)
    for j in range(int(k.max()) if len(k) else 0):
        sel = nth == j
        i = owner[sel]
        person = who[i]
        pos = world.ladder.by_step[P.track[person], first_step[i] + j + 1]
        world.move_level(person, P.track[person], pos, days[sel], -1, "promotion")


def _manager_beta(world: World) -> float:
    """Log-hazard slope on manager effectiveness so that the bottom quarter of managers
    loses people at ``knobs.manager_hazard_ratio`` times the rate of the top quarter."""
    P = world.people
    managers = world.occ[world.seats.is_manager & (world.occ >= 0)]
    e = P.effect[managers].astype(float)
    if len(e) < 4:
        e = ndtr(np.linspace(-2, 2, 101))
    lo, hi = np.quantile(e, [0.25, 0.75])
    spread = e[e >= hi].mean() - e[e <= lo].mean()
    return float(np.log(world.knobs.manager_hazard_ratio) / max(spread, 1e-6))


def _hazards(world: World, act: np.ndarray, day: int, beta: float) -> tuple:
    """Voluntary and involuntary exit hazards per year, averaging ``base_attrition``."""
    P, ld, kn = world.people, world.ladder, world.knobs
    track, pos = P.track[act], P.pos[act]
    mgr = P.manager[act]
    e = np.where(mgr >= 0, P.effect[np.maximum(mgr, 0)], 0.5)
    years = (day - P.level_day[act]) / 365.25
    m = np.exp(
        beta * (0.5 - e) + kn.stagnation_per_year * np.maximum(0, years - ld.typical[track, pos])
    )
    m *= np.where((pos == ld.highest[track]) & (years >= 2), kn.ceiling_hazard, 1.0)
    m *= np.where(P.compa[act] >= 1.10, kn.top_of_range_hazard, 1.0)
    m *= np.where(day - P.hire_day[act] < 730, kn.new_hire_hazard, 1.0)
    # disengaged low raters and underpaid people leave more; the top seat hardly at all
    underpaid = np.maximum(0.0, 0.95 - P.compa[act])
    m *= np.exp(-0.25 * (P.rating[act] - 3) + 3.0 * underpaid)
    m *= np.where(P.seat[act] == 0, 0.3, 1.0)
    r = np.exp(-1.3 * (P.rating[act] - 3))
    vol = kn.base_attrition * (1 - kn.involuntary_share) * m / m.mean()
    inv = kn.base_attrition * kn.involuntary_share * r / r.mean()
    return vol, inv


def _exits(world: World, t: int, beta: float) -> None:
    P, rng = world.people, world.rng
    act = world.active(before_step=t)
    if not len(act):
        return
    vol, inv = _hazards(world, act, int(world.window.bounds[t]), beta)
    total = vol + inv
    go = rng.random(len(act)) < -np.expm1(-total / STEPS_PER_YEAR)
    who = act[go]
    invol = rng.random(len(who)) < inv[go] / total[go]
    day = world.days_in(t, n=len(who))
    P.exit_day[who], P.exit_reason[who] = day, invol
    P.regretted[who] = ~invol & ((P.rating[who] >= 4) | (P.ability[who] > 0.8))
    world.log.add(who, day, "exit", from_=(P.track[who], P.pos[who]), detail=invol)
    lag = rng.choice(_LAGS, len(who), p=_LAG_P)
    world.vacate(who, day, np.where(world.seats.is_manager[P.seat[who]], t, t + lag))


def _open_seats(world: World, t: int) -> None:
    """Seats born this step (growth) are open from a day in it."""
    if t == 0:
        return
    new = np.flatnonzero(world.seats.born == t)
    world.vacant_day[new] = world.days_in(t, n=len(new))
    world.fill_step[new] = t


def _ratings(world: World, t: int) -> None:
    """The annual rating of everyone with three months' service; upward raters sampled."""
    P, day = world.people, int(world.window.bounds[t])
    act = world.active(before_step=t)
    P.rating[act] = world.draw_rating(act)
    P.rated[act] = True
    world.log.add(act, day, "rating", value=P.rating[act])
    _sample_upward(world, act, day)


def _sample_upward(world: World, act: np.ndarray, day: int, raters: int = 3) -> None:
    """About ``raters`` reports of each manager rate them (upward assessment)."""
    mgr = world.people.manager[act]
    act, mgr = act[mgr >= 0], mgr[mgr >= 0]
    span = np.bincount(mgr)[mgr]
    keep = world.rng.random(len(act)) * span < raters
    world.upward.append((mgr[keep], act[keep], day))


def _reviews(world: World, t: int) -> None:
    """Annual pay review: merit on the latest rating, ranges moved by inflation."""
    P, day = world.people, int(world.window.bounds[t])
    act = world.active(before_step=t)
    P.compa[act] = world.pay.review(P.compa[act], P.rating[act], world.rng)
    P.pay[act] = world.pay.base(
        P.compa[act], P.track[act], P.pos[act], P.zone[act], P.family[act], P.female[act], day
    )
    world.log.add(act, day, "pay_change", value=P.pay[act], at=(P.track[act], P.pos[act]))


def _manager_changes(world: World, t: int) -> None:
    """Log a manager change for everyone whose seat now has a different manager."""
    P = world.people
    act = world.active()
    parent = world.seats.parent[P.seat[act]]
    new = np.where(parent >= 0, world.occ[np.maximum(parent, 0)], -1)
    changed = new != P.manager[act]
    who, new, parent = act[changed], new[changed], parent[changed]
    day = np.maximum(
        np.where(parent >= 0, world.since[np.maximum(parent, 0)], 0), world.since[P.seat[who]]
    )
    world.log.add(who, day, "manager_change", detail=new)
    P.manager[who] = new
