"""Promotion and attrition: hand-worked rates, and curves and models against lifelines."""

from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test as lifelines_logrank
from lifelines.statistics import proportional_hazard_test

from multitrack.analytics.scorecard import ScorecardConfig, scorecard
from multitrack.analytics.scorecard.attrition import cox_design, employment
from multitrack.analytics.scorecard.context import YEAR, build_context
from multitrack.analytics.scorecard.tests.synthetic import synthetic_org
from multitrack.analytics.scorecard.tests.tiny import D, frames, person

ALL_HISTORY = ScorecardConfig(window_years=None, cox=False, centrality=False)


def _hire(pid, track, band):
    return {
        "person_id": pid,
        "date": D(2020, 1, 1),
        "kind": "hire",
        "to_track": track,
        "to_band": band,
    }


def _move(pid, date, kind, frm, to):
    return {
        "person_id": pid,
        "date": date,
        "kind": kind,
        "from_track": frm[0],
        "from_band": frm[1],
        "to_track": to[0],
        "to_band": to[1],
    }


def _tiny_history():
    people, events = [], []
    for i in range(5):  # specialists at B4; s0, s1 promoted to B5 after two years
        band = "B5" if i < 2 else "B4"
        people.append(person(f"s{i}", "specialist", band, 80000.0))
        events.append(_hire(f"s{i}", "specialist", "B4"))
        if i < 2:
            events.append(
                _move(
                    f"s{i}", D(2022, 1, 1), "promotion", ("specialist", "B4"), ("specialist", "B5")
                )
            )
    for i in range(6):  # managers at B4; m0 promoted after a year, m1 crossed to specialist in 2024
        track, band = ("management", "B5") if i == 0 else ("management", "B4")
        if i == 1:
            track = "specialist"
        people.append(person(f"m{i}", track, band, 80000.0))
        events.append(_hire(f"m{i}", "management", "B4"))
    events.append(
        _move("m0", D(2021, 1, 1), "promotion", ("management", "B4"), ("management", "B5"))
    )
    events.append(
        _move("m1", D(2024, 1, 1), "crossover", ("management", "B4"), ("specialist", "B4"))
    )
    return frames(people, events)


def test_promotion_rates_per_person_year_hand_worked():
    report = scorecard(_tiny_history(), ALL_HISTORY)
    rates = {(r["track"], r["band"]): r for r in report.table("promotion").frame.to_dicts()}
    full = (D(2026, 1, 1) - D(2020, 1, 1)).days  # 2,192 days
    spec = rates[("specialist", "B4")]
    # s0, s1: 731 days each; s2-s4: the whole six years; m1 after crossing: 2024-2026
    spec_py = (2 * 731 + 3 * full + (D(2026, 1, 1) - D(2024, 1, 1)).days) / YEAR
    assert spec["person_years"] == pytest.approx(spec_py)
    assert spec["promotions"] == 2
    assert spec["promotion_rate"] == pytest.approx(2 / spec_py)
    mgmt = rates[("management", "B4")]
    mgmt_py = (366 + (D(2024, 1, 1) - D(2020, 1, 1)).days + 4 * full) / YEAR
    assert mgmt["person_years"] == pytest.approx(mgmt_py)
    assert mgmt["promotion_rate"] == pytest.approx(1 / mgmt_py)
    cross = report.table("crossovers").frame
    out_of_mgmt = cross.filter(
        (pl.col("from_track") == "management")
        & (pl.col("to_track") == "specialist")
        & (pl.col("band") == "B4")
    ).row(0, named=True)
    assert out_of_mgmt["crossovers"] == 1
    assert out_of_mgmt["rate"] == pytest.approx(1 / mgmt_py)
    back = cross.filter(
        (pl.col("from_track") == "specialist")
        & (pl.col("to_track") == "management")
        & (pl.col("band") == "B4")
    ).row(0, named=True)
    assert back["crossovers"] == 0 and back["rate"] == 0.0


def _brute_cif(t, cause, entry, k, at):
    """Aalen–Johansen by definition, one distinct time at a time (for checking only)."""
    s, f = 1.0, 0.0
    for tau in np.unique(t[(cause > 0) & (t <= at)]):
        n = ((entry < tau) & (tau <= t)).sum()
        d = ((t == tau) & (cause > 0)).sum()
        f += s * ((t == tau) & (cause == k)).sum() / n
        s *= 1 - d / n
    return f


