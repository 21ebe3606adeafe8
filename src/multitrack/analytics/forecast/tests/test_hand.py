"""Hand-worked cases: every expected number below is derived in the comments."""

from __future__ import annotations

import numpy as np
import pytest

from multitrack.analytics.forecast.attainability import attain, maintainability
from multitrack.analytics.forecast.careers import fundamental, reach, reach_table
from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.project import Chain, Policy, project
from multitrack.analytics.forecast.states import StateSpace

SPINE = ("B1", "B2", "B3", "B4")
THREE = StateSpace(("a/B1", "a/B2", "a/B3"), SPINE, ("a",))

# One track, three bands. Everyone leaves with probability 0.2 a year.
#   B1: stay 0.6, up 0.2        B2: stay 0.7, up 0.1        B3: stay 0.8
P3 = np.array(
    [
        [0.6, 0.2, 0.0],
        [0.0, 0.7, 0.1],
        [0.0, 0.0, 0.8],
    ]
)
N0 = np.array([100.0, 50.0, 20.0])


def _chain() -> Chain:
    # push mode: 30 hires a year, all at B1 (r = e1, so allocation adds no variance)
    return Chain(THREE, P3, np.array([1.0, 0.0, 0.0]), N0, hires_per_year=30)


def test_three_state_means_by_hand():
    proj = project(_chain(), Policy("push"), years=2)
    # n(1) = n(0) P + 30 e1
    #   B1: 100·0.6 = 60, + 30 = 90
    #   B2: 100·0.2 + 50·0.7 = 20 + 35 = 55
    #   B3: 50·0.1 + 20·0.8 = 5 + 16 = 21
    assert proj.mean[1] == pytest.approx([90, 55, 21])
    # n(2) = n(1) P + 30 e1
    #   B1: 90·0.6 + 30 = 84;  B2: 90·0.2 + 55·0.7 = 18 + 38.5 = 56.5
    #   B3: 55·0.1 + 21·0.8 = 5.5 + 16.8 = 22.3
    assert proj.mean[2] == pytest.approx([84, 56.5, 22.3])
    # expected flows in year 1: promotions B1->B2 = 100·0.2 = 20, B2->B3 = 50·0.1 = 5,
    # exits 0.2·(100, 50, 20) = (20, 10, 4), hires (30, 0, 0)
    assert proj.moves[0, 0, 1] == pytest.approx(20)
    assert proj.moves[0, 1, 2] == pytest.approx(5)
    assert proj.exits[0] == pytest.approx([20, 10, 4])
    assert proj.hires[0] == pytest.approx([30, 0, 0])


def test_three_state_covariance_by_hand():
    proj = project(_chain(), Policy("push"), years=2)
    # Year 1 (n(0) known, recruits fixed): the sum of independent multinomials.
    #   from B1 (n=100, p=(.6,.2,0)): var1 = 100·.6·.4 = 24, var2 = 100·.2·.8 = 16,
    #                                 cov12 = −100·.6·.2 = −12
    #   from B2 (n=50, p=(0,.7,.1)):  var2 = 50·.7·.3 = 10.5, var3 = 50·.1·.9 = 4.5,
    #                                 cov23 = −50·.7·.1 = −3.5
    #   from B3 (n=20, p=(0,0,.8)):   var3 = 20·.8·.2 = 3.2
    sigma1 = [[24, -12, 0], [-12, 26.5, -3.5], [0, -3.5, 7.7]]
    assert proj.cov[1] == pytest.approx(np.array(sigma1))
    # Year 2: Σ2 = E[Cov | n(1)] + Pᵀ Σ1 P.
    #   E[Cov | n(1)] at μ1 = (90, 55, 21): var1 = 90·.24 = 21.6, var2 = 90·.16 + 55·.21
    #   = 14.4 + 11.55 = 25.95, var3 = 55·.09 + 21·.16 = 4.95 + 3.36 = 8.31,
    #   cov12 = −90·.12 = −10.8, cov23 = −55·.07 = −3.85
    #   Σ1 P rows: (14.4, −3.6, −1.2), (−7.2, 16.15, −0.15), (0, −2.45, 5.81)
    #   Pᵀ Σ1 P rows: (8.64, −2.16, −0.72), (−2.16, 10.585, −0.345), (−0.72, −0.345, 4.633)
    sigma2 = [[30.24, -12.96, -0.72], [-12.96, 36.535, -4.195], [-0.72, -4.195, 12.943]]
    assert proj.cov[2] == pytest.approx(np.array(sigma2))
    # bands: P95 of B1 in year 1 = 90 + 1.6449·√24 = 90 + 8.0583
    assert proj.quantile(0.95)[1, 0] == pytest.approx(90 + 1.6448536 * 24**0.5)


