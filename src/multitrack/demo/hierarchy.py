"""The organisation's positions: a reporting tree of manager and contributor seats.

Positions outlive their holders: when someone leaves or moves, their seat is filled again,
so the tree keeps its shape while people flow through it. The tree is built for the size at
the snapshot; each seat has a birth step, so the organisation at the window start is the
subtree of seats born by then (growth adds seats, parents always before children).

Shape: managers sit on the leading (management) tracks, spread over their bands as a
pyramid; each manager reports to one of a higher band, and where a band outnumbers the one
above more than five to one, to a peer of the same band (how large organisations gain
layers); contributors fill the remaining seats in band order, so each reports to a manager
of their band or above, most of them under first-line managers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import STEPS_PER_YEAR, Ladder

__all__ = ["Positions", "build_positions", "depth_of"]

# Manager reports of a manager inside a band's own layers: 1 + Poisson(3.5).
_MANAGER_CHILDREN = 3.5
# At most this many managers of a band per manager of the band above, beyond which the
# band grows layers of its own.
_MAX_UPWARD = 5.0
# Headcount of a band against the band below, above the pyramid's widest band.
_MANAGER_RATIO = 0.42


@dataclass(frozen=True)
class Positions:
    """Seats of the organisation, managers first (highest band first), then contributors."""

    parent: np.ndarray  # int32, -1 for the top seat
    is_manager: np.ndarray  # bool
    track: np.ndarray  # int8: track of the seat's first holder
    pos: np.ndarray  # int16: spine position of the seat's first holder
    family: np.ndarray  # int8
    zone: np.ndarray  # int8
    born: np.ndarray  # int16: step at which the seat appears (0 = at the window start)

    def __len__(self) -> int:
        return len(self.parent)


def build_positions(
    n: int, ladder: Ladder, knobs: Knobs, rng: np.random.Generator, steps: int
) -> Positions:
    """``n`` seats shaped by ``ladder``; birth steps spread over ``steps`` by growth."""
    n_mgr = 1 if n < 3 else max(1, round((n - 1) / knobs.mean_span))
    m_track, m_pos = _manager_levels(n_mgr, ladder, rng)
    m_parent = _manager_tree(m_pos, ladder, rng)
    has_mgr_child = np.bincount(m_parent[m_parent >= 0], minlength=n_mgr) > 0
    pyramid = _ic_pyramid(ladder, knobs)
    demand = _ic_demand(n - n_mgr, pyramid, m_pos, ladder)
    counts = _ic_counts(demand, m_pos, has_mgr_child, rng)
    ic_parent, ic_pos = _match_seats(counts, m_pos, demand, rng)
    parent = np.concatenate([m_parent, ic_parent]).astype(np.int32)
    is_manager = np.arange(n) < n_mgr
    family, zone = _places(parent, is_manager, m_track, ladder, rng)
    ic_track, ic_family = _ic_tracks(ic_pos, family[n_mgr:], pyramid, ladder, rng)
    family[n_mgr:] = ic_family
    return Positions(
        parent=parent,
        is_manager=is_manager,
        track=np.concatenate([m_track, ic_track]).astype(np.int8),
        pos=np.concatenate([m_pos, ic_pos]).astype(np.int16),
        family=family,
        zone=zone,
        born=_births(parent, is_manager, knobs, rng, steps),
    )


def depth_of(parent: np.ndarray) -> np.ndarray:
    """Layer of each node (0 at the top) by pointer jumping; parents precede children."""
    depth = np.zeros(len(parent), dtype=np.int16)
    up = parent.copy()
    while True:
        has = up >= 0
        if not has.any():
            return depth
        depth += has
        up = np.where(has, parent[np.maximum(up, 0)], -1)


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts summing to ``total`` in proportion to ``weights`` (deterministic)."""
    share = weights / weights.sum() * total
    counts = np.floor(share).astype(np.int64)
    rest = total - counts.sum()
    if rest > 0:
        counts[np.argsort(-(share - counts), kind="stable")[:rest]] += 1
    return counts


