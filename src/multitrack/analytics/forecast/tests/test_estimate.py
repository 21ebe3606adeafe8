"""Estimation: intervals by hand and by coverage, smoothing by hand, the homogeneity test."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, chi2_contingency

from multitrack.analytics.forecast.estimate import Smoothing, fit
from multitrack.analytics.forecast.homogeneity import homogeneity
from multitrack.analytics.forecast.snapshots import History, history
from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.forecast.tests.synth import simulate_org, starter_chain
from multitrack.core import load
from multitrack.core.templates import path

SPINE = ("B1", "B2", "B3")
TWO = StateSpace(("a/B1", "a/B2"), SPINE, ("a",), frozenset({("a/B1", "a/B2")}))


def _hist(flows: np.ndarray, states: StateSpace = TWO) -> History:
    """A History straight from counts (years, k, k+1); hires none."""
    years, k, _ = flows.shape
    stocks = np.vstack([flows.sum(axis=2), flows[-1, :, :k].sum(axis=0, keepdims=True)])
    dates = tuple(dt.date(2020 + t, 6, 30) for t in range(years + 1))
    return History(states, dates, stocks, flows, np.zeros((years, k), dtype=np.int64))


def test_wilson_interval_by_hand():
    # 5 moves out of 20, z = 1.959964, z² = 3.841459:
    #   centre (5 + z²/2)/(20 + z²) = 6.920730/23.841459 = 0.290284
    #   half-width z/(20 + z²)·√(5·15/20 + z²/4) = 0.082208·2.170338 = 0.178418
    #   -> (0.11187, 0.46870)
    flows = np.array([[[15, 5, 0], [0, 10, 0]]])
    m = fit(_hist(flows), Smoothing("none"))
    assert m.mle[0, 1] == pytest.approx(0.25)
    assert (m.low[0, 1], m.high[0, 1]) == pytest.approx((0.11187, 0.46870), abs=1e-5)


def test_goodman_interval_by_hand():
    # Row a/B1 has three possible outcomes (stay, up, exit) with counts 50, 30, 20 (n = 100).
    # Goodman (1965): A = χ²₁ quantile at 1 − 0.05/3; for x = 50:
    #   (A + 2x ∓ √(A(A + 4x(n − x)/n))) / (2(n + A))
    flows = np.array([[[50, 30, 20], [0, 10, 0]]])
    m = fit(_hist(flows), Smoothing("none"), interval="goodman")
    A = chi2.ppf(1 - 0.05 / 3, 1)  # 5.7311
    for j, x in enumerate((50, 30, 20)):
        root = np.sqrt(A * (A + 4 * x * (100 - x) / 100))
        low, high = (A + 2 * x - root) / (2 * (100 + A)), (A + 2 * x + root) / (2 * (100 + A))
        assert (m.low[0, j], m.high[0, j]) == pytest.approx((low, high))
    # x = 30: A = 5.7311, root = √(5.7311·(5.7311 + 84)) = 22.677,
    #   ((5.7311 + 60 ∓ 22.677) / 211.462) = (0.2036, 0.4181)
    assert (m.low[0, 1], m.high[0, 1]) == pytest.approx((0.2036, 0.4181), abs=1e-4)
    # B2 (stay 10, exit 0): two possible outcomes; the unseen exit keeps a lower bound of 0
    assert m.low[1, 2] == pytest.approx(0, abs=1e-12) and m.high[1, 2] > 0.1


def test_track_smoothing_by_hand():
    # B1: stay 80, up 10, exit 10 (n = 100); B2 (the ceiling): stay 3, exit 1 (n = 4).
    # Pooled over the track by kind: stay 83, up 10, exit 11 (104). B2 has no "up", so its
    # prior is stay 83/94, exit 11/94. With s = 5:
    #   B2 stay (3 + 5·83/94)/9 = 0.823877, exit (1 + 5·11/94)/9 = 0.176123
    #   B1 stay (80 + 5·83/104)/105 = 0.799908, up (10 + 5·10/104)/105 = 0.099817,
    #      exit (10 + 5·11/104)/105 = 0.100275
    flows = np.array([[[80, 10, 10], [0, 3, 1]]])
    m = fit(_hist(flows), Smoothing("track", 5))
    assert m.probs[1] == pytest.approx([0, 0.823877, 0.176123], abs=1e-6)
    assert m.probs[0] == pytest.approx([0.799908, 0.099817, 0.100275], abs=1e-6)
    # Laplace: uniform over the possible outcomes (B2: down is not permitted, so stay, exit)
    lap = fit(_hist(flows), Smoothing("laplace", 2))
    assert lap.probs[1] == pytest.approx([0, 4 / 6, 2 / 6])
    assert fit(_hist(flows), Smoothing("none")).probs[1] == pytest.approx([0, 0.75, 0.25])


def test_smoothing_parse_and_errors():
    assert Smoothing.parse("track:10") == Smoothing("track", 10)
    assert Smoothing.parse("none").prior == "none"
    with pytest.raises(ValueError, match="unknown smoothing prior"):
        Smoothing.parse("bayes")
    with pytest.raises(ValueError, match="--smoothing"):
        Smoothing.parse("track:lots")


def _org(seed: int):
    fw = load(path("starter"))
    states = StateSpace.from_framework(fw)
    probs = starter_chain(states, seed=seed)
    r = np.zeros(len(states))
    r[:3] = (0.5, 0.3, 0.2)
    frames = simulate_org(fw, probs, np.full(len(states), 150.0), 400, r, 5, seed=seed)
    return frames, probs


def test_intervals_cover_the_true_rates():
    # Data generated person by person from known matrices; each positive cell's 95% Wilson
    # interval should hold the true rate about 95% of the time (target: at least 93%).
    inside, cells = 0, 0
    for seed in range(6):
        frames, probs = _org(seed)
        m = fit(history(frames), Smoothing("none"))
        true = probs > 0
        inside += int(((probs >= m.low) & (probs <= m.high))[true].sum())
        cells += int(true.sum())
    assert cells >= 390
    assert inside / cells >= 0.93


def test_homogeneity_matches_scipy_per_row():
    frames, _ = _org(11)
    hist = history(frames)
    got = {r["state"]: r for r in homogeneity(hist).rows}
    for i, key in enumerate(hist.states.keys):
        table = hist.flows[:, i, :]
        table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
        if min(table.shape) < 2:
            continue
        g = chi2_contingency(table, correction=False, lambda_="log-likelihood")
        x = chi2_contingency(table, correction=False)
        assert got[key]["g2"] == pytest.approx(g.statistic)
        assert got[key]["x2"] == pytest.approx(x.statistic)
        assert got[key]["df"] == g.dof
        assert got[key]["p_value"] == pytest.approx(g.pvalue)


def test_homogeneity_sees_a_change_of_rates():
    rng = np.random.default_rng(3)
    steady = [[0.8, 0.1, 0.1], [0.0, 0.9, 0.1]]
    changed = [[0.6, 0.3, 0.1], [0.0, 0.9, 0.1]]

    def draws(rows):
        return np.stack([rng.multinomial(1000, p) for p in rows])

    same = np.stack([draws(steady) for _ in range(4)])
    moved = np.stack([draws(steady), draws(steady), draws(changed), draws(changed)])
    assert homogeneity(_hist(same)).p_value > 0.01
    test = homogeneity(_hist(moved))
    assert test.p_value < 1e-6
    worst = min(test.rows, key=lambda r: r["p_value"])
    assert worst["state"] == "a/B1"


@st.composite
def _counts(draw):
    k = draw(st.integers(1, 5))
    years = draw(st.integers(1, 4))
    cells = st.integers(0, 60)
    flows = np.array(
        draw(st.lists(cells, min_size=years * k * (k + 1), max_size=years * k * (k + 1)))
    ).reshape(years, k, k + 1)
    keys = tuple(f"t/B{i + 1}" for i in range(k))
    states = StateSpace(keys, tuple(f"B{i + 1}" for i in range(k)), ("t",))
    return flows, states


@settings(max_examples=60, deadline=None)
@given(_counts(), st.sampled_from(["none", "track", "laplace"]), st.floats(0, 20))
def test_fitted_rows_are_probabilities(data, prior, strength):
    flows, states = data
    m = fit(_hist(flows, states), Smoothing(prior, strength))
    assert (m.P >= -1e-12).all() and (m.w >= -1e-12).all()
    assert (m.P.sum(axis=1) <= 1 + 1e-9).all()
    assert m.probs.sum(axis=1) == pytest.approx(np.ones(len(states)))
    seen = m.exposure > 0
    lo, hi = m.low[seen], m.high[seen]
    assert ((lo <= m.mle[seen] + 1e-12) & (m.mle[seen] <= hi + 1e-12)).all()
    if prior == "none":
        assert m.probs[seen] == pytest.approx(m.mle[seen])
