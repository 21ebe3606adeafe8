"""Demand plans: loading with located errors, shortfalls and least recruitment by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from multitrack.analytics.forecast.attainability import minimum_recruitment
from multitrack.analytics.forecast.demand import DemandPlan, load_demand, shortfalls
from multitrack.analytics.forecast.errors import DemandError
from multitrack.analytics.forecast.project import Chain, Policy, project
from multitrack.analytics.forecast.tests.test_hand import N0, P2, P3, THREE, TWO


def test_plan_from_yaml_and_csv(tmp_path):
    y = tmp_path / "plan.yaml"
    y.write_text("targets:\n  2027: {a/B2: 60}\n  3: {a/B3: 25.5}\n", encoding="utf-8")
    plan = load_demand(y, 2026, THREE)
    assert plan.targets == {1: {"a/B2": 60.0}, 3: {"a/B3": 25.5}}
    assert plan.horizon == 3
    c = tmp_path / "plan.csv"
    c.write_text("year,track,band,target\n2027,a,B2,60\n2029,a,B3,25.5\n", encoding="utf-8")
    assert load_demand(c, 2026, THREE).targets == plan.targets


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("p.csv", "year,level,target\n2027,a/B9,3\n", "p.csv: row 2, column level: unknown level"),
        ("p.csv", "year,level,target\n2027,a/B2,-3\n", "row 2, column target: the target must"),
        ("p.csv", "year,level,target\n2025,a/B2,3\n", "column year: targets must lie after"),
        ("p.csv", "year,level\n2027,a/B2\n", "need columns year, level"),
        ("p.yaml", "targets:\n  2027: {a/B2: lots}\n", "2027.a/B2: the target must be a number"),
        ("p.yaml", "targets: [1, 2]\n", "expected 'targets:'"),
        ("p.yaml", "targets:\n  2027: [a/B2]\n", "expected a mapping of level: target"),
    ],
)
def test_plan_errors_name_the_place(tmp_path, name, text, message):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DemandError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_demand(f, 2026, THREE)


def test_shortfall_by_hand():
    # The 3-state chain (test_hand): E[n_B2(1)] = 55, sd √26.5. Target 60: gap 5,
    # P(short) = Φ(5/√26.5). The main feeder of B2 is B1 (100·0.2 = 20 of its entrants):
    # 5 more from B1 means a rate of 0.2 + 5/100 = 0.25 instead of 0.2.
    chain = Chain(THREE, P3, np.array([1.0, 0, 0]), N0, 30, base_year=2026)
    proj = project(chain, Policy("push"), 2)
    plan = DemandPlan({1: {"a/B2": 60.0}, 5: {"a/B3": 1.0}})
    (row,) = shortfalls(proj, plan, P3)  # year 5 is beyond the horizon
    assert row["year"] == 2027 and row["gap"] == pytest.approx(5)
    assert row["p_short"] == pytest.approx(norm.cdf(5 / 26.5**0.5))
    assert row["hires_to_close"] == pytest.approx(5)
    assert row["feeder"] == "a/B1"
    assert row["feeder_rate"] == pytest.approx(0.2)
    assert row["feeder_rate_needed"] == pytest.approx(0.25)


def test_least_recruitment_by_hand():
    # 2-state chain (test_hand): at least (50, 100) in year 2 from (100, 50).
    # n(2) = (36 + .6a0 + a1, 60 + .2a0 + .8b0 + b1): hiring in year 2 gives one head per
    # recruit, in year 1 only 0.8, so the least is a1 = 14, b1 = 40: 54 recruits, both
    # targets binding at one recruit per extra head.
    n0 = np.array([100.0, 50.0])
    plan = DemandPlan({2: {"a/B1": 50.0, "a/B2": 100.0}})
    both = np.array([True, True])
    got = minimum_recruitment(P2, n0, plan, TWO, both)
    assert got.feasible and got.total == pytest.approx(54)
    assert got.plan == pytest.approx(np.array([[0, 0], [14, 40]]))
    assert sorted((b["state_ix"], round(b["dual"], 9)) for b in got.binding) == [(0, 1), (1, 1)]
    # At most 30 hires a year: 30 in year 2 leave 24 heads to year-1 hires, at 0.8 each: 30
    # more. 60 in all, and both yearly limits bind.
    capped = minimum_recruitment(P2, n0, plan, TWO, both, max_per_year=30)
    assert capped.total == pytest.approx(60)
    assert capped.budget_binding == [1, 2]
    # Hiring into B1 only, B2 = 100 by year 1 is out of reach (it is 60 whatever B1 hires)
    short = minimum_recruitment(
        P2, n0, DemandPlan({1: {"a/B2": 100.0}}), TWO, np.array([True, False])
    )
    assert not short.feasible
    assert short.binding == [{"year": 1, "state_ix": 1, "dual": None, "short": 40.0}]
