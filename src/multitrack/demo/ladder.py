"""The framework as small integer tables, so a million people can be moved with numpy.

Tracks, spine positions (bands or sub-levels), families and zones become codes; which
positions each track holds, where a promotion leads, which crossovers the framework states,
and the pay range of every (track, position, zone, family) cell become arrays indexed by
those codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.core import Framework, Transition
from multitrack.demo.knobs import Knobs

__all__ = ["PERIOD_YEAR_FACTOR", "STEPS_PER_YEAR", "Ladder", "build_ladder"]

# Simulation steps per year: quarters (events get random days inside them).
STEPS_PER_YEAR = 4

# How many of a period make a year at full time (hourly: 40 hours a week, 52 weeks).
PERIOD_YEAR_FACTOR = {"year": 1.0, "month": 12.0, "hour": 2080.0}

# Relative share of people on a non-leading track, by its kind.
_IC_WEIGHT = {
    "specialist": 1.0,
    "leader_contributor": 0.12,
    "dynamic": 0.25,
    "custom": 0.6,
    "management": 0.05,
}


@dataclass(frozen=True)
class Ladder:
    """Codes and lookup tables derived once from a framework."""

    framework: Framework
    tracks: tuple[str, ...]
    kinds: tuple[str, ...]
    spine: tuple[str, ...]
    families: tuple[str | None, ...]
    zones: tuple[str | None, ...]
    valid: np.ndarray  # (K, S) bool: the track has this position
    up: np.ndarray  # (K, S) int: next position on the track, -1 at the ceiling
    rank: np.ndarray  # (S,) band rank of each spine position
    step: np.ndarray  # (K, S) index of the position within its track, -1 if invalid
    by_step: np.ndarray  # (K, S) the track's j-th position (its top one beyond the top)
    leading: np.ndarray  # (K,) bool: tracks whose people manage people
    ic_weight: np.ndarray  # (K,) share of individual contributors per track
    manager_rank: int  # lowest band rank of a manager
    fam_ok: np.ndarray  # (K, F) bool: the track applies to the family
    typical: np.ndarray  # (K, S) typical years in level
    min_years: np.ndarray  # (K, S) minimum years before a promotion
    cross: np.ndarray  # (K, S, K) target position of a stated crossover, -1 if none
    pay_min: np.ndarray  # (K, S, Z, F) per year, full time
    pay_mid: np.ndarray
    pay_max: np.ndarray
    pay_period: np.ndarray  # (K, S, Z, F) index into PERIODS
    pay_currency: np.ndarray  # (K, S, Z, F) index into currencies
    currencies: tuple[str, ...]
    track_gap: np.ndarray  # (K,) log-pay gap against management (knobs)

    @property
    def n_tracks(self) -> int:
        return len(self.tracks)

    @property
    def n_pos(self) -> int:
        return len(self.spine)

    @property
    def lowest(self) -> np.ndarray:
        return np.where(self.valid.any(1), self.valid.argmax(1), 0)

    @property
    def highest(self) -> np.ndarray:
        return self.n_pos - 1 - self.valid[:, ::-1].argmax(1)

    @property
    def upper_rank(self) -> int:
        """First band rank of the 'upper' specialist ladder: above the first managers'."""
        return self.manager_rank + 1

    @property
    def manager_seats(self) -> np.ndarray:
        """Positions where managers sit: the leading tracks' from ``manager_rank`` up."""
        return self.valid[self.leading].any(0) & (self.rank >= self.manager_rank)

    @property
    def is_specialist(self) -> np.ndarray:
        return np.array([k == "specialist" for k in self.kinds])


PERIODS = tuple(PERIOD_YEAR_FACTOR)


