"""The whole scorecard: planted inequities found, fair organisations passed, privacy kept."""

from __future__ import annotations

import json

import polars as pl
import pytest

from multitrack.analytics.scorecard import ScorecardConfig, ScorecardError, scorecard
from multitrack.analytics.scorecard.context import build_context
from multitrack.analytics.scorecard.representation import ladder_bands
from multitrack.analytics.scorecard.tests.synthetic import synthetic_org
from multitrack.analytics.scorecard.tests.tiny import frames, person

FAST = ScorecardConfig(cox=False, centrality=False)


def _cell(report, band, dimension, track="specialist", versus="management"):
    return (
        report.table("verdicts")
        .frame.filter(
            (pl.col("band") == band)
            & (pl.col("dimension") == dimension)
            & (pl.col("track") == track)
            & (pl.col("versus") == versus)
        )
        .row(0, named=True)
    )


def test_decorative_ladder_is_a_break_and_a_real_ladder_is_not():
    planted = scorecard(synthetic_org(3000, seed=2, decorative=True), FAST)
    ladder = planted.table("ladder").frame.filter(pl.col("track") == "specialist")
    assert ladder["band"].to_list() == ["B7", "B8"]
    assert ladder["promotions_in"].to_list() == [0, 0]
    assert ladder["reference_fills"].any()  # management is promoted into B7
    assert _cell(planted, "ladder", "decorative ladder")["verdict"] == "break"
    fair = scorecard(synthetic_org(3000, seed=2), FAST)
    assert _cell(fair, "ladder", "decorative ladder")["verdict"] != "break"


def test_ladder_bands_stop_at_the_ceiling_and_entry():
    ctx = build_context(synthetic_org(300, seed=1), ScorecardConfig(ladder_top_n=3))
    assert ladder_bands(ctx, "specialist") == ["B6", "B7", "B8"]
    assert ladder_bands(ctx, "programme") == ["B5", "B6", "B7"]  # entry B5, ceiling B7


def test_pyramid_and_top_representation_hand_worked():
    people = [person(f"m{i}", "management", "B8", 190000.0) for i in range(3)]
    people += [person(f"n{i}", "management", "B5", 96000.0) for i in range(7)]
    people += [person(f"s{i}", "specialist", "B8", 190000.0) for i in range(1)]
    people += [person(f"t{i}", "specialist", "B4", 78000.0) for i in range(19)]
    report = scorecard(frames(people), FAST)
    pyr = {(r["band"], r["track"]): r for r in report.table("pyramid").frame.to_dicts()}
    assert pyr[("B8", "management")]["headcount"] == 3
    assert pyr[("B8", "management")]["share"] == pytest.approx(0.3)
    assert pyr[("B1", "specialist")]["headcount"] == 0
    top = {r["track"]: r for r in report.table("top_bands").frame.to_dicts()}
    assert top["specialist"]["share_at_top"] == pytest.approx(1 / 20)
    assert top["management"]["share_of_top_seats"] == pytest.approx(3 / 4)
    cell = _cell(report, "top", "representation")
    assert cell["value"] == pytest.approx((1 / 20) / (3 / 10))


def test_report_is_json_and_carries_every_section():
    report = scorecard(synthetic_org(1200, seed=5, pay_gap=-0.08))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["kind"] == "scorecard"
    for key in (
        "verdict_grid",
        "verdicts",
        "pay",
        "pay_gap",
        "promotion",
        "time_in_level",
        "crossovers",
        "attrition",
        "attrition_logrank",
        "attrition_cox",
        "attrition_ph",
        "pyramid",
        "top_bands",
        "ladder",
        "ratings",
        "visibility",
        "access",
        "centrality",
        "centrality_tests",
    ):
        assert key in data["tables"], key
    names = {c["name"] for c in data["charts"]}
    assert {
        "pay_gap",
        "compa_ratio",
        "time_in_level_promoted",
        "attrition_km",
        "pyramid",
        "verdicts",
    } <= names
    assert data["meta"]["reference"] == "management"
    assert set(data["meta"]["verdict_counts"]) == {"equivalent", "watch", "break"}
    grid = report.table("verdict_grid").frame
    allowed = {"equivalent", "watch", "break", "suppressed (n<5)", "not judged"}
    assert set(grid["verdict"]) - allowed <= {v for v in grid["verdict"] if v.startswith("no ")}


def test_demographic_columns_change_nothing():
    org = synthetic_org(800, seed=8)
    marked = org.replace(
        people=org.people.with_columns(
            pl.Series("demo_gender", ["f", "m"] * (org.people.height // 2)),
        )
    )
    a = scorecard(org, FAST).to_dict()
    b = scorecard(marked, FAST).to_dict()
    assert a == b


def test_band_filter_reference_and_errors():
    org = synthetic_org(600, seed=3)
    report = scorecard(org, FAST, band="B5")
    bands = set(report.table("verdicts").frame["band"]) - {"all", "top", "ladder"}
    assert bands == {"B5"}
    other = scorecard(org, ScorecardConfig(reference="specialist", cox=False, centrality=False))
    assert report.meta["reference"] == "management" and other.meta["reference"] == "specialist"
    with pytest.raises(ScorecardError, match="band 'B9' is not on the spine"):
        scorecard(org, FAST, band="B9")
    with pytest.raises(ScorecardError, match="reference track 'sales'"):
        scorecard(org, ScorecardConfig(reference="sales"))
    empty = org.replace(people=org.people.clear())
    with pytest.raises(ScorecardError, match="no people employed"):
        scorecard(empty)
