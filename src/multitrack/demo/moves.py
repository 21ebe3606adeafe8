"""Moves within a step: promotions, crossovers both ways, and filling open seats.

Crossovers follow the framework's stated transitions only. Into management: a team member
takes their manager's open seat (``knobs.internal_manager_fill`` of the time), usually the
best leader among them, sometimes the best craftsperson (the accidental manager). Back to a
specialist track: managers leave management at ``knobs.return_to_specialist`` a year (three
times as often when they would rather be specialists) into an open contributor seat whose
manager is at their band or above.
"""

from __future__ import annotations

import numpy as np

from multitrack.demo.ladder import STEPS_PER_YEAR
from multitrack.demo.world import World

__all__ = ["fill_contributor_seats", "fill_manager_seats", "promotions", "returns_to_specialist"]

_OUT_LEVEL = 0.03  # chance a promotion may take a contributor above their manager's band


def promotions(world: World, t: int, per_year: float = STEPS_PER_YEAR) -> None:
    """Promotions in place (a round ``per_year`` times a year), with a hazard rising with
    time in level and rating."""
    P, ld, kn, rng = world.people, world.ladder, world.knobs, world.rng
    act = world.settled(t)
    track, pos = P.track[act], P.pos[act]
    nxt = ld.up[track, pos]
    day0 = int(world.window.bounds[t])
    years = (day0 - P.level_day[act]) / 365.25
    ok = (nxt >= 0) & (years >= ld.min_years[track, pos])
    rate = kn.promotion_rate * np.clip(years / ld.typical[track, pos], 0, 1.5) ** 2
    rate *= _pull(world, act)[track, np.maximum(nxt, 0)]
    rate *= np.exp(0.45 * (P.rating[act] - 3) + np.where(ld.leading[track], 0.25 * P.lead[act], 0))
    upper = ld.is_specialist[track] & (ld.rank[np.maximum(nxt, 0)] >= ld.upper_rank)
    rate *= np.where(upper, 0.03 if kn.decorative_ladder else kn.specialist_upper_promotion, 1)
    boss = world.seat_band(world.seats.parent[P.seat[act]])
    room = (boss < 0) | (ld.rank[np.maximum(nxt, 0)] <= boss)
    room |= ~ld.leading[track] & (rng.random(len(act)) < _OUT_LEVEL)
    go = ok & room & (rng.random(len(act)) < -np.expm1(-rate / per_year))
    who = act[go]
    world.move_level(who, P.track[who], nxt[go], world.days_in(t, n=len(who)), t, "promotion")


def _pull(world: World, act: np.ndarray) -> np.ndarray:
    """pull[track, position]: promotion pressure into a level, the ratio of its share in
    the seat plan to its share now to the 8th power (capped at 1.25), so promotions follow
    openings and the pyramid keeps its shape instead of creeping up."""
    P, ld = world.people, world.ladder
    size = ld.n_tracks * ld.n_pos
    now = np.bincount(P.track[act].astype(np.int64) * ld.n_pos + P.pos[act], minlength=size)
    ratio = world.plan_share * len(act) / np.maximum(now, 1)
    return np.clip(ratio, 0, 1.25).reshape(ld.n_tracks, ld.n_pos) ** 8


def returns_to_specialist(world: World, t: int) -> None:
    """Managers crossing back to a contributor track, into open contributor seats."""
    P, ld, kn, rng = world.people, world.ladder, world.knobs, world.rng
    act = world.settled(t)
    act = act[world.seats.is_manager[P.seat[act]] & (P.seat[act] != 0)]
    wants_out = (P.aspiration[act] >= 0) & ~ld.leading[np.maximum(P.aspiration[act], 0)]
    rate = kn.return_to_specialist * np.where(wants_out, 3.0, 1.0)
    act = act[rng.random(len(act)) < -np.expm1(-rate / STEPS_PER_YEAR)]
    to_track, to_pos = _crossover_targets(world, act, away_from_lead=True)
    act, to_track, to_pos = act[to_track >= 0], to_track[to_track >= 0], to_pos[to_track >= 0]
    open_ = np.flatnonzero((world.occ < 0) & ~world.seats.is_manager & (world.seats.born <= t))
    seat = _pick_seats(world, open_, ld.rank[to_pos])
    act, to_track, to_pos, seat = (
        act[seat >= 0],
        to_track[seat >= 0],
        to_pos[seat >= 0],
        seat[seat >= 0],
    )
    day = world.days_in(t, start=world.vacant_day[seat])
    world.vacate(act, day, t)
    world.occupy(seat, act, day)
    world.move_level(act, to_track, to_pos, day, t, "crossover")
    P.aspiration[act] = to_track


