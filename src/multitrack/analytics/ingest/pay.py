"""Pay as exported (per hour, month or year; part-time; any currency) to ``pay_annual_fte``.

``pay_annual_fte`` is base pay in the organisation's currency, per year, full time: a
monthly salary × 12, an hourly rate × full-time hours × 52, divided by the FTE when the
export gives pay as actually paid (``pay_basis: actual``, the default). Other currencies
convert at the latest rate on or before the pay's effective date from the FX table the
organisation provides (``currency``, ``date``, ``rate`` = units of the organisation's
currency for one unit of ``currency``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from multitrack.analytics.ingest.checks import Rows, formatted, member
from multitrack.analytics.ingest.result import file_problem
from multitrack.analytics.ingest.values import constant, per_distinct

__all__ = ["FX_SCHEMA", "Pay", "read_pay", "check_fx"]

FX_SCHEMA = {"currency": pl.String(), "date": pl.Date(), "rate": pl.Float64()}

PERIODS = ("year", "month", "hour", "week", "fortnight", "semimonth")
PERIOD_SYNONYMS = {
    "annual": "year", "annually": "year", "yearly": "year", "per year": "year", "per annum": "year",
    "pa": "year", "p.a.": "year", "a": "year", "y": "year", "salary": "year", "salaried": "year",
    "monthly": "month", "per month": "month", "m": "month", "mo": "month",
    "hourly": "hour", "per hour": "hour", "h": "hour", "hr": "hour",
    "weekly": "week", "per week": "week", "w": "week",
    "biweekly": "fortnight", "bi weekly": "fortnight", "fortnightly": "fortnight",
    "semimonthly": "semimonth", "semi monthly": "semimonth", "twice monthly": "semimonth",
}  # fmt: skip
_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "fortnight": 26.0, "semimonth": 24.0}
FTE_SYNONYMS = {"full time": "1", "fulltime": "1", "full": "1", "ft": "1", "regular": "1"}


@dataclass
class Pay:
    """Pay columns for the ``pay`` frame and the derived ``people`` columns."""

    base: pl.Series  # as given, per ``period`` (week-based periods converted to a year)
    variable: pl.Series
    currency: pl.Series
    period: pl.Series  # year | month | hour
    fte: pl.Series
    hours: pl.Series
    annual_fte: pl.Series
    variable_annual: pl.Series


def check_fx(fx: pl.DataFrame | None) -> tuple[pl.DataFrame | None, list[pl.DataFrame]]:
    """The FX table cast to its schema, or problems saying what is wrong with it."""
    if fx is None:
        return None, []
    missing = [c for c in FX_SCHEMA if c not in fx.columns]
    if missing:
        return None, [file_problem(f"the FX table lacks columns: {', '.join(missing)}")]
    try:
        table = fx.select([pl.col(c).cast(t) for c, t in FX_SCHEMA.items()])
    except pl.exceptions.PolarsError as exc:
        return None, [file_problem(f"the FX table cannot be read: {exc}")]
    table = table.with_columns(pl.col("currency").str.to_uppercase()).drop_nulls()
    if (table["rate"] <= 0).any():
        return None, [file_problem("the FX table has rates at or below zero")]
    return table.sort("currency", "date"), []


def _fte(rows: Rows, hours: pl.Series) -> pl.Series:
    raw = rows.mapped("fte", FTE_SYNONYMS)
    number = rows.numbers("fte", "FTE", low=None, values=raw)
    sign = per_distinct(raw, lambda v: v.str.contains("%", literal=True), pl.Boolean())
    percent = sign.fill_null(False) | (number > 1.5).fill_null(False)
    fte = pl.select(pl.when(percent).then(number / 100).otherwise(number)).to_series()
    bad = number.is_not_null() & ((fte <= 0) | (fte > 1.5))
    rows.flag(bad, "fte", "FTE must be above 0 and at most 1.5 (or a percentage up to 150%)")
    from_hours = hours / rows.mapping.full_time_hours
    return (
        pl.select(
            pl.when(bad)
            .then(None)
            .when(fte.is_not_null())
            .then(fte)
            .otherwise(from_hours.fill_null(1.0))
        )
        .to_series()
        .alias("fte")
    )


def read_pay(rows: Rows, org_currency: str, effective: pl.Series, fx: pl.DataFrame | None) -> Pay:
    """Read and convert pay; report negative or non-numeric amounts and unknown currencies."""
    base = rows.numbers("base", "pay")
    variable = rows.numbers("variable", "variable pay")
    hours = rows.numbers("hours_per_week", "weekly hours", high=168)
    rows.flag(hours == 0, "hours_per_week", "weekly hours must be above 0")
    hours = pl.select(pl.when(hours > 0).then(hours)).to_series()
    fte = _fte(rows, hours)
    period = rows.choice("period", PERIODS, "pay period", PERIOD_SYNONYMS)
    period = period.fill_null("year")
    given = per_distinct(rows.mapped("currency"), lambda v: v.str.to_uppercase(), pl.String())
    iso = per_distinct(given, lambda v: v.str.contains(r"^[A-Z]{3}$"), pl.Boolean())
    rows.flag(~iso, "currency", "currency must be a three-letter ISO code (EUR, USD…)")
    currency = pl.select(
        pl.when(given.is_null()).then(pl.lit(org_currency)).when(iso).then(given)
    ).to_series()
    rate = _rates(rows, currency, effective, org_currency, fx)
    full_time = rows.mapping.full_time_hours
    per_year = per_distinct(
        period, lambda p: p.replace_strict(_PER_YEAR, default=None), pl.Float64()
    )
    weekly = per_distinct(
        period, lambda p: p.is_in(["week", "fortnight", "semimonth"]), pl.Boolean()
    )
    divide = fte if rows.mapping.pay_basis == "actual" else pl.lit(1.0)
    inputs = pl.DataFrame({"base": base, "per_year": per_year, "rate": rate, "variable": variable})
    b, y = pl.col("base"), pl.col("per_year")
    out = inputs.select(  # one pass for all the arithmetic
        annual=pl.when(period == "hour").then(b * full_time * 52).otherwise(b * y / divide)
        * pl.col("rate"),
        stored=pl.when(weekly).then(b * y).otherwise(b),
        variable_annual=pl.col("variable") * pl.col("rate"),
    )
    if weekly.any():  # week-based periods are stated per year
        period = pl.select(pl.when(weekly).then(pl.lit("year")).otherwise(period)).to_series()
    return Pay(
        base=out["stored"].alias("base"),
        variable=variable,
        currency=currency,
        period=period.alias("period"),
        fte=fte,
        hours=hours,
        annual_fte=out["annual"].alias("pay_annual_fte"),
        variable_annual=out["variable_annual"],
    )


def _rates(
    rows: Rows, currency: pl.Series, effective: pl.Series, org: str, fx: pl.DataFrame | None
) -> pl.Series:
    """Rate to the org currency per row; rows with pay in a currency without a rate reported."""
    paid = rows.raw("base").is_not_null() | rows.raw("variable").is_not_null()
    foreign = (currency != org).fill_null(False) & paid
    if not foreign.any():
        return constant(1.0, len(currency), pl.Float64())
    if fx is None:
        rows.flag(
            foreign,
            "currency",
            f"no exchange rate to {org}: pass an FX table (currency, date, rate) to convert",
            value=currency,
        )
        return constant(1.0, len(currency), pl.Float64())
    day = effective.fill_null(dt.date(2100, 1, 1))
    want = pl.DataFrame({"i": range(len(currency)), "currency": currency, "date": day})
    got = (
        want.sort("date").join_asof(fx, on="date", by="currency", check_sortedness=False).sort("i")
    )
    known = member(currency, fx["currency"])
    rows.flag(
        foreign & ~known,
        "currency",
        f"currency not in the FX table (it has {', '.join(fx['currency'].unique().sort())})",
        value=currency,
    )
    first = fx.group_by("currency").agg(pl.col("date").min().alias("first"))
    starts = want.join(first, on="currency", how="left", maintain_order="left")
    why = formatted(
        "no {} rate on or before {} (the FX table starts {})",
        *(starts[c] for c in ("currency", "date", "first")),
    )
    rows.flag(foreign & known & got["rate"].is_null(), "currency", why, value=currency)
    return pl.select(pl.when(currency == org).then(1.0).otherwise(got["rate"])).to_series()
