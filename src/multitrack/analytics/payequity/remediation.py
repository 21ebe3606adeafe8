"""Least-cost raises that bring every flagged group under the target, person by person.

Formulation (one linear program per flagged group, solved with HiGHS via ``linprog``):

- a raise for person i is δ_i ≥ 0 in log pay, costing p_i·(e^δ_i − 1) in currency; the
  convex cost is split into segments of ``STEP`` log points, each priced at its own slope,
  so the linear program minimises the exact cost at every breakpoint;
- only people on the disadvantaged side of a flagged comparison are raised, and each at
  most to the model's expectation for a comparable person on the other side
  (δ_i ≤ |b| − e_i, e_i their residual): the lowest residuals have the most room;
- OLS is linear in y, so every coefficient of the group's models moves linearly with the
  raises: b(δ) = b₀ + c'δ with c = X(X'X)⁻¹ column. Each comparison in the group (flagged
  or not, every compared field) must end within ±bound: the target gap, or target_t times
  its standard error. The standard error itself moves with the raises, so the program is
  re-solved with the refitted errors until the refitted model meets the target.

The list names individuals and their raises: it is for HR with that stated purpose and is
never suppressed; it supports a decision, it does not make one.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.payequity.boxlp import BoxLP, solve_box_lp
from multitrack.analytics.payequity.gaps import ALL_GROUPS, FieldModel
from multitrack.analytics.payequity.groups import Population
from multitrack.analytics.regression import Design, RegressionWarning, fit

__all__ = ["RAISE_COLUMNS", "Plan", "remediation_plan"]

STEP = 0.02  # cost segments of two log points (the cost curve is nearly straight)
MARGIN = 0.02  # aim 2% inside the target so the refitted model clears it
ROUNDS = 8
FALLBACK_CAP = 0.25  # when parity caps cannot close a gap: up to 25 log points for anyone

RAISE_COLUMNS = {
    "person_id": pl.String,
    "name": pl.String,
    "group": pl.String,
    "pay": pl.Float64,
    "raise": pl.Float64,
    "new_pay": pl.Float64,
    "raise_pct": pl.Float64,
    "reason": pl.String,
}


@dataclass(frozen=True)
class Comparison:
    """One coefficient of one group's model: how it moves with the raises."""

    field: str
    level: str
    flagged: bool
    design: Design
    rows: np.ndarray  # positions in the group's people of this model's rows
    logpay: np.ndarray
    column: int
    c: np.ndarray  # d b / d δ, over this model's rows
    resid: np.ndarray  # residuals of this model before any raise


@dataclass(frozen=True)
class Plan:
    """Raises per person and per group, and whether each group meets the target."""

    raises: pl.DataFrame
    groups: pl.DataFrame  # group, people raised, cost, before/after t and gap, met
    target: str
    notes: tuple[str, ...]

    @property
    def total(self) -> float:
        return float(self.raises["raise"].sum()) if self.raises.height else 0.0


def _fit(y, design, cov):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegressionWarning)
        return fit(y, design, cov=cov)


def _comparison(model: FieldModel, ids: list[str], group: str, level: str, flagged: bool):
    sub = model.data.filter(pl.col("group") == group)
    design = Design.from_frame(
        sub,
        numeric=model.numeric,
        categorical=[model.tested, *model.categorical],
        reference={model.tested: model.reference},
    )
    y = sub["logpay"].to_numpy()
    res = _fit(y, design, "nonrobust")
    est = ~np.isin(np.array(res.names), res.aliased)
    x = design.dense()[:, est]
    name = f"{model.tested}[{level}]"
    if name in res.aliased:
        return None
    column = [n for n, e in zip(res.names, est, strict=True) if e].index(name)
    c = x @ np.linalg.solve(x.T @ x, np.eye(x.shape[1])[:, column])
    position = {pid: i for i, pid in enumerate(ids)}
    rows = np.array([position[p] for p in sub["person_id"].to_list()])
    column_index = res.names.index(name)
    return Comparison(model.tested, level, flagged, design, rows, y, column_index, c, res.resid)


def _state(pop: Population, comp: Comparison, delta: np.ndarray) -> tuple[float, float]:
    """Estimate and standard error of the comparison after the raises ``delta``."""
    res = _fit(comp.logpay + delta[comp.rows], comp.design, pop.config.cov)
    return float(res.params[comp.column]), float(res.bse[comp.column])


