"""Year-by-year projection: the exact first and second moments of multinomial flows.

Push model (Bartholomew et al. 1991, ch. 3): ``n(t+1) = n(t) P + R(t) r``. Given ``n(t)``,
the people in each state i move independently, ``(X_i·, L_i) ~ Multinomial(n_i, (p_i·, w_i))``,
recruits ``R`` are allocated ``Y ~ Multinomial(R, r)`` (``r`` may sum to less than one when
hiring is frozen somewhere: those hires are not made), and ``R = a·L + b`` covers both modes:
push (``a = 0``, ``b`` = planned hires) and fixed size (``a = 1``: every leaver is replaced;
``b`` = growth hires). Then, with ``c = −Pᵀ(n∘w)``:

    E[n' | n]   = n P + (a n·w + b) r = n A + b r,                  A = P + a w rᵀ
    Cov[n' | n] = diag(nP) − Pᵀ diag(n) P + a (c rᵀ + r cᵀ)
                  + E[R] (diag r − r rᵀ) + Var(R) r rᵀ,  Var(R) = a² Σ n_i w_i (1−w_i) + v_b

Every term is linear in ``n``, so with ``μ, Σ`` the moments of ``n(t)`` (law of total
covariance) ``μ' = μ A + b r`` and ``Σ' = Cov[n' | μ] + Aᵀ Σ A``: O(k³) per year, exact.
``v_b`` is the variance of rounding a fractional number of planned hires (the Monte Carlo
draws ``⌊b⌋ + Bernoulli(b − ⌊b⌋)``). Bands use the normal approximation ``μ ± z σ``
(clipped at 0), so P50 is the mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.estimate import Model
from multitrack.analytics.forecast.states import StateSpace

__all__ = ["Chain", "Policy", "Projection", "Schedule", "band", "project", "schedule"]

Z = {0.05: -1.6448536269514722, 0.5: 0.0, 0.95: 1.6448536269514722}


def band(mean: float, sd: float) -> tuple[float, float]:
    """The normal-approximation P5 and P95 of a count (P5 clipped at zero)."""
    return max(0.0, mean + Z[0.05] * sd), mean + Z[0.95] * sd


@dataclass(frozen=True)
class Policy:
    """Recruitment over the horizon: push with given hires, or fixed size (plus growth)."""

    mode: Literal["push", "fixed"] = "push"
    hires: float | Sequence[float] | None = None  # push: per year; None = historical mean
    growth: float = 0.0  # fixed: yearly growth of the total headcount

    def __post_init__(self) -> None:
        if self.mode not in ("push", "fixed"):
            raise ForecastError(f"unknown recruitment mode {self.mode!r}: push or fixed")
        given = [] if self.hires is None else np.atleast_1d(self.hires)
        if any(h < 0 for h in given):
            raise ForecastError("planned hires must be >= 0")
        if self.growth <= -1:
            raise ForecastError("growth must be above -100%")

    def describe(self) -> str:
        if self.mode == "fixed":
            grow = f", growing {self.growth:.1%} a year" if self.growth else ""
            return f"fixed size: every leaver is replaced{grow}"
        return "push: a given number of hires a year, spread by the historical distribution"


@dataclass(frozen=True)
class Chain:
    """What is projected: states, transition matrix, recruitment distribution, start stock."""

    states: StateSpace
    P: np.ndarray  # (k, k), rows sum to at most 1
    r: np.ndarray  # (k,) recruitment distribution
    n0: np.ndarray  # (k,) start stock
    hires_per_year: float = 0.0
    freezes: tuple[tuple[int, np.ndarray], ...] = ()  # (year 1.., frozen-state mask)
    base_year: int = 0

    @classmethod
    def from_model(cls, model: Model) -> Chain:
        return cls(
            model.states,
            model.P,
            model.recruit,
            model.stock,
            model.hires_per_year,
            base_year=model.base.year,
        )

    @property
    def w(self) -> np.ndarray:
        return np.clip(1.0 - self.P.sum(axis=1), 0.0, 1.0)


@dataclass(frozen=True)
class Schedule:
    """Per year: replacement share ``a``, planned hires ``b``, their rounding variance, ``r``."""

    a: np.ndarray  # (H,)
    b: np.ndarray  # (H,)
    var_b: np.ndarray  # (H,)
    r: np.ndarray  # (H, k)


def schedule(chain: Chain, policy: Policy, years: int) -> Schedule:
    """Resolve a policy and the chain's hiring freezes into per-year arrays."""
    if years < 1:
        raise ForecastError("the horizon must be at least one year")
    r = np.tile(chain.r, (years, 1))
    for year, mask in chain.freezes:
        if 1 <= year <= years:
            r[year - 1, mask] = 0.0
    if policy.mode == "fixed":
        total = chain.n0.sum() * (1 + policy.growth) ** np.arange(years + 1)
        b = np.diff(np.round(total))
        return Schedule(np.ones(years), b, np.zeros(years), r)
    hires = np.atleast_1d(chain.hires_per_year if policy.hires is None else policy.hires)
    if len(hires) not in (1, years):
        raise ForecastError(
            f"give one number of hires, or one per year ({years}), not {len(hires)}"
        )
    b = np.broadcast_to(hires.astype(float), (years,)).copy()
    frac = b - np.floor(b)
    return Schedule(np.zeros(years), b, frac * (1 - frac), r)


