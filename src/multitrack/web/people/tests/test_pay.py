"""Pay annualised, made full-time and converted: hand-worked cases."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import SCHEMAS
from multitrack.web.people.pay import FX_SCHEMA, annualised, current_pay, missing_rates

D = dt.date
FX = pl.DataFrame(
    [("USD", D(2024, 1, 1), 0.90), ("USD", D(2025, 1, 1), 0.80), ("GBP", D(2024, 6, 1), 1.2)],
    schema=FX_SCHEMA,
    orient="row",
)


def _pay(rows):
    return pl.DataFrame(rows, schema=SCHEMAS["pay"], orient="row")


def test_periods_fte_and_rates():
    pay = _pay(
        [
            ("a", D(2025, 3, 1), 60000.0, 6000.0, "EUR", "year", 0.5, None),
            ("b", D(2025, 3, 1), 5000.0, None, "EUR", "month", None, None),
            ("c", D(2024, 6, 30), 100000.0, 0.0, "USD", "year", 1.0, None),
            ("d", D(2025, 6, 30), 100000.0, 0.0, "USD", "year", 1.0, None),
            ("e", D(2025, 1, 1), 25.0, None, "GBP", "hour", None, 30.0),
            ("f", D(2024, 1, 1), 10.0, None, "GBP", "hour", None, 40.0),  # before any GBP rate
        ]
    )
    out = annualised(pay, FX, "EUR", full_time_hours=40.0)
    got = dict(zip(out["person_id"], out["base_annual_fte"], strict=True))
    assert got["a"] == pytest.approx(120_000)  # half time: the role pays double full time
    assert got["b"] == pytest.approx(60_000)
    assert got["c"] == pytest.approx(90_000)  # the 2024 rate
    assert got["d"] == pytest.approx(80_000)  # the 2025 rate
    assert got["e"] == pytest.approx(25 * 30 * 52 / 0.75 * 1.2)  # 30 h of 40 = 0.75 FTE
    assert got["f"] is None
    assert out.filter(pl.col("person_id") == "a")["variable_annual"].item() == 6000.0
    missing = missing_rates(pay, FX, "EUR")
    assert missing.rows() == [("GBP", D(2024, 1, 1), 1)]


def test_current_pay_takes_the_latest_record():
    pay = _pay(
        [
            ("a", D(2025, 3, 1), 60000.0, 0.0, "EUR", "year", 1.0, None),
            ("a", D(2020, 3, 1), 10.0, 0.0, "EUR", "year", 1.0, None),
            ("a", D(2026, 3, 1), 66000.0, 100.0, "EUR", "year", 0.8, None),
        ]
    )
    row = current_pay(pay, FX, "EUR").row(0, named=True)
    assert row == {
        "person_id": "a",
        "fte": 0.8,
        "pay_annual_fte": 82_500.0,
        "variable_annual": 100.0,
    }
