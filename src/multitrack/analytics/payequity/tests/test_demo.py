"""The demo organisation's planted gender pay gap is found again, within its interval."""

from __future__ import annotations

import math

import polars as pl
import pytest

from multitrack.analytics.payequity import EquityConfig, analyze
from multitrack.analytics.payequity.gaps import ALL_GROUPS, adjusted_gaps
from multitrack.analytics.payequity.groups import population
from multitrack.demo import Knobs, generate


@pytest.mark.parametrize("knob", [-0.02, -0.06])
def test_pooled_gender_gap_recovers_the_knob(knob):
    org = generate(2500, seed=3, knobs=Knobs(gender_pay_gap=knob))
    pop = population(org, EquityConfig(fields=("demo_gender",), bootstrap=0))
    assert pop.exclusions.filter(pl.col("reason") == "exited").height > 0  # leavers are out
    table, _ = adjusted_gaps(pop)
    row = table.filter(pl.col("group") == ALL_GROUPS).row(0, named=True)
    assert (row["level"], row["reference"]) == ("f", "m")
    assert row["low"] <= math.expm1(knob) <= row["high"]
    assert row["flagged"] and row["disadvantaged"] == "f"


def test_demo_remediation_meets_its_target_when_re_analysed():
    org = generate(1500, seed=5, knobs=Knobs(gender_pay_gap=-0.05))
    config = EquityConfig(fields=("demo_gender",), bootstrap=0)
    result = analyze(org, config)
    assert result.plan.raises.height and result.plan.groups["met"].all()
    raises = result.plan.raises.select("person_id", "raise")
    people = org.people.join(raises, on="person_id", how="left").with_columns(
        pay_annual_fte=pl.col("pay_annual_fte") + pl.col("raise").fill_null(0.0)
    )
    after = analyze(org.replace(people=people.drop("raise")), config)
    in_groups = after.gaps.filter(pl.col("group") != ALL_GROUPS)
    assert not in_groups["flagged"].any()
