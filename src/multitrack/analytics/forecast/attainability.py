"""Attainability and maintainability of a target structure (Bartholomew; Davies 1973, 1975).

On the expected dynamics ``n(t+1) = n(t) P + x(t)`` with recruitment ``x(t) ≥ 0`` allowed
only into the hiring states (by default those where hires were seen), a target is:

- *maintainable* when ``x = n (I − P) ≥ 0`` in every state, with ``x = 0`` where hiring
  is not allowed: recruitment alone holds the structure (Bartholomew et al. 1991, ch. 4);
- *attainable in h years* when some ``x(0..h−1) ≥ 0`` gives ``n(h) = n*`` on the targeted
  states. :func:`attain` solves, for h = 1, 2, …, the linear program "minimise Σ x subject
  to ``n0 P^h + Σ_s x(s) P^{h−1−s} = n*``" (scipy's HiGHS) and reports the first h that is
  feasible, its minimum recruitment, the plan and the duals (extra recruits per extra
  target head). When no h up to the limit works, a second program finds the closest
  reachable structure; the states it misses are the binding constraints: *over* (survivors
  and promotions alone exceed the target — recruitment cannot be negative) or *short*
  (no hiring into the state and too few move up into it).
- :func:`minimum_recruitment` meets a demand plan *at least* (``n_j(t) ≥ target``) in every
  planned year at least total recruitment, optionally under a yearly hiring limit; binding
  targets are those with no slack and a positive dual.

Verbeken & Guerry (2024) describe the attainable region as a convex hull of vertices; here
the linear program answers the same membership question for a given target directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from multitrack.analytics.forecast.demand import DemandPlan
from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.states import StateSpace

__all__ = [
    "Attainment",
    "Recruitment",
    "attain",
    "hiring_states",
    "maintainability",
    "minimum_recruitment",
]

_TOL = 1e-7


def hiring_states(states: StateSpace, r: np.ndarray, spec: str | list[str] = "observed"):
    """Boolean mask of states hiring is allowed into: ``observed`` (r > 0), ``any``, or names."""
    if spec == "observed":
        return r > 0
    if spec == "any":
        return np.ones(len(states), dtype=bool)
    try:
        return states.select(spec)
    except KeyError as exc:
        raise ForecastError(f"--hire-into: unknown track or level {exc.args[0]!r}") from None


def _powers(P: np.ndarray, h: int) -> list[np.ndarray]:
    out = [np.eye(len(P))]
    for _ in range(h):
        out.append(out[-1] @ P)
    return out


def maintainability(P: np.ndarray, n: np.ndarray, allowed: np.ndarray) -> list[dict]:
    """Per state: the recruitment ``n(I − P)`` that holds ``n``, and whether it is possible."""
    x = n - n @ P
    rows = []
    for j, need in enumerate(x):
        ok = need >= -_TOL * max(1.0, n[j]) and (allowed[j] or need <= _TOL * max(1.0, n[j]))
        if need < -_TOL * max(1.0, n[j]):
            why = "more people flow in than leave: needs fewer moves in or more exits"
        elif not ok:
            why = "needs recruits but hiring into this state is not allowed"
        else:
            why = ""
        rows.append({"state_ix": j, "target": n[j], "recruits": need, "ok": bool(ok), "why": why})
    return rows


@dataclass(frozen=True)
class Attainment:
    """The answer to "can we reach n* from n0, how soon, with how few recruits"."""

    attainable: bool
    years: int | None  # first horizon that works (None if none up to the limit)
    recruits: float | None  # minimum total recruitment at that horizon
    plan: np.ndarray | None  # (years, k) recruits per year and state
    duals: np.ndarray | None  # (k,) extra recruits per extra target head (targeted states)
    closest: np.ndarray | None  # (k,) reachable structure nearest n* when not attainable
    binding: list[dict]  # states that block attainment and why
    horizon: int


def _attain_lp(n0, target, mask, allowed, h, powers):
    cols = [(s, i) for s in range(h) for i in np.flatnonzero(allowed)]
    A = np.array([[powers[h - 1 - s][i, j] for s, i in cols] for j in np.flatnonzero(mask)])
    b = target[mask] - (n0 @ powers[h])[mask]
    A = A.reshape(int(mask.sum()), len(cols))
    res = linprog(np.ones(len(cols)), A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    return res, cols


def attain(
    P: np.ndarray,
    n0: np.ndarray,
    target: np.ndarray,
    allowed: np.ndarray,
    max_years: int = 10,
) -> Attainment:
    """First horizon ≤ ``max_years`` at which ``target`` (nan = free) can be met exactly."""
    mask = ~np.isnan(target)
    if not mask.any():
        raise ForecastError("the target structure names no state")
    if not allowed.any():
        raise ForecastError("hiring is allowed into no state")
    powers = _powers(P, max_years)
    k = len(n0)
    for h in range(1, max_years + 1):
        res, cols = _attain_lp(n0, target, mask, allowed, h, powers)
        if res.status == 0:
            plan = np.zeros((h, k))
            for (s, i), v in zip(cols, res.x, strict=True):
                plan[s, i] = v
            duals = np.full(k, np.nan)
            duals[mask] = res.eqlin.marginals
            return Attainment(True, h, float(res.fun), plan, duals, None, [], max_years)
    closest, binding = _closest(n0, target, mask, allowed, max_years, powers)
    return Attainment(False, None, None, None, None, closest, binding, max_years)


def _closest(n0, target, mask, allowed, h, powers):
    """Minimise Σ |n(h) − n*| over targeted states: what blocks attainment, and where."""
    idx = np.flatnonzero(mask)
    cols = [(s, i) for s in range(h) for i in np.flatnonzero(allowed)]
    m = len(idx)
    A = np.zeros((m, len(cols) + 2 * m))
    for r, j in enumerate(idx):
        A[r, : len(cols)] = [powers[h - 1 - s][i, j] for s, i in cols]
    A[:, len(cols) : len(cols) + m] = np.eye(m)  # short: n(h) + u = n*
    A[:, len(cols) + m :] = -np.eye(m)  # over: n(h) - v = n*
    b = target[idx] - (n0 @ powers[h])[idx]
    c = np.r_[np.zeros(len(cols)), np.ones(2 * m)]
    res = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    x = res.x[: len(cols)]
    reached = n0 @ powers[h]
    for (s, i), v in zip(cols, x, strict=True):
        reached = reached + v * powers[h - 1 - s][i]
    binding = []
    for r, j in enumerate(idx):
        short, over = res.x[len(cols) + r], res.x[len(cols) + m + r]
        if over > _TOL * max(1.0, target[j]):
            why = "over: survivors and moves in exceed the target; recruitment cannot be < 0"
            binding.append({"state_ix": int(j), "off_by": float(over), "why": why})
        elif short > _TOL * max(1.0, target[j]):
            why = "short: no hiring allowed here and too few move up into it"
            binding.append({"state_ix": int(j), "off_by": float(-short), "why": why})
    return reached, binding


@dataclass(frozen=True)
class Recruitment:
    """Least recruitment meeting a demand plan at least, year by year."""

    feasible: bool
    total: float | None
    plan: np.ndarray | None  # (H, k) recruits during year t+1 into each state
    binding: list[dict]  # targets with no slack (dual) or left short (short > 0)
    budget_binding: list[int]  # year offsets where the yearly hiring limit binds


def _plan_program(P, n0, targets, allowed, max_per_year):
    """Rows ``−n_j(t) − u ≤ −target`` (plus yearly limits) over columns ``x(s, i)``, ``u``."""
    H = targets.shape[0] - 1
    powers = _powers(P, H)
    cols = [(s, i) for s in range(H) for i in np.flatnonzero(allowed)]
    keys = [(t, int(j)) for t in range(1, H + 1) for j in np.flatnonzero(~np.isnan(targets[t]))]
    A = np.zeros((len(keys) + (H if max_per_year is not None else 0), len(cols) + len(keys)))
    b = np.zeros(A.shape[0])
    for r, (t, j) in enumerate(keys):
        A[r, : len(cols)] = [-powers[t - 1 - s][i, j] if s < t else 0.0 for s, i in cols]
        A[r, len(cols) + r] = -1.0
        b[r] = (n0 @ powers[t])[j] - targets[t, j]
    if max_per_year is not None:
        for t in range(H):
            A[len(keys) + t, : len(cols)] = [1.0 if s == t else 0.0 for s, _ in cols]
            b[len(keys) + t] = max_per_year
    return A, b, cols, keys


def minimum_recruitment(
    P: np.ndarray,
    n0: np.ndarray,
    plan: DemandPlan,
    states: StateSpace,
    allowed: np.ndarray,
    max_per_year: float | None = None,
) -> Recruitment:
    """Linear program: minimise Σ x subject to ``n_j(t) + u ≥ target``, ``x, u ≥ 0``.

    The shortfall ``u`` costs far more than any recruit, so it is zero whenever the plan can
    be met; when it cannot, the targets left short are reported as binding.
    """
    targets = plan.matrix(states)
    A, b, cols, keys = _plan_program(P, n0, targets, allowed, max_per_year)
    big = 1e3 * (np.nansum(targets) + n0.sum() + 1)
    c = np.r_[np.ones(len(cols)), np.full(len(keys), big)]
    res = linprog(c, A_ub=A, b_ub=b, bounds=(0, None), method="highs")
    x = np.zeros((plan.horizon, len(n0)))
    for (s, i), v in zip(cols, res.x[: len(cols)], strict=True):
        x[s, i] = v
    short = res.x[len(cols) :]
    marg, slack = res.ineqlin.marginals, res.ineqlin.residual
    binding = []
    for r, (t, j) in enumerate(keys):
        if short[r] > _TOL * max(1.0, targets[t, j]):
            binding.append({"year": t, "state_ix": j, "dual": None, "short": float(short[r])})
        elif slack[r] <= _TOL * max(1.0, abs(b[r])) and -marg[r] > _TOL:
            binding.append({"year": t, "state_ix": j, "dual": float(-marg[r]), "short": 0.0})
    limit = slack[len(keys) :]
    budget = [t + 1 for t, s in enumerate(limit) if s <= _TOL * max(1.0, max_per_year or 0)]
    feasible = not any(row["short"] for row in binding)
    return Recruitment(feasible, float(x.sum()), x, binding, budget)