def test_three_state_fundamental_matrix_by_hand():
    # I − P = [[.4, −.2, 0], [0, .3, −.1], [0, 0, .2]] (upper triangular), so
    #   N33 = 1/.2 = 5, N22 = 1/.3 = 10/3, N23 = .1·N33/.3 = 5/3,
    #   N11 = 1/.4 = 2.5, N12 = .2·N22/.4 = 5/3, N13 = .2·N23/.4 = 5/6
    fund = fundamental(P3)
    expected = [[2.5, 5 / 3, 5 / 6], [0, 10 / 3, 5 / 3], [0, 0, 5]]
    assert fund == pytest.approx(np.array(expected))
    # expected years of service N·1: every state leaves at 0.2 a year -> 5 years each
    assert fund.sum(axis=1) == pytest.approx([5, 5, 5])


def test_three_state_absorption_by_hand():
    # Reaching B3: Q = [[.6, .2], [0, .7]], into B3 = (0, .1), (I − Q)⁻¹ = [[2.5, 5/3], [0, 10/3]]
    #   h = (5/3·0.1, 10/3·0.1) = (1/6, 1/3): from B2 it is .1/(.1 + .2) = 1/3; from B1
    #   one must first reach B2 (.2/(.2 + .2) = 1/2), so 1/6.
    #   years | reach: from B2 1/(.1 + .2) = 10/3; from B1 1/.4 + 1/.3 = 2.5 + 10/3 = 35/6
    got = reach(P3, np.array([False, False, True]))
    assert got.probability == pytest.approx([1 / 6, 1 / 3, 1])
    assert got.years == pytest.approx([35 / 6, 10 / 3, 0])
    rows = reach_table(P3, THREE, [0])
    b2 = next(r for r in rows if r["band"] == "B2")
    # reaching B2 or above from B1: .2 / (.2 + .2) = 1/2, in 1/.4 = 2.5 years
    assert b2["probability"] == pytest.approx(0.5)
    assert b2["years"] == pytest.approx(2.5)
    assert b2["years_of_service"] == pytest.approx(5)


