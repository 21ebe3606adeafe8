"""The demo organisation's ground truth (its Knobs) found again by the scorecard."""

from __future__ import annotations

import math

import polars as pl
import pytest

from multitrack.analytics.scorecard import ScorecardConfig, scorecard
from multitrack.demo import Knobs, generate

CFG = ScorecardConfig(centrality=False)


def _row(report, table, **match):
    frame = report.table(table).frame
    for column, value in match.items():
        frame = frame.filter(pl.col(column) == value)
    return frame.row(0, named=True)


def _overall_gap(report):
    return _row(report, "pay_gap", scope="all", track="specialist", versus="management")


@pytest.fixture(scope="module")
def unfair():
    knobs = Knobs(specialist_pay_gap=-0.10, decorative_ladder=True)
    return knobs, scorecard(generate(3000, seed=11, knobs=knobs), CFG)


def test_track_pay_gap_knob_is_recovered(unfair):
    knobs, report = unfair
    row = _overall_gap(report)
    # the demo's yearly reviews pull pay towards the range midpoint, so part of the planted
    # gap closes over the years (about a fifth, for every size of the knob tried)
    estimate = math.log1p(row["gap"])
    assert 0.7 < estimate / knobs.specialist_pay_gap < 0.95
    assert row["high"] < 0
    cell = _row(
        report, "verdicts", band="all", dimension="pay", track="specialist", versus="management"
    )
    assert cell["verdict"] == "break"


def test_decorative_ladder_knob_is_found_and_a_fair_org_passes(unfair):
    _, report = unfair
    cell = _row(report, "verdicts", band="ladder", track="specialist")
    assert cell["verdict"] == "break"
    fair = scorecard(generate(3000, seed=11, knobs=Knobs(specialist_pay_gap=0.0)), CFG)
    assert _row(fair, "verdicts", band="ladder", track="specialist")["verdict"] != "break"
    # no track gap planted: what is left (ratings shifted for specialists, pay drift) stays
    # inside the equivalence threshold
    assert abs(_overall_gap(fair)["gap"]) < ScorecardConfig().pay_gap_watch
    cell = _row(
        fair, "verdicts", band="all", dimension="pay", track="specialist", versus="management"
    )
    assert cell["verdict"] != "break"