def build_ladder(fw: Framework, knobs: Knobs) -> Ladder:
    """Tables for ``fw``; the knobs give each track its pay gap."""
    tracks = tuple(fw.tracks)
    kinds = tuple(str(fw.tracks[t].kind.value) for t in tracks)
    spine = fw.spine
    families = tuple(fw.families) or (None,)
    zones = tuple(fw.zones) or (None,)
    valid = _valid(fw, tracks, spine)
    up = _up(valid)
    step = np.where(valid, np.cumsum(valid, axis=1) - 1, -1)
    leading = _leading(fw, tracks, kinds, valid)
    rank = np.array([fw.band_rank[p] for p in spine], dtype=np.int16)
    manager_rank, ic_weight = _contributors(kinds, leading, valid, rank)
    fam_ok = np.array(
        [[f is None or f in fw.families_of(t) for f in families] for t in tracks], dtype=bool
    )
    typical, min_years = _times(fw, tracks, spine, step)
    cross = _crossovers(fw, tracks, spine, valid)
    pay = _pay(fw, tracks, spine, zones, families)
    return Ladder(
        framework=fw,
        tracks=tracks,
        kinds=kinds,
        spine=spine,
        families=families,
        zones=zones,
        valid=valid,
        up=up,
        rank=rank,
        step=step,
        by_step=_by_step(valid),
        leading=leading,
        ic_weight=ic_weight,
        manager_rank=manager_rank,
        fam_ok=fam_ok,
        typical=typical,
        min_years=min_years,
        cross=cross,
        track_gap=_gaps(kinds, leading, knobs),
        **pay,
    )


def _by_step(valid: np.ndarray) -> np.ndarray:
    by_step = np.zeros(valid.shape, dtype=np.int16)
    for k in range(valid.shape[0]):
        held = np.flatnonzero(valid[k])
        by_step[k] = held[np.minimum(np.arange(valid.shape[1]), len(held) - 1)]
    return by_step


def _gaps(kinds, leading, knobs: Knobs) -> np.ndarray:
    """Each track's log-pay gap against management (the knobs' ground truth)."""
    gaps = [
        0.0
        if lead
        else knobs.specialist_pay_gap
        if kind == "specialist"
        else knobs.contributor_pay_gap
        for kind, lead in zip(kinds, leading, strict=True)
    ]
    return np.array(gaps)


def _valid(fw: Framework, tracks: tuple[str, ...], spine: tuple[str, ...]) -> np.ndarray:
    """Positions between entry and ceiling; where a track defines levels, only those."""
    valid = np.zeros((len(tracks), len(spine)), dtype=bool)
    for k, key in enumerate(tracks):
        t = fw.tracks[key]
        lo, hi = fw.position[t.entry], fw.position[t.ceiling]
        defined = {fw.position[lv.band] for lv in fw.track_levels(key) if lv.band in fw.position}
        defined = {p for p in defined if lo <= p <= hi}
        for p in defined or range(lo, hi + 1):
            valid[k, p] = True
    return valid


def _up(valid: np.ndarray) -> np.ndarray:
    up = np.full(valid.shape, -1, dtype=np.int16)
    for k in range(valid.shape[0]):
        held = np.flatnonzero(valid[k])
        up[k, held[:-1]] = held[1:]
    return up


def _leading(fw: Framework, tracks, kinds, valid: np.ndarray) -> np.ndarray:
    """Management-kind tracks lead people; without one, the track reaching highest does."""
    leading = np.array([k == "management" for k in kinds], dtype=bool)
    if not leading.any():
        top = valid.shape[1] - 1 - valid[:, ::-1].argmax(1)
        leading[int(np.argmax(top))] = True
    return leading


def _contributors(kinds, leading, valid, rank) -> tuple[int, np.ndarray]:
    """The lowest managers' band rank, and each track's weight among contributors.

    Managers start at the leading tracks' entry, but at least two bands above the lowest
    band anyone holds (someone must report to the first managers). A leading track that
    starts below that (a client-facing track from the first band) has contributors too.
    """
    lowest = int(rank[valid.any(0)].min())
    lead_entry = int(rank[valid[leading].any(0)].min())
    manager_rank = max(lead_entry, min(lowest + 2, int(rank[valid[leading].any(0)].max())))
    entry = np.array([rank[valid[k]].min() for k in range(len(kinds))])
    weight = np.array(
        [
            (0.6 if entry[k] < manager_rank else 0.0) if leading[k] else _IC_WEIGHT.get(kind, 0.5)
            for k, kind in enumerate(kinds)
        ]
    )
    if not weight.any():  # nobody else: contributors sit on the leading tracks
        weight = np.ones(len(kinds))
    return manager_rank, weight


