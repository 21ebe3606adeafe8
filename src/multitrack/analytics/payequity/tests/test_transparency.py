"""Every transparency figure on hand-worked cases."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
import statsmodels.formula.api as smf

from multitrack.analytics.payequity import TransparencyConfig, transparency, transparency_report
from multitrack.analytics.payequity.tests.fixtures import org, person
from multitrack.analytics.payequity.transparency import gap, quartile_shares


def small() -> list[dict]:
    return [
        person("m1", "m", 100.0, variable_annual=10.0),
        person("m2", "m", 200.0),
        person("m3", "m", 300.0, variable_annual=30.0),
        person("w1", "f", 100.0),
        person("w2", "f", 150.0, variable_annual=5.0),
        person("w3", "f", 170.0),
        person("x1", "x", 250.0),
        person("gone", "m", 9000.0, exit_date=dt.date(2026, 1, 31), exit_reason="voluntary"),
        person("nopay", "f", None),
    ]


def test_mean_median_and_variable_gaps_by_hand():
    fig = transparency(org(small()), TransparencyConfig(min_side=1))
    s = {r["measure"]: r for r in fig.summary.iter_rows(named=True)}
    assert s["pay gap (mean)"]["gap"] == pytest.approx((200 - 140) / 200)  # 0.30
    assert s["pay gap (median)"]["gap"] == pytest.approx((200 - 150) / 200)  # 0.25
    assert s["pay gap (mean)"]["men"] == pytest.approx(200)
    assert s["pay gap (mean)"]["women"] == pytest.approx(140)
    assert s["variable pay gap (mean, recipients)"]["gap"] == pytest.approx((20 - 5) / 20)
    assert s["variable pay gap (median, recipients)"]["gap"] == pytest.approx(0.75)
    shares = fig.variable_share.row(0, named=True)
    assert shares["men"] == pytest.approx(2 / 3) and shares["women"] == pytest.approx(1 / 3)
    assert fig.headcount == {"m": 3, "f": 3, "x": 1}  # the leaver and the unpaid are out
    assert fig.basis == "annual full-time equivalent"
    assert any("1 people who had left" in n for n in fig.notes)
    assert any("without base pay" in n for n in fig.notes)


def test_quartiles_share_ties_across_boundaries_by_hand():
    fig = transparency(org(small()), TransparencyConfig(min_side=1))
    q = fig.quartiles
    # pay order: 100 m, 100 f | 150 f, 170 f, 200 m, 250 x, 300 m; bounds at 1.75, 3.5, 5.25
    assert q["people"].to_list() == pytest.approx([1.75] * 4)
    assert q["men"].to_list() == pytest.approx([0.5, 0.125 / 1.75, 1 / 1.75, 1 / 1.75])
    assert q["women"].to_list() == pytest.approx([0.5, 1.625 / 1.75, 0.5 / 1.75, 0.0])
    assert q["x"].to_list() == pytest.approx([0, 0, 0.25 / 1.75, 0.75 / 1.75])
    total = q.select(pl.sum_horizontal("men", "women", "x")).to_series()
    assert total.to_list() == pytest.approx([1.0] * 4)


def test_quartiles_without_ties_are_plain_quarters():
    pay = np.arange(8.0)
    labels = np.array(["f", "f", "m", "f", "m", "m", "f", "m"])
    q = quartile_shares(pay, labels)
    assert q["f"].to_list() == [1.0, 0.5, 0.0, 0.5]
    assert q["people"].to_list() == [2.0] * 4


def test_gap_definition_is_the_directives():
    assert gap(np.array([10.0, 30.0]), np.array([15.0])) == pytest.approx(0.25)
    assert gap(np.array([10.0, 20.0, 90.0]), np.array([15.0]), "median") == pytest.approx(0.25)
    assert math.isnan(gap(np.array([]), np.array([1.0])))


def test_hourly_pay_where_every_weekly_hours_is_known():
    rows = [
        person("m1", "m", 104_000.0),
        person("m2", "m", 104_000.0),
        person("w1", "f", 104_000.0, fte=0.5),
        person("w2", "f", 83_200.0),
    ]
    hours = {"m1": 40.0, "m2": 50.0, "w1": 20.0, "w2": 40.0}
    pay = pl.DataFrame(
        {
            "person_id": list(hours),
            "effective_date": [dt.date(2026, 1, 1)] * 4,
            "base": [1.0] * 4,
            "variable": [0.0] * 4,
            "currency": ["EUR"] * 4,
            "period": ["year"] * 4,
            "fte": [1.0] * 4,
            "hours_per_week": list(hours.values()),
        }
    )
    hourly = transparency(org(rows, pay), TransparencyConfig(min_side=1))
    assert hourly.basis == "hourly"
    # men 50/h and 40/h, women 50/h and 40/h: no gap by the hour
    assert hourly.summary["gap"][0] == pytest.approx(0.0)
    assert hourly.summary["men"][0] == pytest.approx(45.0)
    annual = transparency(org(rows), TransparencyConfig(min_side=1))
    assert annual.basis == "annual full-time equivalent"
    assert annual.summary["gap"][0] == pytest.approx((104_000 - 93_600) / 104_000)


def category_org() -> list[dict]:
    rows = []
    noise = [0.01, -0.01, 0.0, 0.02, -0.02, 0.0]
    for i, e in enumerate(noise):  # B3: women paid 10% less, nothing else differs
        rows.append(person(f"m3{i}", "m", 80_000 * (1 + e), band="B3", rating=float(2 + i % 3)))
        rows.append(person(f"f3{i}", "f", 72_000 * (1 + e), band="B3", rating=float(2 + i % 3)))
    for i, e in enumerate(noise):  # B4: the raw gap is tenure
        for g, years in (("m", 6 + i % 3), ("f", 2 + i % 3)):
            hired = dt.date(2026 - years, 6, 30)
            pay = 100_000 * math.exp(0.02 * years) * (1 + e)
            rows.append(person(f"{g}4{i}", g, pay, band="B4", hire_date=hired))
    for i in range(6):  # B5: three women only: suppressed
        rows.append(person(f"m5{i}", "m", 120_000.0 + i, band="B5"))
    rows += [person(f"f5{i}", "f", 100_000.0, band="B5") for i in range(3)]
    return rows


def test_category_gaps_flag_only_what_objective_factors_leave():
    fig = transparency(org(category_org()))
    cats = {r["category"]: r for r in fig.categories.iter_rows(named=True)}
    b3, b4, b5 = cats["B3"], cats["B4"], cats["B5"]
    assert b3["mean_gap"] == pytest.approx(0.10) and b3["median_gap"] == pytest.approx(0.10)
    assert b3["adjusted_gap"] == pytest.approx(0.10) and b3["joint_assessment"]
    assert b4["mean_gap"] >= 0.05 and abs(b4["adjusted_gap"]) < 0.05
    assert not b4["joint_assessment"]
    assert b5["mean_gap"] is None and "suppressed" in b5["note"] and not b5["joint_assessment"]
    # the adjusted gap is the women coefficient of log pay on the varying controls
    df = pl.DataFrame([r for r in category_org() if r["band"] == "B4"])
    df = df.with_columns(
        women=(pl.col("demo_gender") == "f").cast(pl.Float64),
        tenure=(pl.lit(dt.date(2026, 6, 30)) - pl.col("hire_date")).dt.total_days() / 365.25,
    ).to_pandas()
    ref = smf.ols("np.log(pay_annual_fte) ~ women + tenure", df).fit(cov_type="HC1")
    assert b4["adjusted_gap"] == pytest.approx(-math.expm1(ref.params["women"]), rel=1e-8)
    assert b4["t"] == pytest.approx(-ref.tvalues["women"], rel=1e-8)


def test_report_tables_charts_and_labels():
    report = transparency_report(org(category_org()))
    assert [t.key for t in report.tables] == [
        "summary",
        "variable_share",
        "quartiles",
        "categories",
    ]
    assert report.meta["joint_assessment"] == ["B3"]
    assert {c["name"] for c in report.charts} == {
        "transparency-quartiles",
        "transparency-categories",
    }
    assert "2023/970" in " ".join(report.notes)
    with pytest.raises(ValueError, match="cannot tell men from women"):
        transparency(org([person("a", "p", 1.0), person("b", "q", 2.0)]))