def _crossover_targets(world: World, who: np.ndarray, away_from_lead: bool, lead_track=None):
    """(track, position) each person may cross to; the stated aspiration first; -1 if none."""
    P, ld = world.people, world.ladder
    track, pos, fam = P.track[who], P.pos[who], P.family[who]
    cand = ld.cross[track, pos]  # (n, K)
    ok = (cand >= 0) & ld.fam_ok[:, fam].T
    if away_from_lead:
        ok &= ~ld.leading[None, :]
    else:
        ok &= np.arange(ld.n_tracks)[None, :] == lead_track[:, None]
    asp = P.aspiration[who]
    asp_ok = (asp >= 0) & ok[np.arange(len(who)), np.maximum(asp, 0)]
    pick = np.where(asp_ok, asp, ok.argmax(1))
    has = ok.any(1)
    to_pos = cand[np.arange(len(who)), pick]
    return np.where(has, pick, -1), np.where(has, to_pos, -1)


def _pick_seats(world: World, open_: np.ndarray, need_rank: np.ndarray) -> np.ndarray:
    """For each mover, a distinct open seat whose manager's band is at least ``need_rank``."""
    if not len(open_) or not len(need_rank):
        return np.full(len(need_rank), -1)
    boss = world.seat_band(world.seats.parent[open_])
    boss = np.where(boss < 0, np.iinfo(np.int16).max, boss)
    order = np.argsort(boss, kind="stable")
    open_, boss = open_[order], boss[order]
    first = np.searchsorted(boss, need_rank, "left")
    room = len(open_) - first
    pick = first + np.floor(world.rng.random(len(need_rank)) * np.maximum(room, 1)).astype(int)
    seat = np.where(room > 0, open_[np.minimum(pick, len(open_) - 1)], -1)
    _, firsts = np.unique(seat, return_index=True)
    dup = np.ones(len(seat), bool)
    dup[firsts] = False
    seat[dup] = -1
    return seat


def fill_manager_seats(world: World, t: int) -> None:
    """Every open management seat is filled within the step: from the team or by hiring."""
    S, rng = world.seats, world.rng
    vac = np.flatnonzero((world.occ < 0) & S.is_manager & (S.born <= t))
    if not len(vac):
        return
    inside = rng.random(len(vac)) < world.knobs.internal_manager_fill
    chosen = _team_candidates(world, vac[inside], t)
    internal = vac[inside][chosen >= 0]
    who = chosen[chosen >= 0]
    if len(who):
        day = world.days_in(t, start=world.vacant_day[internal])
        to_track, to_pos, same = _into_management(world, who, world.hint_track[internal])
        lag = rng.choice([0, 1], len(who), p=[0.6, 0.4])
        world.vacate(who, day, t + lag)
        world.occupy(internal, who, day)
        world.people.moved[who] = t
        cross = ~same
        world.move_level(who[cross], to_track[cross], to_pos[cross], day[cross], t, "crossover")
    hired = np.setdiff1d(vac, internal)
    track = world.hint_track[hired]
    pos = _capped(world, hired, track, _plan_pos(world, hired, track))
    world.hire(hired, track, pos, world.days_in(t, start=world.vacant_day[hired]), t)


def _into_management(world: World, who: np.ndarray, lead_track: np.ndarray):
    """(track, position, same-track) of each person taking a management seat: by a stated
    crossover, or staying on the seat's own track when they already are on it."""
    P, ld = world.people, world.ladder
    to_track, to_pos = _crossover_targets(world, who, False, lead_track)
    same = (P.track[who] == lead_track) & (ld.rank[P.pos[who]] >= ld.manager_rank)
    return np.where(same, P.track[who], to_track), np.where(same, P.pos[who], to_pos), same