def _manager_levels(
    n_mgr: int, ladder: Ladder, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Tracks and positions of managers: a pyramid over the leading tracks' positions.

    Each band up holds about 0.42 of the one below; the top band is capped near
    2 * managers^0.4 so that a very large organisation has tens, not thousands, of
    executives (the cap is what gives it extra layers inside the top band).
    """
    held = np.flatnonzero(ladder.manager_seats)
    counts = _largest_remainder(n_mgr - 1, _MANAGER_RATIO ** np.arange(len(held), dtype=float))
    cap = max(0, round(2 * n_mgr**0.4) - 1)
    if len(held) > 1 and counts[-1] > cap:
        counts[:-1] += _largest_remainder(int(counts[-1] - cap), counts[:-1] + 1e-9)
        counts[-1] = cap
    pos = np.concatenate([[held[-1]], np.repeat(held, counts)[::-1]]).astype(np.int16)
    lead_tracks = np.flatnonzero(ladder.leading)
    ok = ladder.valid[lead_tracks][:, pos]  # (L, n_mgr)
    track = lead_tracks[_choose_rows(ok.T.astype(float), rng)]
    return track.astype(np.int8), pos


def _choose_rows(weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One column index per row, drawn in proportion to that row's weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((cum <= u[:, None]).sum(1), weights.shape[1] - 1)


def _manager_tree(pos: np.ndarray, ladder: Ladder, rng: np.random.Generator) -> np.ndarray:
    """Parent of each manager: someone of a higher band (the next band up mostly).

    When a band has more than five times as many managers as the band above, the extra ones
    form layers inside their band (a head of engineering over directors of the same band):
    that is how a large organisation gains layers without new bands.
    """
    parent = np.full(len(pos), -1, dtype=np.int32)
    rank = ladder.rank[pos]
    capacity = rng.gamma(3.0, 1.0, len(pos))
    for r in np.unique(rank)[::-1]:
        kids = np.flatnonzero(rank == r)
        kids = kids[kids != 0]
        above = np.flatnonzero(rank > r) if r < rank[0] else np.zeros(1, dtype=np.int64)
        if not len(kids):
            continue
        closest = rank[above] == rank[above].min()
        n_first = min(len(kids), int(np.ceil(_MAX_UPWARD * closest.sum())))
        weights = capacity[above] * np.where(closest, 1.0, 0.15)
        cum = np.cumsum(weights)
        first = kids[:n_first]
        parent[first] = above[np.searchsorted(cum, rng.random(n_first) * cum[-1], "right")]
        _layer_under(parent, first, kids[n_first:], rng)
    return parent


def _layer_under(parent: np.ndarray, layer: np.ndarray, rest: np.ndarray, rng) -> None:
    """Attach ``rest`` below ``layer`` breadth first, about 4.5 reports per node."""
    done = 0
    while done < len(rest):
        kids = rng.poisson(_MANAGER_CHILDREN, len(layer)) + 1
        take = min(int(kids.sum()), len(rest) - done)
        nxt = rest[done : done + take]
        parent[nxt] = np.repeat(layer, kids)[:take]
        layer, done = nxt, done + take


def _ic_pyramid(ladder: Ladder, knobs: Knobs) -> np.ndarray:
    """pyramid[track, position]: contributor weights rising to the third position held by
    contributors, then 0.42x per position; each track takes its slice, times its weight.

    The decorative ladder keeps a twentieth of the specialist upper bands.
    """
    held = np.flatnonzero((ladder.valid & (ladder.ic_weight[:, None] > 0)).any(0))
    step = np.arange(ladder.n_pos, dtype=float)[None, :] - held[0]
    peak = min(2, int(held[-1] - held[0]))
    below = np.exp(-0.5 * ((step - peak) / 1.2) ** 2)
    above = _MANAGER_RATIO ** (step - peak)
    pyr = np.where(step <= peak, below, above) * ladder.valid * ladder.ic_weight[:, None]
    if knobs.decorative_ladder:
        upper = ladder.is_specialist[:, None] & (ladder.rank[None, :] >= ladder.upper_rank)
        pyr = np.where(upper, pyr * 0.05, pyr)
    return pyr


def _ic_demand(n_ic: int, pyramid: np.ndarray, m_pos: np.ndarray, ladder: Ladder) -> np.ndarray:
    """Contributor seats per position; above the management entry's next band, at most 1.5
    per manager of that position, so senior specialists have senior managers to report to."""
    n_s = ladder.n_pos
    demand = _largest_remainder(n_ic, pyramid.sum(0))
    managers = np.bincount(m_pos, minlength=n_s)
    capped = ladder.rank >= ladder.upper_rank + 1
    cap = np.where(capped, np.ceil(1.5 * managers), n_ic).astype(np.int64)
    excess = int(np.maximum(demand - cap, 0).sum())
    demand = np.minimum(demand, cap)
    if excess:
        room = np.where(capped, 0, demand).astype(float)
        demand += _largest_remainder(excess, room if room.sum() else demand + 1.0)
    return demand


def _ic_counts(
    demand: np.ndarray, m_pos: np.ndarray, has_mgr_child: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Contributor seats per manager: at least one for first-line managers, a long tail,
    and enough at each position and above for the contributors of that position and above."""
    n_s = len(demand)
    first = ~has_mgr_child
    want = np.bincount(m_pos, np.where(first, 6.5, 1.5), minlength=n_s)
    need1 = np.bincount(m_pos, first, minlength=n_s).astype(np.int64)
    supply = np.zeros(n_s, dtype=np.int64)
    above_d = np.cumsum(demand[::-1])[::-1]  # demand at this position and above
    held = np.unique(m_pos)[::-1]  # manager positions, highest first
    # seats at p serve contributors down to the next manager position below
    reach = {p: (int(held[i + 1]) + 1 if i + 1 < len(held) else 0) for i, p in enumerate(held)}
    for p in held:
        supply[p] = max(round(want[p]), above_d[reach[p]] - supply.sum())
    extra = int(supply.sum() - demand.sum())
    for p in held[::-1]:
        floor = max(need1[p], above_d[reach[p]] - supply[p + 1 :].sum())
        cut = min(extra, max(0, supply[p] - floor))
        supply[p] -= cut
        extra -= cut
    if extra < 0:
        supply[held[-1]] -= extra
    weights = rng.gamma(3.0, 1.0, len(m_pos)) * np.where(first, 1.0, 0.25)
    counts = np.zeros(len(m_pos), dtype=np.int64)
    for p in np.flatnonzero(supply):
        idx = np.flatnonzero(m_pos == p)
        base = first[idx].astype(np.int64) if supply[p] >= first[idx].sum() else 0
        rest = int(supply[p] - np.sum(base))
        counts[idx] = base + rng.multinomial(rest, weights[idx] / weights[idx].sum())
    return counts


def _match_seats(
    counts: np.ndarray, m_pos: np.ndarray, demand: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Contributors to managers' seats in band order: the most senior to the most senior
    managers, and at random within a position, so teams mix the bands below their manager."""
    slots = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    ic_pos = np.repeat(np.arange(len(demand), dtype=np.int16), demand)
    slot_order = _shuffled_order(m_pos[slots], rng)
    ic_order = _shuffled_order(ic_pos, rng)
    parent = np.empty(len(ic_pos), dtype=np.int32)
    parent[ic_order] = slots[slot_order]
    return parent, ic_pos


def _places(
    parent: np.ndarray, is_manager: np.ndarray, m_track: np.ndarray, ladder: Ladder, rng
) -> tuple[np.ndarray, np.ndarray]:
    """Families and zones, inherited down the tree with some mixing."""
    n = len(parent)
    n_f, n_z = len(ladder.families), len(ladder.zones)
    f_w = 1.0 / np.sqrt(np.arange(1, n_f + 1))
    z_w = np.where(np.arange(n_z) == 0, 0.6, 0.4 / max(1, n_z - 1)) if n_z > 1 else np.ones(1)
    family = np.zeros(n, dtype=np.int8)
    zone = np.zeros(n, dtype=np.int8)
    track = np.full(n, -1)
    track[: len(m_track)] = m_track
    fam_w = np.where(track[:, None] >= 0, ladder.fam_ok[np.maximum(track, 0)], True) * f_w
    fam_w[fam_w.sum(1) == 0] = f_w
    own_f = _choose_rows(fam_w, rng)
    own_z = _choose_rows(np.broadcast_to(z_w, (n, n_z)), rng)
    depth = depth_of(parent)
    family[depth == 0], zone[depth == 0] = own_f[depth == 0], own_z[depth == 0]
    # the top layers own a family each; below, teams keep their manager's family and place
    keep_f = np.where(is_manager, np.where(depth <= 2, 0.0, 0.9), 0.95)
    keep_z = np.where(is_manager, 0.3, 0.8)
    for d in range(1, int(depth.max()) + 1 if n else 0):
        idx = np.flatnonzero(depth == d)
        pf = family[parent[idx]]
        ok = (rng.random(len(idx)) < keep_f[idx]) & (fam_w[idx, pf] > 0)
        family[idx] = np.where(ok, pf, own_f[idx])
        zone[idx] = np.where(rng.random(len(idx)) < keep_z[idx], zone[parent[idx]], own_z[idx])
    return family, zone


def _shuffled_order(keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices sorting small integer ``keys``, in random order among equal keys."""
    perm = rng.permutation(len(keys))
    return perm[np.argsort(keys[perm], kind="stable")]


def _ic_tracks(ic_pos, family, pyramid, ladder: Ladder, rng) -> tuple[np.ndarray, np.ndarray]:
    """Each contributor's track, given its position and (where the track allows) family."""
    w = pyramid.T[None, :, :] * ladder.fam_ok.T[:, None, :]  # (F, S, K)
    rows = w[family, ic_pos]
    lacking = rows.sum(1) == 0
    rows[lacking] = pyramid.T[ic_pos[lacking]]
    track = _choose_rows(rows, rng)
    bad = ~ladder.fam_ok[track, family]
    if bad.any():
        family = family.copy()
        family[bad] = _choose_rows(ladder.fam_ok[track[bad]].astype(float), rng)
    return track.astype(np.int8), family


def _births(parent, is_manager, knobs: Knobs, rng, steps: int) -> np.ndarray:
    """Step at which each seat appears, so headcount grows at ``knobs.growth`` a year.

    Contributor seats draw their step; a manager's seat appears with its first report.
    """
    n = len(parent)
    born = np.full(n, steps - 1, dtype=np.int16)
    if knobs.growth > 0:
        t = steps / STEPS_PER_YEAR + np.log(rng.random(n)) / np.log1p(knobs.growth)
        born[~is_manager] = np.clip(np.floor(t * STEPS_PER_YEAR), 0, steps - 1)[~is_manager]
    else:
        born[~is_manager] = 0
    depth = depth_of(parent)
    for d in range(int(depth.max()) if n else 0, 0, -1):
        idx = np.flatnonzero(depth == d)
        np.minimum.at(born, parent[idx], born[idx])
    born[0] = 0
    return born
