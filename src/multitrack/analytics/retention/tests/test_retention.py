"""Retention: reference libraries for the statistics, a synthetic org with a known rule."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from multitrack.analytics.retention import RetentionConfig, retention
from multitrack.analytics.retention.breakdown import wilson
from multitrack.analytics.retention.fairness import bias_check
from multitrack.analytics.retention.model import FlightRiskModel, auc, fit_logit
from multitrack.analytics.retention.panel import panel
from multitrack.analytics.retention.tests.synthetic import AS_OF, synthetic


@pytest.fixture(scope="module")
def org():
    return synthetic()


@pytest.fixture(scope="module")
def report(org):
    return retention(org)


def test_logit_matches_statsmodels() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(2000), rng.normal(size=(2000, 3))])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(x @ [-0.5, 1.0, -0.7, 0.2])))).astype(float)
    ours = fit_logit(x, y)
    ref = sm.Logit(y, x).fit(disp=0).params
    np.testing.assert_allclose(ours, ref, rtol=1e-8)


def test_auc_is_the_mann_whitney_statistic() -> None:
    rng = np.random.default_rng(1)
    y = rng.random(500) < 0.3
    s = np.round(rng.normal(size=500) + y, 1)  # ties on purpose
    u = stats.mannwhitneyu(s[y], s[~y]).statistic
    assert auc(y, s) == pytest.approx(u / (y.sum() * (~y).sum()), rel=1e-12)


def test_wilson_matches_statsmodels() -> None:
    k, n = np.array([0, 3, 50, 99]), np.array([10, 40, 100, 100])
    low, high = wilson(k.astype(float), n.astype(float))
    ref_low, ref_high = proportion_confint(k, n, method="wilson")
    np.testing.assert_allclose(low, ref_low, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, atol=1e-12)


def test_manager_effect_is_recovered(report) -> None:
    rows = report.table("by_manager").frame.filter(pl.col("proxy") == "upward-assessment score")
    rate = dict(zip(rows["group"], rows["rate"], strict=True))
    low = dict(zip(rows["group"], rows["low"], strict=True))
    high = dict(zip(rows["group"], rows["high"], strict=True))
    worse = "less effective (at or below the median)"
    better = "more effective (above the median)"
    # truth: 45% a year under a poor manager and 15% under a good one, doubled after 3 years
    assert rate[worse] > 2 * rate[better]
    assert high[worse] >= 0.45 and low[worse] <= 0.9
    assert high[better] >= 0.15 and low[better] <= 0.3


def test_flight_risk_model_on_a_time_based_holdout(report) -> None:
    metrics = dict(report.table("model").frame.iter_rows())
    assert metrics["AUC (holdout)"] > 0.7
    assert 0.7 < metrics["calibration slope"] < 1.3
    assert report.meta["holdout_snapshot"] > report.meta["train_until"]


def test_reasons_name_the_manager(report) -> None:
    top = report.table("at_risk").frame
    assert top.height == RetentionConfig().at_risk
    first = top["reasons"][0].to_list()
    assert "upward-assessment score: 2.0" in first[0]
    assert all("no record" not in r for rs in top["reasons"].to_list() for r in rs)
    assert any("human decision" in n for n in report.notes)


def test_demographics_are_never_inputs(org) -> None:
    p = panel(org, [AS_OF])
    with pytest.raises(ValueError, match="never model inputs"):
        FlightRiskModel.fit(
            p.with_columns(pl.lit(1.0).alias("demo_x"), pl.lit(False).alias("left")),
            features=["tenure_years", "demo_x"],
        )
    shuffled = org.replace(people=org.people.with_columns(pl.col("demo_gender").shuffle(seed=5)))
    a = retention(org).table("at_risk").frame
    b = retention(shuffled).table("at_risk").frame
    assert a.select("person_id", "risk").equals(b.select("person_id", "risk"))


def test_individual_scores_can_be_turned_off(org) -> None:
    rep = retention(org, RetentionConfig(individual_scores=False))
    keys = [t.key for t in rep.tables]
    assert "at_risk" not in keys and "risk_by_group" in keys
    assert any("turned off" in n for n in rep.notes)


def test_bias_check_hand_worked() -> None:
    rows = pl.DataFrame(
        {
            "demo_g": ["a"] * 10 + ["b"] * 10,
            "left": [True, False] * 5 + [False] * 10,
        }
    )
    score = np.array([0.9, 0.1] * 5 + [0.2] * 10)  # top decile: the two 0.9s? no: all five
    out = bias_check(rows, score, min_size=5)
    a = out.filter(pl.col("group") == "a").row(0, named=True)
    b = out.filter(pl.col("group") == "b").row(0, named=True)
    assert a["flagged_share"] == 0.5 and b["flagged_share"] == 0.0  # 0.9 >= q90 = 0.9
    assert a["false_negative_rate"] == 0.0 and a["false_positive_rate"] == 0.0
    assert b["flag_ratio"] == 0.0 and b["flag"] == "review"
