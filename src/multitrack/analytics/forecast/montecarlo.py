"""Monte Carlo on counts: multinomial flows drawn for runs × states at once, never per person.

Each year every state's people are split over its outcomes by conditional binomials
(``x_m ~ Binomial(n − x_1 − … − x_{m−1}, p_m / (1 − p_1 − … − p_{m−1}))``, which is exactly
a multinomial draw), vectorised over all runs and states, so the cost does not depend on
the headcount. Recruits follow the same schedule as the moment recursion
(:func:`multitrack.analytics.forecast.project.schedule`), so without caps the simulated
means and variances converge to the recursion's.

Pull mode (White 1970, vacancy chains): a state with a cap takes entrants only into
vacancies, ``cap − stayers``. Capped states are handled from the top band down: entrants
(promotions, crossovers and recruits aimed at the state) beyond the vacancies are chosen
at random (multivariate hypergeometric); the rejected stay where they were (recruits go to
the uncapped states in proportion to ``r``). Vacancies left open are filled by pulling
people up from the feeder states in proportion to their rates into the state (``fill =
"pull"``, the default; each pull opens a vacancy one step down), then by hiring; ``"hire"``
fills them by hiring only; ``"none"`` leaves them open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.project import Chain, Policy, Schedule, schedule
from multitrack.analytics.forecast.states import StateSpace

__all__ = ["Fill", "Simulation", "simulate"]

Fill = Literal["pull", "hire", "none"]


@dataclass(frozen=True)
class Simulation:
    """Simulated stocks and flows: ``runs`` independent futures of the organisation."""

    states: StateSpace
    base_year: int
    counts: np.ndarray  # (runs, H+1, k)
    edges: np.ndarray  # (E, 2) source, target state of each recorded move
    moves: np.ndarray  # (runs, H, E) people moving along each edge per year
    exits: np.ndarray  # (runs, H, k)
    hires: np.ndarray  # (runs, H, k)
    caps: Mapping[str, float]

    @property
    def runs(self) -> int:
        return self.counts.shape[0]

    def quantile(self, q: float, of: str = "counts") -> np.ndarray:
        return np.quantile(getattr(self, of), q, axis=0)


@dataclass(frozen=True)
class _Layout:
    """Each state's outcomes (itself first, then moves, then left), padded to ``m`` slots."""

    dest: np.ndarray  # (k, m) destination state (k = left)
    cond: np.ndarray  # (k, m) conditional binomial probabilities
    prob: np.ndarray  # (k, m) unconditional probabilities

    @classmethod
    def of(cls, P: np.ndarray, w: np.ndarray) -> _Layout:
        k = len(w)
        rows = []
        for i in range(k):
            out = [i] + [j for j in np.flatnonzero(P[i] > 0) if j != i]
            rows.append((out, [P[i, j] for j in out] + [w[i]]))
        m = max(len(o) for o, _ in rows) + 1
        dest = np.full((k, m), k, dtype=np.int64)
        prob = np.zeros((k, m))
        for i, (out, p) in enumerate(rows):
            dest[i, : len(out)] = out
            prob[i, : len(out)] = p[:-1]
            prob[i, -1] = p[-1]
        before = np.cumsum(prob, axis=1) - prob
        with np.errstate(divide="ignore", invalid="ignore"):
            cond = np.where(1 - before > 1e-12, prob / (1 - before), 0.0)
        cond = np.clip(cond, 0.0, 1.0)
        cond[:, -1] = 1.0  # whoever is left over has left
        return cls(dest, cond, prob)


def _draw(rng: np.random.Generator, n: np.ndarray, cond: np.ndarray) -> np.ndarray:
    """(runs, k, m) multinomial splits of ``n`` (runs, k) by conditional binomials."""
    out = np.empty((*n.shape, cond.shape[1]), dtype=np.int64)
    rem = n.copy()
    for m in range(cond.shape[1] - 1):
        out[:, :, m] = rng.binomial(rem, cond[:, m])
        rem -= out[:, :, m]
    out[:, :, -1] = rem
    return out


def _recruits(rng, sch: Schedule, t: int, leavers: np.ndarray) -> np.ndarray:
    b = sch.b[t]
    extra = rng.random(len(leavers)) < (b - np.floor(b))
    total = (sch.a[t] * leavers + np.floor(b) + extra).astype(np.int64)
    r = sch.r[t]
    pvals = np.append(r, max(0.0, 1.0 - r.sum()))
    return rng.multinomial(total, pvals / pvals.sum())[:, :-1]


def _checked(chain: Chain, caps: Mapping[str, float] | None, fill: str) -> dict[str, float]:
    caps = dict(caps or {})
    unknown = sorted(set(caps) - set(chain.states.keys))
    if unknown:
        raise ForecastError(f"caps on unknown states: {', '.join(unknown)}")
    if fill not in ("pull", "hire", "none"):
        raise ForecastError(f"unknown fill rule {fill!r}: pull, hire or none")
    return caps


