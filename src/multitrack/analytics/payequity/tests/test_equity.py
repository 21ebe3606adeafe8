"""Adjusted gaps, decompositions, outliers and exclusions against statsmodels."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.oaxaca import OaxacaBlinder

from multitrack.analytics.payequity import EquityConfig, analyze, population
from multitrack.analytics.payequity.gaps import ALL_GROUPS, adjusted_gaps
from multitrack.analytics.payequity.oaxaca import EFFECTS, decompose
from multitrack.analytics.payequity.outliers import outliers
from multitrack.analytics.payequity.tests.fixtures import frames, people
from multitrack.analytics.regression import Design


@pytest.fixture(scope="module")
def planted():
    """Women paid 6% less in band B4 only; managers 3% more everywhere."""
    return frames(gender_gap={"B4": 0.06}, track_gap=0.03, n=1500, seed=3)


def _group_frame(pop, group: str) -> pl.DataFrame:
    return pop.frame.filter(pl.col("group") == group)


def test_adjusted_gap_equals_statsmodels_within_the_group(planted):
    pop = population(planted, EquityConfig(cov="HC3"))
    table, _ = adjusted_gaps(pop)
    row = table.filter((pl.col("field") == "demo_gender") & (pl.col("group") == "B4 / engineering"))
    row = row.row(0, named=True)
    df = _group_frame(pop, "B4 / engineering").to_pandas()
    ref = smf.ols("logpay ~ C(demo_gender, Treatment('m')) + tenure + rating + C(zone)", df).fit(
        cov_type="HC3", use_t=True
    )
    name = "C(demo_gender, Treatment('m'))[T.f]"
    assert row["estimate"] == pytest.approx(ref.params[name], rel=1e-8)
    assert row["se"] == pytest.approx(ref.bse[name], rel=1e-8)
    assert row["t"] == pytest.approx(ref.tvalues[name], rel=1e-8)
    assert row["p"] == pytest.approx(ref.pvalues[name], rel=1e-6)
    low, high = ref.conf_int().loc[name]
    assert row["low"] == pytest.approx(math.expm1(low), rel=1e-8)
    assert row["high"] == pytest.approx(math.expm1(high), rel=1e-8)
    assert row["adjusted_gap"] == pytest.approx(math.expm1(ref.params[name]), rel=1e-8)
    assert row["reference"] == "m" and row["level"] == "f"
    men, women = df[df.demo_gender == "m"], df[df.demo_gender == "f"]
    assert row["raw_gap"] == pytest.approx(women.pay.mean() / men.pay.mean() - 1)
    assert (row["n_level"], row["n_reference"]) == (len(women), len(men))


def test_track_gap_controls_and_pooled_row_match_statsmodels(planted):
    pop = population(planted)
    table, _ = adjusted_gaps(pop)
    rows = table.filter(pl.col("field") == "track")
    b5 = rows.filter(pl.col("group") == "B5 / engineering").row(0, named=True)
    df = _group_frame(pop, "B5 / engineering").to_pandas()
    ref = smf.ols("logpay ~ C(track, Treatment('specialist')) + tenure + rating + C(zone)", df)
    ref = ref.fit(cov_type="HC1", use_t=True)
    name = "C(track, Treatment('specialist'))[T.management]"
    assert b5["t"] == pytest.approx(ref.tvalues[name], rel=1e-8)
    pooled = rows.filter(pl.col("group") == ALL_GROUPS).row(0, named=True)
    full = pop.frame.to_pandas()
    ref = smf.ols(
        "logpay ~ C(track, Treatment('specialist')) + C(group) + tenure + rating + C(zone)", full
    ).fit(cov_type="HC1", use_t=True)
    assert pooled["estimate"] == pytest.approx(ref.params[name], rel=1e-8)
    assert pooled["se"] == pytest.approx(ref.bse[name], rel=1e-8)


def test_the_planted_gaps_are_found_and_nothing_else(planted):
    table, _ = adjusted_gaps(population(planted))
    gender = table.filter((pl.col("field") == "demo_gender") & (pl.col("group") != ALL_GROUPS))
    b4 = gender.filter(pl.col("group").str.starts_with("B4"))
    assert b4["flagged"].all() and (b4["disadvantaged"] == "f").all()
    for r in b4.iter_rows(named=True):  # the planted -6% lies inside each interval
        assert r["low"] <= math.expm1(-0.06) <= r["high"]
    others = gender.filter(~pl.col("group").str.starts_with("B4"))
    assert not others["flagged"].any()
    pooled = table.filter((pl.col("field") == "track") & (pl.col("group") == ALL_GROUPS))
    assert pooled["low"][0] <= math.expm1(0.03) <= pooled["high"][0]


def test_two_sided_men_paid_less_is_flagged_too():
    df = people(1000, seed=5)
    logpay = (
        np.log(df["pay_annual_fte"].to_numpy())
        - 0.07 * ((df["band"] == "B3") & (df["demo_gender"] == "m")).to_numpy()
    )
    f = frames(df.with_columns(pay_annual_fte=pl.Series(np.exp(logpay))))
    table, _ = adjusted_gaps(population(f))
    b3 = table.filter((pl.col("field") == "demo_gender") & pl.col("group").str.starts_with("B3"))
    assert b3["flagged"].all()
    assert (b3["adjusted_gap"] > 0).all() and (b3["disadvantaged"] == "m").all()


def test_small_groups_are_suppressed_and_exclusions_stated():
    df = people(400, seed=6)
    df = df.with_columns(
        exit_date=pl.when(pl.int_range(pl.len()) < 7)
        .then(pl.lit(dt.date(2026, 3, 1)))
        .otherwise(None),
        pay_annual_fte=pl.when(pl.int_range(pl.len()).is_between(7, 9))
        .then(None)
        .otherwise(pl.col("pay_annual_fte")),
        rating=pl.when(pl.int_range(pl.len()) == 10).then(None).otherwise(pl.col("rating")),
    )
    pop = population(frames(df))
    reasons = dict(pop.exclusions.group_by("reason").len().iter_rows())
    assert reasons == {"exited": 7, "missing pay": 3, "missing rating": 1}
    assert pop.frame.height == 400 - 11
    table, _ = adjusted_gaps(pop, "logpay")
    small = table.filter(pl.col("note").str.starts_with("suppressed"))
    assert small.height and small["t"].is_null().all() and small["n_level"].is_null().all()
    assert not small["flagged"].any()


def test_decomposition_equals_statsmodels_oaxaca_blinder():
    df = people(900, seed=8, gender_gap={"B4": 0.05}).with_columns(
        logpay=pl.col("pay_annual_fte").log()
    )
    design = Design.from_frame(df, numeric=["rating"], categorical=["band", "zone"])
    side = (df["demo_gender"] == "m").to_numpy()
    y = df["logpay"].to_numpy()
    ours = decompose(y, design, side, replicates=1000, seed=11)
    x = np.column_stack([design.dense(), side.astype(float)])
    ob = OaxacaBlinder(y, x, bifurcate=x.shape[1] - 1, hasconst=True, rng=12)
    two, three = ob.two_fold(std=True, n=1000), ob.three_fold(std=True, n=1000)
    unexplained, explained, gap = two.params
    endow, coef, inter, _ = three.params
    expect = dict(zip(EFFECTS, [gap, explained, unexplained, endow, coef, inter], strict=True))
    for k, v in expect.items():
        assert ours.effects[k] == pytest.approx(v, rel=1e-8, abs=1e-12)
    ref_se = {"unexplained": two.std[0], "explained": two.std[1]}
    ref_se |= {
        "endowments": three.std[0],
        "coefficients": three.std[1],
        "interaction": three.std[2],
    }
    for k, v in ref_se.items():  # two independent 1,000-draw bootstraps: ~3% MC error each
        assert ours.se[k] == pytest.approx(v, rel=0.15), k
    assert ours.higher == int(np.mean(y[side]) > np.mean(y[~side]))


def test_outliers_match_statsmodels_and_never_use_demographics(planted):
    pop = population(planted)
    found = outliers(pop)
    group = found["group"][0]
    df = _group_frame(pop, group).to_pandas()
    ref = smf.ols("logpay ~ tenure + rating + C(zone) + C(track)", df).fit()
    test = ref.outlier_test()
    mine = found.filter(pl.col("group") == group)
    expected = df.person_id[test.student_resid <= -2].tolist()
    assert sorted(mine["person_id"].to_list()) == sorted(expected)
    by_id = dict(zip(df.person_id, test.student_resid, strict=True))
    for pid, z in mine.select("person_id", "studentized").iter_rows():
        assert z == pytest.approx(by_id[pid], rel=1e-8)
    blind = outliers(population(planted.without_demographics(), EquityConfig(fields=("track",))))
    assert blind.equals(found)
    assert "demo_" not in " ".join(found["reasons"].to_list())


def test_report_shape(planted):
    result = analyze(planted, EquityConfig(bootstrap=20))
    report = result.report()
    assert [t.key for t in report.tables] == [
        "gaps",
        "oaxaca",
        "outliers",
        "remediation",
        "remediation_groups",
    ]
    assert (
        report.meta["flagged_in_groups"]
        == result.gaps.filter(pl.col("flagged") & (pl.col("group") != ALL_GROUPS)).height
    )
    assert {c["name"] for c in report.charts} == {"pay-equity-gaps", "pay-equity-oaxaca"}
    assert report.to_dict()["tables"]["gaps"]["formats"]["adjusted_gap"] == "pct"
    shown = result.oaxaca.filter(pl.col("group") != ALL_GROUPS)
    assert (
        shown.height
        == result.gaps.filter(
            pl.col("n_level").is_not_null() & (pl.col("group") != ALL_GROUPS)
        ).height
    )
    assert (shown["gap"] - shown["explained"] - shown["unexplained"]).abs().max() < 1e-12


def test_bad_configuration_names_the_problem(planted):
    with pytest.raises(ValueError, match="no column 'demo_age'"):
        analyze(planted, EquityConfig(fields=("demo_age",)))
    with pytest.raises(ValueError, match="reference 'x' for demo_gender"):
        analyze(planted, EquityConfig(reference={"demo_gender": "x"}))
    with pytest.raises(ValueError, match="no column"):
        population(planted, EquityConfig(group_by=("grade",)))


def test_a_control_nobody_has_is_left_out_not_everyone(planted):
    """A framework without zones leaves zone empty: that must not exclude every person."""
    no_zones = planted.replace(people=planted.people.with_columns(pl.lit(None).alias("zone")))
    pop = population(no_zones)
    assert pop.unused_controls == ("zone",)
    assert pop.frame.height == population(planted).frame.height
    assert "zone" not in pop.config.categorical_controls
    notes = " ".join(analyze(no_zones, EquityConfig(bootstrap=0)).report().notes)
    assert "not controlled for: zone" in notes


def test_too_few_people_is_a_clear_error(planted):
    gone = planted.replace(
        people=planted.people.with_columns(pl.col("hire_date").alias("exit_date"))
    )
    with pytest.raises(ValueError, match="only 0 people can be analysed.*left out: exited"):
        analyze(gone)