def test_drunkards_walk_textbook():
    # Grinstead & Snell, Introduction to Probability (AMS, 1997), §11.2, Examples 11.13–11.15:
    # the drunkard's walk on 0..4 with p = 1/2, absorbing at 0 and 4. Published:
    #   N = [[3/2, 1, 1/2], [1, 2, 1], [1/2, 1, 3/2]], t = N1 = (3, 4, 3),
    #   absorption in 4 from 1, 2, 3: (1/4, 1/2, 3/4).
    # Here 0 is "left" and 4 a target band; the walk's down-steps are demotions.
    walk = np.array(
        [
            [0.0, 0.5, 0.0, 0.0],
            [0.5, 0.0, 0.5, 0.0],
            [0.0, 0.5, 0.0, 0.5],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )
    fund = fundamental(walk[:3, :3])
    assert fund == pytest.approx(np.array([[1.5, 1, 0.5], [1, 2, 1], [0.5, 1, 1.5]]))
    assert fund.sum(axis=1) == pytest.approx([3, 4, 3])
    got = reach(walk, np.array([False, False, False, True]))
    assert got.probability[:3] == pytest.approx([0.25, 0.5, 0.75])


TWO = StateSpace(("a/B1", "a/B2"), SPINE, ("a",))
P2 = np.array([[0.6, 0.2], [0.0, 0.8]])


def test_attainability_known_answer():
    # n0 = (100, 50), target (50, 100), hiring allowed into both states.
    # h = 1: n(1) = n0 P + x = (60, 20 + 40) + x; B1 already has 60 > 50 and x >= 0,
    #        so not attainable; the closest structure is (60, 100), "over" at B1 by 10.
    n0 = np.array([100.0, 50.0])
    target = np.array([50.0, 100.0])
    both = np.array([True, True])
    one = attain(P2, n0, target, both, max_years=1)
    assert not one.attainable
    assert one.closest == pytest.approx([60, 100])
    assert [b["state_ix"] for b in one.binding] == [0]
    assert one.binding[0]["why"].startswith("over")
    assert one.binding[0]["off_by"] == pytest.approx(10)
    # h = 2: n(2) = n0 P² + x(0) P + x(1) = (36 + .6a0 + a1, 60 + .2a0 + .8b0 + b1).
    #   Meeting (50, 100): a1 = 14 − .6a0, b1 = 40 − .2a0 − .8b0, so the total is
    #   54 + .2a0 + .2b0: least at a0 = b0 = 0 -> 54 recruits, all in year 2: (14, 40).
    #   One more head of target costs one more recruit in either state: duals (1, 1).
    two = attain(P2, n0, target, both, max_years=5)
    assert two.attainable and two.years == 2
    assert two.recruits == pytest.approx(54)
    assert two.plan == pytest.approx(np.array([[0, 0], [14, 40]]))
    assert np.abs(two.duals) == pytest.approx([1, 1])


def test_attainability_when_hiring_only_at_entry():
    # Only B1 may hire; n0 = (100, 50), target (50, 100).
    # h = 1: n(1) = (60 + a0, 60): B2 is 60 whatever is hired -> short by 40; B1 is over
    #        by 10 (60 > 50 with a0 >= 0). Both constraints bind.
    n0, target, entry = np.array([100.0, 50.0]), np.array([50.0, 100.0]), np.array([True, False])
    one = attain(P2, n0, target, entry, max_years=1)
    assert not one.attainable
    why = {b["state_ix"]: (b["why"].split(":")[0], b["off_by"]) for b in one.binding}
    assert why[0] == ("over", pytest.approx(10))
    assert why[1] == ("short", pytest.approx(-40))
    # h = 2: B2 = 60 + .2a0 = 100 needs a0 = 200, then B1 = 36 + 120 + a1 > 50: no.
    # h = 3: B2 = 55.2 + .28a0 + .2a1 = 100 -> a1 = 224 − 1.4a0, so a0 <= 160; B1 =
    #        21.6 + .36a0 + .6a1 + a2 = 50 -> a2 = .48a0 − 106, so a0 >= 220.8: no.
    assert not attain(P2, n0, target, entry, max_years=3).attainable
    # Later it is: hire many at B1 early, let them move up, and let B1 shrink back.
    # The plan the program returns must give exactly the target when played forward.
    got = attain(P2, n0, target, entry, max_years=10)
    assert got.attainable and got.years > 3
    n = n0
    for x in got.plan:
        n = n @ P2 + x
    assert n == pytest.approx(target)
    assert got.plan[:, 1] == pytest.approx(0)
    assert got.recruits == pytest.approx(got.plan.sum())


def test_maintainability_by_hand():
    # x = n − nP. n = (100, 50): nP = (60, 20 + 40 = 60) -> x = (40, −10): B2 gets more
    # than it loses, not maintainable. n = (100, 100): nP = (60, 100) -> x = (40, 0): held
    # by 40 recruits a year at B1 alone.
    entry = np.array([True, False])
    bad = maintainability(P2, np.array([100.0, 50.0]), entry)
    assert [r["recruits"] for r in bad] == pytest.approx([40, -10])
    assert [r["ok"] for r in bad] == [True, False]
    good = maintainability(P2, np.array([100.0, 100.0]), entry)
    assert [r["recruits"] for r in good] == pytest.approx([40, 0])
    assert all(r["ok"] for r in good)


def test_fixed_size_by_hand():
    # Fixed size: leavers (0.2 each) are replaced at B1. n0 = (100, 50, 20): leavers
    # 34 -> n(1) = (60 + 34, 55, 21) = (94, 55, 21), total 170 as before, and the total
    # has no variance (every leaver is replaced, whatever happens).
    proj = project(_chain(), Policy("fixed"), years=3)
    assert proj.mean[1] == pytest.approx([94, 55, 21])
    mean, sd = proj.total()
    assert mean == pytest.approx([170] * 4)
    assert sd == pytest.approx([0] * 4, abs=1e-6)


def test_states_never_left_are_named_not_crashed_on():
    # B3 keeps everyone (stay 1, no exit): its expected years are infinite
    closed = P3.copy()
    closed[2, 2] = 1.0
    with pytest.raises(ForecastError, match="never left"):
        fundamental(closed)
    with pytest.raises(ForecastError, match="one per year"):
        project(_chain(), Policy("push", hires=[1, 2]), years=3)