@dataclass(frozen=True)
class Projection:
    """Mean and covariance of the stock per year, and the expected flows per year."""

    states: StateSpace
    base_year: int
    mean: np.ndarray  # (H+1, k)
    cov: np.ndarray  # (H+1, k, k)
    moves: np.ndarray  # (H, k, k) expected people moving i -> j during year t+1 (stays too)
    exits: np.ndarray  # (H, k)
    hires: np.ndarray  # (H, k)

    @property
    def years(self) -> int:
        return self.mean.shape[0] - 1

    @property
    def sd(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diagonal(self.cov, axis1=1, axis2=2), 0.0, None))

    def quantile(self, q: float) -> np.ndarray:
        """Normal-approximation quantile per year and state, clipped at zero."""
        return np.clip(self.mean + Z[q] * self.sd, 0.0, None)

    def total(self, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard deviation of the summed stock over ``mask`` (default: all)."""
        m = np.ones(len(self.states), dtype=bool) if mask is None else mask
        mean = self.mean[:, m].sum(axis=1)
        var = self.cov[:, m][:, :, m].sum(axis=(1, 2))
        return mean, np.sqrt(np.clip(var, 0.0, None))


def project(chain: Chain, policy: Policy | None = None, years: int = 5) -> Projection:
    """Exact moment recursion over ``years`` (see the module docstring)."""
    policy = policy or Policy()
    sch = schedule(chain, policy, years)
    P, w = chain.P, chain.w
    k = len(w)
    mu = chain.n0.astype(float)
    sigma = np.zeros((k, k))
    means, covs = [mu], [sigma]
    moves, exits, hires = [], [], []
    leave_var = w * (1 - w)
    for t in range(years):
        a, b, r = sch.a[t], sch.b[t], sch.r[t]
        flow = mu[:, None] * P
        out = flow.sum(axis=0)
        expected_r = a * (mu @ w) + b
        cond = np.diag(out) - P.T @ flow
        var_r = sch.var_b[t]
        if a:
            c = -(P.T @ (mu * w))
            cond += a * (np.outer(c, r) + np.outer(r, c))
            var_r += a * a * (mu @ leave_var)
        rr = np.outer(r, r)
        cond += expected_r * (np.diag(r) - rr) + var_r * rr
        A = P + a * np.outer(w, r) if a else P
        sigma = cond + A.T @ sigma @ A
        moves.append(flow)
        exits.append(mu * w)
        hires.append(expected_r * r)
        mu = out + expected_r * r
        means.append(mu)
        covs.append(sigma)
    return Projection(
        chain.states,
        chain.base_year,
        np.array(means),
        np.array(covs),
        np.array(moves),
        np.array(exits),
        np.array(hires),
    )