def _team_candidates(world: World, vac: np.ndarray, t: int) -> np.ndarray:
    """For each open seat, the team member who takes it (by crossover, or already on the
    seat's track), or -1.

    Usually the strongest leader; with ``knobs.accidental_manager_share`` the strongest
    craftsperson among weak leaders, who would rather have stayed a specialist.
    """
    P, ld, kn, rng = world.people, world.ladder, world.knobs, world.rng
    out = np.full(len(vac), -1)
    if not len(vac):
        return out
    slot = np.full(len(world.seats), -1)
    slot[vac] = np.arange(len(vac))
    act = world.settled(t)
    act = act[~world.seats.is_manager[P.seat[act]]]
    parent = world.seats.parent[P.seat[act]]
    act, v = act[parent >= 0], slot[parent[parent >= 0]]
    act, v = act[v >= 0], v[v >= 0]
    to_track, to_pos, _ = _into_management(world, act, world.hint_track[vac[v]])
    boss = world.seat_band(world.seats.parent[vac[v]])
    fits = (to_track >= 0) & ((boss < 0) | (ld.rank[np.maximum(to_pos, 0)] <= boss))
    act, v, to_track = act[fits], v[fits], to_track[fits]
    accidental = rng.random(len(vac)) < kn.accidental_manager_share
    craft_pick = accidental[v]
    wants_in = to_track == P.aspiration[act]
    score = np.where(craft_pick, P.craft[act] - 3.0 * (P.lead[act] > 0), P.lead[act] + wants_in)
    score = score + rng.normal(0, 0.3, len(act))
    order = np.lexsort((-score, v))
    v_sorted = v[order]
    firsts = np.r_[True, v_sorted[1:] != v_sorted[:-1]] if len(v) else np.zeros(0, bool)
    out[v_sorted[firsts]] = act[order][firsts]
    # the chosen leader wanted the move; the accidental manager would rather have stayed
    chosen = out >= 0
    P.aspiration[out[chosen & ~accidental]] = world.hint_track[vac[chosen & ~accidental]]
    P.aspiration[out[chosen & accidental]] = P.track[out[chosen & accidental]]
    return out


def _plan_pos(world: World, seat: np.ndarray, track: np.ndarray) -> np.ndarray:
    """The seat's planned position, moved onto ``track`` (its nearest position there)."""
    ld = world.ladder
    pos = world.seats.pos[seat]
    ok = ld.valid[track, pos]
    if ok.all():
        return pos
    dist = np.abs(np.arange(ld.n_pos)[None, :] - pos[~ok, None]) + 1000 * ~ld.valid[track[~ok]]
    pos = pos.copy()
    pos[~ok] = dist.argmin(1)
    return pos


def _capped(world: World, seat: np.ndarray, track: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``pos``, lowered to the highest position of ``track`` at or below the seat's boss."""
    ld = world.ladder
    boss = world.seat_band(world.seats.parent[seat])
    over = (boss >= 0) & (ld.rank[pos] > boss)
    if not over.any():
        return pos
    fits = ld.valid[track[over]] & (ld.rank[None, :] <= boss[over, None])
    best = ld.n_pos - 1 - fits[:, ::-1].argmax(1)
    pos = pos.copy()
    pos[over] = np.where(fits.any(1), best, pos[over])
    return pos


def fill_contributor_seats(world: World, t: int, last: bool) -> None:
    """Open contributor seats due this step are hired into, at their planned level or one
    lower."""
    S, ld, rng = world.seats, world.ladder, world.rng
    due = (world.fill_step <= t) | last
    seat = np.flatnonzero((world.occ < 0) & ~S.is_manager & (S.born <= t) & due)
    if not len(seat):
        return
    track = world.hint_track[seat]
    pos = _plan_pos(world, seat, track)
    refill = S.born[seat] < t
    step = ld.step[track, pos]
    lower = refill & (step > 0) & (rng.random(len(seat)) < 0.45)
    pos = pos.copy()
    pos[lower] = ld.by_step[track[lower], step[lower] - 1]
    pos = _capped(world, seat, track, pos)
    start = np.where(world.vacant_day[seat] >= world.window.bounds[t], world.vacant_day[seat], 0)
    world.hire(seat, track, pos, world.days_in(t, start=start), t)