def _times(fw: Framework, tracks, spine, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    shape = (len(tracks), len(spine))
    typical = np.clip(2.0 + 0.5 * np.maximum(step, 0), 2.0, 6.0).astype(float)
    min_years = np.zeros(shape)
    for lv in fw.levels.values():
        if lv.track in fw.tracks and lv.band in fw.position:
            k, p = tracks.index(lv.track), fw.position[lv.band]
            if lv.typical_years:
                typical[k, p] = lv.typical_years
            if lv.min_years:
                min_years[k, p] = lv.min_years
    return typical, np.minimum(min_years, typical)


def _crossovers(fw: Framework, tracks, spine, valid: np.ndarray) -> np.ndarray:
    """cross[from_track, position, to_track] = target position of the stated rule."""
    n_k, n_s = valid.shape
    cross = np.full((n_k, n_s, n_k), -1, dtype=np.int16)
    ranks = np.array([fw.band_rank[p] for p in spine])
    for rule in fw.expanded_transitions():
        if rule.kind != "crossover":
            continue
        fk, tk = tracks.index(rule.from_track), tracks.index(rule.to_track)
        for p in _from_positions(fw, rule, valid[fk]):
            q = _target(fw, rule, p, valid[tk], ranks)
            if q is not None and cross[fk, p, tk] < 0:
                cross[fk, p, tk] = q
    return cross


def _from_positions(fw: Framework, rule: Transition, held: np.ndarray) -> list[int]:
    positions = [int(p) for p in np.flatnonzero(held)]
    if "/" in rule.from_:
        positions = [p for p in positions if fw.spine[p] == rule.from_.split("/", 1)[1]]
    if rule.bands:
        allowed = set(rule.bands)
        positions = [
            p for p in positions if fw.spine[p] in allowed or fw.band_of[fw.spine[p]] in allowed
        ]
    return positions


def _target(fw: Framework, rule: Transition, p: int, held: np.ndarray, ranks) -> int | None:
    if "/" in rule.to:
        q = fw.position.get(rule.to.split("/", 1)[1])
        return q if q is not None and held[q] else None
    at = rule.at
    if not isinstance(at, str):
        key = at.get(fw.spine[p]) or at.get(fw.band_of[fw.spine[p]])
        q = fw.position.get(key) if key else None
        return q if q is not None and held[q] else None
    if at == "same" and held[p]:
        return p
    want = ranks[p] + {"same": 0, "up": 1, "down": -1}[at]
    hits = np.flatnonzero(held & (ranks == want))
    return int(hits[0]) if len(hits) else None


def _pay(fw: Framework, tracks, spine, zones, families) -> dict[str, object]:
    """Pay ranges per cell, converted to a year at full time; a fallback curve if none."""
    shape = (len(tracks), len(spine), len(zones), len(families))
    out = {n: np.zeros(shape) for n in ("pay_min", "pay_mid", "pay_max")}
    period = np.zeros(shape, dtype=np.int8)
    currency = np.zeros(shape, dtype=np.int8)
    currencies = [fw.pay.currency or fw.currency or "EUR"]
    for k, t in enumerate(tracks):
        for p, pos in enumerate(spine):
            for z, zone in enumerate(zones):
                for f, fam in enumerate(families):
                    r = fw.pay_range(pos, t, zone, fam)
                    if r is None:
                        mid = 42000.0 * 1.19 ** fw.position[pos]
                        lo_mid_hi, per, cur = (0.85 * mid, mid, 1.15 * mid), "year", currencies[0]
                    else:
                        lo_mid_hi = (r.min, r.midpoint, r.max)
                        per = r.period or fw.pay.period
                        cur = r.currency or currencies[0]
                    factor = PERIOD_YEAR_FACTOR[per]
                    for name, v in zip(("pay_min", "pay_mid", "pay_max"), lo_mid_hi, strict=True):
                        out[name][k, p, z, f] = v * factor
                    period[k, p, z, f] = PERIODS.index(per)
                    if cur not in currencies:
                        currencies.append(cur)
                    currency[k, p, z, f] = currencies.index(cur)
    return {**out, "pay_period": period, "pay_currency": currency, "currencies": tuple(currencies)}
