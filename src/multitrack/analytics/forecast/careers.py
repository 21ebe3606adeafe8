"""Career metrics of the absorbing chain: time in each state, chances of reaching each band.

With "left" absorbing and ``P`` the transient part, the fundamental matrix
``N = (I − P)⁻¹`` gives ``N_ij``, the expected years an entrant at i spends in j, and ``N1``
the expected remaining years of service (Kemeny & Snell; Bartholomew et al. 1991 ch. 3).

"Reaching band b on track T" means ever holding a level of T at band b or above. Making
those states absorbing too, with ``Q`` the transitions among the other states and ``R_T``
the one-step probabilities into the target set, the chance of ever reaching it is
``h = (I − Q)⁻¹ R_T 1``, and the expected years to get there, given that one does, is
``E[τ | reach] = Σ_j N^Q_ij h_j / h_i`` (the Doob h-transform of the chain), counting the
year of the move itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.states import StateSpace

__all__ = ["Reach", "fundamental", "reach", "reach_table"]


def fundamental(P: np.ndarray) -> np.ndarray:
    """``N = (I − P)⁻¹``; raises ForecastError when someone can never leave (``I − P`` singular)."""
    k = len(P)
    try:
        N = np.linalg.solve(np.eye(k) - P, np.eye(k))
    except np.linalg.LinAlgError:
        N = np.full((k, k), np.inf)
    if not np.isfinite(N).all() or N.min() < -1e-9 or N.max() > 1e12:
        raise ForecastError(
            "I − P is singular: some states are never left (no exit and no way out in the "
            "history), so their expected years are infinite; smoothing gives them an exit rate"
        )
    return N


@dataclass(frozen=True)
class Reach:
    """Chance of ever reaching a target set from each state, and the years it takes."""

    probability: np.ndarray  # (k,)
    years: np.ndarray  # (k,) expected years given that the target is reached (nan if h = 0)


def reach(P: np.ndarray, target: np.ndarray) -> Reach:
    """Absorption in ``target`` (a boolean mask) before leaving, from every state."""
    h = np.where(target, 1.0, 0.0)
    years = np.where(target, 0.0, np.nan)
    rest = ~target
    if rest.any():
        Q = P[np.ix_(rest, rest)]
        into = P[np.ix_(rest, target)].sum(axis=1)
        NQ = fundamental(Q)
        hr = NQ @ into
        with np.errstate(invalid="ignore", divide="ignore"):
            t = (NQ @ hr) / hr
        h[rest] = hr
        years[rest] = np.where(hr > 1e-12, t, np.nan)
    return Reach(np.clip(h, 0.0, 1.0), years)


def reach_table(P: np.ndarray, states: StateSpace, sources: list[int]) -> list[dict]:
    """For each source state and each (track, band): P(reach) and expected years."""
    rows = []
    N = fundamental(P)
    service = N.sum(axis=1)
    for track in dict.fromkeys(states.tracks):
        own = states.of_track(track)
        for j in own:
            target = np.zeros(len(states), dtype=bool)
            target[[i for i in own if states.ranks[i] >= states.ranks[j]]] = True
            got = reach(P, target)
            for i in sources:
                rows.append(
                    {
                        "from": states.keys[i],
                        "track": track,
                        "band": states.bands[j],
                        "probability": float(got.probability[i]),
                        "years": float(got.years[i]),
                        "years_of_service": float(service[i]),
                    }
                )
    return rows
