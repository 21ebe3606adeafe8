"""The remediation plan, re-analysed after its raises, meets its target."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from multitrack.analytics.payequity import EquityConfig, analyze, remediation
from multitrack.analytics.payequity.gaps import ALL_GROUPS
from multitrack.analytics.payequity.tests.fixtures import frames


def _apply(f, raises: pl.DataFrame):
    people = f.people.join(raises.select("person_id", "raise"), on="person_id", how="left")
    people = people.with_columns(
        pay_annual_fte=pl.col("pay_annual_fte") + pl.col("raise").fill_null(0.0)
    ).drop("raise")
    return f.replace(people=people)


@pytest.fixture(scope="module")
def org():
    return frames(gender_gap={"B4": 0.07}, track_gap=0.04, n=1100, seed=21)


def _in_groups(gaps: pl.DataFrame) -> pl.DataFrame:
    return gaps.filter((pl.col("group") != ALL_GROUPS) & pl.col("n_level").is_not_null())


def test_raises_bring_every_flagged_group_below_the_t_target(org):
    config = EquityConfig(bootstrap=0)
    before = analyze(org, config)
    flagged = before.flagged().filter(pl.col("group") != ALL_GROUPS)
    assert flagged.height >= 2
    plan = before.plan
    assert plan.groups["met"].all()
    assert plan.total == pytest.approx(plan.raises["raise"].sum()) and plan.total > 0
    after = analyze(_apply(org, plan.raises), config)
    again = _in_groups(after.gaps)
    assert not again["flagged"].any()
    was = set(flagged["group"].to_list())
    assert (again.filter(pl.col("group").is_in(was))["t"].abs() < 2).all()
    # raises go to the disadvantaged side of a flagged comparison, in flagged groups only
    assert set(plan.raises["group"].to_list()) <= was
    people = org.people.join(plan.raises.select("person_id"), on="person_id")
    sides = set()
    for r in flagged.iter_rows(named=True):
        sides.add((r["group"], r["field"], r["disadvantaged"]))
    for p in people.iter_rows(named=True):
        group = f"{p['band']} / {p['family']}"
        assert any(
            g == group and (p["demo_gender"] == who if f == "demo_gender" else p["track"] == who)
            for g, f, who in sides
        )
    assert (plan.raises["raise"] > 0).all()
    assert plan.raises["new_pay"].to_list() == pytest.approx(
        (plan.raises["pay"] + plan.raises["raise"]).to_list()
    )


def test_raises_meet_a_gap_target_stated_in_percent(org):
    config = EquityConfig(bootstrap=0, target_gap=0.01)
    before = analyze(org, config)
    assert before.plan.target == "adjusted gap within ±1.0%"
    after = analyze(_apply(org, before.plan.raises), config)
    was = set(before.flagged().filter(pl.col("group") != ALL_GROUPS)["group"].to_list())
    fixed = _in_groups(after.gaps).filter(pl.col("group").is_in(was))
    flagged_before = before.flagged().select("group", "field", "level")
    fixed = fixed.join(flagged_before, on=["group", "field", "level"])
    assert fixed.height and (fixed["adjusted_gap"].abs() < 0.01).all()


def test_the_linear_program_is_the_least_cost_allocation():
    """Against a hand-rolled greedy: with one linear constraint, the exact optimum fills the
    cheapest segments per unit of gap closed first."""
    config = EquityConfig(bootstrap=0, fields=("demo_gender",), target_gap=0.01)
    f = frames(gender_gap={"B4": 0.07}, n=1100, seed=21)
    result = analyze(f, config)
    row = result.flagged().filter(pl.col("group") == "B4 / engineering").row(0, named=True)
    group = result.plan.groups.filter(pl.col("group") == row["group"]).row(0, named=True)
    assert group["method"].startswith("linear program") and group["met"]
    people = result.population.frame.filter(pl.col("group") == row["group"])
    model = result.models[0]
    comp = remediation._comparison(model, people["person_id"].to_list(), row["group"], "f", True)
    caps = remediation._caps([(comp, row["estimate"])], people.height)
    need = abs(row["estimate"]) + math.log1p(-0.01) * (1 - remediation.MARGIN)
    pay, c = people["pay"].to_numpy(), np.zeros(people.height)
    c[comp.rows] = comp.c
    segments = []
    for i in np.flatnonzero(caps > 0):
        edges = np.append(np.arange(0.0, caps[i], remediation.STEP), caps[i])
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            if hi - lo > 1e-12 and c[i] > 0:
                slope = pay[i] * (math.exp(hi) - math.exp(lo)) / (hi - lo)
                segments.append((slope / c[i], i, hi - lo, slope))
    greedy_cost, left = 0.0, need
    for _, i, width, slope in sorted(segments):
        take = min(width, left / c[i])
        greedy_cost += slope * take
        left -= take * c[i]
        if left <= 1e-15:
            break
    raised = result.plan.raises.filter(pl.col("group") == row["group"])
    delta = np.log1p(raised["raise_pct"].to_numpy())
    ids = dict(zip(people["person_id"].to_list(), range(people.height), strict=True))
    full = np.zeros(people.height)
    full[[ids[p] for p in raised["person_id"].to_list()]] = delta
    ours = 0.0
    for i in np.flatnonzero(full > 0):  # the program's own (piecewise-linear) objective
        k = int(full[i] // remediation.STEP)
        lo = k * remediation.STEP
        ours += pay[i] * (math.exp(lo) - 1) + pay[i] * (
            math.exp(min(lo + remediation.STEP, caps[i])) - math.exp(lo)
        ) / (min(lo + remediation.STEP, caps[i]) - lo) * (full[i] - lo)
    assert ours == pytest.approx(greedy_cost, rel=1e-6)
    assert abs(float(c @ full) - need) < 1e-9  # exactly closes what it must, no more


def test_no_flag_no_raises():
    result = analyze(frames(n=600, seed=4), EquityConfig(bootstrap=0, fields=("demo_gender",)))
    if result.flagged().filter(pl.col("group") != ALL_GROUPS).height:
        pytest.skip("chance flag in an organisation without a planted gap")
    assert result.plan.raises.height == 0 and result.plan.total == 0.0
