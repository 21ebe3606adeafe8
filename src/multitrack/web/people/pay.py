"""Pay made comparable: annualised, full-time equivalent, in the organisation's currency.

Pay is stored as the HRIS gives it (amount, currency, period, FTE or weekly hours). A
part-time salary is the actual salary: dividing by FTE gives what the role pays full time,
which is what equivalence across tracks compares. Hourly pay is annualised over 52 weeks.
Foreign amounts convert with the organisation's own dated rates: the latest rate on or
before the pay's effective date.
"""

from __future__ import annotations

import polars as pl

PERIODS = {"year": 1.0, "month": 12.0}
WEEKS_PER_YEAR = 52.0

FX_SCHEMA = {"currency": pl.String(), "date": pl.Date(), "rate": pl.Float64()}


def effective_fte(pay: pl.DataFrame, full_time_hours: float) -> pl.Expr:
    """FTE as given, else weekly hours over full-time hours, else 1."""
    from_hours = pl.col("hours_per_week") / full_time_hours
    return pl.coalesce(pl.col("fte"), from_hours, pl.lit(1.0)).alias("fte_used")


def with_rates(pay: pl.DataFrame, fx: pl.DataFrame, currency: str) -> pl.DataFrame:
    """``pay`` plus ``rate``: org-currency units per unit of the pay's currency, as of its date.

    The rate is 1 for the organisation's currency and null where no rate on or before the
    effective date was supplied.
    """
    fx = fx.select(pl.col("currency").cast(pl.String), pl.col("date").cast(pl.Date), pl.col("rate"))
    keyed = pay.with_row_index("_row").sort("effective_date")
    joined = keyed.join_asof(
        fx.sort("date"),
        left_on="effective_date",
        right_on="date",
        by="currency",
        strategy="backward",
        check_sortedness=False,
    )
    same = pl.col("currency") == currency
    return (
        joined.with_columns(pl.when(same).then(1.0).otherwise(pl.col("rate")).alias("rate"))
        .sort("_row")
        .drop("_row", "date")
    )


def annualised(
    pay: pl.DataFrame, fx: pl.DataFrame, currency: str, full_time_hours: float = 40.0
) -> pl.DataFrame:
    """``pay`` with ``base_annual_fte`` and ``variable_annual`` in the org's currency.

    Rows whose currency has no rate get nulls (see :func:`missing_rates`).
    """
    fte = effective_fte(pay, full_time_hours)
    hours = pl.coalesce(pl.col("hours_per_week"), pl.col("fte_used") * full_time_hours)
    factor = (
        pl.when(pl.col("period") == "hour")
        .then(hours * WEEKS_PER_YEAR)
        .otherwise(pl.col("period").replace_strict(PERIODS, default=None, return_dtype=pl.Float64))
    )
    out = with_rates(pay, fx, currency).with_columns(fte)
    return out.with_columns(
        (pl.col("base") * factor * pl.col("rate") / pl.col("fte_used")).alias("base_annual_fte"),
        (pl.col("variable").fill_null(0.0) * factor * pl.col("rate")).alias("variable_annual"),
    ).drop("fte_used")


def missing_rates(pay: pl.DataFrame, fx: pl.DataFrame, currency: str) -> pl.DataFrame:
    """Currency and earliest date of pay records that have no exchange rate to convert them."""
    rated = with_rates(pay, fx, currency)
    return (
        rated.filter(pl.col("rate").is_null())
        .group_by("currency")
        .agg(pl.col("effective_date").min().alias("first_date"), pl.len().alias("records"))
        .sort("currency")
    )


def current_pay(
    pay: pl.DataFrame, fx: pl.DataFrame, currency: str, full_time_hours: float = 40.0
) -> pl.DataFrame:
    """Each person's latest pay record made comparable: person_id, fte, pay_annual_fte,
    variable_annual (the people frame's pay columns)."""
    latest = pay.sort("effective_date").group_by("person_id", maintain_order=True).last()
    out = annualised(latest, fx, currency, full_time_hours)
    return out.select(
        "person_id",
        effective_fte(out, full_time_hours).alias("fte"),
        pl.col("base_annual_fte").alias("pay_annual_fte"),
        "variable_annual",
    )
