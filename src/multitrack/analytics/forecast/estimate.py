"""Transition, exit and hire rates from the snapshot counts, with intervals and smoothing.

Estimation (Anderson & Goodman 1957): pooled over years, the maximum-likelihood rate of the
move i -> j is ``p_ij = n_ij / n_i`` where ``n_i`` counts people in i at a snapshot whose
state one year later is known (``j`` = another state, the same state, or "left").

Intervals are on the maximum-likelihood rates: Wilson score intervals per cell (binomial,
the default) or Goodman (1965) simultaneous intervals per row (multinomial, Bonferroni over
the row's possible outcomes), both from statsmodels.

Smoothing (thin senior cells): the rates used for projection are the posterior mean under a
Dirichlet prior of total weight ``s`` centred on ``q_i``:
``p~_ij = (n_ij + s q_ij) / (n_i + s)``. With the ``track`` prior (default) ``q_i`` is the
track's pooled rate of each kind of outcome (stay, one band up, crossover to track X at the
same band, exit, …), so a 4-person Fellow cell borrows from its whole track, while a cell
with 500 people moves by less than 1% at ``s = 5``. ``laplace`` centres on a uniform
distribution over the row's possible outcomes (stays, exits, the framework's permitted moves
and any move seen in the data); ``none`` keeps the maximum-likelihood rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from statsmodels.stats.proportion import multinomial_proportions_confint, proportion_confint

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.snapshots import History
from multitrack.analytics.forecast.states import StateSpace

__all__ = ["Model", "Smoothing", "fit", "support"]

Prior = Literal["none", "laplace", "track"]


@dataclass(frozen=True)
class Smoothing:
    """The stated smoothing rule: a Dirichlet prior of total weight ``strength``."""

    prior: Prior = "track"
    strength: float = 5.0

    def __post_init__(self) -> None:
        if self.prior not in ("none", "laplace", "track"):
            raise ForecastError(f"unknown smoothing prior {self.prior!r}: none, laplace or track")
        if not self.strength >= 0:
            raise ForecastError(f"smoothing strength must be >= 0, got {self.strength}")

    @classmethod
    def parse(cls, text: str) -> Smoothing:
        """``none``, ``track``, ``laplace``, or with a weight: ``track:10``, ``laplace:2``."""
        prior, _, weight = text.strip().partition(":")
        try:
            return cls(prior, float(weight)) if weight else cls(prior)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ForecastError(f"--smoothing {text!r}: {exc}") from None

    def describe(self) -> str:
        if self.prior == "none" or self.strength == 0:
            return "no smoothing: maximum-likelihood rates"
        centre = {
            "track": "the track's pooled rate of each kind of move",
            "laplace": "a uniform spread over the state's possible outcomes",
        }[self.prior]
        return (
            f"Dirichlet smoothing: p = (n_ij + {self.strength:g}·q_ij) / (n_i + "
            f"{self.strength:g}), q = {centre}"
        )


@dataclass(frozen=True)
class Model:
    """The fitted Markov manpower model: rates, their intervals, recruitment, latest stock."""

    states: StateSpace
    counts: np.ndarray  # (k, k+1) pooled outcomes; last column: left
    exposure: np.ndarray  # (k,) person-years at risk
    mle: np.ndarray  # (k, k+1) maximum-likelihood rates (nan where exposure is 0)
    low: np.ndarray  # (k, k+1) interval bounds on the maximum-likelihood rates
    high: np.ndarray
    probs: np.ndarray  # (k, k+1) smoothed rates used for projection; rows sum to 1
    recruit: np.ndarray  # (k,) recruitment distribution r
    hires_per_year: float
    stock: np.ndarray  # (k,) people per state at the base date
    base: dt.date
    smoothing: Smoothing = field(default_factory=Smoothing)
    interval: str = "wilson"
    level: float = 0.95
    warnings: tuple[str, ...] = ()

    @property
    def P(self) -> np.ndarray:
        return self.probs[:, :-1]

    @property
    def w(self) -> np.ndarray:
        return self.probs[:, -1]


def support(states: StateSpace, counts: np.ndarray) -> np.ndarray:
    """(k, k+1) booleans: each row's possible outcomes (stay, exit, permitted, observed)."""
    k = len(states)
    out = np.zeros((k, k + 1), dtype=bool)
    out[:, :k] = states.permitted_mask
    out[:, k] = True
    return out | (counts > 0)


