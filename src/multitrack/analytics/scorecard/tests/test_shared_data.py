"""The scorecard on a real data set: IBM HR attrition (fictional, MIT), managers vs specialists.

Manager roles (Manager, Research and Manufacturing Directors) form the management track, the
other roles the specialist track, at the same JobLevel (bands L1-L5). Every figure is checked
against statsmodels or lifelines on the very rows the scorecard used.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test as lifelines_logrank

from multitrack.analytics.frames import Frames
from multitrack.analytics.scorecard import ScorecardConfig, scorecard
from multitrack.analytics.scorecard.attrition import cox_design, employment
from multitrack.analytics.scorecard.context import YEAR, build_context
from multitrack.analytics.scorecard.pay import pay_positions
from multitrack.analytics.scorecard.tests.tiny import rows
from multitrack.core import Framework

pytestmark = pytest.mark.shared_data
AS_OF = dt.date(2020, 12, 31)
MANAGERS = ("Manager", "Research_Director", "Manufacturing_Director")
CFG = ScorecardConfig(window_years=None, centrality=False)


@pytest.fixture(scope="module")
def ibm(shared_data) -> Frames:
    raw = pl.read_csv(shared_data / "ibm-hr-attrition" / "modeldata_attrition.csv")
    raw = raw.with_columns(
        pl.when(pl.col("JobRole").is_in(MANAGERS))
        .then(pl.lit("management"))
        .otherwise(pl.lit("specialist"))
        .alias("track"),
        ("L" + pl.col("JobLevel").cast(pl.String)).alias("band"),
        (pl.col("MonthlyIncome") * 12.0).alias("pay"),
    )
    ranges = raw.group_by("band").agg(
        pl.col("pay").min().alias("min"),
        pl.col("pay").median().alias("mid"),
        pl.col("pay").max().alias("max"),
    )
    fw = Framework.model_validate(
        {
            "name": "IBM HR attrition (fictional)",
            "bands": [f"L{k}" for k in range(1, 6)],
            "families": sorted(raw["Department"].unique().to_list()),
            "zones": ["all"],
            "tracks": {
                "specialist": {"kind": "specialist", "from": "L1", "ceiling": "L5"},
                "management": {"kind": "management", "from": "L2", "ceiling": "L5"},
            },
            "pay": {"currency": "USD", "ranges": ranges.to_dicts()},
        }
    )
    as_of = pl.lit(AS_OF)
    days = lambda c: pl.duration(days=(pl.col(c) * YEAR).round().cast(pl.Int64))  # noqa: E731
    people = raw.select(
        pl.col("rownames").cast(pl.String).alias("person_id"),
        pl.col("Department").alias("family"),
        pl.lit("all").alias("zone"),
        "track",
        "band",
        (pl.col("track") + "/" + pl.col("band")).alias("level"),
        (as_of - days("YearsAtCompany")).alias("hire_date"),
        (as_of - days("YearsInCurrentRole")).alias("level_since"),
        pl.when(pl.col("Attrition") == "Yes").then(as_of).otherwise(None).alias("exit_date"),
        pl.when(pl.col("Attrition") == "Yes").then(pl.lit("voluntary")).alias("exit_reason"),
        pl.col("PerformanceRating")
        .replace_strict({"Excellent": 3.0, "Outstanding": 4.0})
        .alias("rating"),
        pl.col("pay").alias("pay_annual_fte"),
        pl.lit(1.0).alias("fte"),
    )
    return Frames(framework=fw, people=rows("people", people.to_dicts()), as_of=AS_OF.isoformat())


def test_pay_gap_at_equal_level_matches_statsmodels(ibm):
    report = scorecard(ibm, CFG)
    pos = pay_positions(build_context(ibm, CFG)).to_pandas()
    fit = smf.ols(
        'np.log(pay_annual_fte) ~ C(track, Treatment("management")) + C(band) + C(family)'
        " + tenure_years + rating",
        data=pos,
    ).fit(cov_type="HC1", use_t=True)
    term = 'C(track, Treatment("management"))[T.specialist]'
    row = report.table("pay_gap").frame.filter(pl.col("scope") == "all").row(0, named=True)
    assert row["n_track"] + row["n_versus"] == len(pos)
    np.testing.assert_allclose(
        (row["gap"], row["t"], row["p"]),
        (np.expm1(fit.params[term]), fit.tvalues[term], fit.pvalues[term]),
        rtol=1e-8,
    )


def test_attrition_by_track_matches_lifelines(ibm):
    report = scorecard(ibm, CFG)
    spells = employment(build_context(ibm, CFG)).filter(pl.col("duration") > 0)
    chart = report.chart("attrition_km")["data"]["values"]
    for track in ("specialist", "management"):
        sub = spells.filter(pl.col("track") == track)
        kmf = KaplanMeierFitter().fit(sub["duration"], sub["event"])
        points = [p for p in chart if p["track"] == track]
        ref = kmf.survival_function_at_times([p["years"] * YEAR for p in points]).to_numpy()
        np.testing.assert_allclose([p["estimate"] for p in points], ref, rtol=1e-12)
    ref = lifelines_logrank(spells["duration"], spells["track"], spells["event"])
    row = report.table("attrition_logrank").frame.row(0, named=True)
    assert row["statistic"] == pytest.approx(ref.test_statistic, rel=1e-10)
    ctx = build_context(ibm, CFG)
    data, columns, _ = cox_design(ctx, employment(ctx))
    frame = data.select(*columns, "duration", "event").to_pandas().astype(float)
    cph = CoxPHFitter().fit(frame, "duration", "event", fit_options={"precision": 1e-12})
    got = report.table("attrition_cox").frame
    np.testing.assert_allclose(got["hr"], np.exp(cph.params_.values), rtol=1e-6)
    np.testing.assert_allclose(got["hr_low"], cph.summary["exp(coef) lower 95%"], rtol=1e-6)


def test_exit_rates_per_level_are_counts_over_time(ibm):
    report = scorecard(ibm, CFG)
    table = report.table("attrition").frame.filter(pl.col("status") == "")
    raw = pd.DataFrame(ibm.people.to_dicts())
    for r in table.iter_rows(named=True):
        sub = raw[(raw["track"] == r["track"]) & (raw["band"] == r["band"])]
        # one spell per person in its current level, from level_since to the snapshot
        years = (pd.Timestamp(AS_OF) - pd.to_datetime(sub["level_since"])).dt.days.sum() / YEAR
        assert r["exits"] == sub["exit_date"].notna().sum()
        assert r["person_years"] == pytest.approx(years)
