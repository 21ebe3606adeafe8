"""Log-rank and Cox against lifelines on the same rows (ties, censoring, weights, late entry)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from lifelines import CoxPHFitter
from lifelines.statistics import logrank_test as lifelines_logrank
from lifelines.statistics import multivariate_logrank_test as lifelines_multi
from lifelines.statistics import proportional_hazard_test

from multitrack.analytics.survival import (
    cox_ph,
    logrank_subsets,
    logrank_test,
    multivariate_logrank_test,
)

PRECISE = {"precision": 1e-12}


def _data(seed: int, n: int = 700, ties: bool = True):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    X[:, 2] = rng.random(n) < 0.4
    lin = X @ np.array([0.5, -0.3, 0.8])
    T = rng.exponential(np.exp(-lin)) * 10
    C = rng.exponential(2, size=n) * 10
    t, e = np.minimum(T, C), (T <= C).astype(int)
    if ties:
        t = np.ceil(t)
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(t=t, e=e)
    return X, t, e, frame, rng


def test_multivariate_logrank_matches_lifelines():
    rng = np.random.default_rng(1)
    t = rng.integers(1, 40, 600).astype(float)
    e = rng.random(600) < 0.5
    g = rng.choice(["a", "b", "c"], 600)
    ours = multivariate_logrank_test(t, g, e)
    ref = lifelines_multi(t, g, e)
    assert ours.statistic == pytest.approx(ref.test_statistic, rel=1e-10)
    assert ours.p_value == pytest.approx(ref.p_value, rel=1e-8)
    assert ours.df == 2
    np.testing.assert_allclose(ours.observed.sum(), ours.expected.sum())


def test_two_group_logrank_matches_lifelines():
    rng = np.random.default_rng(2)
    ta, tb = rng.exponential(5, 200), rng.exponential(7, 150)
    ea, eb = rng.random(200) < 0.7, rng.random(150) < 0.7
    ours = logrank_test(ta, tb, ea, eb)
    ref = lifelines_logrank(ta, tb, ea, eb)
    assert ours.statistic == pytest.approx(ref.test_statistic, rel=1e-10)
    assert ours.p_value == pytest.approx(ref.p_value, rel=1e-8)


@pytest.mark.parametrize("shift", [0.0, 0.5], ids=["day-grid", "sorted"])
def test_logrank_with_late_entry_uses_entry_risk_sets(shift):
    # the statistic equals a brute-force computation over risk sets entry < t <= exit
    rng = np.random.default_rng(3)
    t = rng.integers(2, 30, 200).astype(float) + shift
    a = np.floor(rng.random(200) * (t - 1)) + shift / 2
    e = rng.random(200) < 0.6
    g = rng.integers(0, 2, 200)
    ours = multivariate_logrank_test(t, g, e, entry=a)
    z = v = 0.0
    for tau in np.unique(t[e]):
        risk = (a < tau) & (tau <= t)
        n, n1 = risk.sum(), (risk & (g == 0)).sum()
        d = (e & (t == tau)).sum()
        d1 = (e & (t == tau) & (g == 0)).sum()
        z += d1 - d * n1 / n
        v += d * (n1 / n) * (1 - n1 / n) * (n - d) / max(n - 1, 1)
    assert ours.statistic == pytest.approx(z * z / v, rel=1e-10)


@pytest.mark.parametrize("ties", [True, False], ids=["ties", "no-ties"])
def test_cox_matches_lifelines(ties):
    X, t, e, frame, _ = _data(4, ties=ties)
    ref = CoxPHFitter().fit(frame, "t", "e", fit_options=PRECISE)
    ours = cox_ph(X, t, e, names=["a", "b", "c"])
    np.testing.assert_allclose(ours.params, ref.params_.values, rtol=1e-6)
    np.testing.assert_allclose(ours.se, ref.standard_errors_.values, rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(ref.log_likelihood_, rel=1e-9)
    assert ours.converged
    lr, df, p = ours.likelihood_ratio_test()
    ref_lr = ref.log_likelihood_ratio_test()
    assert lr == pytest.approx(ref_lr.test_statistic, rel=1e-6) and df == 3
    summary = ours.to_frame()
    np.testing.assert_allclose(summary["hr_low"], ref.summary["exp(coef) lower 95%"], rtol=1e-6)
    np.testing.assert_allclose(summary["p"], ref.summary["p"], rtol=1e-5, atol=1e-300)


def test_cox_with_weights_and_late_entry_matches_lifelines():
    X, t, e, frame, rng = _data(5)
    w = rng.integers(1, 4, len(t)).astype(float)
    ref = CoxPHFitter().fit(frame.assign(w=w), "t", "e", weights_col="w", fit_options=PRECISE)
    ours = cox_ph(X, t, e, weights=w)
    np.testing.assert_allclose(ours.params, ref.params_.values, rtol=1e-6)
    np.testing.assert_allclose(ours.se, ref.standard_errors_.values, rtol=1e-6)
    entry = np.floor(rng.random(len(t)) * t * 0.7)
    ref = CoxPHFitter().fit(frame.assign(entry=entry), "t", "e", entry_col="entry")
    ours = cox_ph(X, t, e, entry=entry)
    np.testing.assert_allclose(ours.params, ref.params_.values, rtol=1e-6)
    np.testing.assert_allclose(ours.se, ref.standard_errors_.values, rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(ref.log_likelihood_, rel=1e-9)


def test_cox_robust_errors_match_lifelines_without_ties():
    X, t, e, frame, _ = _data(6, ties=False)
    ref = CoxPHFitter().fit(frame, "t", "e", robust=True, fit_options=PRECISE)
    ours = cox_ph(X, t, e, robust=True)
    np.testing.assert_allclose(ours.se, ref.standard_errors_.values, rtol=1e-6)


@pytest.mark.parametrize("transform", ["km", "identity", "log", "rank"])
def test_proportional_hazards_test_matches_lifelines(transform):
    # rank orders tied event times by input order, as lifelines does; other transforms are
    # tie-invariant, so they are checked with ties
    X, t, e, frame, _ = _data(7, ties=transform != "rank")
    ref_model = CoxPHFitter().fit(frame, "t", "e", fit_options=PRECISE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = proportional_hazard_test(ref_model, frame, time_transform=transform)
    ours = cox_ph(X, t, e).proportional_hazards(transform)
    np.testing.assert_allclose(ours.statistic, ref.test_statistic, rtol=1e-6)
    np.testing.assert_allclose(ours.p_value, ref.p_value, rtol=1e-5)


def test_proportional_hazards_test_flags_a_time_varying_effect():
    rng = np.random.default_rng(8)
    n = 3000
    x = (rng.random(n) < 0.5).astype(float)
    # hazard ratio 4 early, 1/4 late: crossing hazards violate proportionality
    early = rng.exponential(1 / np.where(x == 1, 4.0, 1.0))
    late = 1 + rng.exponential(1 / np.where(x == 1, 0.25, 1.0))
    t = np.where(early < 1, early, late)
    ph = cox_ph(x[:, None], t, np.ones(n), names=["x"]).proportional_hazards("km")
    assert ph.p_value[0] < 1e-6


def test_cox_rejects_unusable_covariates():
    X, t, e, _, _ = _data(9, n=50)
    with pytest.raises(ValueError, match="constant"):
        cox_ph(np.column_stack([X, np.ones(50)]), t, e)
    with pytest.raises(ValueError, match="missing"):
        cox_ph(np.where(X > 2, np.nan, X), t, e)
    with pytest.raises(ValueError, match="no events"):
        cox_ph(X, t, np.zeros(50))


@pytest.mark.parametrize("late", [False, True])
def test_logrank_subsets_equal_separate_tests_on_their_rows(late):
    rng = np.random.default_rng(21)
    n = 3000
    g = rng.integers(0, 4, n)
    t = rng.integers(1, 400, n).astype(float) * (1 + 0.2 * (g == 1))
    e = rng.random(n) < 0.6
    a = np.where(rng.random(n) < 0.4, np.floor(t * rng.random(n)), 0.0) if late else None
    subsets = [[0, 1, 2, 3], [1, 0], [2, 3], [3, 9]]
    got = logrank_subsets(t, g, e, subsets, entry=a)
    for subset, res in zip(subsets, got, strict=True):
        rows = np.isin(g, subset)
        ref = multivariate_logrank_test(
            t[rows], g[rows], e[rows], entry=None if a is None else a[rows]
        )
        assert res.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert res.p_value == pytest.approx(ref.p_value, rel=1e-10)
        assert res.df == ref.df
        np.testing.assert_allclose(res.expected, ref.expected, rtol=1e-12)