def _categories(states: StateSpace) -> tuple[np.ndarray, int]:
    """Outcome kind per cell as an integer: (target track, band shift), or exit."""
    k = len(states)
    names: dict[tuple[str, int], int] = {("left", 0): 0}
    cat = np.zeros((k, k + 1), dtype=np.int64)
    for i in range(k):
        for j in range(k):
            key = (states.tracks[j], int(states.ranks[j] - states.ranks[i]))
            cat[i, j] = names.setdefault(key, len(names))
    return cat, len(names)


def _track_prior(states: StateSpace, counts: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each row's prior: the pooled rate of each outcome kind over the row's track."""
    cat, m = _categories(states)
    prior = fallback.copy()
    for track in dict.fromkeys(states.tracks):
        rows = states.of_track(track)
        pooled = np.bincount(cat[rows].ravel(), weights=counts[rows].ravel(), minlength=m)
        if pooled.sum() == 0:
            continue
        for i in rows:
            q = pooled[cat[i]]  # (track, rank) is unique per state: one cell per kind
            if q.sum() > 0:
                prior[i] = q / q.sum()
    return prior


def _prior(states: StateSpace, counts: np.ndarray, smoothing: Smoothing) -> np.ndarray:
    allowed = support(states, counts)
    uniform = allowed / allowed.sum(axis=1, keepdims=True)
    if smoothing.prior == "laplace":
        return uniform
    return _track_prior(states, counts, uniform)


def _intervals(
    counts: np.ndarray, exposure: np.ndarray, allowed: np.ndarray, method: str, level: float
) -> tuple[np.ndarray, np.ndarray]:
    low = np.full(counts.shape, np.nan)
    high = np.full(counts.shape, np.nan)
    seen = exposure > 0
    alpha = 1 - level
    if method == "wilson":
        n = np.broadcast_to(exposure[:, None], counts.shape)
        lo, hi = proportion_confint(counts[seen], n[seen], alpha=alpha, method="wilson")
        low[seen], high[seen] = lo, hi
    elif method == "goodman":
        for i in np.flatnonzero(seen):
            cells = np.flatnonzero(allowed[i])  # always at least stay and exit
            ci = multinomial_proportions_confint(counts[i, cells], alpha=alpha, method="goodman")
            low[i, cells], high[i, cells] = ci[:, 0], ci[:, 1]
    else:
        raise ForecastError(f"unknown interval method {method!r}: wilson or goodman")
    return low, high


def _smoothed(hist: History, counts, exposure, mle, smoothing: Smoothing):
    """The rates used for projection, and warnings about rows without data."""
    states = hist.states
    prior = _prior(states, counts, smoothing)
    s = 0.0 if smoothing.prior == "none" else smoothing.strength
    probs = (counts + s * prior) / (exposure + s)[:, None] if s else np.nan_to_num(mle)
    empty = exposure == 0
    warnings = []
    if empty.any():
        probs[empty] = prior[empty]
        names = ", ".join(states.keys[i] for i in np.flatnonzero(empty))
        warnings.append(f"no history for {names}: their rates are the smoothing prior's")
    if hist.outside:
        warnings.append(
            f"{hist.outside:,} person-snapshots were in levels outside the framework and "
            "were left out"
        )
    return probs, warnings


def fit(
    hist: History,
    smoothing: Smoothing | None = None,
    interval: str = "wilson",
    level: float = 0.95,
) -> Model:
    """Estimate the model from a :class:`History` (pooled over all its years)."""
    smoothing = smoothing or Smoothing()
    states = hist.states
    counts = hist.flows.sum(axis=0).astype(float)
    exposure = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mle = counts / exposure[:, None]
    mle[exposure == 0] = np.nan
    allowed = support(states, counts)
    low, high = _intervals(counts, exposure, allowed, interval, level)
    probs, warnings = _smoothed(hist, counts, exposure, mle, smoothing)
    hires = hist.hires.sum(axis=0).astype(float)
    total = hires.sum()
    return Model(
        states=states,
        counts=counts,
        exposure=exposure,
        mle=mle,
        low=low,
        high=high,
        probs=probs / probs.sum(axis=1, keepdims=True),
        recruit=hires / total if total else np.zeros(len(states)),
        hires_per_year=float(total / max(hist.years, 1)),
        stock=hist.stocks[-1].astype(float),
        base=hist.dates[-1],
        smoothing=smoothing,
        interval=interval,
        level=level,
        warnings=tuple(warnings),
    )
