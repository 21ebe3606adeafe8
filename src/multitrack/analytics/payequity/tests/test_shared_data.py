"""Real data: faculty salaries by sex within rank, IBM monthly income by gender within level."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
import statsmodels.formula.api as smf

from multitrack.analytics.frames import Frames, validate
from multitrack.analytics.payequity import (
    EquityConfig,
    TransparencyConfig,
    analyze,
    population,
    transparency,
)
from multitrack.analytics.payequity.gaps import adjusted_gaps
from multitrack.core import loads

pytestmark = pytest.mark.shared_data
AS_OF = dt.date(2009, 6, 30)


def _framework(bands: list[str], families: list[str]) -> str:
    levels = "\n".join(f"  staff/{b}: {{title: {b}}}" for b in bands)
    return f"""
multitrack: 1
name: Adapter
bands: [{", ".join(bands)}]
families: [{", ".join(families)}]
zones: [main]
tracks:
  staff: {{name: Staff, kind: specialist, from: {bands[0]}, ceiling: {bands[-1]}}}
levels:
{levels}
"""


def _people(df: pl.DataFrame) -> pl.DataFrame:
    """Adapter output (id, band, family, years, rating, pay, gender) as a people frame."""
    n = df.height
    hire = [AS_OF - dt.timedelta(days=round(y * 365.25)) for y in df["years"].to_list()]
    return validate(
        "people",
        pl.DataFrame(
            {
                "person_id": df["id"].cast(pl.String),
                "name": df["id"].cast(pl.String),
                "email": [None] * n,
                "family": df["family"],
                "zone": ["main"] * n,
                "track": ["staff"] * n,
                "band": df["band"].cast(pl.String),
                "level": "staff/" + df["band"].cast(pl.String),
                "manager_id": [None] * n,
                "hire_date": hire,
                "level_since": [None] * n,
                "exit_date": [None] * n,
                "exit_reason": [None] * n,
                "regretted": [None] * n,
                "aspiration": [None] * n,
                "rating": df["rating"].cast(pl.Float64),
                "fte": [1.0] * n,
                "pay_annual_fte": df["pay"].cast(pl.Float64),
                "variable_annual": [0.0] * n,
                "demo_gender": df["gender"],
            }
        ),
    )


@pytest.fixture(scope="module")
def faculty(shared_data) -> Frames:
    raw = pl.read_csv(shared_data / "professor-salaries" / "Salaries.csv")
    df = raw.select(
        id=pl.col("rownames"),
        band=pl.col("rank"),
        family=pl.col("discipline"),
        years=pl.col("yrs.service"),
        rating=pl.lit(None, dtype=pl.Float64),
        pay=pl.col("salary"),
        gender=pl.col("sex"),
    )
    fw = loads(_framework(["AsstProf", "AssocProf", "Prof"], ["A", "B"]))
    return Frames(framework=fw, people=_people(df), as_of=str(AS_OF))


@pytest.fixture(scope="module")
def ibm(shared_data) -> Frames:
    raw = pl.read_csv(shared_data / "ibm-hr-attrition" / "modeldata_attrition.csv")
    df = raw.select(
        id=pl.col("rownames"),
        band=pl.format("L{}", pl.col("JobLevel")),
        family=pl.col("Department"),
        years=pl.col("YearsAtCompany"),
        rating=pl.col("PerformanceRating").replace_strict({"Excellent": 3, "Outstanding": 4}),
        pay=pl.col("MonthlyIncome") * 12,
        gender=pl.col("Gender"),
    )
    families = sorted(df["family"].unique().to_list())
    fw = loads(_framework([f"L{i}" for i in range(1, 6)], families))
    return Frames(framework=fw, people=_people(df), as_of=str(AS_OF))


FACULTY = EquityConfig(
    group_by=("band",),
    fields=("demo_gender",),
    numeric_controls=("tenure",),
    categorical_controls=("family",),
    bootstrap=0,
)


def test_faculty_pay_by_sex_within_rank_matches_statsmodels(faculty):
    pop = population(faculty, FACULTY)
    assert pop.frame.height == 397 and pop.exclusions.height == 0
    table, _ = adjusted_gaps(pop)
    for rank in ("AsstProf", "AssocProf", "Prof"):
        row = table.filter(pl.col("group") == rank).row(0, named=True)
        df = pop.frame.filter(pl.col("group") == rank).to_pandas()
        ref = smf.ols(
            "np.log(pay_annual_fte) ~ C(demo_gender, Treatment('Male')) + tenure + C(family)", df
        ).fit(cov_type="HC1", use_t=True)
        name = "C(demo_gender, Treatment('Male'))[T.Female]"
        assert row["estimate"] == pytest.approx(ref.params[name], rel=1e-8)
        assert row["se"] == pytest.approx(ref.bse[name], rel=1e-8)
        assert row["p"] == pytest.approx(ref.pvalues[name], rel=1e-6)
    # the published reading of this data: no significant sex gap once rank is held
    assert not table.filter(pl.col("group") != "all groups (group fixed effects)")["flagged"].any()


def test_faculty_transparency_figures(faculty):
    fig = transparency(faculty, TransparencyConfig(controls_numeric=("tenure",)))
    raw = faculty.people
    men = raw.filter(pl.col("demo_gender") == "Male")["pay_annual_fte"]
    women = raw.filter(pl.col("demo_gender") == "Female")["pay_annual_fte"]
    assert fig.summary["gap"][0] == pytest.approx((men.mean() - women.mean()) / men.mean())
    assert fig.summary["gap"][1] == pytest.approx((men.median() - women.median()) / men.median())
    assert fig.headcount == {"Male": 358, "Female": 39}
    cats = fig.categories.sort("category")
    assert cats["category"].to_list() == ["AssocProf", "AsstProf", "Prof"]


def test_ibm_income_by_gender_within_job_level(ibm):
    config = EquityConfig(
        group_by=("band",),
        fields=("demo_gender",),
        numeric_controls=("tenure", "rating"),
        categorical_controls=("family",),
        bootstrap=50,
    )
    result = analyze(ibm, config)
    pop = result.population
    for level in ("L1", "L2", "L3", "L4", "L5"):
        row = result.gaps.filter(pl.col("group") == level).row(0, named=True)
        df = pop.frame.filter(pl.col("group") == level).to_pandas()
        ref = smf.ols(
            "logpay ~ C(demo_gender, Treatment('Male')) + tenure + rating + C(family)", df
        ).fit(cov_type="HC1", use_t=True)
        name = "C(demo_gender, Treatment('Male'))[T.Female]"
        assert row["t"] == pytest.approx(ref.tvalues[name], rel=1e-7)
        assert row["adjusted_gap"] == pytest.approx(math.expm1(ref.params[name]), rel=1e-8)
    oax = result.oaxaca.filter(pl.col("group") == "L1").row(0, named=True)
    assert oax["gap"] == pytest.approx(oax["explained"] + oax["unexplained"], abs=1e-12)
    assert oax["gap"] == pytest.approx(
        oax["endowments"] + oax["coefficients"] + oax["interaction"], abs=1e-12
    )
    l1 = pop.frame.filter(pl.col("group") == "L1")
    means = l1.group_by("demo_gender").agg(pl.col("logpay").mean())
    m = dict(means.iter_rows())
    assert abs(oax["gap"]) == pytest.approx(abs(m["Male"] - m["Female"]), rel=1e-10)
    assert np.isfinite(oax["se_unexplained"])