def _allowed(pop: Population, comp: Comparison, b: float, se: float) -> float:
    """Largest |b| that meets the target (flagged) or stays unflagged (the others)."""
    cfg = pop.config
    if not comp.flagged:
        return cfg.flag_t * se
    if cfg.target_gap is not None:
        return -math.log1p(-cfg.target_gap) if b < 0 else math.log1p(cfg.target_gap)
    return cfg.target_t * se


def _met(pop: Population, comps, states) -> bool:
    return all(abs(b) < _allowed(pop, c, b, se) for c, (b, se) in zip(comps, states, strict=True))


def _caps(flagged, n: int) -> np.ndarray:
    """Room for a raise: up to the model's expectation on the other side, for that side."""
    caps = np.zeros(n)
    for comp, b in flagged:
        tested = comp.design.factors[0]
        side = tested.reference if b > 0 else tested.levels.index(comp.level)
        on_side = tested.codes == side
        rows = comp.rows[on_side]
        caps[rows] = np.maximum(caps[rows], abs(b) - comp.resid[on_side])
    return caps


def _segments(pay: np.ndarray, caps: np.ndarray, people: np.ndarray):
    """Each person's room split into STEP-wide pieces, each priced at its cost slope."""
    count = np.ceil(caps[people] / STEP - 1e-9).astype(int)
    person = np.repeat(people, count)
    first = np.repeat(np.cumsum(count) - count, count)
    low = (np.arange(len(person)) - first) * STEP
    high = np.minimum(low + STEP, caps[person])
    width = high - low
    keep = width > 1e-12
    person, low, high, width = person[keep], low[keep], high[keep], width[keep]
    return person, width, pay[person] * (np.exp(high) - np.exp(low)) / width


def _solve(pay: np.ndarray, caps: np.ndarray, comps, bounds) -> BoxLP | None:
    """Minimum-cost δ within the caps meeting every comparison's bound (None: no room)."""
    people = np.flatnonzero(caps > 0)
    if not len(people):
        return None
    seg_person, seg_width, seg_cost = _segments(pay, caps, people)
    a_ub, b_ub = [], []
    for comp, (b0, allowed) in zip(comps, bounds, strict=True):
        dense = np.zeros(len(pay))
        dense[comp.rows] = comp.c
        row = dense[seg_person]
        a_ub += [row, -row]
        b_ub += [allowed - b0, allowed + b0]
    out = solve_box_lp(seg_cost, np.array(a_ub), np.array(b_ub), seg_width)
    if out.x is None:
        return out
    delta = np.zeros(len(pay))
    np.add.at(delta, seg_person, out.x)
    return BoxLP(delta, out.status)


def _group_plan(pop: Population, models: list[FieldModel], gaps: pl.DataFrame, group: str):
    people = pop.frame.filter(pl.col("group") == group)
    ids = people["person_id"].to_list()
    rows = gaps.filter((pl.col("group") == group) & pl.col("n_level").is_not_null())
    comps, flagged = [], []
    for r in rows.iter_rows(named=True):
        model = next(m for m in models if m.tested == r["field"])
        comp = _comparison(model, ids, group, r["level"], bool(r["flagged"]))
        if comp is not None:
            comps.append(comp)
            if comp.flagged:
                flagged.append((comp, r["estimate"]))
    pay = people["pay"].to_numpy()
    caps = _caps(flagged, len(ids))
    delta, met, why = _iterate(pop, pay, caps, comps)
    note = "linear program within parity caps"
    if not met:
        caps = np.where(caps > 0, np.maximum(caps, FALLBACK_CAP), 0.0)
        delta, met, why = _iterate(pop, pay, caps, comps)
        note = (
            f"linear program; parity caps could not meet the target, raised to {FALLBACK_CAP:.0%}"
        )
    flat = _uniform(pop, comps, flagged, len(ids))
    flat_ok = flat is not None and _met(pop, comps, [_state(pop, c, flat) for c in comps])
    if flat_ok and (not met or _cost(pay, flat) < _cost(pay, delta)):
        delta, met, note = flat, True, "one equal raise for the whole disadvantaged side"
    if not met:
        note = f"target not reached ({why}): review by hand"
    return people, delta, comps, note