def simulate(
    chain: Chain,
    policy: Policy | None = None,
    years: int = 5,
    runs: int = 1000,
    seed: int | None = 0,
    caps: Mapping[str, float] | None = None,
    fill: Fill = "pull",
) -> Simulation:
    """Simulate ``runs`` futures over ``years`` (caps: state key -> maximum headcount)."""
    policy = policy or Policy()
    caps = _checked(chain, caps, fill)
    rng = np.random.default_rng(seed)
    sch = schedule(chain, policy, years)
    lay = _Layout.of(chain.P, chain.w)
    k, m = lay.dest.shape
    n = np.broadcast_to(np.round(chain.n0).astype(np.int64), (runs, k)).copy()
    edge_mask = (lay.dest != np.arange(k)[:, None]) & (lay.dest < k) & (lay.prob > 0)
    edge_src, edge_slot = np.nonzero(edge_mask)
    counts = [n]
    moves, exits, hires = [], [], []
    capper = _Capper(chain, lay, caps, fill) if caps else None
    for t in range(years):
        x = _draw(rng, n, lay.cond)
        y = _recruits(rng, sch, t, x[:, :, -1].sum(axis=1))
        if capper is not None:
            y = capper.apply(rng, x, y, sch.r[t])
        n = _gather(x, lay.dest, k) + y
        counts.append(n)
        moves.append(x[:, edge_src, edge_slot])
        exits.append(x[:, :, -1])
        hires.append(y)
    edges = np.stack([edge_src, lay.dest[edge_src, edge_slot]], axis=1)
    stacked = (np.stack(a, axis=1) for a in (counts, moves, exits, hires))
    return Simulation(chain.states, chain.base_year, next(stacked), edges, *stacked, caps)


def _gather(x: np.ndarray, dest: np.ndarray, k: int) -> np.ndarray:
    """Sum each run's flows into their destination states (left dropped)."""
    runs = x.shape[0]
    idx = (np.arange(runs)[:, None, None] * (k + 1) + dest[None]).ravel()
    total = np.bincount(idx, weights=x.ravel(), minlength=runs * (k + 1))
    return total.reshape(runs, k + 1)[:, :k].round().astype(np.int64)


class _Capper:
    """Applies the vacancy rules of capped states to one year's draws (in place)."""

    def __init__(self, chain: Chain, lay: _Layout, caps: Mapping[str, float], fill: Fill):
        states = chain.states
        self.lay, self.fill, self.k = lay, fill, len(states)
        capped = [states.index[s] for s in caps]
        self.order = sorted(capped, key=lambda j: -states.ranks[j])
        self.cap = {states.index[s]: float(c) for s, c in caps.items()}
        self.capped = np.zeros(self.k, dtype=bool)
        self.capped[capped] = True
        # sources of each capped state: (source state, slot of the move), and pull weights
        self.sources = {
            j: [
                (i, int(s))
                for i in range(self.k)
                if i != j
                for s in np.flatnonzero(lay.dest[i] == j)
            ]
            for j in capped
        }

    def apply(self, rng, x: np.ndarray, y: np.ndarray, r: np.ndarray) -> np.ndarray:
        y = y.copy()
        bounced = np.zeros(x.shape[0], dtype=np.int64)
        for j in self.order:
            src = self.sources[j]
            vac = np.maximum(self.cap[j] - x[:, j, 0], 0).astype(np.int64)
            ins = np.stack([x[:, i, s] for i, s in src] + [y[:, j]], axis=1)
            acc = _choose(rng, ins, np.minimum(ins.sum(axis=1), vac))
            rejected = ins - acc
            for c, (i, s) in enumerate(src):
                x[:, i, s] -= rejected[:, c]
                x[:, i, 0] += rejected[:, c]
            y[:, j] -= rejected[:, -1]
            bounced += rejected[:, -1]
            need = vac - acc.sum(axis=1)
            if self.fill == "pull" and src:
                need = self._pull(rng, x, src, need)
            if self.fill in ("pull", "hire"):
                y[:, j] += need
        return y + _spread(rng, bounced, np.where(self.capped, 0.0, r))

    def _pull(self, rng, x: np.ndarray, src: list[tuple[int, int]], need: np.ndarray):
        weights = np.array([self.lay.prob[i, s] for i, s in src])
        avail = np.stack([x[:, i, 0] for i, _ in src], axis=1)
        want = rng.multinomial(need, weights / weights.sum())
        pulled = np.minimum(want, avail)
        for c, (i, s) in enumerate(src):
            x[:, i, 0] -= pulled[:, c]
            x[:, i, s] += pulled[:, c]
        return need - pulled.sum(axis=1)


def _choose(rng, groups: np.ndarray, take: np.ndarray) -> np.ndarray:
    """Draw ``take`` items per run without replacement from ``groups`` (runs, g) of sizes."""
    out = np.zeros_like(groups)
    rest = groups.sum(axis=1)
    left = take.copy()
    for c in range(groups.shape[1] - 1):
        good = groups[:, c]
        out[:, c] = rng.hypergeometric(good, rest - good, left)
        rest -= good
        left -= out[:, c]
    out[:, -1] = left
    return out


def _spread(rng, total: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``total`` recruits per run spread over states in proportion to ``r`` (lost if r = 0)."""
    if not total.any() or r.sum() == 0:
        return np.zeros((len(total), len(r)), dtype=np.int64)
    return rng.multinomial(total, r / r.sum())
