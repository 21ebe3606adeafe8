"""The moment recursion against Monte Carlo, properties on random chains, and caps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.montecarlo import simulate
from multitrack.analytics.forecast.project import Chain, Policy, project
from multitrack.analytics.forecast.states import StateSpace

SPINE = ("B1", "B2", "B3", "B4", "B5", "B6")
FOUR = StateSpace(("s/B1", "s/B2", "s/B3", "m/B3"), SPINE, ("s", "m"))
P4 = np.array(
    [
        [0.70, 0.15, 0.00, 0.00],
        [0.00, 0.72, 0.10, 0.03],
        [0.00, 0.00, 0.85, 0.05],
        [0.00, 0.02, 0.08, 0.78],
    ]
)


def _check(proj, sim, runs):
    """Means within 4 standard errors; (co)variances within 4 of their standard errors."""
    counts = sim.counts.astype(float)
    for t in range(1, proj.years + 1):
        mean, cov = proj.mean[t], proj.cov[t]
        var = np.diag(cov)
        assert (np.abs(counts[:, t].mean(axis=0) - mean) <= 4 * np.sqrt(var / runs) + 1e-9).all()
        mc = np.cov(counts[:, t].T)
        se = np.sqrt((np.outer(var, var) + cov**2) / runs)
        assert (np.abs(mc - cov) <= 4 * se + 1e-6).all()


@pytest.mark.parametrize(
    ("policy", "freezes"),
    [
        (Policy("push", hires=37.4), ()),
        (Policy("push", hires=37.4), ((2, np.array([True, False, False, False])),)),
        (Policy("fixed"), ()),
        (Policy("fixed", growth=0.03), ((1, np.array([False, True, False, False])),)),
    ],
)
def test_moments_match_monte_carlo(policy, freezes):
    chain = Chain(
        FOUR, P4, np.array([0.6, 0.3, 0.1, 0.0]), np.array([300.0, 150, 60, 40]), 0, freezes
    )
    proj = project(chain, policy, years=4)
    runs = 20_000
    sim = simulate(chain, policy, years=4, runs=runs, seed=42)
    _check(proj, sim, runs)
    # the expected flows agree too: promotions s/B1 -> s/B2 in year 1, exits, hires
    e = [tuple(x) for x in sim.edges].index((0, 1))
    assert sim.moves[:, 0, e].mean() == pytest.approx(proj.moves[0, 0, 1], rel=0.01)
    assert sim.exits[:, 0].mean(axis=0) == pytest.approx(proj.exits[0], rel=0.02)
    assert sim.hires[:, 1].sum(axis=1).mean() == pytest.approx(proj.hires[1].sum(), rel=0.01)


@st.composite
def _chains(draw):
    k = draw(st.integers(2, 5))
    raw = np.array(draw(st.lists(st.floats(0, 1), min_size=k * (k + 1), max_size=k * (k + 1))))
    raw = raw.reshape(k, k + 1) + 1e-3
    probs = raw / raw.sum(axis=1, keepdims=True)
    r = np.array(draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))) + 1e-3
    n0 = np.array(draw(st.lists(st.integers(0, 500), min_size=k, max_size=k)), dtype=float)
    keys = tuple(f"t/B{i + 1}" for i in range(k))
    states = StateSpace(keys, SPINE, ("t",))
    return Chain(states, probs[:, :k], r / r.sum(), n0, hires_per_year=draw(st.integers(0, 80)))


@settings(max_examples=40, deadline=None)
@given(_chains(), st.integers(1, 6))
def test_fixed_size_conserves_headcount(chain, years):
    assert (chain.P.sum(axis=1) <= 1 + 1e-12).all()
    proj = project(chain, Policy("fixed"), years)
    mean, sd = proj.total()
    assert mean == pytest.approx(np.full(years + 1, chain.n0.sum()))
    assert sd == pytest.approx(np.zeros(years + 1), abs=1e-6 * (1 + chain.n0.sum()))
    # covariance matrices stay symmetric and positive semi-definite
    for cov in proj.cov:
        assert cov == pytest.approx(cov.T)
        assert np.linalg.eigvalsh(cov).min() >= -1e-6 * (1 + np.abs(cov).max())
    sim = simulate(chain, Policy("fixed"), years, runs=50, seed=1)
    assert (sim.counts.sum(axis=2) == chain.n0.sum()).all()


@settings(max_examples=25, deadline=None)
@given(_chains(), st.sampled_from(["push", "fixed"]), st.integers(0, 2**31))
def test_monte_carlo_mean_tends_to_recursion(chain, mode, seed):
    runs = 4000
    proj = project(chain, Policy(mode), 3)
    sim = simulate(chain, Policy(mode), 3, runs=runs, seed=seed)
    se = proj.sd / np.sqrt(runs)
    assert (np.abs(sim.counts.mean(axis=0) - proj.mean) <= 5 * se + 1e-9).all()


# ---------------------------------------------------------------------------------- caps

TWO = StateSpace(("a/B1", "a/B2"), SPINE, ("a",))


def _capped(up: float, n0=(200.0, 10.0), r=(1.0, 0.0), hires=30):
    P = np.array([[0.9 - up, up], [0.0, 0.7]])
    return Chain(TWO, P, np.array(r), np.array(n0), hires_per_year=hires)


def test_promotions_only_fill_vacancies():
    # ~20 candidates a year from B1 (200 · 0.1) but only 10 − stayers vacancies at B2
    chain = _capped(0.1)
    sim = simulate(chain, Policy("push"), 5, runs=500, seed=3, caps={"a/B2": 10})
    assert (sim.counts[:, :, 1] == 10).all()
    stayers = sim.counts[:, :-1, 1] - sim.exits[:, :, 1]
    assert (sim.moves[:, :, 0] == 10 - stayers).all()
    # rejected candidates stay at B1: B1 = B1 − exits − promoted + hires
    b1 = sim.counts[:, :-1, 0] - sim.exits[:, :, 0] - sim.moves[:, :, 0] + sim.hires[:, :, 0]
    assert (sim.counts[:, 1:, 0] == b1).all()


def test_open_vacancies_by_fill_rule():
    chain = _capped(0.005)  # about one candidate a year for about three vacancies
    cap = {"a/B2": 10}
    none = simulate(chain, Policy("push"), 5, runs=300, seed=4, caps=cap, fill="none")
    assert (none.counts[:, :, 1] <= 10).all() and (none.counts[:, -1, 1] < 10).mean() > 0.9
    pull = simulate(chain, Policy("push"), 5, runs=300, seed=4, caps=cap, fill="pull")
    assert (pull.counts[:, :, 1] == 10).all()
    assert (pull.hires[:, :, 1] == 0).all()  # filled by pulling B1 stayers up
    hire = simulate(chain, Policy("push"), 5, runs=300, seed=4, caps=cap, fill="hire")
    assert (hire.counts[:, :, 1] == 10).all()
    assert hire.hires[:, :, 1].sum() > 0
    assert (hire.hires[:, :, 0] == 30).all()


def test_recruits_aimed_at_a_full_state_go_elsewhere():
    chain = _capped(0.1, r=(0.5, 0.5), hires=40)
    sim = simulate(chain, Policy("push"), 4, runs=300, seed=5, caps={"a/B2": 10})
    assert (sim.counts[:, :, 1] <= 10).all()
    assert (sim.hires.sum(axis=2) == 40).all()


def test_unknown_cap_is_an_error():
    with pytest.raises(ForecastError, match="unknown states"):
        simulate(_capped(0.1), caps={"a/B9": 3})
