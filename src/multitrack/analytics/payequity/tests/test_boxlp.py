"""Column generation against HiGHS on the whole program: the same optimum, or the same
verdict when there is none."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from multitrack.analytics.payequity.boxlp import solve_box_lp


def _instance(seed: int, n: int, m: int, scale: float):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(4e4, 1.2e5, n)
    a = np.zeros((2 * m, n))
    for k in range(m):
        rows = rng.random(n) < 0.6
        c = rng.normal(0, scale, n) * rows
        a[2 * k], a[2 * k + 1] = c, -c
    width = rng.uniform(0.0, 0.02, n) * (rng.random(n) < 0.9)
    b = rng.normal(0, 1, 2 * m) * scale * np.sqrt(n) * 0.05
    return cost, a, b, width


def _whole(cost, a, b, width):
    out = linprog(cost, A_ub=a, b_ub=b, bounds=np.column_stack([0 * width, width]), method="highs")
    return out.status, out.fun


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 3000), m=st.integers(1, 6))
def test_matches_the_whole_program(seed: int, n: int, m: int) -> None:
    cost, a, b, width = _instance(seed, n, m, scale=1.0)
    status, fun = _whole(cost, a, b, width)
    got = solve_box_lp(cost, a, b, width)
    if status == 2:
        assert got.status == "infeasible"
        return
    assert status == 0 and got.status == "optimal"
    x = got.x
    assert np.all(x >= -1e-12) and np.all(x <= width + 1e-12)
    assert np.all(a @ x <= b + 1e-9 * np.maximum(1, np.abs(b)))
    assert cost @ x == pytest.approx(fun, rel=1e-7, abs=1e-6)


def _remediation_like(seed: int, n: int):
    """A group's program as the plan builds it: rows c = X(X'X)⁻¹ of a real design (values
    near 1/n), costs of pay in currency (about 10⁵), room of two log points."""
    rng = np.random.default_rng(seed)
    side = rng.random(n) < 0.4
    other = rng.integers(0, 3, n)
    x = np.column_stack(
        [np.ones(n), side, other == 1, other == 2, rng.normal(5, 2, n), rng.normal(3, 1, n)]
    )
    c = x @ np.linalg.inv(x.T @ x)
    cost = np.exp(rng.normal(11, 0.3, n)) * np.expm1(0.02) / 0.02
    width = np.where(side, 0.02, 0.0) * rng.uniform(0.3, 1, n)
    rows, rhs = [], []
    bounds = {1: (-0.015, 0.006), 2: (0.001, 0.004), 3: (-0.002, 0.004), 4: (0.0005, 0.001)}
    for k, (b0, allowed) in bounds.items():
        rows += [c[:, k], -c[:, k]]
        rhs += [allowed - b0, allowed + b0]
    return cost, np.array(rows), np.array(rhs), width


def test_a_large_group_is_solved_to_the_optimum() -> None:
    """HiGHS on the unscaled program stops with "numerical difficulties" (status 4, scipy
    1.14–1.16) on programs like this one, and the plan used to report the group as out of
    reach. Reference: interior point on the program rewritten over z = x / width."""
    cost, a, b, width = _remediation_like(3, 20_000)
    got = solve_box_lp(cost, a, b, width)
    assert got.status == "optimal"
    assert np.all(got.x >= -1e-12) and np.all(got.x <= width + 1e-12)
    assert np.all(a @ got.x <= b + 1e-9)
    room = width > 0
    az = a[:, room] * width[room]
    peak = np.abs(az).max(axis=1)
    ref = linprog(
        cost[room] * width[room] / 1e3,
        A_ub=az / peak[:, None],
        b_ub=b / peak,
        bounds=(0, 1),
        method="highs-ipm",
    )
    assert ref.status == 0
    assert cost @ got.x == pytest.approx(ref.fun * 1e3, rel=1e-6)


def test_no_room_means_infeasible_when_a_row_needs_a_move() -> None:
    cost = np.ones(3)
    a = np.array([[-1.0, -1.0, -1.0]])
    got = solve_box_lp(cost, a, np.array([-1.0]), np.zeros(3))
    assert got.status == "infeasible" and got.x is None