def _cost(pay: np.ndarray, delta: np.ndarray) -> float:
    return float((pay * np.expm1(delta)).sum())


def _uniform(pop: Population, comps, flagged, n: int) -> np.ndarray | None:
    """The other candidate: an equal log raise for one whole side moves b by exactly δ and
    leaves every residual, hence the standard error, unchanged (Σ c over the side is 1)."""
    if len(flagged) != 1:
        return None
    comp, b = flagged[0]
    _, se = _state(pop, comp, np.zeros(n))
    need = abs(b) - _allowed(pop, comp, b, se) * (1 - MARGIN)
    tested = comp.design.factors[0]
    side = tested.reference if b > 0 else tested.levels.index(comp.level)
    delta = np.zeros(n)
    delta[comp.rows[tested.codes == side]] = max(need, 0.0)
    return delta


def _iterate(pop: Population, pay, caps, comps) -> tuple[np.ndarray, bool, str]:
    """Re-solve with refitted standard errors until the refitted models meet the target;
    the text says why not when it stops short (no room, infeasible, the solver failed)."""
    delta = np.zeros(len(pay))
    for _ in range(ROUNDS):
        states = [_state(pop, c, delta) for c in comps]
        if _met(pop, comps, states):
            return delta, True, ""
        bounds = []
        for c, (b, se) in zip(comps, states, strict=True):
            b0 = b - float(c.c @ delta[c.rows])  # b is linear in the raises
            allowed = _allowed(pop, c, b, se) * (1 - MARGIN)
            bounds.append((b0, allowed if c.flagged else max(allowed, abs(b0))))
        step = _solve(pay, caps, comps, bounds)
        if step is None or step.x is None:
            return delta, False, "no one to raise" if step is None else step.status
        delta = step.x
    met = _met(pop, comps, [_state(pop, c, delta) for c in comps])
    return delta, met, "" if met else f"not met after {ROUNDS} rounds"


def remediation_plan(pop: Population, models: list[FieldModel], gaps: pl.DataFrame) -> Plan:
    """Raises for every group with a flagged comparison (the all-groups row is not a group)."""
    flagged = gaps.filter(pl.col("flagged") & (pl.col("group") != ALL_GROUPS))
    raises, summary, notes = [], [], []
    for group in sorted(set(flagged["group"].to_list())):
        people, delta, comps, note = _group_plan(pop, models, gaps, group)
        raised = np.flatnonzero(delta > 1e-9)
        pay = people["pay"].to_numpy()
        amount = pay * np.expm1(delta)
        for i in raised:
            raises.append(_raise_row(people.row(int(i), named=True), amount[i], comps))
        summary.append(_summary_row(pop, group, comps, delta, amount, raised, note))
        if note.startswith("target not reached"):
            notes.append(f"{group}: {note}")
    target = (
        f"adjusted gap within ±{pop.config.target_gap:.1%}"
        if pop.config.target_gap is not None
        else f"|t| < {pop.config.target_t:g}"
    )
    table = pl.DataFrame(raises, schema=RAISE_COLUMNS).sort(
        ["group", "raise"], descending=[False, True]
    )
    return Plan(table, pl.DataFrame(summary), target, tuple(notes))


def _raise_row(person: dict, amount: float, comps) -> dict:
    fields = sorted({c.field for c in comps if c.flagged})
    return {
        "person_id": person["person_id"],
        "name": person["name"],
        "group": person["group"],
        "pay": person["pay"],
        "raise": float(amount),
        "new_pay": person["pay"] + float(amount),
        "raise_pct": float(amount) / person["pay"],
        "reason": f"closes the flagged {', '.join(fields)} gap in {person['group']}",
    }


def _summary_row(pop, group, comps, delta, amount, raised, note) -> dict:
    before = [_state(pop, c, np.zeros_like(delta)) for c in comps]
    after = [_state(pop, c, delta) for c in comps]
    return {
        "group": group,
        "people_raised": len(raised),
        "cost": float(amount.sum()),
        "max_abs_t_before": _worst(before),
        "max_abs_t_after": _worst(after),
        "met": _met(pop, comps, after),
        "method": note,
    }


def _worst(states) -> float:
    return max((abs(b) / se for b, se in states if se > 0), default=float("nan"))
