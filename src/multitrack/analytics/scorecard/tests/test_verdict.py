"""The stated rules: verdict thresholds, configuration, suppression, two-group statistics."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy.stats import binomtest, chi2_contingency, fisher_exact, mannwhitneyu

from multitrack.analytics.scorecard.access import _chi_square
from multitrack.analytics.scorecard.stats import (
    binom_two_sided,
    mann_whitney,
    proportion_ratio,
    rate_ratio,
)
from multitrack.analytics.scorecard.verdict import (
    BREAK,
    EQUIVALENT,
    WATCH,
    ConfigError,
    ScorecardConfig,
    judge,
    suppress,
    worst,
)


@pytest.mark.parametrize(
    ("gap", "significant", "expected"),
    [
        (0.02, False, EQUIVALENT),  # small, not significant
        (0.02, True, WATCH),  # small but real
        (0.05, False, WATCH),  # between the thresholds
        (0.05, True, WATCH),
        (0.08, False, WATCH),  # large but uncertain
        (0.08, True, BREAK),  # large and significant
        (0.07, True, BREAK),  # the break threshold is inclusive
        (0.03, False, WATCH),  # the watch threshold is where equivalence stops
    ],
)
def test_pay_gap_rule(gap, significant, expected):
    cfg = ScorecardConfig()
    assert judge(gap, significant, cfg.pay_gap_watch, cfg.pay_gap_break) == expected


def test_ratio_rule_is_symmetric_on_the_log_scale_unless_one_sided():
    watch, brk = math.log(1.25), math.log(1.5)
    assert judge(abs(math.log(1.6)), True, watch, brk) == BREAK
    assert judge(abs(math.log(1 / 1.6)), True, watch, brk) == BREAK
    assert (
        judge(abs(math.log(1.6)), True, watch, brk, favourable=True, one_sided=True) == EQUIVALENT
    )
    assert judge(None, True, watch, brk) is None
    assert worst([EQUIVALENT, None, WATCH]) == WATCH and worst([None]) is None


def test_config_from_yaml_and_its_errors(tmp_path):
    good = tmp_path / "sc.yaml"
    good.write_text("scorecard:\n  pay_gap_watch: 0.02\n  min_cell: 10\n  horizons: [1, 2]\n")
    cfg = ScorecardConfig.from_yaml(good)
    assert (cfg.pay_gap_watch, cfg.min_cell, cfg.horizons) == (0.02, 10, (1.0, 2.0))
    bad = tmp_path / "bad.yaml"
    bad.write_text("pay_gap_wach: 0.02\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml: unknown settings pay_gap_wach"):
        ScorecardConfig.from_yaml(bad)
    bad.write_text("pay_gap_watch: 0.09\n")
    with pytest.raises(ConfigError, match="pay_gap: need 0 < watch <= break"):
        ScorecardConfig.from_yaml(bad)
    bad.write_text("attrition_exits: some\n")
    with pytest.raises(ConfigError, match="attrition_exits"):
        ScorecardConfig.from_yaml(bad)


def test_suppression_hides_figures_never_sizes():
    frame = pl.DataFrame({"n": [4, 5], "median_pay": [90000.0, 80000.0]})
    out = suppress(frame, ["n"], ["median_pay"], 5)
    assert out["median_pay"].to_list() == [None, 80000.0]
    assert out["status"].to_list() == ["suppressed (n<5)", ""]
    assert out["n"].to_list() == [4, 5]


def test_rate_ratio_hand_worked():
    # 6 promotions in 20 person-years vs 3 in 30: ratio 0.3 / 0.1 = 3
    r = rate_ratio(6, 20.0, 3, 30.0)
    assert r.ratio == pytest.approx(3.0)
    se = math.sqrt(1 / 6 + 1 / 3)
    assert r.low == pytest.approx(3 * math.exp(-1.959963984540054 * se))
    assert r.high == pytest.approx(3 * math.exp(1.959963984540054 * se))
    assert r.p == pytest.approx(binomtest(6, 9, 20 / 50).pvalue)
    none = rate_ratio(0, 10.0, 0, 10.0)
    assert none.ratio is None and none.log_size is None
    assert rate_ratio(0, 10.0, 4, 10.0).ratio == 0.0


def test_proportion_ratio_hand_worked():
    # 8 of 20 vs 4 of 40: (0.4) / (0.1) = 4
    r = proportion_ratio(8, 20, 4, 40)
    assert r.ratio == pytest.approx(4.0)
    se = math.sqrt(1 / 8 - 1 / 20 + 1 / 4 - 1 / 40)
    assert r.low == pytest.approx(4 * math.exp(-1.959963984540054 * se))
    assert r.p == pytest.approx(fisher_exact([[8, 12], [4, 36]])[1])


@pytest.mark.parametrize("size", [300, 40_000], ids=["scipy", "from-counts"])
def test_mann_whitney_equals_scipy_on_tied_ratings_and_continuous_values(size):
    rng = np.random.default_rng(size)
    a = rng.integers(1, 6, size).astype(float)
    b = np.clip(rng.integers(1, 6, size // 2) + (rng.random(size // 2) < 0.1), 1, 5).astype(float)
    assert mann_whitney(a, b) == pytest.approx(mannwhitneyu(a, b).pvalue, rel=1e-9)
    x, y = rng.normal(size=size), rng.normal(0.05, size=size)
    assert mann_whitney(x, y) == pytest.approx(mannwhitneyu(x, y).pvalue, rel=1e-9)
    assert mann_whitney(np.ones(10), np.ones(20)) == 1.0


def test_binomial_test_equals_scipy_on_both_sides_of_the_mode():
    rng = np.random.default_rng(7)
    for i in range(400):
        n = int(rng.integers(1, 3000)) if i < 390 else int(rng.integers(20_001, 40_000))
        p = float(rng.uniform(0.01, 0.99))
        k = int(rng.integers(0, n + 1)) if i % 2 else min(n, max(0, round(p * n) + i % 7 - 3))
        expected = binomtest(k, n, p).pvalue
        assert binom_two_sided(k, n, p) == pytest.approx(expected, rel=1e-9, abs=1e-250)
    for k, n, p in [(0, 10, 0.5), (10, 10, 0.5), (5, 10, 0.5), (3, 7, 0.5), (6, 9, 0.4)]:
        assert binom_two_sided(k, n, p) == pytest.approx(binomtest(k, n, p).pvalue, rel=1e-12)


def test_chi_square_shortcuts_equal_scipy():
    rng = np.random.default_rng(3)
    for _ in range(100):
        table = rng.integers(5, 400, (2, 2)).astype(float)
        p = proportion_ratio(int(table[0, 0]), int(table[0].sum()), int(table[1, 0]), 4000).p
        big = np.array([[table[0, 0], table[0, 1]], [table[1, 0], 4000 - table[1, 0]]])
        if table[0].sum() + 4000 > 1000:
            assert p == pytest.approx(chi2_contingency(big, correction=False)[1], rel=1e-9)
        a, b = rng.integers(1, 6, 60).astype(float), rng.integers(2, 6, 40).astype(float)
        cats = np.unique(np.concatenate([a, b]))
        counts = [[np.sum(x == c) for c in cats] for x in (a, b)]
        assert _chi_square(a, b) == pytest.approx(chi2_contingency(counts, correction=False)[1])


@pytest.mark.parametrize("ties", [False, True])
def test_mann_whitney_equals_scipy_on_small_samples(ties):
    rng = np.random.default_rng(11)
    for _ in range(200):
        n1, n2 = rng.integers(1, 14, 2)
        a, b = rng.normal(size=n1), rng.normal(0.3, size=n2)
        if ties:
            a, b = np.round(a), np.round(b)
        if np.unique(np.concatenate([a, b])).size == 1:
            continue
        assert mann_whitney(a, b) == pytest.approx(mannwhitneyu(a, b).pvalue, rel=1e-12)