def test_time_in_level_is_aalen_johansen_with_late_entry():
    org = synthetic_org(1500, seed=4)
    cfg = ScorecardConfig(window_years=3.0, cox=False, centrality=False)
    report = scorecard(org, cfg)
    ctx = build_context(org, cfg)
    spells = ctx.level_spells.filter(
        (pl.col("track") == "specialist") & (pl.col("band") == "B3") & (pl.col("duration") > 0)
    )
    t = spells["duration"].to_numpy().astype(float)
    e = spells["entry"].to_numpy().astype(float)
    cause = (
        spells["outcome"]
        .replace_strict({"promoted": 1, "crossover": 2, "demoted": 2, "left": 3}, default=0)
        .to_numpy()
    )
    row = (
        report.table("time_in_level")
        .frame.filter((pl.col("track") == "specialist") & (pl.col("band") == "B3"))
        .row(0, named=True)
    )
    assert row["promoted_2y"] == pytest.approx(_brute_cif(t, cause, e, 1, 2 * YEAR), abs=1e-12)
    assert row["left_3y"] == pytest.approx(_brute_cif(t, cause, e, 3, 3 * YEAR), abs=1e-12)
    assert row["promoted_2y"] + row["left_2y"] + row["still_2y"] <= 1 + 1e-12


def test_attrition_km_and_logrank_match_lifelines_on_the_same_spells():
    org = synthetic_org(1500, seed=5, exit_ratio=1.8)
    cfg = ScorecardConfig(window_years=3.0, cox=False, centrality=False)
    report = scorecard(org, cfg)
    spells = employment(build_context(org, cfg)).filter(pl.col("duration") > 0)
    chart = report.chart("attrition_km")["data"]["values"]
    for track in ("specialist", "management"):
        sub = spells.filter(pl.col("track") == track)
        kmf = KaplanMeierFitter().fit(sub["duration"], sub["event"], entry=sub["entry"])
        points = [p for p in chart if p["track"] == track and 0 < p["years"] < 5]
        days = np.array([p["years"] * YEAR for p in points])
        ref = kmf.survival_function_at_times(days).to_numpy()
        np.testing.assert_allclose([p["estimate"] for p in points], ref, rtol=1e-10)
    # without late entry, the log-rank test is lifelines' own
    report = scorecard(org, ALL_HISTORY)
    spells = employment(build_context(org, ALL_HISTORY)).filter(pl.col("duration") > 0)
    ref = lifelines_logrank(spells["duration"], spells["track"], spells["event"])
    row = report.table("attrition_logrank").frame.row(0, named=True)
    assert row["comparison"] == "all tracks"
    assert row["statistic"] == pytest.approx(ref.test_statistic, rel=1e-10)
    cell = (
        report.table("verdicts")
        .frame.filter(
            (pl.col("dimension") == "attrition")
            & (pl.col("track") == "specialist")
            & (pl.col("versus") == "management")
            & (pl.col("band") == "B4")
        )
        .row(0, named=True)
    )
    assert cell["value"] > 1.5  # the planted 1.8x exit rate shows


def test_cox_and_its_ph_check_match_lifelines():
    org = synthetic_org(2000, seed=6, exit_ratio=1.6)
    cfg = ScorecardConfig(window_years=None, centrality=False)
    report = scorecard(org, cfg)
    rows, columns, _ = cox_design(build_context(org, cfg), employment(build_context(org, cfg)))
    data = rows.select(*columns, "duration", "event").to_pandas()
    data["event"] = data["event"].astype(int)
    cph = CoxPHFitter().fit(data, "duration", "event", fit_options={"precision": 1e-12})
    table = report.table("attrition_cox").frame
    assert table["covariate"].to_list() == columns
    np.testing.assert_allclose(table["hr"], np.exp(cph.params_.values), rtol=1e-6)
    np.testing.assert_allclose(table["p"], cph.summary["p"].values, rtol=1e-4, atol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ph = proportional_hazard_test(cph, data, time_transform="km")
    np.testing.assert_allclose(
        report.table("attrition_ph").frame["statistic"], ph.test_statistic, rtol=1e-6
    )
    assert not any(c.startswith("demo_") for c in columns)
    cell = (
        report.table("verdicts")
        .frame.filter(
            (pl.col("dimension") == "attrition (Cox)")
            & (pl.col("track") == "specialist")
            & (pl.col("versus") == "management")
        )
        .row(0, named=True)
    )
    assert cell["value"] == pytest.approx(np.exp(cph.params_["track[specialist]"]), rel=1e-6)


def test_cox_with_late_entry_matches_lifelines_entry_col():
    org = synthetic_org(1500, seed=7)
    cfg = ScorecardConfig(window_years=2.0, centrality=False)
    ctx = build_context(org, cfg)
    rows, columns, _ = cox_design(ctx, employment(ctx))
    data = rows.select(*columns, "duration", "entry", "event").to_pandas()
    data["event"] = data["event"].astype(int)
    cph = CoxPHFitter().fit(
        data, "duration", "event", entry_col="entry", fit_options={"precision": 1e-12}
    )
    table = scorecard(org, cfg).table("attrition_cox").frame
    np.testing.assert_allclose(table["hr"], np.exp(cph.params_.values), rtol=1e-6)
